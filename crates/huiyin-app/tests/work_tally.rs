//! The 工作台's rollup `work_tally` stays equal to the same counts made from `cases`: after
//! the demo generator writes a varied history through the triggers, after a bulk load that
//! suspends the insert trigger and fills the table in one statement (SQLite), and on
//! PostgreSQL (migration 0070) whether or not the changes appended by its writers are
//! settled, also while writers and settlers run side by side. The steps that move cases are
//! `huiyin-testkit/tests/work_tally_steps.rs`; the counts themselves are checked against the
//! lists on both databases by the firewall matrix (`huiyin-testkit/tests/firewall_matrix/`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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

/// An app on a fresh database with the demo organisation and users, no cases.
async fn demo_app() -> (tempfile::TempDir, App, huiyin_app::seed::DemoOrg) {
    let dir = tempfile::tempdir().unwrap();
    let store = huiyin_store::testdb::fresh_store(dir.path()).await.unwrap();
    let app = App::new(store, clock("2026-11-28"), demo_config())
        .await
        .unwrap();
    let org = huiyin_app::seed::seed_organisation(&app).await.unwrap();
    huiyin_app::seed::seed_demo_users(&app, &org).await.unwrap();
    (dir, app, org)
}

#[tokio::test]
async fn the_rollup_counts_every_case_of_the_demo_history() {
    let (_dir, app, org) = demo_app().await;
    let made = huiyin_app::seed::generate_cases(&app, &org, 400, &|_| {})
        .await
        .unwrap();
    assert_eq!(made, 400);
    assert_no_drift(&app, "after the demo history").await;
    // The rollup is not trivially empty: it holds every case, settled by the generator.
    let store = app.store_for_tests();
    assert_eq!(store.work_tally_total().await.unwrap(), 400);
    assert_eq!(store.work_tally_unsettled().await.unwrap(), 0);
}

#[tokio::test]
async fn the_counts_are_exact_before_and_after_settling_while_writers_and_settlers_run() {
    let (_dir, app, org) = demo_app().await;
    let on_postgres = app.store_for_tests().dialect() == huiyin_store::Dialect::Postgres;
    huiyin_app::seed::generate_cases(&app, &org, 300, &|_| {})
        .await
        .unwrap();
    // Writers, settlers and a checker side by side: a bulk writer appends new cases, three
    // others move deadlines and handlers of their own cases one statement at a time, two
    // settlers move what is committed until the writers are done, and the checker compares
    // the rollup with the cases (one statement, one snapshot) all the while.
    let writing = Arc::new(AtomicBool::new(true));
    let bulk = {
        let (app, org) = (app.clone(), org.clone());
        tokio::spawn(
            async move { huiyin_app::seed::generate_cases(&app, &org, 150, &|_| {}).await },
        )
    };
    let movers: Vec<_> = (0..3_i64)
        .map(|k| {
            let app = app.clone();
            tokio::spawn(async move {
                let mut moved = 0;
                for i in 0..30_i64 {
                    let day = 1 + (i + k) % 28;
                    // Demo users 1–5 as handlers, or none.
                    let handler = if i % 3 == 0 {
                        "NULL".to_owned()
                    } else {
                        (1 + i % 5).to_string()
                    };
                    moved += app
                        .store_for_tests()
                        .execute_for_tests(&format!(
                            "UPDATE cases SET next_due_on = '2027-01-{day:02}', \
                             handler_user_id = {handler} WHERE id % 3 = {k} AND id % 30 = {i} \
                             AND id <= 300"
                        ))
                        .await
                        .unwrap();
                }
                moved
            })
        })
        .collect();
    let settlers: Vec<_> = (0..2)
        .map(|_| {
            let (app, writing) = (app.clone(), writing.clone());
            tokio::spawn(async move {
                let mut moved = 0;
                while writing.load(Ordering::Relaxed) {
                    moved += app.settle_work_tally().await.unwrap();
                    tokio::task::yield_now().await;
                }
                moved
            })
        })
        .collect();
    let checker = {
        let (app, writing) = (app.clone(), writing.clone());
        tokio::spawn(async move {
            let mut checks = 0;
            while writing.load(Ordering::Relaxed) {
                assert_no_drift(&app, "while writing and settling").await;
                checks += 1;
            }
            checks
        })
    };
    assert_eq!(bulk.await.unwrap().unwrap(), 150);
    for m in movers {
        assert!(m.await.unwrap() > 0, "the movers moved cases");
    }
    writing.store(false, Ordering::Relaxed);
    let mut settled_meanwhile = 0;
    for s in settlers {
        settled_meanwhile += s.await.unwrap();
    }
    assert_eq!(
        settled_meanwhile > 0,
        on_postgres,
        "PostgreSQL settles while writers write, SQLite never: {settled_meanwhile}"
    );
    assert!(checker.await.unwrap() > 0, "the checker ran");
    assert_no_drift(&app, "after writers and settlers").await;
    let store = app.store_for_tests();
    assert_eq!(store.work_tally_total().await.unwrap(), 450);

    // Cases moved one statement at a time, not settled: the figures hold the deltas.
    let moved = store
        .execute_for_tests(
            "UPDATE cases SET next_due_on = '2026-12-31', handler_user_id = NULL \
         WHERE id IN (SELECT id FROM cases WHERE next_due_on IS NOT NULL ORDER BY id LIMIT 40)",
        )
        .await
        .unwrap();
    assert_eq!(moved, 40);
    assert_no_drift(&app, "after moving deadlines, unsettled").await;
    let unsettled = store.work_tally_unsettled().await.unwrap();
    assert_eq!(unsettled > 0, on_postgres, "{unsettled} rows unsettled");
    let settled = app.settle_work_tally().await.unwrap();
    assert_eq!(
        settled, unsettled,
        "one settling moves every committed change"
    );
    assert_eq!(store.work_tally_unsettled().await.unwrap(), 0);
    assert_no_drift(&app, "after settling").await;
    assert_eq!(app.settle_work_tally().await.unwrap(), 0, "nothing left");
    assert_eq!(store.work_tally_total().await.unwrap(), 450);
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
