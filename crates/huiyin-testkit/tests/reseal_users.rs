//! Key rotation re-seals users' sealed columns too (issue 17 item 3): the phone and e-mail
//! notifications go to, and the TOTP secret. After `reseal_users` under a new active key they
//! open to the same clear values with the new ring and no longer with the old one alone, a
//! second pass changes nothing, and users with nothing sealed are left as they were.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_store::UserContact;
use huiyin_testkit::spawn_app;

async fn user_id(t: &huiyin_testkit::TestApp, user: &str) -> i64 {
    let token = t.token(user).await;
    let (status, me) = t.get("/api/v1/me", Some(&token)).await;
    assert_eq!(status, 200, "{me}");
    me["user"]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn rotated_keys_reseal_users_contacts_and_totp_secrets() {
    let t = spawn_app().await;
    let old = t.app.store_for_tests();
    let leader = user_id(&t, "leader").await;
    let handler = user_id(&t, "handler").await;
    let contact = UserContact {
        phone: Some("13800001111".into()),
        email: Some("leader@example.edu.cn".into()),
    };
    assert!(old.set_user_contact(leader, &contact).await.unwrap());
    old.set_totp_secret(leader, Some("JBSWY3DPEHPK3PXP"))
        .await
        .unwrap();
    // The handler has only a phone: one sealed column is enough to be re-sealed.
    let phone_only = UserContact {
        phone: Some("13900002222".into()),
        email: None,
    };
    assert!(old.set_user_contact(handler, &phone_only).await.unwrap());

    let mut next = (*old.keys().unwrap().ring()).clone();
    next.rotate(huiyin_crypto::Algorithm::Sm4Gcm).unwrap();
    let rotated = huiyin_store::Store::connect(&old.url_for_tests())
        .await
        .unwrap()
        .with_keys(std::sync::Arc::new(huiyin_store::KeySource::new(
            next, None,
        )));
    let mut changed = 0;
    let mut after = 0;
    while let Some((last, n)) = rotated.reseal_users(after, 2).await.unwrap() {
        after = last;
        changed += n;
    }
    assert_eq!(changed, 2, "the leader and the handler");
    let mut again = 0;
    let mut after = 0;
    while let Some((last, n)) = rotated.reseal_users(after, 1000).await.unwrap() {
        after = last;
        again += n;
    }
    assert_eq!(again, 0, "a second pass finds everything current");

    let opened = rotated.user_contacts(&[leader, handler]).await.unwrap();
    assert_eq!(opened, vec![(handler, phone_only), (leader, contact)]);
    assert_eq!(
        rotated.totp_secret(leader).await.unwrap().as_deref(),
        Some("JBSWY3DPEHPK3PXP")
    );
    assert_eq!(rotated.totp_secret(handler).await.unwrap(), None);
    // The server's ring never saw the new key (and has no key file to reload): sealed anew.
    assert!(old.user_contacts(&[leader]).await.is_err());
    assert!(old.totp_secret(leader).await.is_err());
}
