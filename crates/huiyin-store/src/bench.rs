//! The physical limit of the disk for the benchmark: one durable SQLite transaction per case,
//! writing rows of the same shape as a registration, without Huiyin around it (issue 6).

use sqlx::Executor;
use sqlx::any::AnyPoolOptions;
use std::time::Instant;

use crate::error::Result;

/// Commits `n` transactions, each inserting a case-like row, a petitioner, a timeline entry,
/// a deadline and a search row, into a fresh SQLite file in `dir` with `synchronous=FULL`.
/// Returns transactions per second.
pub async fn raw_sqlite_ceiling(dir: &std::path::Path, n: u32) -> Result<f64> {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}?mode=rwc", dir.join("ceiling.db").display());
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;")
                    .await?;
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    pool.execute(
        "CREATE TABLE IF NOT EXISTS c (id INTEGER PRIMARY KEY, number TEXT UNIQUE, status TEXT, title TEXT, content TEXT, \
         received_on TEXT, unit BIGINT, detail TEXT);
         CREATE TABLE IF NOT EXISTS p (id INTEGER PRIMARY KEY, case_id BIGINT, name TEXT, id_number TEXT, phone TEXT, id_key TEXT);
         CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, case_id BIGINT, action TEXT, on_day TEXT, note TEXT);
         CREATE TABLE IF NOT EXISTS d (case_id BIGINT, kind TEXT, due_on TEXT, explanation TEXT, PRIMARY KEY (case_id, kind));
         CREATE VIRTUAL TABLE IF NOT EXISTS f USING fts5(tokens, content='', contentless_delete=1);
         CREATE INDEX IF NOT EXISTS c_unit ON c(unit, status);
         CREATE INDEX IF NOT EXISTS p_key ON p(id_key);",
    )
    .await?;
    let content = "反映学校违规收取借读费，要求退还并说明收费依据。".repeat(8);
    let started = Instant::now();
    for i in 0..n {
        let mut tx = pool.begin().await?;
        let row = sqlx::query(
            "INSERT INTO c (number, status, title, content, received_on, unit, detail) VALUES ($1, 'registered', $2, $3, '2026-06-01', 5, '{}') RETURNING id",
        )
        .bind(format!("raw-{i}"))
        .bind("反映学校违规收费")
        .bind(&content)
        .fetch_one(&mut *tx)
        .await?;
        let id: i64 = sqlx::Row::try_get(&row, "id")?;
        sqlx::query("INSERT INTO p (case_id, name, id_number, phone, id_key) VALUES ($1, '张伟', $2, $3, $4)")
            .bind(id)
            .bind("enc1:sm4gcm:k1:00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
            .bind("enc1:sm4gcm:k1:00112233445566778899aabbccddeeff0011223344")
            .bind(format!("{i:064x}"))
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO t (case_id, action, on_day, note) VALUES ($1, 'register', '2026-06-01', '登记（来信）')")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO d (case_id, kind, due_on, explanation) VALUES ($1, 'disposal', '2026-06-16', '自2026-06-01起算15个自然日')")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO f (rowid, tokens) VALUES ($1, '反映 学校 违规 收取 借读费 借读 读费 退还 说明 收费 依据')")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    pool.close().await;
    Ok(f64::from(n) / secs)
}

impl crate::Store {
    /// Size of the database on disk in bytes (SQLite: pages; PostgreSQL: pg_database_size).
    pub async fn database_size_bytes(&self) -> Result<i64> {
        let row = match self.dialect {
            crate::Dialect::Sqlite => sqlx::query(
                "SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()",
            )
            .fetch_one(&self.read)
            .await?,
            crate::Dialect::Postgres => {
                sqlx::query("SELECT CAST(pg_database_size(current_database()) AS BIGINT) AS n")
                    .fetch_one(&self.read)
                    .await?
            }
        };
        crate::rows::i64_col(&row, "n")
    }
}

/// Creates database `name` on the PostgreSQL server of `base_url` and returns its URL.
pub async fn create_postgres_database(base_url: &str, name: &str) -> Result<String> {
    sqlx::any::install_default_drivers();
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(crate::StoreError::Database(
            "database names are [a-z0-9_]".into(),
        ));
    }
    let admin = AnyPoolOptions::new()
        .max_connections(1)
        .connect(base_url)
        .await?;
    admin
        .execute(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name}"
        )))
        .await?;
    admin
        .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await?;
    admin.close().await;
    let (head, _) = base_url
        .rsplit_once('/')
        .ok_or(crate::StoreError::Database("bad PostgreSQL URL".into()))?;
    Ok(format!("{head}/{name}"))
}
