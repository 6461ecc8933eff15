//! Choosing the backend once, from the URL, and the pools.

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

use crate::error::{Result, StoreError};

/// The few things that differ between the backends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// The store: a writer pool and a reader pool (the same pool on PostgreSQL). On SQLite all
/// writes go through one connection, so transactions never contend for the write lock.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) write: AnyPool,
    pub(crate) read: AnyPool,
    /// A PostgreSQL streaming standby for the statistics and the case list/search
    /// (`database_read_url`); none: those read `read` like everything else.
    pub(crate) standby: Option<AnyPool>,
    pub(crate) dialect: Dialect,
    url: String,
    /// Keys for personal data at rest; without them values are stored as given (tests of the
    /// store itself, and databases written before encryption was configured).
    pub(crate) keys: Option<std::sync::Arc<KeySource>>,
    /// Where the audit chain's head is anchored outside the database (`audit_anchor.rs`).
    pub(crate) anchor: Option<crate::audit_anchor::Anchor>,
    /// Case ids per span token of the full-text rows (`huiyin_text::SPAN_CASES`;
    /// `search_spans.rs`).
    pub(crate) search_span: i64,
    /// How many cases each scope holds in each status, lately (`search_plan.rs`).
    pub(crate) status_sizes: crate::status_sizes::StatusSizes,
}

/// The key ring in use, reloadable from its key file: when another process rotates the keys,
/// a value sealed with a key this process has not seen triggers one reload.
#[derive(Debug)]
pub struct KeySource {
    ring: std::sync::RwLock<std::sync::Arc<huiyin_crypto::KeyRing>>,
    path: Option<std::path::PathBuf>,
}

impl KeySource {
    pub fn new(ring: huiyin_crypto::KeyRing, path: Option<std::path::PathBuf>) -> KeySource {
        KeySource {
            ring: std::sync::RwLock::new(std::sync::Arc::new(ring)),
            path,
        }
    }

    pub fn ring(&self) -> std::sync::Arc<huiyin_crypto::KeyRing> {
        self.ring
            .read()
            .map(|g| g.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    /// Re-reads the key file; false when there is none or it cannot be read.
    pub fn reload(&self) -> bool {
        let Some(path) = &self.path else { return false };
        match std::fs::read_to_string(path)
            .ok()
            .and_then(|t| huiyin_crypto::KeyRing::from_key_file(&t).ok())
        {
            Some(ring) => {
                let mut g = self.ring.write().unwrap_or_else(|p| p.into_inner());
                *g = std::sync::Arc::new(ring);
                true
            }
            None => false,
        }
    }
}

/// A PostgreSQL pool whose connections run without JIT compilation. PostgreSQL compiles a
/// query whose estimated cost passes 100,000, and a bounded walk is estimated at the cost of
/// the whole table it stops early in: a city's newest-first search that ran in 7 ms spent
/// 35 ms more compiling (`docs/PERFORMANCE.md`). JIT pays off for long analytical scans,
/// which Huiyin's requests are not.
fn postgres_pool_options() -> AnyPoolOptions {
    AnyPoolOptions::new().after_connect(|conn, _meta| {
        Box::pin(async move {
            conn.execute("SET jit = off").await?;
            Ok(())
        })
    })
}

impl Store {
    /// Connects to `url` (`sqlite://path` or `postgres://…`), creating a SQLite file if
    /// missing. Does not migrate.
    pub async fn connect(url: &str) -> Result<Store> {
        install_default_drivers();
        if url.starts_with("sqlite:") {
            // WAL lets readers work beside the writer; synchronous=FULL makes a committed
            // transaction survive a power cut.
            Store::connect_sqlite(
                url,
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
                32_768,
            )
            .await
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let pool = postgres_pool_options()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(30))
                .connect(url)
                .await?;
            Ok(Store {
                write: pool.clone(),
                read: pool,
                dialect: Dialect::Postgres,
                url: url.to_owned(),
                keys: None,
                anchor: None,
                search_span: huiyin_text::SPAN_CASES,
                status_sizes: Default::default(),
                standby: None,
            })
        } else {
            Err(StoreError::Database(format!(
                "unsupported database URL scheme (use sqlite:// or postgres://): {}",
                redact(url)
            )))
        }
    }

    /// Reads the statistics and the case list/search from the PostgreSQL standby at `url`
    /// (streaming replication). With `synchronous_commit = remote_apply` on the primary, what
    /// was acknowledged is visible there; with less, those reads may lag (docs/OPERATIONS.md).
    pub async fn with_standby(mut self, url: &str) -> Result<Store> {
        if self.dialect != Dialect::Postgres
            || !(url.starts_with("postgres:") || url.starts_with("postgresql:"))
        {
            return Err(StoreError::Database(format!(
                "a standby for reads needs PostgreSQL on both sides: {}",
                redact(url)
            )));
        }
        let pool = postgres_pool_options()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        self.standby = Some(pool);
        Ok(self)
    }

    /// The pool of the reads a standby may answer: statistics, the case list and search.
    pub(crate) fn reports(&self) -> &AnyPool {
        self.standby.as_ref().unwrap_or(&self.read)
    }

    /// Opens a SQLite file with these journal pragmas and a writer page cache of
    /// `writer_cache_kib` (KiB; SQLite's default is 2 MiB): the writer keeps the indexes it
    /// updates in memory, each of four readers 8 MiB of hot pages (the page cache of the operating system holds the rest), within the server's
    /// memory budget.
    pub(crate) async fn connect_sqlite(
        url: &str,
        journal: &'static str,
        writer_cache_kib: u32,
    ) -> Result<Store> {
        let url = if url.contains('?') {
            url.to_owned()
        } else {
            format!("{url}?mode=rwc")
        };
        let options = |cache_kib: u32| {
            AnyPoolOptions::new()
                .acquire_timeout(Duration::from_secs(30))
                .after_connect(move |conn, _meta| {
                    Box::pin(async move {
                        let pragmas = format!(
                            "{journal} PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; \
                             PRAGMA temp_store=MEMORY; PRAGMA cache_size=-{cache_kib};"
                        );
                        conn.execute(sqlx::AssertSqlSafe(pragmas)).await?;
                        Ok(())
                    })
                })
        };
        let write = options(writer_cache_kib)
            .max_connections(1)
            .min_connections(1)
            .connect(&url)
            .await?;
        let read = options(8_192).max_connections(4).connect(&url).await?;
        Ok(Store {
            write,
            read,
            dialect: Dialect::Sqlite,
            url,
            keys: None,
            anchor: None,
            search_span: huiyin_text::SPAN_CASES,
            status_sizes: Default::default(),
            standby: None,
        })
    }

    /// Applies the embedded migrations of this backend.
    pub async fn migrate(&self) -> Result<()> {
        match self.dialect {
            Dialect::Sqlite => {
                sqlx::migrate!("./migrations/sqlite")
                    .run(&self.write)
                    .await?;
            }
            Dialect::Postgres => {
                sqlx::migrate!("./migrations/postgres")
                    .run(&self.write)
                    .await?
            }
        }
        Ok(())
    }

    /// A second, independent connection to the same database (as another process would have).
    pub async fn reconnect(&self) -> Result<Store> {
        let mut s = Store::connect(&self.url).await?;
        s.keys = self.keys.clone();
        Ok(s)
    }

    /// Encrypts identity numbers, phones and addresses with these keys from now on.
    pub fn with_keys(mut self, keys: std::sync::Arc<KeySource>) -> Store {
        self.keys = Some(keys);
        self
    }

    /// The key source, if personal data is encrypted.
    pub fn keys(&self) -> Option<&std::sync::Arc<KeySource>> {
        self.keys.as_ref()
    }

    /// Seals a personal-data value for storage (identity when no keys are configured).
    pub(crate) fn seal(&self, value: Option<&str>) -> Result<Option<String>> {
        match (value, &self.keys) {
            (Some(v), Some(k)) => k
                .ring()
                .seal(v)
                .map(Some)
                .map_err(|e| StoreError::Corrupt(e.to_string())),
            (v, _) => Ok(v.map(str::to_owned)),
        }
    }

    /// Opens a stored personal-data value (clear values written before encryption pass through).
    pub(crate) fn open(&self, value: Option<String>) -> Result<Option<String>> {
        match (value, &self.keys) {
            (Some(v), Some(k)) if huiyin_crypto::KeyRing::is_sealed(&v) => {
                let opened = match k.ring().open(&v) {
                    Err(huiyin_crypto::CryptoError::UnknownKey(_)) if k.reload() => {
                        k.ring().open(&v)
                    }
                    other => other,
                };
                opened
                    .map(Some)
                    .map_err(|e| StoreError::Corrupt(format!("personal data: {e}")))
            }
            (Some(v), None) if huiyin_crypto::KeyRing::is_sealed(&v) => Err(StoreError::Corrupt(
                "personal data is encrypted but no keys are configured".into(),
            )),
            (v, _) => Ok(v),
        }
    }

    /// The URL this store was opened with (tests open a second, keyless handle with it).
    pub fn url_for_tests(&self) -> String {
        self.url.clone()
    }

    /// Every stored identity number, phone and address exactly as on disk (tests).
    pub async fn raw_petitioner_columns_for_tests(&self) -> Result<Vec<String>> {
        let rows = sqlx::query("SELECT id_number, phone, address FROM petitioners")
            .fetch_all(&self.read)
            .await?;
        let mut out = Vec::new();
        for r in &rows {
            for c in ["id_number", "phone", "address"] {
                if let Some(v) = crate::rows::opt_text(r, c)? {
                    out.push(v);
                }
            }
        }
        Ok(out)
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.write.close().await;
        self.read.close().await;
        if let Some(standby) = &self.standby {
            standby.close().await;
        }
    }
}

/// A database URL with any password removed, for logs and errors.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        _ => url.to_owned(),
    }
}
