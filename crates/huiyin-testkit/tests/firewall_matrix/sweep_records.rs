//! The sweep's files, sessions and messages: 落实与疏导, 信访事项档案, 联合接访, the 领导督查
//! page, notifications, delivered messages and /metrics.

use super::*;

use super::sweep::Reader;

/// 落实与疏导, 信访事项档案, 联合接访, the 领导督查 page, notifications, delivered messages and /metrics.
pub(super) async fn files_sessions_and_messages(
    r: &Reader<'_>,
    seen_text: &mut Vec<(String, String)>,
) {
    let (t, standing, user, cases) = (r.t, r.standing, r.user, r.cases);
    let token = r.token.clone();
    let cookie = r.cookie.clone();
    let visible = r.visible_ids();
    // 落实与疏导: the tasks (list, workbook, page, each) are those of the cases in sight.
    let (status, follow_ups) = t.get("/api/v1/follow-ups", Some(&token)).await;
    if status == 200 {
        let mut listed: Vec<i64> = follow_ups["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["case_id"].as_i64().unwrap())
            .collect();
        listed.sort_unstable();
        let mut expected = visible.clone();
        expected.sort_unstable();
        assert_eq!(listed, expected, "{user}: follow-ups {follow_ups}");
        assert_eq!(
            follow_ups["total"],
            visible.len(),
            "{user}: follow-ups total"
        );
        seen_text.push(("follow-ups".into(), follow_ups.to_string()));
        let (_, page) = get(t, &cookie, "/follow-ups").await;
        seen_text.push(("follow-ups page".into(), page));
        let res = t
            .client
            .get(t.url("/api/v1/follow-ups?format=xlsx"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        seen_text.push((
            "follow-ups workbook".into(),
            xlsx_text(&res.bytes().await.unwrap()),
        ));
    } else {
        assert_eq!(status, 403, "{user}: follow-ups {follow_ups}");
    }
    let (_, every) = t
        .get(
            "/api/v1/follow-ups?per_page=50",
            Some(&t.token("province").await),
        )
        .await;
    assert_eq!(every["total"], cases.len(), "one task per case: {every}");
    for k in every["items"].as_array().unwrap() {
        let c = cases.iter().find(|c| k["case_id"] == c.id).unwrap();
        let (status, one) = t
            .get(&format!("/api/v1/follow-ups/{}", k["id"]), Some(&token))
            .await;
        let (page_status, page) = get(t, &cookie, &format!("/follow-ups/{}", k["id"])).await;
        if !sees(standing, c.kind) {
            assert_eq!(status, 404, "{user}: follow-up {:?} {one}", c.kind);
            assert_eq!(page_status, 404, "{user}: follow-up page {:?}", c.kind);
        } else if status != 403 {
            assert_eq!(status, 200, "{user}: follow-up {:?} {one}", c.kind);
        }
        seen_text.push((format!("follow-up {:?}", c.kind), one.to_string()));
        seen_text.push((format!("follow-up page {:?}", c.kind), page));
    }
    // 信访事项档案: the matter of every case holds exactly the cases in sight, or is not there.
    let (_, of_first) = t
        .get(
            &format!("/api/v1/cases/{}/matter", cases[0].id),
            Some(&t.token("province").await),
        )
        .await;
    let matter = of_first["matter_id"].as_i64().unwrap();
    let (status, file) = t
        .get(&format!("/api/v1/matters/{matter}"), Some(&token))
        .await;
    let (page_status, page) = get(t, &cookie, &format!("/matters/{matter}")).await;
    if visible.is_empty() {
        assert!(status == 404 || status == 403, "{user}: matter {status}");
        assert!(
            page_status == 404 || page_status == 403,
            "{user}: matter page"
        );
    } else if status != 403 {
        let mut listed: Vec<i64> = file["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["id"].as_i64().unwrap())
            .collect();
        listed.sort_unstable();
        let mut expected = visible.clone();
        expected.sort_unstable();
        assert_eq!(listed, expected, "{user}: the matter's cases");
    }
    seen_text.push(("matter".into(), file.to_string()));
    seen_text.push(("matter page".into(), page));
    // The scope's list of matter files (API, page, workbook): the file there with exactly the
    // cases in sight counted, or not there at all.
    let (status, files) = t.get("/api/v1/matters", Some(&token)).await;
    if status == 200 {
        let row = files["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == matter);
        assert_eq!(
            row.is_some(),
            !visible.is_empty(),
            "{user}: matter list {files}"
        );
        if let Some(row) = row {
            assert_eq!(row["cases"], visible.len(), "{user}: matter list count");
        }
        let res = t
            .client
            .get(t.url("/api/v1/matters?format=xlsx"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        seen_text.push((
            "matter list workbook".into(),
            xlsx_text(&res.bytes().await.unwrap()),
        ));
    }
    seen_text.push(("matter list".into(), files.to_string()));
    // 联合接访: a session the reader may read lists exactly the cases in sight taken there (API,
    // page, list, workbook, a case's sessions).
    let (_, every) = t
        .get("/api/v1/joint-receptions", Some(&t.token("province").await))
        .await;
    let session = every["items"][0]["id"].as_i64().unwrap();
    let (status, one) = t
        .get(&format!("/api/v1/joint-receptions/{session}"), Some(&token))
        .await;
    if status == 200 {
        let mut taken: Vec<i64> = one["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["case_id"].as_i64().unwrap())
            .collect();
        taken.sort_unstable();
        let mut expected = visible.clone();
        expected.sort_unstable();
        assert_eq!(taken, expected, "{user}: the session's cases");
    }
    let (_, sessions) = t.get("/api/v1/joint-receptions", Some(&token)).await;
    for (path, text) in [
        ("session".to_owned(), one.to_string()),
        ("sessions".to_owned(), sessions.to_string()),
        (
            "session page".to_owned(),
            get(t, &cookie, &format!("/joint-receptions/{session}"))
                .await
                .1,
        ),
        (
            "sessions page".to_owned(),
            get(t, &cookie, "/joint-receptions").await.1,
        ),
    ] {
        seen_text.push((path, text));
    }
    let res = t
        .client
        .get(t.url("/api/v1/joint-receptions?format=xlsx"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    seen_text.push((
        "sessions workbook".into(),
        xlsx_text(&res.bytes().await.unwrap()),
    ));
    for c in cases {
        let (status, of_case) = t
            .get(
                &format!("/api/v1/cases/{}/joint-receptions", c.id),
                Some(&token),
            )
            .await;
        if !sees(standing, c.kind) {
            assert_eq!(status, 404, "{user}: the {:?} case's sessions", c.kind);
        }
        seen_text.push((format!("case sessions {:?}", c.kind), of_case.to_string()));
    }
    seen_text.push((
        "matter list page".into(),
        get(t, &cookie, "/matters").await.1,
    ));
    for c in cases {
        let (status, _) = t
            .get(&format!("/api/v1/cases/{}/matter", c.id), Some(&token))
            .await;
        if !sees(standing, c.kind) {
            assert_eq!(status, 404, "{user}: the {:?} case's matter", c.kind);
        }
    }
    let top = t.token("province").await;
    for c in cases {
        let (_, of_case) = t
            .get(&format!("/api/v1/cases/{}/persons", c.id), Some(&top))
            .await;
        let pid = of_case["items"][0]["petitioner_id"].as_i64().unwrap();
        let (status, file) = t.get(&format!("/api/v1/persons/{pid}"), Some(&token)).await;
        let (mine, _) = t
            .get(&format!("/api/v1/cases/{}/persons", c.id), Some(&token))
            .await;
        let (page_status, page) = get(t, &cookie, &format!("/persons/{pid}")).await;
        let who = format!("{user} ({standing:?}) × {:?}", c.kind);
        if sees(standing, c.kind) && status != 403 {
            assert_eq!(status, 200, "{who}: person file {file}");
            assert_eq!(page_status, 200, "{who}: person page");
            let mut listed: Vec<i64> = file["cases"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k["id"].as_i64().unwrap())
                .collect();
            listed.sort_unstable();
            let mut expected = visible.clone();
            expected.sort_unstable();
            assert_eq!(listed, expected, "{who}: the file's cases");
            assert_eq!(file["counts"]["cases"], visible.len(), "{who}");
            assert_eq!(mine, 200, "{who}: the case's persons");
        } else if !sees(standing, c.kind) {
            assert_eq!(status, 404, "{who}: person file not revealed {file}");
            assert_eq!(page_status, 404, "{who}: person page");
            assert_eq!(mine, 404, "{who}: the case's persons");
        }
        seen_text.push((format!("person file {:?}", c.kind), file.to_string()));
        seen_text.push((format!("person page {:?}", c.kind), page));
    }
    // The 领导督查 page (leaders and supervisors): scorecard, supervision, 包案, 责任追究; and
    // the drill-down page behind a scorecard figure of June.
    let (status, page) = get(t, &cookie, "/leaders").await;
    if status == 200 {
        seen_text.push(("leaders page".into(), page));
    }
    for part in ["numerator", "denominator"] {
        let (status, page) = get(
            t,
            &cookie,
            &format!(
                "/leaders/cases?kpi=timely_acceptance&unit_id={}&from=2026-06-01&to=2026-06-30&part={part}",
                t.units.county
            ),
        )
        .await;
        if status == 200 {
            seen_text.push((format!("leaders cases page {part}"), page));
        }
    }
    // Notifications (the API, the page and the header's badge) come through the same reads.
    let (status, notes) = t.get("/api/v1/notifications", Some(&token)).await;
    assert_eq!(status, 200, "{user}: notifications");
    for c in cases.iter().filter(|c| !sees(standing, c.kind)) {
        assert!(
            notes["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|n| n["case_id"] != c.id),
            "{user}: a notification about the {:?} case",
            c.kind
        );
    }
    // Delivered outbox messages (kind `message`) name only warnings the user sees.
    let (_, mine) = t.get("/api/v1/warnings?per_page=200", Some(&token)).await;
    let seen: Vec<&Value> = mine["items"]
        .as_array()
        .map(|a| a.iter().map(|w| &w["id"]).collect())
        .unwrap_or_default();
    let (_, incidents) = t.get("/api/v1/incidents?per_page=200", Some(&token)).await;
    let incident_links: Vec<String> = incidents["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| format!("/incidents/{}", i["id"]))
                .collect()
        })
        .unwrap_or_default();
    for n in notes["items"].as_array().unwrap() {
        if n["kind"] == "message" && n["warning_id"].is_null() {
            // An incident's message (report due) links only an incident the user sees.
            let link = n["link"].as_str().unwrap_or_default();
            assert!(
                incident_links.iter().any(|l| l == link),
                "{user} ({standing:?}): a message about unseen incident {link}"
            );
        } else if n["kind"] == "message" {
            assert!(
                seen.contains(&&n["warning_id"]),
                "{user} ({standing:?}): a message about unseen warning {}",
                n["warning_id"]
            );
        }
    }
    seen_text.push(("API notifications".into(), notes.to_string()));
    let (_, page) = get(t, &cookie, "/notifications").await;
    seen_text.push(("notifications page".into(), page));
    let (_, badge) = get(t, &cookie, "/notifications/badge").await;
    seen_text.push(("notifications badge".into(), badge));
    // /metrics (issue 17 item 4) answers this host whoever asks (another host needs the metrics
    // token: tests/metrics_backlog.rs); it carries counts by kind, channel, status and level,
    // never a case, unit or person.
    let res = t
        .client
        .get(t.url("/metrics"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{user}: metrics");
    let metrics = res.text().await.unwrap();
    assert!(metrics.contains("huiyin_warnings_unresolved"), "{metrics}");
    for c in cases {
        assert!(
            !metrics.contains(&c.number) && !metrics.contains(word(c.kind)),
            "{user}: /metrics names the {:?} case",
            c.kind
        );
    }
    seen_text.push(("metrics".into(), metrics));
}
