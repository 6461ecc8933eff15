//! The weekly `spike` scan (issue 13 item 1): a week of petitions above the weeks before raises
//! one warning per series (the county × category, the school), through the durable job queue,
//! once however often it runs; a spike whose cases include an accusation against the county is
//! hidden from the county and owned above it (the firewall holds on the new kind).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, letter, spawn_app};
use serde_json::{Value, json};

async fn spikes(t: &TestApp, user: &str) -> Vec<Value> {
    let token = t.token(user).await;
    let (status, v) = t
        .get("/api/v1/warnings?kind=spike&per_page=100", Some(&token))
        .await;
    assert_eq!(status, 200, "{v}");
    v["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_week_above_its_baseline_raises_spike_warnings_once_and_behind_the_firewall() {
    let t = spawn_app().await; // today 2026-06-30, a Tuesday: last week is 06-22 … 06-28
    let registrar = t.token("registrar").await;
    // One letter a week about the school for the nine weeks before: the baseline.
    let mut monday = huiyin_core::Date::from_ymd(2026, 4, 20).unwrap();
    for _ in 0..9 {
        let mut body = letter(t.units.school, &monday.add_days(2).to_string());
        body["title"] = json!("反映食堂饭菜质量");
        t.register(&registrar, &body).await;
        monday = monday.add_days(7);
    }
    assert_eq!(monday.to_string(), "2026-06-22");
    // Last week: six letters about the school, and an accusation against the county in the
    // same category, forwarded to the city as the rules require.
    let mut school_cases = Vec::new();
    for i in 0..6 {
        let mut body = letter(t.units.school, &monday.add_days(i % 5).to_string());
        body["title"] = json!(format!("反映学校收费问题{i}"));
        body["petitioners"] = json!([{"name": format!("家长{}", hanzi(i))}]);
        school_cases.push(t.register(&registrar, &body).await["id"].clone());
    }
    let mut accusation = letter(t.units.county, "2026-06-24");
    accusation["petition_type"] = json!("accusation");
    accusation["title"] = json!("举报区教育局违规收费");
    let accused = t.register(&registrar, &accusation).await["id"].clone();
    t.act_ok(
        &registrar,
        accused.as_i64().unwrap(),
        json!({"action": "forward", "to_unit_id": t.units.city}),
    )
    .await;
    assert!(
        spikes(&t, "city").await.is_empty(),
        "nothing before the scan"
    );

    // The daily enqueue puts last week's scan on the durable queue; the runner runs it.
    t.app.enqueue_daily_scan().await.unwrap();
    assert!(t.app.run_ready_jobs("runner").await.unwrap() >= 1);

    let above = spikes(&t, "city").await;
    assert_eq!(
        above.len(),
        2,
        "the county × category and the school: {above:#?}"
    );
    let region = above
        .iter()
        .find(|w| w["case_ids"].as_array().unwrap().contains(&accused))
        .expect("the county's series counts the accusation");
    assert_eq!(region["case_ids"].as_array().unwrap().len(), 7);
    // The county bureau's series, but it holds an accusation against the county: owned by the
    // city above the wall (the county could neither see nor acknowledge it).
    assert_eq!(
        region["unit_id"], t.units.city,
        "owned above the accused county"
    );

    let explanation = region["explanation"].as_str().unwrap();
    assert!(explanation.contains("7件"), "{explanation}");
    assert!(explanation.contains("2026-06-22"), "{explanation}");
    // Two years of history do not exist yet: no seasonal comparison with weeks of zeros.
    assert!(!explanation.contains("历年同期"), "{explanation}");
    let school = above
        .iter()
        .find(|w| !w["case_ids"].as_array().unwrap().contains(&accused))
        .unwrap();
    let mut behind: Vec<Value> = school["case_ids"].as_array().unwrap().clone();
    behind.sort_by_key(|v| v.as_i64());
    assert_eq!(
        behind, school_cases,
        "exactly last week's letters about the school"
    );
    assert!(["blue", "yellow", "orange"].contains(&school["level"].as_str().unwrap()));
    assert_eq!(
        school["unit_id"], t.units.county,
        "the school's spike is the county's"
    );

    // The accused county sees the school's spike, never the one that holds the accusation,
    // nor can it open it (its registrar who took the letter in may: the firewall matrix).
    assert_eq!(spikes(&t, "registrar").await.len(), 2);
    for user in ["registrar2", "county"] {
        let seen = spikes(&t, user).await;
        assert_eq!(seen.len(), 1, "{user}: {seen:#?}");
        assert_eq!(seen[0]["id"], school["id"]);
        let (status, e) = t
            .get(
                &format!("/api/v1/warnings/{}", region["id"]),
                Some(&t.token(user).await),
            )
            .await;
        assert_eq!(
            (status, e["code"].clone()),
            (404, json!("warning.not_found"))
        );
    }

    // A second scan of the same week raises nothing new.
    let again = t.app.scan_last_week_for_spikes().await.unwrap();
    assert_eq!((again.spikes, again.raised), (2, 0), "{again:?}");
    assert_eq!(spikes(&t, "city").await.len(), 2);
}

#[tokio::test]
async fn quiet_weeks_raise_nothing() {
    let t = spawn_app().await;
    let registrar = t.token("registrar").await;
    let mut monday = huiyin_core::Date::from_ymd(2026, 4, 20).unwrap();
    for week in 0..10 {
        // Two or three letters every week: no week stands out.
        for i in 0..(2 + week % 2) {
            let mut body = letter(t.units.school, &monday.add_days(i).to_string());
            body["petitioners"] = json!([{"name": format!("群众{}{}", hanzi(week), hanzi(i))}]);
            t.register(&registrar, &body).await;
        }
        monday = monday.add_days(7);
    }
    let weeks =
        huiyin_core::warning::week_of(monday) - 10..=huiyin_core::warning::week_of(monday) - 1;
    let report = t.app.scan_spikes(weeks).await.unwrap();
    assert!(report.series >= 2 && report.judged > 0, "{report:?}");
    assert_eq!(report.spikes, 0, "{report:?}");
    assert!(spikes(&t, "province").await.is_empty());
}

/// A number in Chinese digits (a petitioner's name takes no Arabic digits).
fn hanzi(n: impl std::fmt::Display) -> String {
    n.to_string()
        .chars()
        .map(|d| match d {
            '0' => '零',
            '1' => '一',
            '2' => '二',
            '3' => '三',
            '4' => '四',
            '5' => '五',
            '6' => '六',
            '7' => '七',
            '8' => '八',
            '9' => '九',
            _ => '负',
        })
        .collect()
}
