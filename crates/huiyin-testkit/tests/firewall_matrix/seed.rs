//! The matrix's seeded cases.

use super::*;

/// The matrix's setting: four cases about the county, one petitioner, registered by the
/// county's own registrar; accusations forwarded to the city; one reclassified by the city.
pub(super) async fn seed(t: &TestApp) -> Vec<Seeded> {
    let registrar = t.token("registrar").await;
    let city = t.token("city").await;
    let mut out = Vec::new();
    for kind in CaseKind::ALL {
        let mut body = letter(t.units.county, "2026-06-20");
        body["petition_type"] = json!(match kind {
            CaseKind::Suggestion => "suggestion",
            CaseKind::Appeal => "appeal",
            CaseKind::Accusation | CaseKind::FormerAccusation => "accusation",
        });
        body["title"] = json!(format!("反映{}问题", word(kind)));
        // "曝光" raises a `sensitive` warning on every case (the warnings row of the matrix).
        body["content"] = json!(format!(
            "关于区教育局{}的情况，请核查，否则向媒体曝光。",
            word(kind)
        ));
        body["petitioners"] = json!([{"name": NAME, "id_number": ID, "phone": PHONE}]);
        let v = t.register(&registrar, &body).await;
        let id = v["id"].as_i64().unwrap();
        if matches!(kind, CaseKind::Accusation | CaseKind::FormerAccusation) {
            // The accused county's office may not keep it, nor send it down.
            for refused in [
                json!({"action": "accept"}),
                json!({"action": "forward", "to_unit_id": t.units.school}),
            ] {
                let (status, e) = t.act(&registrar, id, refused.clone()).await;
                assert_eq!(status, 409, "{refused}: {e}");
                assert_eq!(e["code"], "case.forward_to_accused");
            }
            t.act_ok(
                &registrar,
                id,
                json!({"action": "forward", "to_unit_id": t.units.city}),
            )
            .await;
        }
        if kind == CaseKind::FormerAccusation {
            let (status, e) = t
                .act(
                    &city,
                    id,
                    json!({"action": "classify", "petition_type": "appeal"}),
                )
                .await;
            assert_eq!(status, 422, "a reason is needed: {e}");
            let v = t
                .act_ok(
                    &city,
                    id,
                    json!({"action": "classify", "petition_type": "appeal", "reason": "实为个人诉求"}),
                )
                .await;
            assert_eq!(v["petition_type"], "appeal");
            assert!(
                v["flags"]
                    .as_array()
                    .unwrap()
                    .contains(&json!("whistleblower"))
            );
            // Classify-then-assign does not hand it to the accused county.
            let (status, e) = t
                .act(
                    &city,
                    id,
                    json!({"action": "assign", "to_unit_id": t.units.county}),
                )
                .await;
            assert_eq!(status, 409, "{e}");
            assert_eq!(e["code"], "case.forward_to_accused");
        }
        // A 督办 on every case from the province, its grounds naming the case's word.
        let (status, order) = t
            .post_json(
                &format!("/api/v1/cases/{id}/supervisions"),
                Some(&t.token("province").await),
                &json!({"kind": "supervise", "due_on": "2026-07-10", "reason": format!("请核查{}并反馈", word(kind))}),
            )
            .await;
        assert_eq!(status, 201, "{order}");
        // Leaders' lists: the province takes every case (包案); a case is put before a leader
        // of its handling unit (呈阅) — never before the accused county's leader, who may not
        // know an accusation exists.
        let province = t.token("province").await;
        let province_id = t.app.authenticate(&province).await.unwrap().id;
        t.act_ok(
            &province,
            id,
            json!({"action": "own", "leader_user_id": province_id}),
        )
        .await;
        let county_leader = t
            .app
            .authenticate(&t.token("leader").await)
            .await
            .unwrap()
            .id;
        let before_county =
            json!({"action": "submit_for_instruction", "leader_user_id": county_leader});
        if matches!(kind, CaseKind::Accusation | CaseKind::FormerAccusation) {
            let (status, e) = t.act(&city, id, before_county).await;
            assert_eq!(status, 422, "{e}");
            assert!(e["fields"]["leader_user_id"].is_string(), "{e}");
            // Nor is the accused county named to handle it in a leader's instruction.
            let (status, e) = t
                .act(
                    &city,
                    id,
                    json!({"action": "instruct", "instruction": "请核查", "to_unit_id": t.units.county}),
                )
                .await;
            assert_eq!(status, 409, "{e}");
            assert_eq!(e["code"], "case.forward_to_accused");
            let city_id = t.app.authenticate(&city).await.unwrap().id;
            t.act_ok(
                &city,
                id,
                json!({"action": "submit_for_instruction", "leader_user_id": city_id}),
            )
            .await;
        } else {
            t.act_ok(&registrar, id, before_county).await;
        }
        out.push(Seeded {
            kind,
            id,
            number: v["number"].as_str().unwrap().to_owned(),
        });
    }
    // An incident at the accused county naming every case, recorded by the province.
    let (status, incident) = t
        .post_json(
            "/api/v1/incidents",
            Some(&t.token("province").await),
            &json!({"title": "区教育局门口聚集", "level": "general", "unit_id": t.units.county,
                    "occurred_at": "2026-06-30 09:00", "description": "多名群众聚集反映问题",
                    "case_ids": out.iter().map(|c| c.id).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(status, 201, "{incident}");
    assert_eq!(incident["case_ids"].as_array().unwrap().len(), out.len());
    // A 责任追究 about the accused county, linking every case, recorded by the province.
    let (status, record) = t
        .post_json(
            "/api/v1/accountability",
            Some(&t.token("province").await),
            &json!({"unit_id": t.units.county, "grounds": ["shirking_or_overdue"], "measure": "circular",
                    "on": "2026-06-30", "description": "多件信访事项办理拖延，予以通报",
                    "case_ids": out.iter().map(|c| c.id).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(status, 201, "{record}");
    // And one about the school inside the county, linked to the same cases: the county's own
    // leader reads records about the school, but never this one (its accusations are hidden
    // from the county).
    let (status, record) = t
        .post_json(
            "/api/v1/accountability",
            Some(&t.token("province").await),
            &json!({"unit_id": t.units.school, "grounds": ["report_leaked"], "measure": "interview",
                    "on": "2026-06-30", "description": "泄露举报材料，约谈",
                    "case_ids": out.iter().map(|c| c.id).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(status, 201, "{record}");
    // A 带案下访 to the accused county with every case, by the province's leader.
    let province = t.token("province").await;
    let province_id = t.app.authenticate(&province).await.unwrap().id;
    let (status, visit) = t
        .post_json(
            "/api/v1/field-visits",
            Some(&province),
            &json!({"leader_user_id": province_id, "unit_id": t.units.county, "on": "2026-06-30",
                    "place": "区教育局", "outcome": "带案下访，当面答复",
                    "case_ids": out.iter().map(|c| c.id).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(status, 201, "{visit}");
    // A 矛盾纠纷排查 entry at the accused county linking every case, by the province, found in
    // the province's campaign.
    let (status, campaign) = t
        .post_json(
            "/api/v1/risk-campaigns",
            Some(&province),
            &json!({"name": "全省集中排查", "kind": "concentrated", "unit_id": t.units.province,
                    "from": "2026-06-01", "to": "2026-07-31"}),
        )
        .await;
    assert_eq!(status, 201, "{campaign}");
    let (status, risk) = t
        .post_json(
            "/api/v1/risks",
            Some(&province),
            &json!({"title": "区教育局多件信访事项存在集体访苗头", "unit_id": t.units.county,
                    "level": "orange", "owner_user_id": province_id, "due_on": "2026-07-15",
                    "description": "排查发现多件事项反映集中", "source": "集中排查",
                    "campaign_id": campaign["id"],
                    "case_ids": out.iter().map(|c| c.id).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(status, 201, "{risk}");
    // Each case decided in the petitioner's favour by its handling unit: a 落实 task on each.
    for c in &out {
        let unit = if matches!(c.kind, CaseKind::Accusation | CaseKind::FormerAccusation) {
            t.token("city").await
        } else {
            t.token("county").await
        };
        t.act_ok(&unit, c.id, json!({"action": "accept"})).await;
        t.act_ok(
            &unit,
            c.id,
            json!({"action": "issue_opinion", "outcome": "supported",
                   "opinion": format!("经核实，{}问题属实，予以支持。", word(c.kind)), "basis": "《信访工作条例》第三十二条"}),
        )
        .await;
    }
    // One matter file of every case, by the province, the accusation merged into the
    // suggestion as its duplicate (并单).
    let (status, matter) = t
        .post_json(
            "/api/v1/matters",
            Some(&province),
            &json!({"case_ids": out.iter().map(|c| c.id).collect::<Vec<_>>()}),
        )
        .await;
    assert_eq!(status, 201, "{matter}");
    let (status, merged) = t
        .post_json(
            &format!("/api/v1/matters/{}/duplicates", matter["id"]),
            Some(&province),
            &json!({"case_id": out[2].id, "main_case_id": out[0].id,
                    "reason": format!("{}与{}系同一事项", word(out[2].kind), word(out[0].kind))}),
        )
        .await;
    assert_eq!(status, 200, "{merged}");
    // A 联合接访 session hosted by the accused county with the city, every case taken there.
    let (status, session) = t
        .post_json(
            "/api/v1/joint-receptions",
            Some(&province),
            &json!({"on": "2026-06-25", "place": "区信访接待中心", "host_unit_id": t.units.county,
                    "unit_ids": [t.units.city], "on_duty": ["王局长"]}),
        )
        .await;
    assert_eq!(status, 201, "{session}");
    for c in &out {
        let path = format!("/api/v1/joint-receptions/{}/cases", session["id"]);
        let (status, linked) = t
            .post_json(&path, Some(&province), &json!({"case_id": c.id}))
            .await;
        assert_eq!(status, 200, "{linked}");
    }
    // Prohibited conduct (Art. 26) at the accused county's reception site about each case's
    // petitioner record, its account naming the case's word, recorded by the province.
    for c in &out {
        let (_, persons) = t
            .get(&format!("/api/v1/cases/{}/persons", c.id), Some(&province))
            .await;
        let (status, conduct) = t
            .post_json(
                "/api/v1/conduct",
                Some(&province),
                &json!({"petitioner_id": persons["items"][0]["petitioner_id"], "unit_id": t.units.county,
                        "on": "2026-06-30", "place": "区教育局信访接待大厅", "kinds": ["staying_at_site"],
                        "description": format!("为{}问题在接待大厅滞留", word(c.kind)),
                        "measures": "劝阻", "police_referred": false}),
            )
            .await;
        assert_eq!(status, 201, "{conduct}");
    }
    out
}
