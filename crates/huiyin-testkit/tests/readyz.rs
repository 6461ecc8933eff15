//! `GET /readyz` (issue 17): 200 with `{"status": "ready"}` while the database answers and
//! carries every migration of this build; 503 once it does not.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::spawn_app;

#[tokio::test]
async fn ready_while_the_database_answers() {
    let t = spawn_app().await;
    let (status, body) = t.get("/readyz", None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "ready", "{body}");
    assert_eq!(body["database"], true, "{body}");
    assert!(body["migration"].as_i64().unwrap() > 0, "{body}");
    assert_eq!(body["migration"], body["expected_migration"], "{body}");

    // The database gone (its pools closed): not ready.
    t.app.close().await;
    let (status, body) = t.get("/readyz", None).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["status"], "not_ready", "{body}");
}
