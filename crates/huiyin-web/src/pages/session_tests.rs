//! Tests of the pages' session cookies and CSRF protection (`session`).

#![allow(clippy::unwrap_used)]

use super::*;

#[test]
fn csrf_depends_on_the_session() {
    assert_ne!(csrf_token("a"), csrf_token("b"));
    assert_eq!(csrf_token("a").len(), 64);
}

#[test]
fn foreign_origins_are_refused() {
    let mut h = HeaderMap::new();
    h.insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
    assert!(same_origin(&h));
    h.insert(header::ORIGIN, "http://127.0.0.1:8080".parse().unwrap());
    assert!(same_origin(&h));
    h.insert(header::ORIGIN, "http://evil.example".parse().unwrap());
    assert!(!same_origin(&h));
    h.remove(header::ORIGIN);
    h.insert(header::ORIGIN, "null".parse().unwrap());
    assert!(!same_origin(&h), "null origin without fetch metadata");
    h.insert("sec-fetch-site", "same-origin".parse().unwrap());
    assert!(
        same_origin(&h),
        "null origin of a same-origin post (no-referrer policy)"
    );
    h.insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert!(!same_origin(&h));
}
