//! One reader's sweep of every read path: the supervision orders, warnings and incidents
//! here, the rest in `sweep_stats.rs`, `sweep_work.rs` and `sweep_records.rs`.

use super::*;

/// One reader of the sweep: who, with their API token, page cookie and the API list.
pub(super) struct Reader<'a> {
    pub t: &'a TestApp,
    pub standing: Standing,
    pub user: &'a str,
    pub cases: &'a [Seeded],
    pub token: String,
    pub cookie: String,
    pub all: Value,
}

impl Reader<'_> {
    /// The ids of the seeded cases this reader may open.
    pub fn visible_ids(&self) -> Vec<i64> {
        self.cases
            .iter()
            .filter(|c| sees(self.standing, c.kind))
            .map(|c| c.id)
            .collect()
    }
}

/// Everything one user can reach, checked against the matrix.
pub(super) async fn sweep(t: &TestApp, standing: Standing, user: &str, cases: &[Seeded]) {
    let token = t.token(user).await;
    let cookie = sign_in(t, user).await;
    let mut seen_text: Vec<(String, String)> = Vec::new();
    let all = t.list(&token, "per_page=200").await;
    seen_text.push(("API list".into(), all.to_string()));
    // Lists by type or channel count from the breakdown tally less what the firewall hides
    // (huiyin-store `search_tally.rs`): the total and the items are the cases in sight.
    for (query, kinds) in [
        ("petition_type=accusation", &[CaseKind::Accusation][..]),
        (
            "petition_type=appeal",
            &[CaseKind::Appeal, CaseKind::FormerAccusation][..],
        ),
        ("channel=letter", &CaseKind::ALL[..]),
    ] {
        let list = t.list(&token, &format!("{query}&per_page=200")).await;
        let mut want: Vec<i64> = cases
            .iter()
            .filter(|c| kinds.contains(&c.kind) && sees(standing, c.kind))
            .map(|c| c.id)
            .collect();
        let mut got = super::ids(&list);
        want.sort_unstable();
        got.sort_unstable();
        assert_eq!(got, want, "{user} ({standing:?}): list by {query}");
        assert_eq!(
            list["total"],
            want.len(),
            "{user} ({standing:?}): total by {query}"
        );
        seen_text.push((format!("API list by {query}"), list.to_string()));
    }
    let r = Reader {
        t,
        standing,
        user,
        cases,
        token,
        cookie,
        all,
    };
    orders_warnings_incidents(&r, &mut seen_text).await;
    super::sweep_stats::figures_and_reports(&r, &mut seen_text).await;
    super::sweep_work::worklists_and_registers(&r, &mut seen_text).await;
    super::sweep_records::files_sessions_and_messages(&r, &mut seen_text).await;
    // Nothing the user reached names a case they may not know of.
    for c in cases.iter().filter(|c| !sees(standing, c.kind)) {
        for (path, text) in &seen_text {
            assert!(
                !text.contains(&c.number) && !text.contains(word(c.kind)),
                "{user} ({standing:?}) meets the {:?} case in the {path}",
                c.kind
            );
        }
    }
}

/// Supervision orders and their statistics, 责任追究, the outbox, warnings and incidents.
pub(super) async fn orders_warnings_incidents(
    r: &Reader<'_>,
    seen_text: &mut Vec<(String, String)>,
) {
    let (t, standing, user, cases) = (r.t, r.standing, r.user, r.cases);
    let token = r.token.clone();
    let cookie = r.cookie.clone();
    // Supervision orders: exactly those on the cases the user may see.
    let (status, orders) = t
        .get("/api/v1/supervisions?per_page=200", Some(&token))
        .await;
    assert_eq!(status, 200, "{user}: supervisions {orders}");
    for c in cases {
        let listed = orders["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["case_id"] == c.id);
        assert_eq!(
            listed,
            sees(standing, c.kind),
            "{user} ({standing:?}) × {:?}: supervisions",
            c.kind
        );
    }
    seen_text.push(("supervisions".into(), orders.to_string()));
    // Supervision statistics count exactly the orders on the cases the user may see (one each).
    let (status, stats) = t.get("/api/v1/supervisions/stats", Some(&token)).await;
    assert_eq!(status, 200, "{user}: supervision stats {stats}");
    let visible = cases.iter().filter(|c| sees(standing, c.kind)).count();
    assert_eq!(
        stats["total"]["orders"].as_u64(),
        Some(visible as u64),
        "{user} ({standing:?}): supervision stats {stats}"
    );
    seen_text.push(("supervision stats".into(), stats.to_string()));
    // The incident reports' statistics: counts per unit, never a case's number or words.
    let (status, reports) = t.get("/api/v1/stats/incident-reports", Some(&token)).await;
    assert_eq!(status, 200, "{user}: incident report stats {reports}");
    seen_text.push(("incident report stats".into(), reports.to_string()));
    // 责任追究: the record about the county reaches only leaders and supervisors above it, and
    // names only the cases the reader may open.
    let (status, records) = t.get("/api/v1/accountability", Some(&token)).await;
    if status == 200 {
        for r in records["items"].as_array().unwrap() {
            for linked in r["cases"].as_array().unwrap() {
                let c = cases.iter().find(|c| linked["id"] == c.id).unwrap();
                assert!(
                    sees(standing, c.kind),
                    "{user}: accountability names {:?}",
                    c.kind
                );
            }
        }
        let inside = matches!(
            standing,
            Standing::AccusedUnitStaff
                | Standing::AccusedOfficeStaff
                | Standing::AccusedRegistrar
                | Standing::InsideAccused
                | Standing::Sibling
        );
        let sees_all = cases.iter().all(|c| sees(standing, c.kind));
        if inside || !sees_all {
            assert_eq!(records["total"], 0, "{user}: accountability {records}");
        }
        seen_text.push(("accountability".into(), records.to_string()));
    } else {
        assert_eq!(status, 403, "{user}: accountability {records}");
    }
    // The outbox (issue 13 item 2): a message about a warning shows only to those who see the
    // warning itself, and no text carries a case's words.
    let (status, outbox) = t.get("/api/v1/outbox?per_page=200", Some(&token)).await;
    if status == 200 {
        let (_, mine) = t.get("/api/v1/warnings?per_page=200", Some(&token)).await;
        let seen: Vec<Value> = mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["id"].clone())
            .collect();
        // An incident's messages (report due) show only to those who see the incident.
        let (_, incidents) = t.get("/api/v1/incidents?per_page=200", Some(&token)).await;
        let seen_incidents: Vec<Value> = incidents["items"]
            .as_array()
            .map(|a| a.iter().map(|i| i["id"].clone()).collect())
            .unwrap_or_default();
        for m in outbox["items"].as_array().unwrap() {
            if m["warning_id"].is_null() {
                assert!(
                    seen_incidents.contains(&m["incident_id"]),
                    "{user} ({standing:?}): outbox message about unseen incident {}",
                    m["incident_id"]
                );
                continue;
            }
            assert!(
                seen.contains(&m["warning_id"]),
                "{user} ({standing:?}): outbox message about unseen warning {}",
                m["warning_id"]
            );
        }
        for c in cases {
            assert!(
                !outbox.to_string().contains(word(c.kind)),
                "{user}: outbox text"
            );
        }
        seen_text.push(("outbox".into(), outbox.to_string()));
    } else {
        assert_eq!(status, 403, "{user}: outbox {outbox}");
    }
    // Early warnings: a warning shows exactly when its case does, in the list and on its own.
    let (status, warnings) = t.get("/api/v1/warnings?per_page=200", Some(&token)).await;
    assert_eq!(status, 200, "{user}: warnings {warnings}");
    let all_warnings = t
        .get(
            "/api/v1/warnings?per_page=200",
            Some(&t.token("province").await),
        )
        .await
        .1;
    // A warning with several cases behind it (a screening entry's) shows only when every one
    // of them does.
    let sees_every_case_of = |w: &Value| {
        w["case_ids"].as_array().unwrap().iter().all(|id| {
            cases
                .iter()
                .find(|c| json!(c.id) == *id)
                .is_none_or(|c| sees(standing, c.kind))
        })
    };
    for c in cases {
        let of_case = |list: &Value| -> Vec<Value> {
            list["items"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|w| w["case_ids"].as_array().unwrap().contains(&json!(c.id)))
                .map(|w| w["id"].clone())
                .collect()
        };
        let every = of_case(&all_warnings);
        assert!(!every.is_empty(), "{:?} raised no warning", c.kind);
        let visible: Vec<Value> = all_warnings["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["case_ids"].as_array().unwrap().contains(&json!(c.id)))
            .filter(|w| sees(standing, c.kind) && sees_every_case_of(w))
            .map(|w| w["id"].clone())
            .collect();
        assert_eq!(
            of_case(&warnings),
            visible,
            "{user} ({standing:?}) × {:?}: warnings",
            c.kind
        );
        for id in every {
            let expect = visible.contains(&id);
            let (status, one) = t.get(&format!("/api/v1/warnings/{id}"), Some(&token)).await;
            assert_eq!(status == 200, expect, "{user} × {:?}: warning {id}", c.kind);
            if expect {
                seen_text.push((format!("warning {id}"), one.to_string()));
            } else {
                assert_eq!(
                    one["code"], "warning.not_found",
                    "not revealed as forbidden"
                );
            }
        }
    }
    seen_text.push(("warnings".into(), warnings.to_string()));
    // Incidents: an incident's cases are only those the reader may see.
    let (status, incidents) = t.get("/api/v1/incidents", Some(&token)).await;
    assert_eq!(status, 200, "{user}: incidents {incidents}");
    for i in incidents["items"].as_array().unwrap() {
        for c in cases {
            assert_eq!(
                i["case_ids"].as_array().unwrap().contains(&json!(c.id)),
                sees(standing, c.kind),
                "{user} ({standing:?}) × {:?}: incident cases",
                c.kind
            );
        }
        let (_, one) = t
            .get(&format!("/api/v1/incidents/{}", i["id"]), Some(&token))
            .await;
        assert_eq!(one["case_ids"], i["case_ids"], "{user}: incident page");
        // The incident's page links exactly the cases the reader may see.
        let (status, page) = get(t, &cookie, &format!("/incidents/{}", i["id"])).await;
        assert_eq!(status, 200, "{user}: incident page {}", i["id"]);
        for c in cases {
            assert_eq!(
                page.contains(&format!("href=\"/cases/{}\"", c.id)),
                sees(standing, c.kind),
                "{user} ({standing:?}) × {:?}: incident page links",
                c.kind
            );
        }
        seen_text.push(("incident page".into(), page));
    }
    seen_text.push(("incidents".into(), incidents.to_string()));
    let (status, page) = get(t, &cookie, "/incidents").await;
    assert_eq!(status, 200, "{user}: incidents page");
    seen_text.push(("incidents page".into(), page));
    // The list behind the incident reports' statistics (filtered by period and the standing
    // of the reports): the same incidents, their cases only as the reader may see them.
    for q in [
        "report=owed&from=2026-06-30&to=2026-06-30",
        "report=pending",
    ] {
        let (status, filtered) = t.get(&format!("/api/v1/incidents?{q}"), Some(&token)).await;
        assert_eq!(status, 200, "{user}: incidents ?{q} {filtered}");
        for i in filtered["items"].as_array().unwrap() {
            let all = incidents["items"].as_array().unwrap();
            let same = all.iter().find(|x| x["id"] == i["id"]);
            assert_eq!(
                same.map(|x| &x["case_ids"]),
                Some(&i["case_ids"]),
                "{user} ({standing:?}): incidents ?{q}"
            );
        }
        if q.starts_with("report=owed") {
            // The one incident occurred that day and owes reports: the same list.
            assert_eq!(ids(&filtered), ids(&incidents), "{user}: incidents ?{q}");
        }
        seen_text.push((format!("incidents ?{q}"), filtered.to_string()));
        let (status, page) = get(t, &cookie, &format!("/incidents?{q}")).await;
        assert_eq!(status, 200, "{user}: incidents page ?{q}");
        seen_text.push((format!("incidents page ?{q}"), page));
    }
    let res = t
        .client
        .get(t.url("/incidents.xlsx"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{user}: incidents workbook");
    seen_text.push((
        "incidents workbook".into(),
        xlsx_text(&res.bytes().await.unwrap()),
    ));
}
