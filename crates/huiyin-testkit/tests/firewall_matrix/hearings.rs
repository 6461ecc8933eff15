//! 信访听证 through the firewall.

use super::*;

/// 信访听证 (issue 15 item 5): a hearing on each case of the matrix (at its handling unit, its
/// place naming the case's word) exists for exactly the readers who may open the case — the API
/// list, each hearing, a case's hearings (API and page), the list page, each hearing's page and
/// the workbook.
#[tokio::test]
async fn hearings_exist_only_for_those_who_may_open_their_case() {
    let t = spawn_app().await;
    let cases = seed(&t).await;
    let province = t.token("province").await;
    // By the end of the seed every case has its opinion issued, past the states a hearing is
    // scheduled in (checked in api_hearings); the hearings are written as the use case writes
    // them, at the case's handling unit, for the read paths to be swept.
    let mut hearings = Vec::new();
    for c in &cases {
        let (_, v) = t.case(&province, c.id).await;
        let hearing = huiyin_core::hearing::NewHearing {
            on: huiyin_core::Date::parse("2026-07-10").unwrap(),
            place: format!("{}听证室", word(c.kind)),
            public: false,
            officers: vec![huiyin_core::hearing::Officer {
                role: huiyin_core::hearing::OfficerRole::Presiding,
                name: "省厅主持人".into(),
                unit: None,
            }],
            participants: vec![huiyin_core::hearing::Participant {
                role: huiyin_core::hearing::ParticipantRole::Petitioner,
                name: NAME.into(),
                unit: None,
            }],
        };
        let audit = test_audit("hearing.schedule");
        let hid = t
            .app
            .store_for_tests()
            .insert_hearing(
                (c.id, v["handling_unit_id"].as_i64().unwrap()),
                &hearing,
                (t.app.authenticate(&province).await.unwrap().id, 0),
                &audit,
            )
            .await
            .unwrap();
        hearings.push((c, hid));
    }
    let mut swept = 0;
    for (standing, _) in MATRIX {
        for user in users(*standing) {
            let token = t.token(user).await;
            let cookie = sign_in(&t, user).await;
            let mut seen_text: Vec<(String, String)> = Vec::new();
            let (status, list) = t.get("/api/v1/hearings", Some(&token)).await;
            assert_eq!(status, 200, "{user}: hearings {list}");
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
            // The list holds the hearings at units of one's scope: never one on a case out of
            // sight; from above (the city, the province) every one in sight.
            assert!(
                listed.iter().all(|id| expected.contains(id)),
                "{user} ({standing:?}): hearings listed {listed:?}, in sight {expected:?}"
            );
            if matches!(standing, Standing::Above | Standing::Top) {
                assert_eq!(listed, expected, "{user} ({standing:?}): hearings listed");
            }
            seen_text.push(("hearings".into(), list.to_string()));
            for (c, hid) in &hearings {
                let expect = sees(*standing, c.kind);
                let who = format!("{user} ({standing:?}) × {:?}", c.kind);
                let (status, one) = t
                    .get(&format!("/api/v1/hearings/{hid}"), Some(&token))
                    .await;
                assert_eq!(status == 200, expect, "{who}: hearing {status} {one}");
                if !expect {
                    assert_eq!(
                        (status, one["code"].as_str()),
                        (404, Some("hearing.not_found"))
                    );
                }
                seen_text.push((format!("hearing {:?}", c.kind), one.to_string()));
                let (status, page) = get(&t, &cookie, &format!("/hearings/{hid}")).await;
                assert_eq!(status == 200, expect, "{who}: hearing page {status}");
                seen_text.push((format!("hearing page {:?}", c.kind), page));
                let (status, of_case) = t
                    .get(&format!("/api/v1/cases/{}/hearings", c.id), Some(&token))
                    .await;
                assert_eq!(status == 200, expect, "{who}: case hearings {status}");
                seen_text.push((format!("case hearings {:?}", c.kind), of_case.to_string()));
                let (status, page) = get(&t, &cookie, &format!("/cases/{}/hearings", c.id)).await;
                assert_eq!(status == 200, expect, "{who}: case hearings page {status}");
                seen_text.push((format!("case hearings page {:?}", c.kind), page));
            }
            let (_, page) = get(&t, &cookie, "/hearings").await;
            seen_text.push(("hearings page".into(), page));
            let res = t
                .client
                .get(t.url("/api/v1/hearings?format=xlsx"))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{user}: hearings workbook");
            seen_text.push((
                "hearings workbook".into(),
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
