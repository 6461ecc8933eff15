//! Scope-wide lists with one row per case: 协办任务 and the 回避 register.

use super::*;

/// Sweeps a scope-wide list with one row per seeded case (`api`, its page `page` and its
/// workbook `api?format=xlsx`) as every standing: it names only cases the user may open, its
/// total counts only those, from above it names every case in sight, and none of the texts
/// carries an unseen case's number or word.
async fn sweep_case_rows(t: &TestApp, cases: &[Seeded], (api, page, what): (&str, &str, &str)) {
    let mut swept = 0;
    for (standing, _) in MATRIX {
        for user in users(*standing) {
            let token = t.token(user).await;
            let cookie = sign_in(t, user).await;
            let mut seen_text: Vec<(String, String)> = Vec::new();
            let (status, list) = t.get(api, Some(&token)).await;
            assert_eq!(status, 200, "{user}: {what} {list}");
            let mut listed: Vec<i64> = list["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["case_id"].as_i64().unwrap())
                .collect();
            listed.sort_unstable();
            let mut expected: Vec<i64> = cases
                .iter()
                .filter(|c| sees(*standing, c.kind))
                .map(|c| c.id)
                .collect();
            expected.sort_unstable();
            assert!(
                listed.iter().all(|id| expected.contains(id)),
                "{user} ({standing:?}): {what} listed {listed:?}, in sight {expected:?}"
            );
            assert_eq!(
                list["total"].as_i64().unwrap(),
                i64::try_from(listed.len()).unwrap(),
                "{user} ({standing:?}): the total counts only {what} in sight"
            );
            if matches!(standing, Standing::Above | Standing::Top) {
                assert_eq!(listed, expected, "{user} ({standing:?}): {what} listed");
            }
            seen_text.push((what.into(), list.to_string()));
            let (status, html) = get(t, &cookie, page).await;
            assert_eq!(status, 200, "{user}: {what} page");
            seen_text.push((format!("{what} page"), html));
            let res = t
                .client
                .get(t.url(&format!("{api}?format=xlsx")))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{user}: {what} workbook");
            seen_text.push((
                format!("{what} workbook"),
                xlsx_text(&res.bytes().await.unwrap()),
            ));
            for c in cases.iter().filter(|c| !sees(*standing, c.kind)) {
                for (path, text) in &seen_text {
                    assert!(
                        !text.contains(&c.number) && !text.contains(word(c.kind)),
                        "{user} ({standing:?}) meets the {:?} case in the {path}",
                        c.kind
                    );
                }
            }
            swept += 1;
        }
    }
    assert_eq!(swept, 11);
}

/// 协办任务 (`GET /api/v1/co-handlings`, the page `/co-handlings` and the workbook): a part
/// exists in a list only for those who may open its case. The parts are written as the store
/// writes them — on the accusations at the school inside the accused county (which the use case
/// refuses: so the list's own firewall, not the rule against such a part, is what is tested),
/// on the other cases at their handling unit (no one's sight changes).
#[tokio::test]
async fn co_handling_tasks_exist_only_for_those_who_may_open_their_case() {
    let t = spawn_app().await;
    let cases = seed(&t).await;
    let province = t.token("province").await;
    let by = t.app.authenticate(&province).await.unwrap().id;
    for c in &cases {
        let (_, v) = t.case(&province, c.id).await;
        let unit_id = if matches!(c.kind, CaseKind::Accusation | CaseKind::FormerAccusation) {
            t.units.school
        } else {
            v["handling_unit_id"].as_i64().unwrap()
        };
        let part = huiyin_core::co_handling::NewCoHandling {
            unit_id,
            task: format!("协助核实{}情况", word(c.kind)),
            due_on: huiyin_core::Date::parse("2026-07-10").unwrap(),
        };
        t.app
            .store_for_tests()
            .insert_co_handling(
                c.id,
                &part,
                &v["title"].to_string(),
                (by, 0),
                &test_audit("co_handling.add"),
            )
            .await
            .unwrap()
            .unwrap();
    }
    sweep_case_rows(
        &t,
        &cases,
        ("/api/v1/co-handlings", "/co-handlings", "co-handling tasks"),
    )
    .await;
}

/// 回避 register (`GET /api/v1/recusals`, the page `/recusals` and the workbook): a recusal
/// exists in the register only for those who may open its case. One recusal on every case (of
/// a school handler, no standing of the matrix), its reason naming the case's word.
#[tokio::test]
async fn recusals_exist_in_the_register_only_for_those_who_may_open_their_case() {
    let t = spawn_app().await;
    let cases = seed(&t).await;
    let province = t.token("province").await;
    let by = t.app.authenticate(&province).await.unwrap().id;
    let recused = t
        .app
        .authenticate(&t.token("school_handler").await)
        .await
        .unwrap()
        .id;
    for c in &cases {
        t.app
            .store_for_tests()
            .insert_recusal(
                (c.id, recused),
                &format!("与{}问题有利害关系", word(c.kind)),
                (by, 0),
                &test_audit("case.recuse"),
            )
            .await
            .unwrap()
            .unwrap();
    }
    sweep_case_rows(
        &t,
        &cases,
        ("/api/v1/recusals", "/recusals", "recusal register"),
    )
    .await;
}
