//! The incidents behind each figure of the statistics of late (迟报) and missing (漏报)
//! incident reports (issue 13 item 3): `GET /api/v1/incidents?report=&from=&to=&unit_id=&under=`
//! and the links of the statistics page's 突发事件报告 table list exactly the incidents each
//! figure counts. The expected figures and lists are worked out here from the incidents and
//! reports the test makes and the default reporting chain (较大: first reports within 30
//! minutes, written ones within 2 hours; 一般: written within 24 hours — to the unit's own
//! body and the body one level up), not read back from the application. A sibling county sees
//! none of them; bad filters are refused by field.
//!
//! The incidents the test makes and what it expects of them are in `world.rs`; reading ids and
//! figures off the API's lists and the pages in `read.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod read;
mod world;

use std::collections::BTreeSet;

use huiyin_core::Date;
use huiyin_testkit::pages::{get, sign_in};
use huiyin_testkit::spawn_app;

use read::{api_ids, page_ids, page_line};
use world::World;

const MIN: i64 = 60_000;
const FIGURES: [&str; 6] = ["incidents", "owed", "on_time", "late", "missing", "pending"];
const API_KEYS: [&str; 6] = [
    "incidents",
    "reports_owed",
    "on_time",
    "late",
    "missing",
    "pending",
];

/// Beijing wall time on a day counted from 1 June 2026 (31: 1 July), in ms.
fn at(day: i32, h: i64, m: i64) -> i64 {
    Date::parse("2026-06-01")
        .unwrap()
        .add_days(day - 1)
        .beijing_start_millis()
        + h * 60 * MIN
        + m * MIN
}

#[tokio::test]
async fn each_figure_lists_exactly_the_incidents_it_counts() {
    let t = spawn_app().await; // today 2026-06-30, 12:00 Beijing
    let u = t.units.clone();
    let mut w = World {
        t,
        known: Vec::new(),
    };
    let (school, county, city) = (u.school, u.county, u.city);
    // C: yesterday at the school, nothing reported (outside a period of today).
    let c = w
        .record("county", school, "major", at(29, 9, 0), county)
        .await;
    // A: one report on time (county), one late (school), the written ones missing by 14:45.
    let a = w
        .record("county", school, "major", at(30, 11, 45), county)
        .await;
    // D: every report on time.
    let d = w
        .record("county", school, "major", at(30, 11, 50), county)
        .await;
    // E: 一般, written to the school on time, to the county not yet due.
    let e = w
        .record("county", school, "general", at(30, 10, 0), county)
        .await;
    // S: at the sibling county, nothing reported.
    let s = w
        .record("sibling", u.sibling_county, "major", at(30, 11, 0), city)
        .await;
    for to in [school, school, county, county] {
        w.report("county", d, to, at(30, 12, 5)).await;
    }
    w.report("county", e, school, at(30, 12, 6)).await;
    w.report("county", a, county, at(30, 12, 10)).await;
    w.report("county", a, school, at(30, 12, 40)).await;
    // B: at the county, three hours on; all its reports still due.
    w.t.clock.set_millis(at(30, 14, 45));
    let b = w
        .record("county", county, "major", at(30, 14, 40), city)
        .await;
    assert_eq!(w.known.iter().filter(|k| k.id == b).count(), 1);
    let now = at(30, 14, 45);
    let today = (at(30, 0, 0), at(31, 0, 0));

    // The figures per unit, worked out from what was made.
    let t = &w.t;
    let token = t.token("county").await;
    let (status, v) = t
        .get(
            "/api/v1/stats/incident-reports?from=2026-06-30&to=2026-06-30",
            Some(&token),
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let mut total = [0i64; 6];
    for unit in [school, county] {
        let mut want = [0i64; 6];
        for k in w
            .known
            .iter()
            .filter(|k| k.unit == unit && k.occurred >= today.0 && k.occurred < today.1)
        {
            for (i, n) in k.counts(now).iter().enumerate() {
                want[i] += n;
            }
        }
        let row = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["unit_id"] == unit)
            .unwrap_or_else(|| panic!("{unit}: {v}"));
        assert_eq!(
            API_KEYS.map(|k| row[k].as_i64().unwrap()),
            want,
            "{unit}: {v}"
        );
        for i in 0..6 {
            total[i] += want[i];
        }
    }
    // Three incidents at the school (10 reports owed: 6 on time, 1 late, 2 missing, 1 not yet
    // due) and one at the county (4 not yet due), as planned.
    assert_eq!(total, [4, 14, 6, 1, 2, 5]);
    assert_eq!(
        API_KEYS.map(|k| v["total"][k].as_i64().unwrap()),
        total,
        "{v}"
    );
    assert_eq!(v["items"].as_array().unwrap().len(), 2, "{v}");

    // Each figure's incidents through the API: exactly those the figure counts.
    for unit in [school, county] {
        for f in FIGURES {
            let report = if f == "incidents" {
                String::new()
            } else {
                format!("&report={f}")
            };
            let (status, l) = t
                .get(
                    &format!("/api/v1/incidents?from=2026-06-30&to=2026-06-30&unit_id={unit}{report}&per_page=200"),
                    Some(&token),
                )
                .await;
            assert_eq!(status, 200, "{l}");
            assert_eq!(
                api_ids(&l),
                w.expected(f, &[unit], today, now),
                "{unit} {f}"
            );
            assert_eq!(l["total"].as_u64().unwrap() as usize, api_ids(&l).len());
        }
    }
    assert_eq!(
        w.expected("late", &[school], today, now),
        BTreeSet::from([a])
    );
    assert_eq!(
        w.expected("on_time", &[school], today, now),
        BTreeSet::from([a, d, e])
    );
    // A filtered list is paged after filtering, newest first: D (11:50), A (11:45), E (10:00).
    let (_, p2) = t
        .get(
            &format!("/api/v1/incidents?report=on_time&unit_id={school}&from=2026-06-30&per_page=1&page=2"),
            Some(&token),
        )
        .await;
    assert_eq!(
        (p2["total"].as_i64(), api_ids(&p2)),
        (Some(3), BTreeSet::from([a])),
        "{p2}"
    );
    // Over two days the school's missing reports include yesterday's incident; `under` takes
    // the units below.
    let two_days = (at(29, 0, 0), at(31, 0, 0));
    let (_, l) = t
        .get(
            &format!(
                "/api/v1/incidents?report=missing&from=2026-06-29&to=2026-06-30&under={county}"
            ),
            Some(&token),
        )
        .await;
    assert_eq!(
        api_ids(&l),
        w.expected("missing", &[school, county], two_days, now)
    );
    assert_eq!(api_ids(&l), BTreeSet::from([a, c]));

    // The statistics page: each figure above zero links to exactly its incidents, and a zero
    // links nowhere; the total's links cover the county and below.
    let cookie = sign_in(t, "county").await;
    let (status, html) = get(t, &cookie, "/stats?from=2026-06-30&to=2026-06-30").await;
    assert_eq!(status, 200);
    let total_at = html.find("data-testid=\"incident-total\"").unwrap();
    let total_html = &html[total_at..];
    let mut links = 0;
    for (unit, units, line) in [
        (school, vec![school], page_line(&html, school)),
        (county, vec![county], page_line(&html[..total_at], county)),
        (county, vec![school, county], page_line(total_html, county)),
    ] {
        assert_eq!(line.len(), 6, "{unit}: {line:?}");
        for (key, n, href) in line {
            let want = w.expected(&key, &units, today, now);
            match href {
                None => assert_eq!((n, want.len()), (0, 0), "{unit} {key}"),
                Some(href) => {
                    assert!(n > 0, "{unit} {key}: a zero linked");
                    let (status, list) = get(t, &cookie, &href).await;
                    assert_eq!(status, 200, "{href}");
                    assert_eq!(page_ids(&list), want, "{unit} {key}: {href}");
                    links += 1;
                }
            }
        }
    }
    assert!(links >= 10, "{links} links");

    // A sibling county sees none of them: its own incident alone, and no way into this county.
    let sibling = t.token("sibling").await;
    let (_, v) = t
        .get(
            "/api/v1/stats/incident-reports?from=2026-06-30",
            Some(&sibling),
        )
        .await;
    assert_eq!(v["total"]["incidents"], 1, "{v}");
    assert_eq!(v["items"][0]["unit_id"], u.sibling_county, "{v}");
    for f in FIGURES {
        let report = if f == "incidents" { "" } else { f };
        let (status, l) = t
            .get(
                &format!("/api/v1/incidents?report={report}&per_page=200"),
                Some(&sibling),
            )
            .await;
        assert_eq!(status, 200, "{f}: {l}");
        assert!(api_ids(&l).is_subset(&BTreeSet::from([s])), "{f}: {l}");
    }
    for q in [format!("unit_id={school}"), format!("under={county}")] {
        let (status, e) = t
            .get(
                &format!("/api/v1/incidents?report=late&{q}"),
                Some(&sibling),
            )
            .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (403, Some("auth.forbidden")),
            "{q}: {e}"
        );
    }
    let sibling_cookie = sign_in(t, "sibling").await;
    let (status, _) = get(
        t,
        &sibling_cookie,
        &format!("/incidents?report=late&unit_id={school}"),
    )
    .await;
    assert_eq!(status, 403);
    let (_, page) = get(t, &sibling_cookie, "/incidents?report=missing").await;
    assert_eq!(page_ids(&page), BTreeSet::from([s]));

    // Bad filters: every problem named, by the API; the page leaves them out and says so.
    let (status, e) = t
        .get(
            "/api/v1/incidents?report=soon&from=30/06/2026&to=x&unit_id=abc&under=0&page=x",
            Some(&token),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (422, Some("request.invalid")),
        "{e}"
    );
    for field in ["report", "from", "to", "unit_id", "under", "page"] {
        assert!(e["fields"][field].is_string(), "{field}: {e}");
    }
    let (status, e) = t
        .get(
            "/api/v1/incidents?from=2026-07-01&to=2026-06-30",
            Some(&token),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (422, Some("request.invalid")),
        "{e}"
    );
    assert!(e["fields"]["from"].is_string(), "{e}");
    for path in [
        "/api/v1/incidents?unit_id=999999",
        "/api/v1/incidents?under=999999",
        "/api/v1/stats/incident-reports?unit_id=999999",
    ] {
        let (status, e) = t.get(path, Some(&token)).await;
        assert_eq!(
            (status, e["code"].as_str()),
            (422, Some("unit.not_found")),
            "{path}: {e}"
        );
    }
    let (status, page) = get(
        t,
        &cookie,
        "/incidents?report=soon&from=2026-06-30&to=2026-06-30",
    )
    .await;
    assert_eq!(status, 200);
    assert!(page.contains("data-testid=\"filter-problems\""), "{page}");
    assert_eq!(
        page_ids(&page),
        w.expected("incidents", &[school, county], today, now)
    );
}
