//! Late and missing incident reports counted in statistics (issue 13 item 3): per unit where
//! the incidents occurred, the reports owed, on time, late (迟报), missing (漏报) and not yet
//! due, for a period — through `GET /api/v1/stats/incident-reports` and on `/stats`. The
//! expected figures are counted here from the reports the test made and the deadlines the
//! API gave; a sibling county sees none of them; bad input is refused.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::{TestApp, spawn_app};
use serde_json::{Value, json};

async fn record(t: &TestApp, token: &str, unit: i64, level: &str, at: &str) -> Value {
    let body = json!({
        "title": "家长聚集校门口",
        "level": level,
        "unit_id": unit,
        "occurred_at": at,
        "people_count": 30,
        "description": "家长因学区划片调整聚集，要求与校长对话。",
    });
    let (status, v) = t.post_json("/api/v1/incidents", Some(token), &body).await;
    assert_eq!(status, 201, "{v}");
    v
}

async fn report(t: &TestApp, incident: &Value, to_unit: i64) -> Value {
    let token = t.token("county").await;
    let path = format!("/api/v1/incidents/{}/reports", incident["id"]);
    let (status, v) = t
        .post_json(
            &path,
            Some(&token),
            &json!({"to_unit_id": to_unit, "content": "已电话报告"}),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    v
}

/// The deadlines the API gave an incident's owed reports, in ms.
fn dues(v: &Value) -> Vec<i64> {
    v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["due_at_ms"].as_i64())
        .collect()
}

fn figures(row: &Value) -> [i64; 6] {
    [
        "incidents",
        "reports_owed",
        "on_time",
        "late",
        "missing",
        "pending",
    ]
    .map(|k| row[k].as_i64().unwrap_or_else(|| panic!("{k} in {row}")))
}

#[tokio::test]
async fn late_and_missing_reports_are_counted_per_unit_for_a_period() {
    let t = spawn_app().await; // today 2026-06-30, 12:00 Beijing
    let county = t.token("county").await;
    // Yesterday's incident is outside a period starting today.
    record(
        &t,
        &county,
        t.units.school,
        "major",
        "2026-06-29T09:00:00+08:00",
    )
    .await;
    let a = record(
        &t,
        &county,
        t.units.school,
        "major",
        "2026-06-30T11:45:00+08:00",
    )
    .await;
    let occurred = a["occurred_at_ms"].as_i64().unwrap();
    let a_dues = dues(&a);
    assert!(a_dues.len() >= 2, "{a}");
    // Ten minutes in, the county is told (on time for its first report); at 40 minutes the
    // school is (late for its first).
    t.clock.set_millis(occurred + 25 * 60_000);
    report(&t, &a, t.units.county).await;
    t.clock.set_millis(occurred + 55 * 60_000);
    let a = report(&t, &a, t.units.school).await;
    // Three hours on: a second incident at the county, its reports all still due.
    t.clock.set_millis(occurred + 3 * 3_600_000);
    let county = t.token("county").await; // the earlier session went idle
    let b = record(
        &t,
        &county,
        t.units.county,
        "major",
        "2026-06-30T14:40:00+08:00",
    )
    .await;
    let now = occurred + 3 * 3_600_000;

    // Expected, from the reports as the API shows them now.
    let count = |v: &Value| -> [i64; 6] {
        let mut f = [1, 0, 0, 0, 0, 0];
        for r in v["reports"].as_array().unwrap() {
            let Some(due) = r["due_at_ms"].as_i64() else {
                continue;
            };
            f[1] += 1;
            match r["reported_at_ms"].as_i64() {
                Some(at) if at <= due => f[2] += 1,
                Some(_) => f[3] += 1,
                None if now > due => f[4] += 1,
                None => f[5] += 1,
            }
        }
        f
    };
    let (_, a) = t
        .get(&format!("/api/v1/incidents/{}", a["id"]), Some(&county))
        .await;
    let (want_school, want_county) = (count(&a), count(&b));
    assert!(
        want_school[2] >= 1 && want_school[3] >= 1 && want_school[4] >= 1,
        "on time, late and missing among the school's: {a}"
    );
    assert_eq!(want_county[5], want_county[1], "all still due: {b}");

    let county = t.token("county").await;
    let (status, v) = t
        .get(
            "/api/v1/stats/incident-reports?from=2026-06-30&to=2026-06-30",
            Some(&county),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let items = v["items"].as_array().unwrap();
    let row = |unit: i64| {
        items
            .iter()
            .find(|r| r["unit_id"] == unit)
            .unwrap_or_else(|| panic!("no row for {unit}: {v}"))
    };
    assert_eq!(items.len(), 2, "{v}");
    assert_eq!(figures(row(t.units.school)), want_school);
    assert_eq!(figures(row(t.units.county)), want_county);
    let total: Vec<i64> = (0..6).map(|i| want_school[i] + want_county[i]).collect();
    assert_eq!(figures(&v["total"]).to_vec(), total);
    // The whole year so far holds yesterday's incident too (all of its reports missing).
    let (_, year) = t.get("/api/v1/stats/incident-reports", Some(&county)).await;
    assert_eq!(year["total"]["incidents"], 3, "{year}");
    // One unit's subtree: the school alone.
    let (_, school) = t
        .get(
            &format!(
                "/api/v1/stats/incident-reports?from=2026-06-30&unit_id={}",
                t.units.school
            ),
            Some(&county),
        )
        .await;
    assert_eq!(figures(&school["total"]), want_school);

    // The statistics page shows the same total.
    let cookie = sign_in(&t, "county").await;
    let (status, html) = get(&t, &cookie, "/stats?from=2026-06-30&to=2026-06-30").await;
    assert_eq!(status, 200);
    let at = html
        .find("data-testid=\"incident-total\"")
        .expect("the total row");
    let row = &html[at..at + html[at..].find("</tr>").unwrap()];
    let cells: Vec<String> = row
        .split("data-n=\"")
        .skip(1)
        .take(6)
        .map(|c| c.split('"').next().unwrap().to_owned())
        .collect();
    let want: Vec<String> = total.iter().map(i64::to_string).collect();
    assert_eq!(cells, want);

    // A sibling county's staff see none of it, and cannot ask for this county.
    let sibling = t.token("sibling").await;
    let (status, v) = t
        .get(
            "/api/v1/stats/incident-reports?from=2026-06-30",
            Some(&sibling),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(v["items"], json!([]), "{v}");
    assert_eq!(v["total"]["incidents"], 0);
    let (status, _) = t
        .get(
            &format!("/api/v1/stats/incident-reports?unit_id={}", t.units.county),
            Some(&sibling),
        )
        .await;
    assert_eq!(status, 403);

    // Bad input: every problem named.
    let (status, e) = t
        .get(
            "/api/v1/stats/incident-reports?from=30/06/2026&to=x&unit_id=abc",
            Some(&county),
        )
        .await;
    assert_eq!(status, 422, "{e}");
    for field in ["from", "to", "unit_id"] {
        assert!(e["fields"][field].is_string(), "{field}: {e}");
    }
}
