//! Authentication hardening, separated administrators, the whistleblower firewall, the audit
//! trail and its tamper evidence, security headers.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{PASSWORD, letter, spawn_app};
use serde_json::json;

#[tokio::test]
async fn five_failures_lock_the_account_for_fifteen_minutes() {
    let t = spawn_app().await;
    for _ in 0..5 {
        let (s, v) = t
            .post_json(
                "/api/v1/auth/token",
                None,
                &json!({"username": "registrar", "password": "wrong-1"}),
            )
            .await;
        assert_eq!((s, v["code"].as_str()), (401, Some("auth.bad_credentials")));
    }
    let (s, v) = t
        .post_json(
            "/api/v1/auth/token",
            None,
            &json!({"username": "registrar", "password": PASSWORD}),
        )
        .await;
    assert_eq!((s, v["code"].as_str()), (429, Some("auth.locked")), "{v}");
    t.clock.set_today("2026-07-01");
    let (s, _) = t
        .post_json(
            "/api/v1/auth/token",
            None,
            &json!({"username": "registrar", "password": PASSWORD}),
        )
        .await;
    assert_eq!(s, 200, "unlocked after the lock period");
    let history = t
        .app
        .store_for_tests()
        .sign_ins(Some("registrar"), 20)
        .await
        .unwrap();
    assert_eq!(history.len(), 7);
    assert!(history[0].success && !history[1].success);
    assert_eq!(history[1].reason, "locked");
}

#[tokio::test]
async fn idle_tokens_are_signed_out() {
    let t = spawn_app().await;
    let token = t.token("county").await;
    assert_eq!(t.get("/api/v1/cases", Some(&token)).await.0, 200);
    // The test clock stands still; move it past the 30-minute idle limit.
    let later = t.app.now_ms() + 31 * 60_000;
    t.clock.set_millis(later);
    let (s, v) = t.get("/api/v1/cases", Some(&token)).await;
    assert_eq!((s, v["code"].as_str()), (401, Some("auth.session_expired")));
    assert_eq!(
        t.get("/api/v1/cases", Some(&token)).await.0,
        401,
        "the token is gone"
    );
    let fresh = t.token("county").await;
    let (s, _) = t
        .post_json("/api/v1/auth/logout", Some(&fresh), &json!({}))
        .await;
    assert_eq!(s, 200);
    assert_eq!(t.get("/api/v1/cases", Some(&fresh)).await.0, 401);
}

#[tokio::test]
async fn totp_second_factor() {
    let t = spawn_app().await;
    let admin = t.token("admin").await;
    let (s, u) = t
        .post_json("/api/v1/users", Some(&admin), &json!({"username": "secadmin", "password": "Sec-admin-1", "display_name": "安全管理员", "unit_id": t.units.province, "roles": ["security_admin"]}))
        .await;
    assert_eq!(s, 201, "{u}");
    let (_, login) = t
        .post_json(
            "/api/v1/auth/token",
            None,
            &json!({"username": "secadmin", "password": "Sec-admin-1"}),
        )
        .await;
    let sec = login["token"].as_str().unwrap().to_owned();
    let users = t.app.store_for_tests().users().await.unwrap();
    let county = users.iter().find(|u| u.username == "county").unwrap().id;
    let (s, e) = t
        .post_json(
            &format!("/api/v1/users/{county}/totp"),
            Some(&sec),
            &json!({}),
        )
        .await;
    assert_eq!(s, 200, "{e}");
    let secret = e["secret"].as_str().unwrap().to_owned();
    let (s, v) = t
        .post_json(
            "/api/v1/auth/token",
            None,
            &json!({"username": "county", "password": PASSWORD}),
        )
        .await;
    assert_eq!((s, v["code"].as_str()), (401, Some("auth.otp_required")));
    let now = t.app.now_ms() / 1000;
    let key = huiyin_crypto::totp::base32_decode(&secret).unwrap();
    let wrong = if huiyin_crypto::totp::code_at(&key, now) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let (s, _) = t
        .post_json(
            "/api/v1/auth/token",
            None,
            &json!({"username": "county", "password": PASSWORD, "otp": wrong}),
        )
        .await;
    assert_eq!(s, 401);
    let code = huiyin_crypto::totp::code_at(&key, now);
    let (s, v) = t
        .post_json(
            "/api/v1/auth/token",
            None,
            &json!({"username": "county", "password": PASSWORD, "otp": code}),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    // Only security administrators enrol others.
    let other = t.token("school").await;
    let (s, _) = t
        .post_json(
            &format!("/api/v1/users/{county}/totp"),
            Some(&other),
            &json!({}),
        )
        .await;
    assert_eq!(s, 403);
}

#[tokio::test]
async fn password_policy_and_separated_administrators() {
    let t = spawn_app().await;
    let admin = t.token("admin").await;
    for (i, (password, ok)) in [
        ("short1", false),
        ("alllowercase", false),
        ("clerk2026x", true),
    ]
    .into_iter()
    .enumerate()
    {
        let (s, v) = t
            .post_json("/api/v1/users", Some(&admin), &json!({"username": format!("newuser{i}"), "password": password, "display_name": "张", "unit_id": t.units.county, "roles": ["registrar"]}))
            .await;
        if ok {
            assert_eq!(s, 201, "{password}: {v}");
        } else {
            assert_eq!(s, 422, "{password}");
            assert!(v["fields"]["password"].is_string());
        }
    }
    let (s, v) = t
        .post_json("/api/v1/users", Some(&admin), &json!({"username": "wangwu", "password": "wangwu-2026", "display_name": "王五", "unit_id": t.units.county, "roles": ["registrar"]}))
        .await;
    assert_eq!(
        (s, v["fields"]["password"].is_string()),
        (422, true),
        "password contains the username"
    );
    let (s, v) = t
        .post_json("/api/v1/users", Some(&admin), &json!({"username": "superuser", "password": "Strong-pass-9", "display_name": "超级", "unit_id": t.units.province, "roles": ["admin", "auditor"]}))
        .await;
    assert_eq!(s, 422);
    assert!(v["fields"]["roles"].is_string());
}

#[tokio::test]
async fn the_accused_unit_never_sees_the_reporter() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    // An accusation against the county bureau itself, received by the county's own office.
    let mut body = letter(t.units.county, "2026-06-01");
    body["petition_type"] = json!("accusation");
    body["category"] = json!("teacher_conduct");
    body["title"] = json!("举报区教育局违规招聘");
    body["petitioners"] = json!([{"name": "赵敏", "id_number": "440524188001010014", "phone": "13911112222", "address": "某小区"}]);
    let case = t.register(&registrar, &body).await;
    let id = case["id"].as_i64().unwrap();
    for user in ["county", "handler", "leader", "registrar"] {
        let token = t.token(user).await;
        let (s, c) = t.case(&token, id).await;
        // Only the registrar who recorded it may still open it (issue 10 item 1), blind.
        assert_eq!(s, if user == "registrar" { 200 } else { 404 }, "{user}");
        let text = c["petitioners"].to_string();
        assert!(
            !text.contains("赵敏") && !text.contains("13911112222") && !text.contains("440524"),
            "{user}: {text}"
        );
        let list = t.list(&token, "").await.to_string();
        assert!(
            !list.contains("赵敏") && !list.contains("13911112222"),
            "{user} list"
        );
        assert_eq!(
            t.list(&token, "q=赵敏").await["total"],
            0,
            "{user} search by name"
        );
        let (_, timeline) = t
            .get(&format!("/api/v1/cases/{id}/timeline"), Some(&token))
            .await;
        assert!(!timeline.to_string().contains("赵敏"));
    }
    // The city above sees who reported.
    let city = t.token("city").await;
    let (_, c) = t.case(&city, id).await;
    assert_eq!(c["petitioners"][0]["name"], "赵敏");
}

#[tokio::test]
async fn the_audit_trail_records_and_detects_tampering() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let id = t
        .register(&registrar, &letter(t.units.school, "2026-06-01"))
        .await["id"]
        .as_i64()
        .unwrap();
    t.act_ok(&registrar, id, json!({"action": "accept"})).await;
    t.case(&registrar, id).await;
    let auditor = t.token("auditor").await;
    let (s, v) = t.get("/api/v1/audit?per_page=200", Some(&auditor)).await;
    assert_eq!(s, 200);
    let actions: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "sign_in",
        "case.register",
        "case.accept",
        "view.identity",
        "config.user_create",
    ] {
        assert!(actions.contains(&a), "{a} not audited: {actions:?}");
    }
    let (s, _) = t.get("/api/v1/audit", Some(&registrar)).await;
    assert_eq!(s, 403, "only audit administrators read the trail");
    let (_, r) = t.get("/api/v1/audit/verify", Some(&auditor)).await;
    assert_eq!(r["intact"], true, "{r}");

    let store = &t.app.store_for_tests();
    // Edit one entry.
    store
        .execute_for_tests("UPDATE audit_log SET result = 'forged' WHERE id = 3")
        .await
        .unwrap();
    let report = store.verify_audit().await.unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("entry 3") && p.contains("edited")),
        "{report:?}"
    );
    store
        .execute_for_tests("UPDATE audit_log SET result = 'ok' WHERE id = 3")
        .await
        .unwrap();
    assert!(
        store.verify_audit().await.unwrap().is_intact(),
        "restoring the value restores the chain"
    );
    // Delete one entry.
    store
        .execute_for_tests("DELETE FROM audit_log WHERE id = 5")
        .await
        .unwrap();
    let report = store.verify_audit().await.unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains("missing")),
        "{report:?}"
    );
}

#[tokio::test]
async fn reordering_and_truncating_the_audit_trail_are_detected() {
    let t = spawn_app().await;
    let store = &t.app.store_for_tests();
    // Swap the contents of entries 2 and 3 (ids stay in order).
    let cols = "at, user_id, username, unit_id, action, target, result, detail, prev_hash, hash";
    let rows = store.audit_entries(None, None, 1000, 0).await.unwrap();
    assert!(rows.len() > 5);
    let (a, b) = (
        rows.iter().find(|r| r.id == 2).unwrap(),
        rows.iter().find(|r| r.id == 3).unwrap(),
    );
    let set = |r: &huiyin_store::AuditRecord, id: i64| {
        format!(
            "UPDATE audit_log SET at = {}, username = '{}', action = '{}', target = '{}', result = '{}', detail = '{}', prev_hash = '{}', hash = '{}' WHERE id = {id}",
            r.entry.at,
            r.entry.username,
            r.entry.action,
            r.entry.target,
            r.entry.result,
            r.entry.detail,
            r.prev_hash,
            r.hash
        )
    };
    let _ = cols;
    store.execute_for_tests(&set(b, 2)).await.unwrap();
    store.execute_for_tests(&set(a, 3)).await.unwrap();
    assert!(!store.verify_audit().await.unwrap().is_intact());
    store.execute_for_tests(&set(a, 2)).await.unwrap();
    store.execute_for_tests(&set(b, 3)).await.unwrap();
    assert!(store.verify_audit().await.unwrap().is_intact());
    // Remove the newest entry.
    let last = rows.iter().map(|r| r.id).max().unwrap();
    store
        .execute_for_tests(&format!("DELETE FROM audit_log WHERE id = {last}"))
        .await
        .unwrap();
    let report = store.verify_audit().await.unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains("head")),
        "{report:?}"
    );
}

#[tokio::test]
async fn audit_entries_younger_than_180_days_cannot_be_purged() {
    let t = spawn_app().await;
    let store = &t.app.store_for_tests();
    let now = t.app.now_ms();
    let day = 86_400_000;
    assert!(
        store
            .purge_audit(now - 10 * day, now, 180 * day)
            .await
            .is_err()
    );
    assert!(store.purge_audit(now, now, 180 * day).await.is_err());
    // Entries written "a year ago" can go, and the chain still verifies from its new anchor.
    t.clock.set_today("2027-07-01");
    let later = t.app.now_ms();
    let purged = store
        .purge_audit(later - 181 * day, later, 180 * day)
        .await
        .unwrap();
    assert!(purged > 0);
    t.app
        .audit(None, "system", "test.after_purge", "-", "ok", "")
        .await
        .unwrap();
    assert!(store.verify_audit().await.unwrap().is_intact());
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let t = spawn_app().await;
    let res = t.client.get(t.url("/healthz")).send().await.unwrap();
    let h = res.headers();
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
}
