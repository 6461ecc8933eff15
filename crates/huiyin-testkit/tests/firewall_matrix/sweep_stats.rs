//! The sweep's figures: scorecard, rates, 研判, breakdowns, 件件有着落, the annual report.

use super::*;

use super::sweep::Reader;

/// Scorecard drill-down, rates, 研判, breakdowns, 件件有着落 and the annual report.
pub(super) async fn figures_and_reports(r: &Reader<'_>, seen_text: &mut Vec<(String, String)>) {
    let (t, standing, user, cases) = (r.t, r.standing, r.user, r.cases);
    let token = r.token.clone();
    let cookie = r.cookie.clone();
    let all = r.all.clone();
    // Scorecard drill-down (考评): the cases behind a figure of the user's own body.
    let (status, behind) = t
        .get(
            "/api/v1/stats/rates/cases?kpi=repeat&part=denominator&per_page=200",
            Some(&token),
        )
        .await;
    assert_eq!(status, 200, "{user}: scorecard cases {behind}");
    let listed = ids(&behind);
    for c in cases {
        // Only cases held within the user's own body are behind its figures.
        if !listed.contains(&c.id) {
            continue;
        }
        assert!(
            sees(standing, c.kind),
            "{user} ({standing:?}) × {:?}: scorecard cases",
            c.kind
        );
    }
    seen_text.push(("scorecard cases".into(), behind.to_string()));
    // A rate's side is counted from the per-unit rollup less what the firewall hides: the
    // count agrees with the cases listed, and lists nothing the user may not see.
    let (status, behind) = t
        .get(
            "/api/v1/stats/rates/cases?kpi=timely_acceptance&part=denominator&per_page=200",
            Some(&token),
        )
        .await;
    assert_eq!(status, 200, "{user}: rate cases {behind}");
    let listed = ids(&behind);
    assert_eq!(
        behind["total"].as_u64(),
        Some(listed.len() as u64),
        "{user}: a rate's count and its cases"
    );
    for c in cases.iter().filter(|c| listed.contains(&c.id)) {
        assert!(
            sees(standing, c.kind),
            "{user} ({standing:?}) × {:?}: rate cases",
            c.kind
        );
    }
    seen_text.push(("rate cases".into(), behind.to_string()));
    // 研判 (analysis): its counts agree with its drill-down, which lists only what the user
    // may see; the page and the drill-down page name nothing else.
    let (status, figures) = t.get("/api/v1/analysis?weeks=4", Some(&token)).await;
    if status == 200 {
        let (from, to) = (
            figures["from"].as_str().unwrap(),
            figures["to"].as_str().unwrap(),
        );
        let (status, behind) = t
            .get(
                &format!("/api/v1/analysis/cases?from={from}&to={to}&per_page=200"),
                Some(&token),
            )
            .await;
        assert_eq!(status, 200, "{user}: analysis cases {behind}");
        assert_eq!(figures["total"], behind["total"], "{user}: analysis total");
        let listed = ids(&behind);
        for c in cases {
            if listed.contains(&c.id) {
                assert!(
                    sees(standing, c.kind),
                    "{user} ({standing:?}) × {:?}: analysis cases",
                    c.kind
                );
            }
        }
        seen_text.push(("analysis".into(), figures.to_string()));
        seen_text.push(("analysis cases".into(), behind.to_string()));
        let (_, page) = get(t, &cookie, "/analysis?weeks=4").await;
        seen_text.push(("analysis page".into(), page));
        let (_, page) = get(t, &cookie, &format!("/analysis/cases?from={from}&to={to}")).await;
        seen_text.push(("analysis cases page".into(), page));
    } else {
        assert_eq!(status, 403, "{user}: analysis {figures}");
    }
    // Statistics breakdowns (issue 16): every figure agrees with its drill-down, which lists
    // only what the user may see; the JSON names nothing else.
    for by in ["type", "unit", "outcome"] {
        let period = "from=2000-01-01&to=2030-12-31";
        let (status, figures) = t
            .get(
                &format!("/api/v1/stats/breakdown?by={by}&{period}"),
                Some(&token),
            )
            .await;
        if status != 200 {
            assert_eq!(status, 403, "{user}: breakdown {figures}");
            continue;
        }
        for item in figures["items"].as_array().unwrap() {
            let (_, behind) = t
                .get(
                    &format!(
                        "/api/v1/stats/breakdown/cases?by={by}&key={}&{period}&per_page=200",
                        item["key"].as_str().unwrap()
                    ),
                    Some(&token),
                )
                .await;
            assert_eq!(item["count"], behind["total"], "{user}: breakdown {by}");
            for c in cases {
                if ids(&behind).contains(&c.id) {
                    assert!(
                        sees(standing, c.kind),
                        "{user} ({standing:?}) × {:?}: breakdown cases",
                        c.kind
                    );
                }
            }
            seen_text.push(("breakdown cases".into(), behind.to_string()));
        }
        seen_text.push(("breakdown".into(), figures.to_string()));
        let (_, page) = get(t, &cookie, &format!("/stats/cases?by={by}&{period}")).await;
        seen_text.push(("stats cases page".into(), page));
        let (_, page) = get(t, &cookie, &format!("/stats?by={by}&{period}")).await;
        seen_text.push(("stats page".into(), page));
    }
    // 件件有着落: the report lists only cases the reader may see, and says so in its counts.
    let (status, landing) = t
        .get(
            "/api/v1/reports/landing?from=2026-01-01&to=2026-12-31&per_page=200",
            Some(&token),
        )
        .await;
    if status == 200 {
        for row in landing["items"].as_array().unwrap() {
            if let Some(c) = cases.iter().find(|c| row["id"] == c.id) {
                assert!(sees(standing, c.kind), "{user}: landing names {:?}", c.kind);
            }
        }
        assert_eq!(
            landing["total"], landing["items_total"],
            "{user}: landing total"
        );
        seen_text.push(("landing report".into(), landing.to_string()));
        let (_, page) = get(t, &cookie, "/reports/landing?from=2026-01-01&to=2026-12-31").await;
        seen_text.push(("landing page".into(), page));
    }
    // The annual report (Art. 41) in every form, and its staff page.
    let (status, report) = t
        .get("/api/v1/reports/annual?year=2026", Some(&token))
        .await;
    if status == 200 {
        // Its count is what the case list shows the same reader for the year.
        let listed = t
            .list(&token, "received_from=2026-01-01&received_to=2026-12-31")
            .await;
        assert_eq!(
            report["total"], listed["total"],
            "{user}: annual report total"
        );
        seen_text.push(("annual report".into(), report.to_string()));
        for format in ["html", "docx", "xlsx"] {
            let res = t
                .client
                .get(t.url(&format!("/api/v1/reports/annual?year=2026&format={format}")))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            let body = res.bytes().await.unwrap();
            let text = if format == "html" {
                String::from_utf8_lossy(&body).into_owned()
            } else {
                xlsx_text(&body)
            };
            seen_text.push((format!("annual report {format}"), text));
        }
        let (_, page) = get(t, &cookie, "/reports/annual?year=2026").await;
        seen_text.push(("annual report page".into(), page));
    } else {
        assert_eq!(status, 403, "{user}: annual report {report}");
    }
    for c in cases {
        let expect = sees(standing, c.kind);
        let who = format!("{user} ({standing:?}) × {:?}", c.kind);
        let (status, v) = t.case(&token, c.id).await;
        assert_eq!(status == 200, expect, "{who}: API case {status}");
        if expect {
            seen_text.push((format!("API case {:?}", c.kind), v.to_string()));
        } else {
            assert_eq!(status, 404, "{who}: not revealed as forbidden");
        }
        let (status, v) = t
            .get(&format!("/api/v1/cases/{}/timeline", c.id), Some(&token))
            .await;
        assert_eq!(status == 200, expect, "{who}: timeline {status}");
        seen_text.push((format!("timeline {:?}", c.kind), v.to_string()));
        let (status, page) = get(t, &cookie, &format!("/cases/{}", c.id)).await;
        assert_eq!(status == 200, expect, "{who}: case page {status}");
        // The case page carries the timeline and the petitioner's history panel.
        seen_text.push((format!("case page {:?}", c.kind), page));
        // 协办: a case's joint handling (API and page) exists only for those who may open it.
        let (status, v) = t
            .get(
                &format!("/api/v1/cases/{}/co-handlings", c.id),
                Some(&token),
            )
            .await;
        assert_eq!(status == 200, expect, "{who}: co-handlings {status}");
        seen_text.push((format!("co-handlings {:?}", c.kind), v.to_string()));
        let (status, page) = get(t, &cookie, &format!("/cases/{}/co-handlings", c.id)).await;
        assert_eq!(status == 200, expect, "{who}: co-handlings page {status}");
        seen_text.push((format!("co-handlings page {:?}", c.kind), page));
        // 回避: a case's recusals (API and page) exist only for those who may open it.
        let (status, v) = t
            .get(&format!("/api/v1/cases/{}/recusals", c.id), Some(&token))
            .await;
        assert_eq!(status == 200, expect, "{who}: recusals {status}");
        seen_text.push((format!("recusals {:?}", c.kind), v.to_string()));
        let (status, page) = get(t, &cookie, &format!("/cases/{}/recusals", c.id)).await;
        assert_eq!(status == 200, expect, "{who}: recusals page {status}");
        seen_text.push((format!("recusals page {:?}", c.kind), page));
        // Typical-case publication: leaders only (403 to others whatever the id), and a case
        // out of sight is 404 to a leader too.
        let (status, publication) = t
            .get(&format!("/api/v1/cases/{}/publication", c.id), Some(&token))
            .await;
        if !expect {
            assert!(
                status == 404 || status == 403,
                "{who}: publication {status}"
            );
        }
        seen_text.push((format!("publication {:?}", c.kind), publication.to_string()));
        let (status, notice) = get(t, &cookie, &format!("/cases/{}/notices/transfer", c.id)).await;
        if !expect {
            assert_eq!(status, 404, "{who}: notice");
        }
        seen_text.push((format!("notice {:?}", c.kind), notice));
        // The API's notices and attachments of the case.
        let (status, v) = t
            .get(&format!("/api/v1/cases/{}/notices", c.id), Some(&token))
            .await;
        assert_eq!(status == 200, expect, "{who}: API notices {status}");
        seen_text.push((format!("API notices {:?}", c.kind), v.to_string()));
        let (status, v) = t
            .get(
                &format!("/api/v1/cases/{}/notices/transfer", c.id),
                Some(&token),
            )
            .await;
        if !expect {
            assert_eq!(status, 404, "{who}: API notice");
        }
        seen_text.push((format!("API notice {:?}", c.kind), v.to_string()));
        // The notice as a Word document, from the page and from the API.
        for (path, by_token) in [
            (format!("/cases/{}/notices/transfer/docx", c.id), false),
            (
                format!("/api/v1/cases/{}/notices/transfer/docx", c.id),
                true,
            ),
        ] {
            let req = t.client.get(t.url(&path));
            let req = if by_token {
                req.bearer_auth(&token)
            } else {
                req.header("cookie", &cookie)
            };
            let res = req.send().await.unwrap();
            let status = res.status().as_u16();
            let bytes = res.bytes().await.unwrap();
            if !expect {
                assert_eq!(status, 404, "{who}: {path}");
            }
            seen_text.push((format!("{path} {:?}", c.kind), docx_text(&bytes)));
        }
        let (status, v) = t
            .get(&format!("/api/v1/cases/{}/attachments", c.id), Some(&token))
            .await;
        assert_eq!(status == 200, expect, "{who}: API attachments {status}");
        seen_text.push((format!("API attachments {:?}", c.kind), v.to_string()));
        assert_eq!(ids(&all).contains(&c.id), expect, "{who}: API list");
        let found = t
            .list(&token, &format!("q={}&per_page=200", enc(word(c.kind))))
            .await;
        assert_eq!(ids(&found).contains(&c.id), expect, "{who}: API search");
        seen_text.push((format!("API search {:?}", c.kind), found.to_string()));
        let by_name = t
            .list(&token, &format!("q={}&per_page=200", enc(NAME)))
            .await;
        if ids(&by_name).contains(&c.id) {
            assert!(expect, "{who}: found by the petitioner's name");
        }
        // The search box's lookups: by case number exactly what the matrix allows; by the
        // petitioner's ID number or phone never an accusation (a reporter is in no index).
        let by_number = t
            .list(&token, &format!("q={}&per_page=200", enc(&c.number)))
            .await;
        assert_eq!(ids(&by_number).contains(&c.id), expect, "{who}: by number");
        for (what, number) in [("ID number", ID), ("phone", PHONE)] {
            let by_key = t
                .list(&token, &format!("q={}&per_page=200", enc(number)))
                .await;
            let may =
                expect && !matches!(c.kind, CaseKind::Accusation | CaseKind::FormerAccusation);
            assert_eq!(ids(&by_key).contains(&c.id), may, "{who}: by {what}");
            seen_text.push((format!("search by {what} {:?}", c.kind), by_key.to_string()));
        }
        seen_text.push((
            format!("search by number {:?}", c.kind),
            by_number.to_string(),
        ));
        let (_, list_page) = get(t, &cookie, &format!("/cases?q={}", enc(word(c.kind)))).await;
        assert_eq!(list_page.contains(&c.number), expect, "{who}: list page");
        // The search box repeats the query: only the number counts on this page.
        seen_text.push((
            format!("list page {:?}", c.kind),
            list_page.replace(word(c.kind), ""),
        ));
    }
    let res = huiyin_testkit::pages::client()
        .get(t.url("/cases/export.xlsx"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    if res.status() == 200 {
        seen_text.push(("export".into(), xlsx_text(&res.bytes().await.unwrap())));
    }
}
