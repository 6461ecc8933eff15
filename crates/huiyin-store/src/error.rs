//! The driver-neutral storage error.

/// What can go wrong in the store, without the driver's types leaking out.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique constraint was violated (e.g. a username taken), named by [`Unique`].
    #[error("unique constraint violated: {0:?}")]
    Conflict(Unique),
    /// The write was refused by a rule of the store itself (setting up a database that has
    /// units, purging audit entries inside the retention period).
    #[error("refused: {0}")]
    Refused(String),
    /// The row changed since it was read (optimistic concurrency).
    #[error("the record changed concurrently")]
    Concurrent,
    #[error("not found")]
    NotFound,
    /// Stored data could not be decoded (a bug or a hand edit).
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(String),
    #[error("migration failed: {0}")]
    Migration(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(Unique::of(db.constraint(), db.message()))
            }
            _ => StoreError::Database(e.to_string()),
        }
    }
}

/// The unique rules of the schema, recognised by constraint name: PostgreSQL reports the
/// constraint (`users_username_key`, its default name for `UNIQUE` on a column), SQLite names
/// the indexed columns in its message (`UNIQUE constraint failed: users.username`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unique {
    Username,
    CaseNumber,
    JobKey,
    ScanSlot,
    PortalCode,
    PortalIdempotencyKey,
    Publication,
    /// A constraint without a name here (a bug: add it).
    Other(String),
}

/// (PostgreSQL constraint, SQLite columns, rule). Migrations name no constraints, so these
/// are the backends' default names; `tests/migrations.rs` checks each exists.
pub const UNIQUE_CONSTRAINTS: &[(&str, &str, Unique)] = &[
    ("users_username_key", "users.username", Unique::Username),
    ("cases_number_key", "cases.number", Unique::CaseNumber),
    ("jobs_unique_key_key", "jobs.unique_key", Unique::JobKey),
    (
        "scan_runs_scan_slot_key",
        "scan_runs.scan, scan_runs.slot",
        Unique::ScanSlot,
    ),
    (
        "portal_petitions_code_key_key",
        "portal_petitions.code_key",
        Unique::PortalCode,
    ),
    (
        "portal_petitions_idem_key_key",
        "portal_petitions.idem_key",
        Unique::PortalIdempotencyKey,
    ),
    (
        "publications_case_id_key",
        "publications.case_id",
        Unique::Publication,
    ),
];

impl Unique {
    /// The rule a violation broke, from the constraint name (PostgreSQL) or the columns
    /// SQLite names after `UNIQUE constraint failed: `.
    pub fn of(constraint: Option<&str>, message: &str) -> Unique {
        let sqlite_columns = message.strip_prefix("UNIQUE constraint failed: ");
        UNIQUE_CONSTRAINTS
            .iter()
            .find(|(pg, cols, _)| constraint == Some(*pg) || sqlite_columns == Some(*cols))
            .map(|(_, _, rule)| rule.clone())
            .unwrap_or_else(|| Unique::Other(constraint.unwrap_or(message).to_owned()))
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migration(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
