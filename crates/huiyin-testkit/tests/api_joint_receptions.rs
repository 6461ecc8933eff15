//! 联合接访 sessions (issue 15 item 4): recorded with the host unit of one's scope, the
//! participating units and the names on duty; cases taken there recorded and removed (audited),
//! closed with a summary; bad input refused by field with nothing stored; listed, paged and
//! downloaded; a case names its sessions; out of the line a session is not found. (The pages:
//! `pages_joint_receptions.rs`; the firewall: its row in `firewall_matrix/`.)

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

fn session(t: &TestApp) -> Value {
    json!({"on": "2026-06-29", "place": "区信访接待中心", "host_unit_id": t.units.county,
           "unit_ids": [t.units.school, t.units.county_discipline],
           "on_duty": ["王局长", "李科长"], "note": "每月一次"})
}

fn case_ids(v: &Value) -> Vec<i64> {
    v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["case_id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_session_records_its_cases_and_closes_with_a_summary() {
    let t = spawn_app().await;
    let county = t.token("county").await;
    let registrar = t.token("registrar").await;
    let a = t
        .register(&registrar, &letter(t.units.school, "2026-06-29"))
        .await;
    let (a_id, a_number) = (a["id"].as_i64().unwrap(), a["number"].as_str().unwrap());

    // Bad input: every field named, nothing stored.
    let (status, e) = t
        .post_json(
            "/api/v1/joint-receptions",
            Some(&county),
            &json!({"on": "2026-07-02", "host_unit_id": t.units.county, "unit_ids": [t.units.county]}),
        )
        .await;
    assert_eq!(status, 422, "{e}");
    for field in ["on", "place", "unit_ids", "on_duty"] {
        assert!(e["fields"][field].is_string(), "{field}: {e}");
    }
    let mut outside = session(&t);
    outside["host_unit_id"] = json!(t.units.sibling_county);
    let (status, e) = t
        .post_json("/api/v1/joint-receptions", Some(&county), &outside)
        .await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["host_unit_id"].is_string(), "{e}");
    let (_, none) = t.get("/api/v1/joint-receptions", Some(&county)).await;
    assert_eq!(none["total"], 0, "nothing stored: {none}");

    let (status, s) = t
        .post_json("/api/v1/joint-receptions", Some(&county), &session(&t))
        .await;
    assert_eq!(status, 201, "{s}");
    let id = s["id"].as_i64().unwrap();
    assert_eq!(s["on_duty"], json!(["王局长", "李科长"]));
    assert_eq!(s["units"].as_array().unwrap().len(), 2);
    assert_eq!(s["may_edit"], true);
    let cases = format!("/api/v1/joint-receptions/{id}/cases");
    let (status, e) = t.post_json(&cases, Some(&county), &json!({})).await;
    assert_eq!(status, 422, "{e}");
    let (status, e) = t
        .post_json(&cases, Some(&county), &json!({"case_number": "X-0"}))
        .await;
    assert_eq!(status, 422, "{e}");
    assert!(e["fields"]["case_number"].is_string(), "{e}");
    let (status, s) = t
        .post_json(&cases, Some(&county), &json!({"case_number": a_number}))
        .await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(case_ids(&s), [a_id]);
    let (status, e) = t
        .post_json(&cases, Some(&county), &json!({"case_id": a_id}))
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (409, Some("joint_reception.case_linked"))
    );
    // The case names its session; the school, a participant, reads it.
    let (_, of_case) = t
        .get(
            &format!("/api/v1/cases/{a_id}/joint-receptions"),
            Some(&county),
        )
        .await;
    assert_eq!(of_case["items"][0]["id"], id, "{of_case}");
    let (status, _) = t
        .get(
            &format!("/api/v1/joint-receptions/{id}"),
            Some(&t.token("school").await),
        )
        .await;
    assert_eq!(status, 200);
    let (status, e) = t
        .get(
            &format!("/api/v1/joint-receptions/{id}"),
            Some(&t.token("sibling").await),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (404, Some("joint_reception.not_found"))
    );
    // Removed, then recorded again; removing what is not there is not found.
    let remove = t
        .client
        .delete(t.url(&format!("{cases}/{a_id}")))
        .bearer_auth(&county)
        .send()
        .await
        .unwrap();
    assert_eq!(remove.status(), 200);
    let again = t
        .client
        .delete(t.url(&format!("{cases}/{a_id}")))
        .bearer_auth(&county)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404);
    let (status, _) = t
        .post_json(&cases, Some(&county), &json!({"case_id": a_id}))
        .await;
    assert_eq!(status, 200);

    // Closed with a summary, once; then nothing more is recorded.
    let close = format!("/api/v1/joint-receptions/{id}/close");
    let (status, e) = t.post_json(&close, Some(&county), &json!({})).await;
    assert_eq!(status, 422, "{e}");
    let (status, s) = t
        .post_json(
            &close,
            Some(&county),
            &json!({"summary": "当场受理1件，已交办学校"}),
        )
        .await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(
        (s["status"].as_str(), s["may_edit"].as_bool()),
        (Some("closed"), Some(false))
    );
    for (path, body) in [
        (&close, json!({"summary": "再次结束"})),
        (&cases, json!({"case_id": a_id})),
    ] {
        let (status, e) = t.post_json(path, Some(&county), &body).await;
        assert_eq!(
            (status, e["code"].as_str()),
            (409, Some("joint_reception.closed")),
            "{path}"
        );
    }

    // Listed, filtered, downloaded.
    let (_, list) = t
        .get("/api/v1/joint-receptions?status=closed", Some(&county))
        .await;
    assert_eq!(list["total"], 1, "{list}");
    let (_, open) = t
        .get("/api/v1/joint-receptions?status=open", Some(&county))
        .await;
    assert_eq!(open["total"], 0);
    let (status, e) = t
        .get("/api/v1/joint-receptions?status=x&from=bad", Some(&county))
        .await;
    assert_eq!(status, 422, "{e}");
    let res = t
        .client
        .get(t.url("/api/v1/joint-receptions?format=xlsx"))
        .bearer_auth(&county)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );

    // Audited.
    let auditor = t.token("auditor").await;
    for (action, n) in [
        ("joint_reception.create", 1),
        ("joint_reception.link", 2),
        ("joint_reception.unlink", 1),
        ("joint_reception.close", 1),
    ] {
        let (_, audit) = t
            .get(
                &format!("/api/v1/audit?action={action}&per_page=50"),
                Some(&auditor),
            )
            .await;
        assert_eq!(
            audit["items"].as_array().unwrap().len(),
            n,
            "{action}: {audit}"
        );
    }
}
