//! The 工作台's rollup `work_tally` (migration 0056, SQLite) stays equal to the same counts
//! made from `cases`: after the demo generator writes a varied history through the triggers,
//! and after a bulk load that suspends the insert trigger and fills the table in one
//! statement (the steps that move cases are `huiyin-testkit/tests/work_tally_steps.rs`). On PostgreSQL there is no rollup and the check is
//! empty by construction; the counts themselves are checked against the lists on both
//! databases by the firewall matrix (`huiyin-testkit/tests/firewall_matrix/`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::sync::Arc;

use huiyin_app::{App, AppConfig, Database, KeyFile};
use huiyin_core::Date;
use huiyin_core::clock::FixedClock;
use huiyin_crypto::{Algorithm, KeyRing};

fn clock(day: &str) -> Arc<FixedClock> {
    Arc::new(FixedClock::at_noon(Date::parse(day).unwrap()))
}

fn demo_config() -> AppConfig {
    AppConfig {
        demo: true,
        ..AppConfig::default()
    }
}

async fn assert_no_drift(app: &App, when: &str) {
    let drift = app.store_for_tests().work_tally_drift().await.unwrap();
    assert!(drift.is_empty(), "{when}: {drift:#?}");
}

#[tokio::test]
async fn the_rollup_counts_every_case_of_the_demo_history() {
    let dir = tempfile::tempdir().unwrap();
    let store = huiyin_store::testdb::fresh_store(dir.path()).await.unwrap();
    let app = App::new(store, clock("2026-11-28"), demo_config())
        .await
        .unwrap();
    let org = huiyin_app::seed::seed_organisation(&app).await.unwrap();
    huiyin_app::seed::seed_demo_users(&app, &org).await.unwrap();
    let made = huiyin_app::seed::generate_cases(&app, &org, 400, &|_| {})
        .await
        .unwrap();
    assert_eq!(made, 400);
    assert_no_drift(&app, "after the demo history").await;
    // The rollup is not trivially empty: it holds every case.
    let on_sqlite = std::env::var("HUIYIN_TEST_DATABASE_URL").is_err();
    if on_sqlite {
        let tally = app.store_for_tests().work_tally_total().await.unwrap();
        assert_eq!(tally, 400);
    }
}

#[tokio::test]
async fn a_bulk_load_fills_the_rollup_it_writes_without_the_insert_trigger() {
    if std::env::var("HUIYIN_TEST_DATABASE_URL").is_ok() {
        // The bulk load is SQLite's alone (the demo generator's file).
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huiyin.db");
    let keys = dir.path().join("huiyin.keys");
    let ring = KeyRing::generate(Algorithm::Sm4Gcm).unwrap();
    std::fs::write(&keys, ring.to_key_file()).unwrap();
    let (db, load) = Database::open_bulk_load(&path, KeyFile { ring, path: keys })
        .await
        .unwrap();
    let app = db
        .into_app(clock("2026-11-28"), demo_config())
        .await
        .unwrap();
    let org = huiyin_app::seed::seed_organisation(&app).await.unwrap();
    huiyin_app::seed::seed_demo_users(&app, &org).await.unwrap();
    huiyin_app::seed::generate_cases(&app, &org, 300, &|_| {})
        .await
        .unwrap();
    app.finish_bulk_load(load).await.unwrap();
    let store = huiyin_store::Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    let reopened = App::new(store, clock("2026-11-28"), demo_config())
        .await
        .unwrap();
    assert_no_drift(&reopened, "after the bulk load").await;
    assert_eq!(
        reopened.store_for_tests().work_tally_total().await.unwrap(),
        300
    );
    // The trigger is back: cases written after the load are counted one by one.
    let org = huiyin_app::seed::seed_organisation(&reopened)
        .await
        .unwrap();
    huiyin_app::seed::generate_cases(&reopened, &org, 20, &|_| {})
        .await
        .unwrap();
    assert_no_drift(&reopened, "after writing more cases").await;
    assert_eq!(
        reopened.store_for_tests().work_tally_total().await.unwrap(),
        320
    );
}
