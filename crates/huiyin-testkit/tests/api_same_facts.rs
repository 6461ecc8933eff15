//! The same facts and reasons after 复核 (XFGZTL-2022 Art. 36 ¶3; issue 10 item 9): decided by
//! the petitioner's identity and how alike the accounts read, not by unit and category.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app_at};
use serde_json::{Value, json};

fn decision(action: &str, on: &str) -> Value {
    json!({"action": action, "on": on, "outcome": "explained",
           "opinion": "经核查，收费依据充分，已向信访人解释说明。", "basis": "《信访工作条例》第三十二条"})
}

/// The standard letter (借读费 at the school) taken all the way to 复核终结.
async fn final_case(t: &TestApp) -> (i64, String) {
    let county = t.token("county").await;
    let city = t.token("city").await;
    let province = t.token("province").await;
    let v = t
        .register(&county, &letter(t.units.school, "2026-03-02"))
        .await;
    let id = v["id"].as_i64().unwrap();
    for (who, step) in [
        (&county, json!({"action": "accept", "on": "2026-03-03"})),
        (&county, decision("issue_opinion", "2026-03-10")),
        (
            &county,
            json!({"action": "serve", "method": "direct", "on": "2026-03-14"}),
        ),
        (
            &county,
            json!({"action": "request_review", "on": "2026-03-15"}),
        ),
        (&city, decision("decide_review", "2026-03-25")),
        (
            &city,
            json!({"action": "serve", "method": "post", "on": "2026-03-27"}),
        ),
        (
            &city,
            json!({"action": "request_rereview", "on": "2026-03-30"}),
        ),
        (&province, decision("decide_rereview", "2026-04-10")),
    ] {
        t.act_ok(who, id, step).await;
    }
    (id, v["number"].as_str().unwrap().to_owned())
}

fn flags(v: &Value) -> Vec<String> {
    v["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_reworded_old_matter_is_caught_and_a_new_matter_is_not() {
    // Every step recorded while its window is open, then months later the letters come.
    let t = spawn_app_at("2026-04-12").await;
    let (final_id, number) = final_case(&t).await;
    // The 复查意见书 tells the petitioner the 复核 rule of Art. 36, not Art. 35.
    let cookie = huiyin_testkit::pages::sign_in(&t, "city").await;
    let (status, notice) =
        huiyin_testkit::pages::get(&t, &cookie, &format!("/cases/{final_id}/notices/review")).await;
    assert_eq!(status, 200);
    assert!(
        notice.contains("书面申请复核（《信访工作条例》第三十六条）"),
        "{notice}"
    );
    t.clock.set_today("2026-06-30");
    let registrar = t.token("registrar").await;

    // The old matter in other words, and addressed to the county instead of the school.
    let mut reworded = letter(t.units.county, "2026-06-20");
    reworded["category"] = json!("admissions");
    reworded["title"] = json!("再次反映借读费问题");
    reworded["content"] = json!(
        "我孩子借读于某区第一小学，被学校收了3000元借读费，收费依据从未公示，请求退还借读费。"
    );
    let v = t.register(&registrar, &reworded).await;
    assert!(flags(&v).contains(&"after_final".to_owned()), "{v}");
    assert!(
        v["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["case_id"] == final_id)
    );
    let warning = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "after_final")
        .expect("the clerk is told why");
    let text = warning["zh"].as_str().unwrap();
    assert!(
        text.contains(&number) && text.contains("相似度") && text.contains("解释说明"),
        "{text}"
    );

    // A new matter of the same person at the same school and category is a new petition.
    let mut new_matter = letter(t.units.school, "2026-06-21");
    new_matter["title"] = json!("反映食堂饭菜质量问题");
    new_matter["content"] =
        json!("近一个月学校食堂多次供应变质饭菜，多名学生腹泻，要求整改并公开食材来源。");
    new_matter["demands"] = json!("整改食堂");
    let v = t.register(&registrar, &new_matter).await;
    assert!(!flags(&v).contains(&"after_final".to_owned()), "{v}");
    let id = v["id"].as_i64().unwrap();
    t.act_ok(&registrar, id, json!({"action": "accept"})).await;
}
