//! The edges of HTTP a client meets before any handler: the `Authorization` header's forms
//! (sign-out included).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, spawn_app};

async fn me_with(t: &TestApp, authorization: &str) -> u16 {
    t.client
        .get(t.url("/api/v1/me"))
        .header("authorization", authorization)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn sign_out_reads_the_header_like_every_other_request() {
    let t = spawn_app().await;
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let token = t.token("county").await;
        assert_eq!(me_with(&t, &format!("{scheme} {token}")).await, 200);
        let res = t
            .client
            .post(t.url("/api/v1/auth/logout"))
            .header("authorization", format!("{scheme}  {token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{scheme}");
        // The token sent with this scheme is the one that stopped working.
        assert_eq!(
            me_with(&t, &format!("Bearer {token}")).await,
            401,
            "{scheme}"
        );
        assert_eq!(
            me_with(&t, &format!("bearer {token}")).await,
            401,
            "{scheme}"
        );
    }
    // Another user's session is untouched by these sign-outs.
    let other = t.token("school").await;
    assert_eq!(me_with(&t, &format!("Bearer {other}")).await, 200);
}
