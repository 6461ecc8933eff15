//! A PostgreSQL database read once before the benchmark measures its reads (issue 18).
//!
//! A database just generated (or imported) has its pages in the operating system's cache only
//! by chance: writing a million cases wrote some 20 GB of WAL through the same cache, and on
//! this machine a page read from the disk costs about 2 ms. The first reads of a freshly
//! generated million-case database therefore measured the disk, not the queries: one capped
//! count of a county's e-mail petitions read 257 index pages in 545 ms, and 2 ms once they
//! were cached. A server in daily use has read its working set long before; the benchmark
//! reads the database once, smallest relations first, as far as a share of the memory
//! available, with the `pg_prewarm` extension (PostgreSQL's contrib, shipped with the
//! server). A production server keeps what its `shared_buffers` hold across restarts with
//! `pg_prewarm.autoprewarm`, and is read the same way after an import or a restore
//! (docs/OPERATIONS.md, "Memory").

use sqlx::Row;
use sqlx::any::AnyPoolOptions;
use std::time::Instant;

use crate::error::Result;

/// What the warm-up read.
#[derive(Clone, Debug, PartialEq)]
pub struct Warmed {
    /// Tables and indexes read whole.
    pub relations: i64,
    /// Their size in bytes.
    pub bytes: i64,
    /// Relations left unread because the memory budget was spent.
    pub skipped: i64,
    pub seconds: f64,
}

/// Reads every table and index of the database at `url` into the operating system's cache,
/// smallest first, until `budget_bytes` are read. Fails when `pg_prewarm` cannot be created
/// (it needs the contrib files and the right to create an extension).
pub async fn warm_postgres(url: &str, budget_bytes: i64) -> Result<Warmed> {
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await?;
    let t0 = Instant::now();
    sqlx::query("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        .execute(&pool)
        .await?;
    let rows = sqlx::query(
        "SELECT c.oid::regclass::text AS name, CAST(pg_relation_size(c.oid) AS BIGINT) AS bytes \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 'm') \
         ORDER BY 2, 1",
    )
    .fetch_all(&pool)
    .await?;
    let mut warmed = Warmed {
        relations: 0,
        bytes: 0,
        skipped: 0,
        seconds: 0.0,
    };
    for row in &rows {
        let name: String = row.try_get("name")?;
        let bytes: i64 = row.try_get("bytes")?;
        if warmed.bytes + bytes > budget_bytes {
            warmed.skipped += 1;
            continue;
        }
        // `read`: each block is read once, through the operating system's cache, which keeps
        // it (`buffer` would fill PostgreSQL's shared buffers instead, 128 MB by default).
        sqlx::query("SELECT pg_prewarm(CAST($1 AS regclass), 'read') AS n")
            .bind(&name)
            .execute(&pool)
            .await?;
        warmed.relations += 1;
        warmed.bytes += bytes;
    }
    pool.close().await;
    warmed.seconds = t0.elapsed().as_secs_f64();
    Ok(warmed)
}
