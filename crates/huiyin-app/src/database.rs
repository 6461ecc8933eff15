//! The database as the commands see it before an [`App`] runs over it: where it is, its keys,
//! a bulk load's suspended indexes, and the use cases that need no signed-in user (checking the
//! audit trail, purging it, resealing personal data under a new key). The binary opens a
//! `Database` and hands it to [`Database::into_app`]; it never names the store.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use huiyin_crypto::KeyRing;
use huiyin_store::{AuditReport, KeySource, Store};

use crate::context::{App, AppConfig};
use crate::error::{AppError, Result};
use huiyin_core::clock::Clock;

/// Any error, for the command line.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// An open, migrated database with its keys for personal data.
pub struct Database {
    pub(crate) store: Store,
}

/// A bulk load under way: the file being written and the indexes suspended meanwhile, rebuilt
/// by [`App::finish_bulk_load`].
pub struct BulkLoad {
    path: PathBuf,
    suspended: Vec<String>,
}

/// Where the keys for personal data live (DOMAIN.md §10, docs/SECURITY.md).
pub struct KeyFile {
    pub ring: KeyRing,
    /// The key file, reloaded when a rotation elsewhere adds a key.
    pub path: PathBuf,
}

impl KeyFile {
    /// The audit chain's head is anchored beside the key file, outside the database.
    fn anchor(&self) -> PathBuf {
        self.path.with_file_name("huiyin.audit-anchor")
    }
}

/// What a key rotation re-encrypted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resealed {
    pub petitioners: u64,
    pub attachments: u64,
    /// Users whose notification phone or e-mail or TOTP secret was sealed again.
    pub users: u64,
}

impl Database {
    /// Connects to `url` (a `sqlite:` path or a `postgres://` URL), migrates it and gives it
    /// the keys.
    pub async fn open(url: &str, keys: KeyFile) -> Result<Database> {
        Database::keyed(Store::connect(url).await?, keys).await
    }

    /// Reads the statistics and the case list/search from the PostgreSQL standby at `url`
    /// (`database_read_url`).
    pub async fn with_standby(self, url: &str) -> Result<Database> {
        Ok(Database {
            store: self.store.with_standby(url).await?,
        })
    }

    /// A new SQLite database written without a journal and with its indexes suspended, for
    /// the demo generator; [`App::finish_bulk_load`] makes it durable.
    pub async fn open_bulk_load(path: &Path, keys: KeyFile) -> Result<(Database, BulkLoad)> {
        let db = Database::keyed(Store::connect_bulk_load(path).await?, keys).await?;
        let suspended = db.store.suspend_indexes().await?;
        let load = BulkLoad {
            path: path.to_owned(),
            suspended,
        };
        Ok((db, load))
    }

    async fn keyed(store: Store, keys: KeyFile) -> Result<Database> {
        store.migrate().await?;
        keys_open_sealed_data(&store, &keys).await?;
        let anchor = keys.anchor();
        let store = store
            .with_keys(Arc::new(KeySource::new(keys.ring, Some(keys.path))))
            .with_audit_anchor(anchor);
        Ok(Database { store })
    }

    /// The application over this database.
    pub async fn into_app(self, clock: Arc<dyn Clock>, config: AppConfig) -> Result<App> {
        App::new(self.store, clock, config).await
    }

    pub async fn close(self) {
        self.store.close().await;
    }

    /// Checks the audit trail's hash chain, its keyed digests and its outside anchor.
    pub async fn verify_audit(&self) -> Result<AuditReport> {
        Ok(self.store.verify_audit().await?)
    }

    /// Adds a key of `algorithm` to the ring (written to the key file by `write_key_file`
    /// before any value is sealed with it) and makes it active; returns its id.
    pub fn rotate_key(
        &self,
        algorithm: huiyin_crypto::Algorithm,
        write_key_file: impl FnOnce(&KeyRing) -> std::result::Result<(), BoxError>,
    ) -> std::result::Result<String, BoxError> {
        let keys = self.store.keys().ok_or("no key source")?;
        let mut ring = (*keys.ring()).clone();
        let id = ring.rotate(algorithm)?;
        write_key_file(&ring)?;
        keys.reload();
        Ok(id)
    }

    /// Re-encrypts every stored petitioner field, attachment and user's sealed column (contact
    /// phone and e-mail, TOTP secret) sealed under an older key with the active one, in batches (each its own transaction), so an interrupted run resumes.
    pub async fn reseal(&self) -> Result<Resealed> {
        let mut done = Resealed::default();
        let mut after = 0;
        while let Some((last, n)) = self.store.reseal_petitioners(after, 1000).await? {
            after = last;
            done.petitioners += n;
        }
        let mut after = 0;
        while let Some((last, n)) = self.store.reseal_attachments(after, 100).await? {
            after = last;
            done.attachments += n;
        }
        let mut after = 0;
        while let Some((last, n)) = self.store.reseal_users(after, 1000).await? {
            after = last;
            done.users += n;
        }
        Ok(done)
    }

    /// Bytes the database occupies (PostgreSQL; the benchmark's size figure).
    pub async fn size_bytes(&self) -> Result<i64> {
        Ok(self.store.database_size_bytes().await?)
    }
}

impl App {
    /// Rebuilds the indexes a bulk load suspended, so what follows the load (the demo's
    /// cluster history) reads through them; the file is not yet durable.
    pub async fn rebuild_bulk_indexes(&self, load: &mut BulkLoad) -> Result<()> {
        self.store.restore_indexes(&load.suspended).await?;
        load.suspended.clear();
        Ok(())
    }

    /// Rebuilds the indexes a bulk load suspended (those not rebuilt yet) and makes the file
    /// durable; the caller then renames it into place.
    pub async fn finish_bulk_load(&self, mut load: BulkLoad) -> Result<()> {
        self.rebuild_bulk_indexes(&mut load).await?;
        self.store.finish_bulk_load(&load.path).await?;
        Ok(())
    }

    /// Commits the audit entries still waiting ([`crate::committer::SOON_WINDOW`]), then
    /// closes the database's connections (the end of a command or of `serve`).
    pub async fn close(&self) {
        self.committer.flush().await;
        self.store.close().await;
    }

    /// Whether the database answers (`/healthz`).
    pub async fn database_answers(&self) -> bool {
        self.store.ping().await.is_ok()
    }

    /// Whether the server may take traffic (`/readyz`): the database answers and carries every
    /// migration this build knows.
    pub async fn readiness(&self) -> Readiness {
        let expected = self.store.newest_migration();
        match self.store.migration_version().await {
            Ok(v) => Readiness {
                database: true,
                migration: Some(v),
                expected,
            },
            Err(_) => Readiness {
                database: false,
                migration: None,
                expected,
            },
        }
    }

    /// Whether an organisation has been set up (`admin init`, an import or the demo).
    pub async fn has_units(&self) -> Result<bool> {
        Ok(self.store.count_units().await? > 0)
    }

    /// Fresh planner statistics after a bulk load (PostgreSQL; a no-op on SQLite).
    pub async fn refresh_statistics(&self) -> Result<()> {
        Ok(self.store.refresh_statistics().await?)
    }
}

/// What `/readyz` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Readiness {
    /// The database answered.
    pub database: bool,
    /// The newest migration applied, when the database answered.
    pub migration: Option<i64>,
    /// The newest migration this build carries.
    pub expected: i64,
}

impl Readiness {
    pub fn is_ready(&self) -> bool {
        self.database && self.migration == Some(self.expected)
    }
}

/// The URL with its password masked, for printing a configuration.
pub fn redact_url(url: &str) -> String {
    huiyin_store::redact_url(url)
}

/// Measurements of the storage itself, for `huiyin bench`.
pub mod bench {
    use crate::error::Result;

    /// Durable single-row transactions per second on a raw SQLite file in `dir`: the ceiling
    /// intake is compared with.
    pub async fn raw_sqlite_ceiling(dir: &std::path::Path, n: u32) -> Result<f64> {
        Ok(huiyin_store::bench::raw_sqlite_ceiling(dir, n).await?)
    }

    /// Creates (or empties) database `name` beside `base_url`; returns its URL.
    pub async fn create_postgres_database(base_url: &str, name: &str) -> Result<String> {
        Ok(huiyin_store::bench::create_postgres_database(base_url, name).await?)
    }

    pub use huiyin_store::bench_warm::Warmed;

    /// Reads the PostgreSQL database at `url` into the operating system's cache, smallest
    /// relations first, up to `budget_bytes` (`huiyin_store::bench_warm`).
    pub async fn warm_postgres(url: &str, budget_bytes: i64) -> Result<Warmed> {
        Ok(huiyin_store::bench_warm::warm_postgres(url, budget_bytes).await?)
    }
}

/// Refuses keys that do not open the personal data already sealed in the database (issue 17
/// item 1: a second server given its own new key file answered 500 to every read of personal
/// data): the error names the key file and the key the data needs.
async fn keys_open_sealed_data(store: &Store, keys: &KeyFile) -> Result<()> {
    for sealed in store.sealed_samples().await? {
        if !KeyRing::is_sealed(&sealed) {
            continue;
        }
        if let Err(e) = keys.ring.open(&sealed) {
            let needed = sealed.split(':').nth(2).unwrap_or("?");
            return Err(AppError::KeysDoNotOpen(format!(
                "密钥文件 {path} 打不开本数据库已加密的个人信息（需要密钥 {needed}）：请使用与本数据库一同使用的密钥文件（key_file / HUIYIN_KEY_FILE），服务未启动。\
                 The key file {path} does not open this database's sealed personal data (it needs key {needed}: {e}); \
                 use the key file that belongs to this database (key_file / HUIYIN_KEY_FILE). The server did not start.",
                path = keys.path.display()
            )));
        }
    }
    Ok(())
}
