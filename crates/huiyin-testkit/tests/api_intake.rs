//! Intake checks: ID numbers, repeats, collective visits, skip-level petitions.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{letter, spawn_app};
use serde_json::json;

fn flags(v: &serde_json::Value) -> Vec<String> {
    v["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_bad_id_number_warns_but_registers() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut body = letter(t.units.school, "2026-06-01");
    body["petitioners"][0]["id_number"] = json!("110105194912310021");
    let case = t.register(&registrar, &body).await;
    let warnings = case["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["field"], "petitioners[0].id_number");
    assert_eq!(warnings[0]["code"], "id_number.check_digit");
}

#[tokio::test]
async fn repeats_are_flagged_and_linked_by_id_number_or_name_and_phone() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let first = t
        .register(&registrar, &letter(t.units.school, "2026-05-01"))
        .await;
    let first_id = first["id"].as_i64().unwrap();
    assert!(!flags(&first).contains(&"repeat".to_owned()));

    // Same ID number, same matter, another channel: a repeat.
    let mut by_id = letter(t.units.school, "2026-06-01");
    by_id["channel"] = json!("visit");
    by_id["petitioners"][0]["phone"] = json!("13900139000");
    let second = t.register(&registrar, &by_id).await;
    assert!(
        flags(&second).contains(&"repeat".to_owned()),
        "{}",
        second["flags"]
    );
    assert!(
        second["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["case_id"] == first_id && l["kind"] == "repeat")
    );

    // Same name and phone without ID number: a repeat too.
    let mut by_phone = letter(t.units.school, "2026-06-02");
    by_phone["petitioners"][0]["id_number"] = serde_json::Value::Null;
    let third = t.register(&registrar, &by_phone).await;
    assert!(flags(&third).contains(&"repeat".to_owned()));

    // Same person, another matter (another unit, other facts): not a repeat.
    let mut other_matter = letter(t.units.school2, "2026-06-03");
    other_matter["title"] = json!("反映第二中学校服定价过高");
    other_matter["content"] =
        json!("第二中学统一订购校服每套680元，明显高于市场价，要求公开招标过程。");
    other_matter["demands"] = json!("公开校服采购过程");
    let other = t.register(&registrar, &other_matter).await;
    assert!(!flags(&other).contains(&"repeat".to_owned()));
    // The same account sent to another unit is the same matter: a repeat (issue 10 item 9).
    let misaddressed = t
        .register(&registrar, &letter(t.units.school2, "2026-06-03"))
        .await;
    assert!(flags(&misaddressed).contains(&"repeat".to_owned()));
    // Another person about the same matter: not a repeat.
    let mut stranger = letter(t.units.school, "2026-06-03");
    stranger["petitioners"] = json!([{"name": "李娜", "phone": "13700137000"}]);
    let s = t.register(&registrar, &stranger).await;
    assert!(!flags(&s).contains(&"repeat".to_owned()));
    // The first case links back.
    let (_, first_again) = t.case(&registrar, first_id).await;
    assert!(first_again["links"].as_array().unwrap().len() >= 2);
}

#[tokio::test]
async fn the_registration_answer_is_the_case_as_stored() {
    // The answer is built from what was written, not read back: it must not differ.
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    t.register(&registrar, &letter(t.units.school, "2026-05-01"))
        .await;
    t.register(&registrar, &letter(t.units.school, "2026-05-02"))
        .await;
    let mut body = letter(t.units.school, "2026-06-01");
    body["petitioners"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "王芳", "phone": "13600136000", "address": "西湖区文三路1号"}));
    let mut answer = t.register(&registrar, &body).await;
    assert_eq!(answer["links"].as_array().unwrap().len(), 2, "{answer}");
    assert_eq!(answer["petitioners"].as_array().unwrap().len(), 2);
    answer.as_object_mut().unwrap().remove("warnings");
    let (status, stored) = t.case(&registrar, answer["id"].as_i64().unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(answer, stored);
}

#[tokio::test]
async fn five_people_make_a_collective_visit() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut four = letter(t.units.school, "2026-06-01");
    four["channel"] = json!("visit");
    four["people_count"] = json!(4);
    let c = t.register(&registrar, &four).await;
    assert!(!flags(&c).contains(&"collective".to_owned()));
    let mut many = four.clone();
    many["people_count"] = json!(30);
    many["petitioners"] = json!([
        {"name": "王芳", "representative": true}, {"name": "刘洋", "representative": true},
        {"name": "陈静", "representative": true}
    ]);
    let c = t.register(&registrar, &many).await;
    assert!(flags(&c).contains(&"collective".to_owned()));
    assert_eq!(c["people_count"], 30);
    // More than five representatives is refused (Art. 20).
    let reps: Vec<_> = (0..6)
        .map(|i| json!({"name": format!("代表{i}"), "representative": true}))
        .collect();
    many["petitioners"] = json!(reps);
    let (s, v) = t.post_json("/api/v1/cases", Some(&registrar), &many).await;
    assert_eq!((s, v["code"].as_str()), (422, Some("request.invalid")));
    // A visit by many without a representative is refused, with the rule (Art. 20 ¶3).
    many["petitioners"] = json!([{"name": "王芳"}, {"name": "刘洋"}]);
    let (s, v) = t.post_json("/api/v1/cases", Some(&registrar), &many).await;
    assert_eq!(s, 422, "{v}");
    let msg = v["fields"]["petitioners"].as_str().unwrap();
    assert!(msg.contains("代表") && msg.contains("第二十条"), "{msg}");
    // A letter signed by thirty is a joint letter: no representatives needed.
    many["channel"] = json!("joint_letter");
    let c = t.register(&registrar, &many).await;
    assert_eq!(c["channel"], "joint_letter");
    assert!(flags(&c).contains(&"collective".to_owned()));
    // Fewer people than petitioners listed is refused.
    let mut wrong = letter(t.units.school, "2026-06-01");
    wrong["people_count"] = json!(0);
    let (s, v) = t.post_json("/api/v1/cases", Some(&registrar), &wrong).await;
    assert_eq!(s, 422);
    assert!(v["fields"]["people_count"].is_string());
}

#[tokio::test]
async fn petitions_two_levels_up_are_skip_level() {
    let t = spawn_app().await;
    let province = t.token("province").await;
    let city = t.token("city").await;
    let county = t.token("county").await;
    let at_province = t
        .register(&province, &letter(t.units.school, "2026-06-01"))
        .await;
    assert!(flags(&at_province).contains(&"skip_level".to_owned()));
    let mut other = letter(t.units.school, "2026-06-01");
    other["petitioners"][0] = json!({"name": "赵磊"});
    let at_city = t.register(&city, &other).await;
    assert!(
        flags(&at_city).contains(&"skip_level".to_owned()),
        "city about a school skips the county"
    );
    other["petitioners"][0] = json!({"name": "孙丽"});
    let at_county = t.register(&county, &other).await;
    assert!(!flags(&at_county).contains(&"skip_level".to_owned()));
}

#[tokio::test]
async fn registering_needs_a_case_role() {
    let t = spawn_app().await;
    for user in ["auditor", "city_supervisor", "admin"] {
        let token = t.token(user).await;
        let (s, v) = t
            .post_json(
                "/api/v1/cases",
                Some(&token),
                &letter(t.units.school, "2026-06-01"),
            )
            .await;
        assert_eq!(s, 403, "{user}: {v}");
    }
}

#[tokio::test]
async fn concurrent_registrations_are_all_stored_with_distinct_numbers() {
    // Group commit writes concurrent registrations together; every one must come back with
    // its own case and number.
    let t = spawn_app().await;
    let token = t.token("registrar").await;
    let mut handles = Vec::new();
    let given: Vec<char> =
        "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力鹏飞宇轩浩然子涵欣怡"
            .chars()
            .collect();
    for (i, g) in given.iter().take(40).enumerate() {
        let mut body = letter(t.units.school, "2026-06-01");
        body["petitioners"] = json!([{"name": format!("陈{g}")}]);
        body["title"] = json!(format!("并发登记测试{i}"));
        let (client, url, token) = (t.client.clone(), t.url("/api/v1/cases"), token.clone());
        handles.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 201);
            res.json::<serde_json::Value>().await.unwrap()
        }));
    }
    let mut numbers = std::collections::BTreeSet::new();
    for h in handles {
        let v = h.await.unwrap();
        assert!(numbers.insert(v["number"].as_str().unwrap().to_owned()));
    }
    assert_eq!(numbers.len(), 40);
    assert_eq!(t.list(&token, "per_page=1").await["total"], 40);
}
