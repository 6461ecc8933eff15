//! Huiyin's use cases. Each command validates, asks the domain, and runs one store
//! transaction; queries shape what the caller may see. No HTTP, HTML or SQL here.

mod account;
mod audit;
mod auth;
mod calendar;
mod case_snapshot;
mod committer;
mod context;
mod database;
pub mod demo;
mod error;
mod jobs;
mod keys;
mod org;
mod org_import;
pub mod portal;
mod query;
mod register;
mod rules_admin;
mod scanner;
mod search_upgrade;
pub mod seed;
pub mod setup;
mod stats;
mod step;
mod view;
pub mod workbench;

pub use account::PasswordChanged;
pub use auth::{CurrentUser, LoginRequest, Session, SignedIn, hash_password};
pub use calendar::{DeadlineAnswer, Retiming};
pub use case_snapshot::CaseSnapshot;
pub use context::{App, AppConfig, DEFAULT_TOTP_ROLES, MIN_AUDIT_RETENTION_DAYS, SystemClock};
pub use database::{BulkLoad, Database, KeyFile, Resealed, bench, redact_url};
pub use error::AppError;
pub use huiyin_store::{AuditFilter, AuditRecord, AuditReport, ParentRef, SignIn};
pub use jobs::{DEADLINE_SCAN, RETIME};
pub use org::{NewUnitInput, NewUserInput};
pub use org_import::{ImportPlan, ImportProblem, plan_import};
pub use query::{CaseList, CaseQuery};
pub use register::Registered;
pub use scanner::ScanReport;
pub use setup::{FirstAdmin, InitAccount, InitInput, Initialised};
pub use stats::RatesView;
pub use step::ActionInput;
pub use view::{CaseView, DeadlineView, OpinionView, PetitionerView, TimelineView, UnitView};
