//! The application error: a domain error (with its stable code) or a storage failure.

use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_store::{StoreError, Unique};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Domain(DomainError),
    #[error("store: {0}")]
    Store(StoreError),
    /// The key file does not open this database's sealed personal data (a server refuses to
    /// start rather than fail every read of it).
    #[error("{0}")]
    KeysDoNotOpen(String),
}

impl AppError {
    pub fn code(code: ErrorCode) -> AppError {
        AppError::Domain(DomainError::new(code))
    }

    /// The stable code shown to clients (internal failures all read `internal`).
    pub fn error_code(&self) -> ErrorCode {
        match self {
            AppError::Domain(d) => d.code,
            AppError::Store(StoreError::Concurrent) => ErrorCode::ActionNotAllowed,
            AppError::Store(_) | AppError::KeysDoNotOpen(_) => ErrorCode::Internal,
        }
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        AppError::Domain(e)
    }
}

impl From<ErrorCode> for AppError {
    fn from(e: ErrorCode) -> Self {
        AppError::Domain(DomainError::new(e))
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(Unique::Username) => AppError::code(ErrorCode::UsernameTaken),
            other => AppError::Store(other),
        }
    }
}

pub type Result<T> = std::result::Result<T, AppError>;
