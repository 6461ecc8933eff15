//! Two servers on one PostgreSQL database join the same cluster warning at once, each with a
//! case that moves it above a wall (`NewWarning::join_move`). The warning moves once and its
//! history says so once: the join that commits second reads the owner after the first one's
//! move (its "before" read waits for the first transaction), finds nothing to move and writes
//! no second step or escalation.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use common::warnings::cluster;
use common::{case, insert, org, store};
use huiyin_core::warning::{WarningLevel, WarningStatus};
use huiyin_store::{Dialect, JoinMove};
use sqlx::Row;

#[tokio::test]
#[ignore = "needs PostgreSQL: HUIYIN_TEST_DATABASE_URL=postgres://… cargo test -p huiyin-store --test warning_join_race -- --ignored"]
async fn a_join_waits_for_another_servers_move_and_does_not_record_it_again() {
    let (_dir, store) = store().await;
    assert_eq!(
        store.dialect(),
        Dialect::Postgres,
        "set HUIYIN_TEST_DATABASE_URL to a PostgreSQL server"
    );
    let o = org(&store).await;
    let day = "2026-06-22";
    let first = insert(
        &store,
        case(o.school_a1, "330100-2026", "收费", "收费", day),
    )
    .await;
    let warning = store
        .insert_warning(
            &cluster(o.county_a, WarningLevel::Yellow, vec![]),
            &[first],
            1_000,
        )
        .await
        .unwrap()
        .expect("raised");

    // The other server: its join has moved the warning to the city, not yet committed.
    let url = store.url_for_tests();
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(2)
        .connect(&url)
        .await
        .unwrap();
    let mut other = pool.begin().await.unwrap();
    sqlx::query("UPDATE warnings SET unit_id = $1, version = version + 1 WHERE id = $2")
        .bind(o.city)
        .bind(warning)
        .execute(&mut *other)
        .await
        .unwrap();

    // This server's join names the city too, as a move above the wall.
    let mut joining = case(o.school_a1, "330100-2026", "收费", "收费", day);
    let mut w = cluster(o.city, WarningLevel::Yellow, vec![]);
    w.join_warning_id = Some(warning);
    w.join_move = Some(JoinMove {
        action: "move_above_wall".into(),
        note: "并入的来信涉及对本单位的检举控告，依回避规定移交上一级".into(),
    });
    joining.warnings = vec![w];
    let writer = {
        let store = store.clone();
        tokio::spawn(async move { store.insert_cases(&[joining], 2_000).await })
    };
    // The join waits for the other server's row lock (wherever it first touches the row).
    let waiting = || async {
        sqlx::query(
            "SELECT COUNT(*) AS n FROM pg_stat_activity \
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
        .get::<i64, _>("n")
    };
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    while waiting().await == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the join never waited for the other server's lock"
        );
        assert!(!writer.is_finished(), "the join did not wait for the lock");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    other.commit().await.unwrap();
    writer.await.unwrap().unwrap();

    let stored = store.warning(warning).await.unwrap().expect("stored");
    assert_eq!(stored.unit_id, o.city);
    let history = store.warning_steps(warning).await.unwrap();
    let moves = history
        .iter()
        .filter(|s| s.action == "move_above_wall")
        .count();
    assert_eq!(
        moves, 0,
        "the other server moved it (and writes its own step): this join must not record the move again: {history:?}"
    );
    assert_ne!(
        stored.status,
        WarningStatus::Escalated,
        "this join found it at the city already and did not escalate it"
    );
}
