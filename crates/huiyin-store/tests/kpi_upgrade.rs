//! Upgrading a database with cases to migration 0018 (the KPI rules' results stored beside the
//! facts): the counts read through the new columns equal the rates' definition, before and
//! after the cases change again under the new triggers. The database is built with the
//! migrations up to 0017 alone, as an installation of the previous version holds it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::day;
use common::kpi::{Lcg, expected};
use huiyin_core::kpi::KpiFacts;
use huiyin_store::Store;
use huiyin_store::search::Scope;
use sqlx::Connection;

const CASES: i64 = 240;

/// The day column of a fact as the old store wrote it.
fn text(d: Option<huiyin_core::Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

/// A SQLite file at migration 0017 holding three units (1 above 2 and 3) and `facts.len()`
/// cases, case `i + 1` held by unit 2 or 3, written in the old columns.
async fn database_at_0017(dir: &std::path::Path, facts: &[KpiFacts]) -> String {
    let old = dir.join("migrations");
    std::fs::create_dir(&old).unwrap();
    let all = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    for entry in std::fs::read_dir(all).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.as_str() < "0018" {
            std::fs::copy(&path, old.join(&name)).unwrap();
        }
    }
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=rwc", dir.join("old.db").display());
    let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
    let migrator = sqlx::migrate::Migrator::new(old.as_path()).await.unwrap();
    migrator.run(&mut conn).await.unwrap();
    for (id, parent) in [(1, None), (2, Some(1)), (3, Some(1))] {
        sqlx::query(
            "INSERT INTO units (id, name, kind, level, parent_id, region_code, created_at) \
             VALUES ($1, $2, 'bureau', 3, $3, '330100', 0)",
        )
        .bind(id)
        .bind(format!("单位{id}"))
        .bind(parent)
        .execute(&mut conn)
        .await
        .unwrap();
        for ancestor in [Some(id), parent].into_iter().flatten() {
            sqlx::query(
                "INSERT OR IGNORE INTO unit_ancestors (unit_id, ancestor_id) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(ancestor)
            .execute(&mut conn)
            .await
            .unwrap();
        }
    }
    for (i, f) in facts.iter().enumerate() {
        let id = i as i64 + 1;
        let unit = 2 + id % 2;
        let received = f.received_on.unwrap().to_string();
        sqlx::query(
            "INSERT INTO cases (id, number, status, channel, petition_type, category, title, content, \
             demands, received_on, receiving_unit_id, handling_unit_id, concerned_unit_id, people_count, \
             flags, last_step_on, detail, created_at, updated_at, version) \
             VALUES ($1, $2, 'accepted', 'letter', 'appeal', '01', 't', 'c', 'd', $3, $4, $4, $4, 1, \
             '', $3, '{}', 0, 0, 1)",
        )
        .bind(id)
        .bind(format!("N{id}"))
        .bind(&received)
        .bind(unit)
        .execute(&mut conn)
        .await
        .unwrap();
        sqlx::query("INSERT INTO case_units (case_id, unit_id) VALUES ($1, $2)")
            .bind(id)
            .bind(unit)
            .execute(&mut conn)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO case_kpi (case_id, received_on, acceptance_due_on, decided_on, handling_due_on, \
             concluded_on, has_opinion, evaluated, satisfied) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(&received)
        .bind(text(f.acceptance_due_on))
        .bind(text(f.decided_on))
        .bind(text(f.handling_due_on))
        .bind(text(f.concluded_on))
        .bind(i64::from(f.has_opinion))
        .bind(i64::from(f.evaluated))
        .bind(i64::from(f.satisfied))
        .execute(&mut conn)
        .await
        .unwrap();
    }
    conn.close().await.unwrap();
    url
}

/// Every scope's counts over several ranges and days equal the definition's.
async fn check(store: &Store, facts: &[KpiFacts], when: &str) {
    let of_unit = |u: i64| -> Vec<KpiFacts> {
        facts
            .iter()
            .enumerate()
            .filter(|(i, _)| 2 + (*i as i64 + 1) % 2 == u)
            .map(|(_, f)| f.clone())
            .collect()
    };
    let ranges = [("2025-01-01", "2026-12-31"), ("2025-03-01", "2025-09-30")];
    for (from, to) in ranges {
        for today in ["2025-06-01", "2026-01-15", "2027-01-01"] {
            let (from, to, today) = (day(from), day(to), day(today));
            let all = expected(facts, from, to, today);
            for scope in [Scope::All, Scope::Subtree(1), Scope::Units(vec![2, 3])] {
                let got = store.kpi_counts(&scope, from, to, today).await.unwrap();
                assert_eq!(got, all, "{when}: {scope:?} {from}..{to} on {today}");
            }
            for unit in [2, 3] {
                let want = expected(&of_unit(unit), from, to, today);
                for scope in [Scope::Subtree(unit), Scope::Units(vec![unit])] {
                    let got = store.kpi_counts(&scope, from, to, today).await.unwrap();
                    assert_eq!(got, want, "{when}: {scope:?} {from}..{to} on {today}");
                }
            }
        }
    }
}

#[tokio::test]
async fn an_upgraded_database_counts_by_the_stored_results_and_keeps_them_through_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut lcg = Lcg(18);
    let mut facts: Vec<KpiFacts> = (0..CASES).map(|_| lcg.facts()).collect();
    let url = database_at_0017(dir.path(), &facts).await;

    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    check(&store, &facts, "after the upgrade").await;

    // Every case moves on under the new triggers, which take the old results back out.
    let mut changed = Vec::new();
    for (i, f) in facts.iter_mut().enumerate() {
        let mut next = lcg.facts();
        next.received_on = f.received_on;
        *f = next;
        changed.push((i as i64 + 1, f.clone()));
    }
    store.upsert_kpi(&changed).await.unwrap();
    check(&store, &facts, "after the cases changed").await;
}
