//! The sweep's work lists and registers: worklists, batch pages, saved views, 带案下访,
//! 矛盾纠纷排查, 信访人档案 and prohibited conduct.

use super::*;

use super::sweep::Reader;

/// Worklists, the list by 承办人, batch pages, 我的视图, 带案下访, 矛盾纠纷排查, 信访人档案 and prohibited conduct.
pub(super) async fn worklists_and_registers(r: &Reader<'_>, seen_text: &mut Vec<(String, String)>) {
    let (t, standing, user, cases) = (r.t, r.standing, r.user, r.cases);
    let token = r.token.clone();
    let cookie = r.cookie.clone();
    let all = r.all.clone();
    // The API's worklists (counts and every list) and its export.
    // The list by 承办人: no case of the matrix is allotted, so "not yet allotted" is the
    // whole list, no more.
    let unallotted = t.list(&token, "handler=none&per_page=200").await;
    assert_eq!(ids(&unallotted), ids(&all), "{user}: handler=none");
    let (status, lists) = t.get("/api/v1/worklists", Some(&token)).await;
    assert_eq!(status, 200, "{user}: worklists");
    for q in lists["worklists"].as_array().unwrap() {
        let queue = q["queue"].as_str().unwrap();
        let (status, v) = t
            .get(
                &format!("/api/v1/worklists/{queue}?per_page=200"),
                Some(&token),
            )
            .await;
        assert_eq!(status, 200, "{user}: worklist {queue}");
        // A count is the length of the list it names: no hidden case is counted.
        assert_eq!(q["count"], v["total"], "{user}: worklist {queue} count");
        seen_text.push((format!("worklist {queue}"), v.to_string()));
    }
    seen_text.push(("worklist counts".into(), lists.to_string()));
    let res = huiyin_testkit::pages::client()
        .get(t.url("/api/v1/cases/export.xlsx?per_page=200"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{user}: API export");
    seen_text.push(("API export".into(), xlsx_text(&res.bytes().await.unwrap())));
    let (_, earlier) = get(
        t,
        &cookie,
        &format!(
            "/register/earlier?p0_name={}&p0_id={ID}&concerned_unit_id={}&category=fees",
            enc(NAME),
            t.units.county
        ),
    )
    .await;
    for c in cases {
        if sees(standing, c.kind) && user != "city_supervisor" {
            assert!(
                earlier.contains(&c.number),
                "{user}: earlier cases show {:?}",
                c.kind
            );
        }
    }
    seen_text.push(("earlier cases".into(), earlier));
    // The batch page answers for every ticked id (收回 finds no handler on any of them, so
    // nothing changes): a case out of sight is only "not found".
    let (_, list_page) = get(t, &cookie, "/cases").await;
    if list_page.contains("action=\"/cases/batch\"") {
        let csrf = huiyin_testkit::pages::csrf_of(&list_page);
        let ids: Vec<String> = cases.iter().map(|c| c.id.to_string()).collect();
        let mut pairs = vec![("_csrf", csrf.as_str()), ("op", "take_back")];
        pairs.extend(ids.iter().map(|id| ("ids", id.as_str())));
        let (status, batch) = huiyin_testkit::pages::post(t, &cookie, "/cases/batch", &pairs).await;
        assert_eq!(status, 200, "{user}: batch");
        assert_eq!(
            batch.matches("data-ok=\"true\"").count(),
            0,
            "{user}: nothing to take back"
        );
        seen_text.push(("batch answer".into(), batch));
    }
    // Batch export and print of ticked ids (every case's id, as a forged form would send them):
    // exactly the cases the reader may open, a row and a sheet (its latest notice) each;
    // nothing of the others.
    let csrf = huiyin_testkit::pages::csrf_of(&list_page);
    let ids: Vec<String> = cases.iter().map(|c| c.id.to_string()).collect();
    let mut pairs = vec![("_csrf", csrf.as_str())];
    pairs.extend(ids.iter().map(|id| ("ids", id.as_str())));
    let res =
        huiyin_testkit::pages::post_form(t, &cookie, "/cases/batch/export.xlsx", &pairs).await;
    assert_eq!(res.status(), 200, "{user}: batch export");
    let picked = xlsx_text(&res.bytes().await.unwrap());
    let (status, printed) =
        huiyin_testkit::pages::post(t, &cookie, "/cases/batch/print", &pairs).await;
    assert_eq!(status, 200, "{user}: batch print");
    for c in cases {
        let may = sees(standing, c.kind);
        assert_eq!(
            picked.contains(&c.number),
            may,
            "{user}: batch export {:?}",
            c.kind
        );
        assert_eq!(
            printed.contains(&format!("data-case=\"{}\"", c.id)),
            may,
            "{user}: batch print {:?}",
            c.kind
        );
        // Each case printed is its latest notice, the 意见书 (its text names the case's word).
        assert_eq!(
            printed.contains(&format!("data-case=\"{}\" data-notice=\"opinion\"", c.id)),
            may,
            "{user}: batch print of the opinion {:?}",
            c.kind
        );
    }
    seen_text.push(("batch export".into(), picked));
    seen_text.push(("batch print".into(), printed));
    // 我的视图: a saved view searching the accusation's word is the same list, under the
    // reader's own visibility; nobody else reaches the view (404).
    let acc_word = word(CaseKind::Accusation);
    let (status, view) = t
        .post_json(
            "/api/v1/saved-views",
            Some(&token),
            &json!({"name": "矩阵视图", "query": format!("q={}&per_page=100", enc(acc_word))}),
        )
        .await;
    assert_eq!(status, 201, "{user}: save a view {view}");
    let (_, viewed) = get(
        t,
        &cookie,
        &format!("/cases?{}", view["query"].as_str().unwrap()),
    )
    .await;
    for c in cases.iter().filter(|c| c.kind == CaseKind::Accusation) {
        assert_eq!(
            viewed.contains(&c.number),
            sees(standing, c.kind),
            "{user}: saved view"
        );
    }
    seen_text.push(("saved view".into(), viewed.replace(acc_word, "")));
    let other = t
        .token(if user == "sibling" { "city" } else { "sibling" })
        .await;
    let path = format!("/api/v1/saved-views/{}", view["id"]);
    for token in [&other, &token] {
        let res = huiyin_testkit::pages::client()
            .delete(t.url(&path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let want = if *token == other { 404 } else { 204 };
        assert_eq!(res.status().as_u16(), want, "{user}: delete a view");
    }
    // 带案下访: a visit to the county lists only the cases the reader may open.
    let (status, visits) = t.get("/api/v1/field-visits", Some(&token)).await;
    if status == 200 {
        for v in visits["items"].as_array().unwrap() {
            for linked in v["cases"].as_array().unwrap() {
                let c = cases.iter().find(|c| linked["id"] == c.id).unwrap();
                assert!(
                    sees(standing, c.kind),
                    "{user}: field visit names {:?}",
                    c.kind
                );
            }
        }
        if !cases.iter().all(|c| sees(standing, c.kind)) {
            assert_eq!(visits["total"], 0, "{user}: field visits {visits}");
        }
        seen_text.push(("field visits".into(), visits.to_string()));
    }
    // 矛盾纠纷排查: an entry linked to a case out of the reader's sight is not there at all —
    // not in the list, its count, its workbook or by its id.
    let (status, risks) = t.get("/api/v1/risks", Some(&token)).await;
    if status == 200 {
        for r in risks["items"].as_array().unwrap() {
            for linked in r["cases"].as_array().unwrap() {
                let c = cases.iter().find(|c| linked["id"] == c.id).unwrap();
                assert!(sees(standing, c.kind), "{user}: risk names {:?}", c.kind);
            }
            let (_, one) = t
                .get(&format!("/api/v1/risks/{}", r["id"]), Some(&token))
                .await;
            seen_text.push(("risk".into(), one.to_string()));
            let (_, page) = get(t, &cookie, &format!("/risks/{}", r["id"])).await;
            seen_text.push(("risk page".into(), page));
        }
        if !cases.iter().all(|c| sees(standing, c.kind)) {
            assert_eq!(risks["total"], 0, "{user}: risks {risks}");
        }
        seen_text.push(("risks".into(), risks.to_string()));
        let (_, page) = get(t, &cookie, "/risks").await;
        seen_text.push(("risks page".into(), page));
        // A campaign's report counts only the entries the reader may see.
        let (_, campaigns) = t.get("/api/v1/risk-campaigns", Some(&token)).await;
        for k in campaigns["items"].as_array().unwrap() {
            let (_, report) = t
                .get(&format!("/api/v1/risk-campaigns/{}", k["id"]), Some(&token))
                .await;
            assert_eq!(
                report["total"]["found"], risks["total"],
                "{user}: campaign report"
            );
            seen_text.push(("campaign report".into(), report.to_string()));
            let (_, page) = get(t, &cookie, &format!("/risks/campaigns/{}", k["id"])).await;
            seen_text.push(("campaign page".into(), page));
        }
        let res = t
            .client
            .get(t.url("/api/v1/risks?format=xlsx"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        seen_text.push((
            "risks workbook".into(),
            xlsx_text(&res.bytes().await.unwrap()),
        ));
    } else {
        assert_eq!(status, 403, "{user}: risks {risks}");
    }
    // 信访人档案: one petitioner on every case. A lookup by the ID number finds the person only
    // with a case in sight and counts only those; the file opened from a case's record exists
    // only for a reader who may open that case and lists exactly the cases the reader may open.
    let visible = r.visible_ids();
    let (status, found) = t
        .get(&format!("/api/v1/persons?id_number={ID}"), Some(&token))
        .await;
    if status == 200 {
        let total = i64::from(!visible.is_empty());
        assert_eq!(found["total"], total, "{user}: person lookup {found}");
        if total == 1 {
            assert_eq!(found["items"][0]["cases"], visible.len(), "{user}: {found}");
        }
        seen_text.push(("person lookup".into(), found.to_string()));
        let (_, page) = get(t, &cookie, &format!("/persons?id_number={ID}")).await;
        seen_text.push(("persons page".into(), page));
        let (_, page) = get(t, &cookie, "/persons?min_cases=1").await;
        seen_text.push(("persons page (all)".into(), page));
        let res = t
            .client
            .get(t.url("/api/v1/persons?format=xlsx&min_cases=1"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        seen_text.push((
            "persons workbook".into(),
            xlsx_text(&res.bytes().await.unwrap()),
        ));
    } else {
        assert_eq!(status, 403, "{user}: persons {found}");
    }
    // Prohibited conduct (Art. 26): the register and each record hold exactly the records about
    // the cases in sight.
    let (status, conduct) = t.get("/api/v1/conduct?from=2026-01-01", Some(&token)).await;
    if status == 200 {
        assert_eq!(conduct["total"], visible.len(), "{user}: conduct {conduct}");
        seen_text.push(("conduct register".into(), conduct.to_string()));
        let (_, page) = get(t, &cookie, "/conduct?from=2026-01-01").await;
        seen_text.push(("conduct page".into(), page));
        let res = t
            .client
            .get(t.url("/api/v1/conduct?format=xlsx&from=2026-01-01"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        seen_text.push((
            "conduct workbook".into(),
            xlsx_text(&res.bytes().await.unwrap()),
        ));
    } else {
        assert_eq!(status, 403, "{user}: conduct {conduct}");
    }
    let (_, every) = t
        .get(
            "/api/v1/conduct?from=2026-01-01",
            Some(&t.token("province").await),
        )
        .await;
    for k in every["items"].as_array().unwrap() {
        let c = cases.iter().find(|c| k["case_id"] == c.id).unwrap();
        let (status, one) = t
            .get(&format!("/api/v1/conduct/{}", k["id"]), Some(&token))
            .await;
        if sees(standing, c.kind) && status != 403 {
            assert_eq!(status, 200, "{user}: conduct {one}");
        } else if !sees(standing, c.kind) {
            assert_eq!(status, 404, "{user}: conduct {:?} {one}", c.kind);
        }
        seen_text.push((format!("conduct {:?}", c.kind), one.to_string()));
    }
}
