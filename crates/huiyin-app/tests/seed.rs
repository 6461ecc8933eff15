//! The demo generator produces valid, varied cases: every type and channel, timelines that
//! start with registration and never go back in time, and deadlines equal to the engine's.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::collections::BTreeSet;
use std::sync::Arc;

use huiyin_app::{App, AppConfig};
use huiyin_core::Date;
use huiyin_core::clock::FixedClock;
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_core::workflow::case_deadlines;

#[tokio::test]
async fn demo_cases_are_valid_and_varied() {
    let dir = tempfile::tempdir().unwrap();
    let store = huiyin_store::testdb::fresh_store(dir.path()).await.unwrap();
    let clock = FixedClock::at_noon(Date::parse("2026-11-28").unwrap());
    let app = App::new(
        store,
        Arc::new(clock),
        AppConfig {
            demo: true,
            ..AppConfig::default()
        },
    )
    .await
    .unwrap();
    let org = huiyin_app::seed::seed_organisation(&app).await.unwrap();
    assert!(
        org.counties.iter().map(|(_, _, s)| s.len()).sum::<usize>() >= 90,
        "about 100 schools"
    );
    let accounts = huiyin_app::seed::seed_demo_users(&app, &org).await.unwrap();
    let names: Vec<&str> = accounts.iter().map(|a| a.username.as_str()).collect();
    assert_eq!(
        names,
        [
            "admin",
            "registrar",
            "handler",
            "leader",
            "supervisor",
            "auditor",
            "school",
            "city",
            "province"
        ]
    );
    let made = huiyin_app::seed::generate_cases(&app, &org, 600, &|_| {})
        .await
        .unwrap();
    assert_eq!(made, 600);

    let (mut types, mut channels, mut statuses) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let cal = app.calendar();
    let mut received = Vec::new();
    for id in 1..=600 {
        let rec = app
            .store_for_tests()
            .case(id)
            .await
            .unwrap()
            .expect("case exists");
        let c = &rec.case;
        received.push(c.received_on);
        types.insert(c.petition_type);
        channels.insert(c.channel);
        statuses.insert(c.status);
        for text in [&c.title, &c.content, &c.demands] {
            assert!(
                !text.contains('{')
                    && !text.to_lowercase().contains("lorem")
                    && !text.contains("TODO"),
                "{text}"
            );
        }
        let timeline = app.store_for_tests().timeline(id).await.unwrap();
        assert_eq!(timeline[0].action, "register");
        assert_eq!(timeline[0].on, c.received_on);
        assert!(
            timeline.windows(2).all(|w| w[0].on <= w[1].on),
            "case {id} goes back in time"
        );
        assert_eq!(timeline.last().unwrap().to_status, c.status);
        let limits = app
            .rule_set_for_unit(c.handling_unit_id, c.last_step_on)
            .limits;
        let mut expected = case_deadlines(c, &limits, &cal);
        let mut stored = rec.deadlines.clone();
        expected.sort_by_key(|d| d.kind.as_str());
        stored.sort_by_key(|d| d.kind.as_str());
        assert_eq!(stored, expected, "case {id} deadlines");
    }
    // Written in the order a live system registers them: ids follow the received dates, which
    // span the two years before today.
    assert!(
        received.windows(2).all(|w| w[0] <= w[1]),
        "ids out of date order"
    );
    let today = app.today();
    assert!(received[0] <= today.add_days(-600), "{:?}", received[0]);
    assert!(received[599] >= today.add_days(-30), "{:?}", received[599]);
    assert_eq!(types.len(), PetitionType::ALL.len());
    assert_eq!(channels.len(), Channel::ALL.len());
    assert!(statuses.len() >= 10, "{statuses:?}");
}
