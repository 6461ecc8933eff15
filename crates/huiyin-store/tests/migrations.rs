//! Migrations: applying them again changes nothing, and both backends end with the same
//! tables and columns (the live schema is read from `sqlite_master` / `information_schema`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // integration tests: failures should panic

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{case, insert, org, store};
use huiyin_store::{Dialect, Store};
use sqlx::Row;
use sqlx::any::AnyPoolOptions;

type Schema = BTreeMap<String, BTreeSet<String>>;

/// Runs a read-only query on the store's database through a separate connection.
async fn rows(store: &Store, sql: String) -> Vec<sqlx::any::AnyRow> {
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&store.url_for_tests())
        .await
        .unwrap();
    let out = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    out
}

/// Tables and their columns as the database reports them (sqlx's and SQLite's own tables and
/// the FTS5 shadow tables left out).
async fn live_schema(store: &Store) -> Schema {
    let mut schema = Schema::new();
    match store.dialect() {
        Dialect::Sqlite => {
            let sql = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            for r in rows(store, sql.into()).await {
                let t: String = r.get("name");
                if t.starts_with("sqlite_") || t.starts_with("_sqlx") || t.starts_with("case_fts_")
                {
                    continue;
                }
                let cols = rows(store, format!("SELECT name FROM pragma_table_info('{t}')")).await;
                schema.insert(t, cols.iter().map(|c| c.get::<String, _>("name")).collect());
            }
        }
        Dialect::Postgres => {
            let sql = "SELECT c.table_name::text AS t, c.column_name::text AS c \
                       FROM information_schema.columns c JOIN information_schema.tables t \
                       ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
                       WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'";
            for r in rows(store, sql.into()).await {
                let t: String = r.get("t");
                if !t.starts_with("_sqlx") {
                    schema.entry(t).or_default().insert(r.get("c"));
                }
            }
        }
    }
    schema
}

/// Tables and columns declared by a backend's migration files.
fn declared_schema(backend: &str) -> Schema {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut schema = Schema::new();
    for f in files {
        let text: String = std::fs::read_to_string(f)
            .unwrap()
            .lines()
            .map(|l| l.split("--").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        for stmt in text.split(';') {
            let words: Vec<&str> = stmt.split_whitespace().collect();
            match words.as_slice() {
                ["CREATE", "TABLE", name, ..] => {
                    let name = name.trim_end_matches('(').to_owned();
                    let body = &stmt[stmt.find('(').unwrap() + 1..stmt.rfind(')').unwrap()];
                    let (mut depth, mut item, mut cols) = (0, String::new(), BTreeSet::new());
                    for ch in body.chars().chain([',']) {
                        match ch {
                            '(' => depth += 1,
                            ')' => depth -= 1,
                            ',' if depth == 0 => {
                                let first = item.split_whitespace().next().unwrap_or("");
                                let constraint =
                                    ["PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "CONSTRAINT"];
                                if !first.is_empty() && !constraint.contains(&first) {
                                    cols.insert(first.to_owned());
                                }
                                item.clear();
                                continue;
                            }
                            _ => {}
                        }
                        item.push(ch);
                    }
                    schema.insert(name, cols);
                }
                ["CREATE", "VIRTUAL", "TABLE", name, ..] => {
                    // FTS5: the indexed column; the rowid is the case id.
                    schema.insert((*name).to_owned(), BTreeSet::from(["tokens".to_owned()]));
                }
                ["ALTER", "TABLE", name, rest @ ..] => {
                    // One or more `ADD COLUMN name type`, comma-separated (PostgreSQL).
                    let cols = schema.get_mut(*name).unwrap();
                    for w in rest.windows(3) {
                        if let ["ADD", "COLUMN", col] = w {
                            cols.insert((*col).to_owned());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    schema
}

/// The one table allowed to differ: the full-text index is an FTS5 table keyed on its implicit
/// rowid on SQLite, a plain table (with `case_id` and whatever the index needs) on PostgreSQL.
/// Both must hold the `tokens` column; the rest of it is left out of the comparison.
fn without_fts_key(mut s: Schema) -> Schema {
    let cols = s.get_mut("case_fts").expect("a case_fts table");
    assert!(cols.contains("tokens"), "case_fts without tokens: {cols:?}");
    cols.retain(|c| c == "tokens");
    s
}

/// The table only SQLite has, by design: `tally_deferral`, the switch that lets a batch of
/// registrations count its statistics at once (migration 0068; PostgreSQL keeps its per-row
/// trigger).
const SQLITE_ONLY: &[&str] = &["tally_deferral"];

/// The table only PostgreSQL has, by design: `work_tally_delta`, the changes of the 工作台's
/// rollup its writers append side by side, until they are settled into `work_tally`
/// (migration 0070; SQLite's one writer updates the rollup in place).
const POSTGRES_ONLY: &[&str] = &["work_tally_delta"];

/// `s` without the tables only one of the two backends has, after checking they are there.
fn without_tables(mut s: Schema, only_here: &[&str]) -> Schema {
    for table in only_here {
        assert!(
            s.remove(*table).is_some(),
            "no table {table} in {:?}",
            s.keys()
        );
    }
    s
}

#[tokio::test]
async fn migrating_again_is_a_no_op() {
    let (_dir, store) = store().await;
    let o = org(&store).await;
    let id = insert(&store, case(o.county_a, "s", "学区", "划片", "2026-03-01")).await;
    let applied = "SELECT version, description FROM _sqlx_migrations ORDER BY version";
    let snapshot = async |s: &Store| {
        let migrations: Vec<(i64, String)> = rows(s, applied.into())
            .await
            .iter()
            .map(|r| (r.get("version"), r.get("description")))
            .collect();
        let head = rows(s, "SELECT last_id, last_hash FROM audit_head".into()).await;
        let head: Vec<(i64, String)> = head
            .iter()
            .map(|r| (r.get("last_id"), r.get("last_hash")))
            .collect();
        (
            migrations,
            head,
            live_schema(s).await,
            s.count_cases().await.unwrap(),
        )
    };
    let before = snapshot(&store).await;
    assert!(before.0.len() >= 5, "{:?}", before.0);
    assert_eq!(
        before.1,
        [(0, "genesis".to_owned())],
        "seed rows written once"
    );

    store.migrate().await.unwrap();
    let other = store.reconnect().await.unwrap(); // another process starting up
    other.migrate().await.unwrap();
    assert_eq!(snapshot(&store).await, before);
    assert_eq!(store.units().await.unwrap().len(), 6);
    assert_eq!(other.case(id).await.unwrap().unwrap().case.title, "学区");
}

#[tokio::test]
async fn the_schema_is_what_the_migrations_declare_and_alike_on_both_backends() {
    let sqlite = declared_schema("sqlite");
    let postgres = declared_schema("postgres");
    assert!(
        sqlite.len() >= 20 && sqlite.contains_key("cases"),
        "{sqlite:?}"
    );
    assert!(sqlite["cases"].contains("next_due_on") && sqlite["users"].contains("totp_secret"));
    assert!(SQLITE_ONLY.iter().all(|t| !postgres.contains_key(*t)));
    assert!(POSTGRES_ONLY.iter().all(|t| !sqlite.contains_key(*t)));
    assert_eq!(
        without_tables(without_fts_key(postgres.clone()), POSTGRES_ONLY),
        without_tables(sqlite.clone(), SQLITE_ONLY),
        "the two migration sets differ"
    );

    let (_dir, store) = store().await;
    let live = live_schema(&store).await;
    let declared = match store.dialect() {
        Dialect::Sqlite => &sqlite,
        Dialect::Postgres => &postgres,
    };
    assert_eq!(&live, declared);
}

#[tokio::test]
#[ignore = "needs PostgreSQL: HUIYIN_TEST_DATABASE_URL=postgres://… cargo test -p huiyin-store --test migrations -- --ignored"]
async fn a_sqlite_and_a_postgres_database_have_the_same_tables() {
    // Compares live databases of both kinds; on SQLite alone the test above compares SQLite
    // with the PostgreSQL migration files. Asked to run without a server, it fails (it is
    // ignored by default, so it is never counted as passed without one).
    let (_dir, store) = store().await;
    assert_eq!(
        store.dialect(),
        Dialect::Postgres,
        "set HUIYIN_TEST_DATABASE_URL to a PostgreSQL server"
    );
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("side.db").display());
    let side = Store::connect(&url).await.unwrap();
    side.migrate().await.unwrap();
    let (pg, lite) = (
        without_tables(live_schema(&store).await, POSTGRES_ONLY),
        without_tables(live_schema(&side).await, SQLITE_ONLY),
    );
    assert_eq!(
        pg.keys().collect::<Vec<_>>(),
        lite.keys().collect::<Vec<_>>()
    );
    assert_eq!(without_fts_key(pg), lite);
}
