//! Tests of the command-line parsing (`cli`).

#![allow(clippy::unwrap_used)]

use super::*;

fn serve(args: &[&str]) -> ServeArgs {
    let argv = ["huiyin", "serve"].iter().chain(args);
    match Cli::try_parse_from(argv).unwrap().command {
        Command::Serve(a) => a,
        other => panic!("not serve: {other:?}"),
    }
}

#[test]
fn plain_http_is_a_flag_that_may_say_false() {
    assert_eq!(serve(&[]).plain_http, None);
    assert_eq!(serve(&["--plain-http"]).plain_http, Some(true));
    assert_eq!(
        serve(&["--demo", "--plain-http=false"]).plain_http,
        Some(false)
    );
    assert_eq!(serve(&["--plain-http=true"]).plain_http, Some(true));
    assert!(Cli::try_parse_from(["huiyin", "serve", "--plain-http=maybe"]).is_err());
}
