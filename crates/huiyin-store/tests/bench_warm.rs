//! The benchmark's warm-up of a PostgreSQL database (`bench_warm.rs`): it reads every table and
//! index within its budget, smallest first, and no more.

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use common::{case, insert, org, store};
use huiyin_store::Dialect;
use huiyin_store::bench_warm::warm_postgres;
use sqlx::Row;

#[tokio::test]
#[ignore = "needs PostgreSQL: HUIYIN_TEST_DATABASE_URL=postgres://… cargo test -p huiyin-store --test bench_warm -- --ignored"]
async fn the_warm_up_reads_what_its_budget_holds_smallest_first() {
    let (_dir, store) = store().await;
    assert_eq!(
        store.dialect(),
        Dialect::Postgres,
        "set HUIYIN_TEST_DATABASE_URL to a PostgreSQL server"
    );
    let o = org(&store).await;
    for n in 0..20 {
        let title = format!("反映学生作业负担过重 {n}");
        insert(
            &store,
            case(o.school_a1, "330106-2026", &title, "作业", "2026-03-02"),
        )
        .await;
    }
    let url = store.url_for_tests();
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&url)
        .await
        .unwrap();
    let mut sizes: Vec<i64> = sqlx::query(
        "SELECT CAST(pg_relation_size(c.oid) AS BIGINT) AS bytes FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 'm')",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get("bytes").unwrap())
    .collect();
    pool.close().await;
    sizes.sort_unstable();
    let total: i64 = sizes.iter().sum();
    assert!(total > 0);

    let all = warm_postgres(&url, i64::MAX).await.unwrap();
    assert_eq!(all.bytes, total);
    assert_eq!(all.relations, sizes.len() as i64);
    assert_eq!(all.skipped, 0);

    // A budget of the smallest half's bytes reads exactly those (empty relations cost nothing).
    let half: i64 = sizes[..sizes.len() / 2].iter().sum();
    let some = warm_postgres(&url, half).await.unwrap();
    assert_eq!(some.bytes, half);
    let fitting = sizes.iter().scan(0i64, |sum, s| {
        *sum += s;
        Some(*sum <= half)
    });
    assert_eq!(some.relations, fitting.filter(|fits| *fits).count() as i64);
    assert_eq!(some.relations + some.skipped, sizes.len() as i64);

    let none = warm_postgres(&url, 0).await.unwrap();
    assert_eq!(none.bytes, 0);
    assert_eq!(
        none.skipped,
        sizes.iter().filter(|s| **s > 0).count() as i64
    );
}
