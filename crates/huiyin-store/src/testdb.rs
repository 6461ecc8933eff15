//! Throwaway databases for tests: a fresh SQLite file, or a fresh PostgreSQL database when
//! `HUIYIN_TEST_DATABASE_URL` names a server (each test gets its own database).

use sqlx::Executor;
use sqlx::any::AnyPoolOptions;

use crate::Store;
use crate::error::{Result, StoreError};

/// The variable that switches database tests to PostgreSQL.
pub const TEST_DATABASE_ENV: &str = "HUIYIN_TEST_DATABASE_URL";

/// A URL for a fresh, empty database: PostgreSQL when the variable is set, else a SQLite file
/// under `dir`.
pub async fn fresh_database_url(dir: &std::path::Path) -> Result<String> {
    match std::env::var(TEST_DATABASE_ENV)
        .ok()
        .filter(|v| !v.trim().is_empty())
    {
        Some(base) => {
            sqlx::any::install_default_drivers();
            let mut bytes = [0u8; 8];
            getrandom_fill(&mut bytes);
            let now = now_secs();
            let name = format!(
                "huiyin_test_{now}_{}",
                bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
            );
            if !SWEPT.swap(true, std::sync::atomic::Ordering::Relaxed) {
                sweep_stale_test_databases(&base, now).await;
            }
            let admin = AnyPoolOptions::new()
                .max_connections(1)
                .connect(&base)
                .await?;
            admin
                .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .await
                .map_err(|e| StoreError::Database(format!("create test database: {e}")))?;
            admin.close().await;
            let (head, _) = base
                .rsplit_once('/')
                .ok_or(StoreError::Database("bad test database URL".into()))?;
            Ok(format!("{head}/{name}"))
        }
        None => Ok(format!("sqlite://{}", dir.join("test.db").display())),
    }
}

/// Whether this process has swept old test databases already (once is enough).
static SWEPT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Test databases are kept this long (a test run takes minutes), then dropped by a later run.
const STALE_AFTER_SECS: u64 = 6 * 3600;

/// Drops the test databases on the server at `base` made more than [`STALE_AFTER_SECS`]
/// before `now_secs` (their name carries the second they were made). Best effort: a database
/// still in use, or a server that refuses, is left for the next sweep.
pub async fn sweep_stale_test_databases(base: &str, now_secs: u64) {
    let Ok(admin) = AnyPoolOptions::new().max_connections(1).connect(base).await else {
        return;
    };
    let names: Vec<String> = sqlx::query(
        "SELECT datname::text AS name FROM pg_database WHERE datname LIKE 'huiyin\\_test\\_%'",
    )
    .fetch_all(&admin)
    .await
    .map(|rows| {
        rows.iter()
            .filter_map(|r| sqlx::Row::try_get::<String, _>(r, "name").ok())
            .collect()
    })
    .unwrap_or_default();
    for name in names {
        if is_stale(&name, now_secs) {
            let _ = admin
                .execute(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name}"
                )))
                .await;
        }
    }
    admin.close().await;
}

/// Whether `name` is a test database made more than [`STALE_AFTER_SECS`] before `now_secs`
/// (and a plain identifier, safe to put in a statement).
fn is_stale(name: &str, now_secs: u64) -> bool {
    let made = name
        .strip_prefix("huiyin_test_")
        .and_then(|rest| rest.split('_').next())
        .and_then(|secs| secs.parse::<u64>().ok());
    let plain = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    plain && made.is_some_and(|made| now_secs.saturating_sub(made) > STALE_AFTER_SECS)
}

/// Seconds since the epoch, for naming test databases.
pub fn now_secs() -> u64 {
    #[allow(clippy::disallowed_methods)] // test support: names, not domain time
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    t
}

/// A connected, migrated store on a fresh database.
pub async fn fresh_store(dir: &std::path::Path) -> Result<Store> {
    let url = fresh_database_url(dir).await?;
    let store = Store::connect(&url).await?;
    store.migrate().await?;
    Ok(store)
}

fn getrandom_fill(buf: &mut [u8]) {
    // Uniqueness, not secrecy: the process id, a counter and the time are enough.
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    #[allow(clippy::disallowed_methods)]
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mix = (u64::from(std::process::id()) << 32) ^ n ^ (t as u64).rotate_left(17);
    for (i, b) in buf.iter_mut().enumerate() {
        *b = (mix >> ((i % 8) * 8)) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_old_test_databases_named_by_this_module_are_stale() {
        let now = 1_800_000_000;
        assert!(is_stale("huiyin_test_1799970000_00ff", now));
        assert!(
            !is_stale("huiyin_test_1799999000_00ff", now),
            "made minutes ago"
        );
        assert!(
            !is_stale("huiyin_test_0011223344556677", now),
            "older naming: no time"
        );
        assert!(!is_stale("huiyin_bench", now));
        assert!(!is_stale("postgres", now));
        assert!(!is_stale("huiyin_test_1_x; DROP", now), "not a plain name");
    }
}
