//! Late incident reports through the outbox (issue 13 items 2 and 3): the scan of the job queue
//! writes, once a report owed is past its deadline with nothing reported, one set of 事件逾期未报
//! messages per (incident, report owed) — to the incident's unit (office and leaders in-app, its
//! leaders by SMS) and the petition office one level up — naming the level, the recipient and
//! the deadline but nothing of the incident's title or description. Time moves on the test's
//! clock; a second scan writes nothing; a report made in time gives no message, one made late
//! leaves the message as the record of the delay.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::{TestApp, spawn_app};
use serde_json::{Value, json};

/// The late messages the administrator sees, as (recipient unit, audience, channel, text).
async fn late_messages(t: &TestApp) -> Shape {
    let admin = t.token("admin").await;
    let (status, all) = t.get("/api/v1/outbox?per_page=200", Some(&admin)).await;
    assert_eq!(status, 200, "{all}");
    let mut out: Shape = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["event"] == "incident_report_late")
        .map(|m| {
            (
                m["recipient_unit_id"].as_i64().unwrap(),
                m["audience"].as_str().unwrap().to_owned(),
                m["channel"].as_str().unwrap().to_owned(),
                m["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

/// One scan through the durable queue, as the server's job runner runs it.
async fn scan(t: &TestApp) {
    t.app.enqueue_incident_late_scan().await.unwrap();
    t.app.run_ready_jobs("test-runner").await.unwrap();
}

type Shape = Vec<(i64, String, String, String)>;

/// The set a late report sends, by the rule: the school's office and leaders in-app, its
/// leaders by SMS, the county's office in-app; each text naming the recipient and deadline.
fn expected_set(t: &TestApp, to: &str, due: &str) -> Shape {
    let (school, county) = (t.units.school, t.units.county);
    let mut v: Shape = [
        (school, "office", "in_app"),
        (school, "leaders", "in_app"),
        (school, "leaders", "sms"),
        (county, "office", "in_app"),
    ]
    .into_iter()
    .map(|(u, a, c)| (u, a.to_owned(), c.to_owned(), format!("{to}|{due}")))
    .collect();
    v.sort();
    v
}

/// The messages with each text reduced to the recipient and the deadline it names, among
/// those the test knows.
fn shape(msgs: &Shape, names: &[&str], dues: &[&str]) -> Shape {
    let mut out: Shape = msgs
        .iter()
        .map(|(u, a, c, text)| {
            let to = names
                .iter()
                .find(|n| text.contains(&format!("向{n}报告")))
                .map_or("?", |n| *n);
            let due = dues.iter().find(|d| text.contains(*d)).map_or("?", |d| *d);
            (*u, a.clone(), c.clone(), format!("{to}|{due}"))
        })
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn a_report_past_its_deadline_is_announced_late_once() {
    let t = spawn_app().await; // today 2026-06-30, 12:00 Beijing
    let county = t.token("county").await;
    let body = json!({
        "title": "家长聚集第一小学校门口",
        "level": "major",
        "unit_id": t.units.school,
        "occurred_at": "2026-06-30T11:45:00+08:00",
        "people_count": 40,
        "description": "约40名家长因学区划片调整在校门口聚集，要求与校长对话。",
    });
    let (status, v) = t.post_json("/api/v1/incidents", Some(&county), &body).await;
    assert_eq!(status, 201, "{v}");
    let id = v["id"].as_i64().unwrap();
    // 较大 at the school: first reports to the school and the county by 12:15, written ones by
    // 13:45 (the chain's default).
    let occurred = v["occurred_at_ms"].as_i64().unwrap();
    let (first_due, written_due) = ("2026-06-30 12:15", "2026-06-30 13:45");
    let names = ["某区第一小学", "某区教育局"];
    let dues = [first_due, written_due];

    // Before any deadline: nothing is late.
    scan(&t).await;
    assert!(late_messages(&t).await.is_empty());

    // The first report to the county is made at 12:10, in time.
    t.clock.set_millis(occurred + 25 * 60_000);
    let path = format!("/api/v1/incidents/{id}/reports");
    let report =
        |to: i64| json!({"to_unit_id": to, "content": "已电话报告事件概况，正在现场处置。"});
    let (status, r) = t
        .post_json(&path, Some(&county), &report(t.units.county))
        .await;
    assert_eq!(status, 201, "{r}");
    scan(&t).await;
    assert!(late_messages(&t).await.is_empty(), "12:10: nothing late");

    // At the deadline itself nothing is late yet; a minute after, the school's first report is.
    t.clock.set_millis(occurred + 30 * 60_000);
    scan(&t).await;
    assert!(late_messages(&t).await.is_empty(), "12:15: not yet late");
    t.clock.set_millis(occurred + 31 * 60_000);
    scan(&t).await;
    let late = late_messages(&t).await;
    assert_eq!(
        shape(&late, &names, &dues),
        expected_set(&t, "某区第一小学", first_due),
        "{late:#?}"
    );
    for (_, _, _, text) in &late {
        assert!(text.contains("较大") && text.contains("逾期未报"), "{text}");
        for word in ["家长", "学区", "校门口", "聚集"] {
            assert!(!text.contains(word), "no title or description: {text}");
        }
    }

    // A second scan, and a later one, write nothing new.
    scan(&t).await;
    t.clock.set_millis(occurred + 40 * 60_000);
    scan(&t).await;
    assert_eq!(late_messages(&t).await, late);

    // The report made late (12:25) leaves its late message: the record of the delay.
    let (status, r) = t
        .post_json(&path, Some(&county), &report(t.units.school))
        .await;
    assert_eq!(status, 201, "{r}");
    let school_first = r["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["to_unit_id"] == t.units.school && x["kind"] == "first")
        .unwrap()
        .clone();
    assert_eq!(school_first["late"], true, "{school_first}");
    scan(&t).await;
    assert_eq!(late_messages(&t).await, late);

    // Past 13:45 both written reports are late: one set each, once.
    t.clock.set_millis(occurred + 121 * 60_000);
    scan(&t).await;
    scan(&t).await;
    let all = late_messages(&t).await;
    let mut want = expected_set(&t, "某区第一小学", first_due);
    want.extend(expected_set(&t, "某区第一小学", written_due));
    want.extend(expected_set(&t, "某区教育局", written_due));
    want.sort();
    assert_eq!(shape(&all, &names, &dues), want, "{all:#?}");

    // Delivered, the county's office reads them in its notifications, linked to the incident.
    t.app.deliver_outbox().await.unwrap();
    let (_, n) = t
        .get("/api/v1/notifications", Some(&t.token("handler").await))
        .await;
    let theirs: Vec<&Value> = n["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            i["kind"] == "message" && i["text"].as_str().is_some_and(|s| s.contains("逾期未报"))
        })
        .collect();
    assert_eq!(theirs.len(), 3, "one per late report: {n}");
    for m in &theirs {
        assert_eq!(m["link"], format!("/incidents/{id}"), "{m}");
    }
}
