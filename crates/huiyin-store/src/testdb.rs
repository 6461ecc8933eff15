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
            let name = format!(
                "huiyin_test_{}",
                bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
            );
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
