//! All SQL of Huiyin, once, over sqlx's `Any` driver (ARCHITECTURE.md "Storage").
//!
//! The backend is chosen from the URL at [`Store::connect`]; a [`Dialect`] covers the few
//! statements that differ (full-text search, pragmas). Nothing outside this crate knows
//! which database it runs on.

mod accountability;
mod analysis;
mod attachments;
mod audit;
mod audit_anchor;
mod backup;
pub mod bench;
mod breakdown;
mod breakdown_tally;
mod bulk;
mod bulk_load;
mod calendar;
mod case_batch;
mod case_records;
mod case_rows;
mod case_writes;
mod cases;
mod co_handling_tasks;
mod co_handlings;
mod conduct;
mod connect;
mod domain_sql;
mod error;
mod field_visits;
mod firewall;
mod follow_ups;
mod hearings;
mod incident_late;
mod incidents;
mod jobs;
mod joint_receptions;
mod kpi;
mod kpi_counts;
mod leader_counts;
mod matter_files;
mod matters;
mod notification_reads;
mod operations;
mod outbox;
mod outbox_delivery;
mod person_merges;
mod persons;
mod portal;
mod publications;
mod rate_hits;
mod receptions;
mod recusal_register;
mod recusals;
mod reseal;
mod retime;
mod risk_campaigns;
mod risks;
mod rows;
mod saved_views;
mod scorecard;
mod scorecard_snapshots;

mod cluster_reads;
mod search_date_ids;
mod search_gather;
mod search_merge;
mod search_page;
mod search_plan;
mod search_range_walks;
mod search_ranked;
mod search_scope;
mod search_spans;
mod search_sql;
mod search_staged;
mod search_tally;
mod search_text_led;
mod search_walk;
mod security;
mod setup;
mod spike_counts;
mod status_sizes;
mod step_counts;
mod supervisions;
pub mod testdb;
mod units;
mod user_contacts;
mod users;
mod warning_writes;
mod warnings;
mod work_counts;
mod workbench;

pub use accountability::AccountabilityRecord;
pub use analysis::MatterFilter;
pub use attachments::{AttachmentMeta, NewAttachment};
pub use audit::{AuditEntry, AuditFilter, AuditRecord, AuditReport, chain_hash};
pub use backup::{Claim, DatabaseFacts, claim_sqlite_file};
pub use breakdown::{BreakdownFilter, KeyCount, KeyMatch};
pub use case_records::CaseSight;
pub use cases::{CaseLink, CaseRecord, NewCaseRecord, StepRecord, StoredPetitioner, TimelineEntry};
pub use co_handling_tasks::CoHandlingTaskRecord;
pub use co_handlings::{CoHandlingRecord, CoHandlingStepRecord};
pub use conduct::{ConductRecord, MAX_CONDUCT_ROWS};
pub use connect::{Dialect, KeySource, Store, redact as redact_url};
pub use error::{StoreError, UNIQUE_CONSTRAINTS, Unique};
pub use field_visits::FieldVisitRecord;
pub use follow_ups::{
    DecisionFollowUp, FollowUpFilter, FollowUpRecord, FollowUpStepRecord, NewFollowUp,
};
pub use hearings::HearingRecord;
pub use incident_late::{LateIncidentReport, LateNotice};
pub use incidents::{IncidentRecord, IncidentReportRecord, NewIncidentReport};
pub use jobs::{Job, ScanRun};
pub use joint_receptions::{
    JointReceptionFilter, JointReceptionLink, JointReceptionRecord, LinkChange,
};
pub use leader_counts::{LatestStep, OwnedCount};
pub use matter_files::{MatterFileCount, MatterFileFilter};
pub use matters::DuplicateRecord;
pub use operations::{LabelCount, OperationsCounts};
pub use outbox::{OutboxDraft, OutboxOutcome, OutboxRecord, OutboxSight, OutboxSubject};
pub use person_merges::PersonMerge;
pub use persons::{PersonCount, PersonFilter, PersonRow};
pub use portal::{PortalRecord, PublicCount};
pub use publications::PublicationRecord;
pub use receptions::ReceptionRecord;
pub use recusal_register::RecusalRegisterRecord;
pub use recusals::RecusalRecord;
pub use retime::Retimed;
pub use risk_campaigns::CampaignRecord;
pub use risks::{RiskFilter, RiskRecord, RiskStepRecord};
pub use saved_views::SavedViewRecord;
pub use scorecard::FractionPart;
pub use scorecard_snapshots::SnapshotKey;
pub use supervisions::{NewSupervisionOrder, Supervision};
pub use user_contacts::UserContact;
pub mod search;
pub use cluster_reads::{ClusterHeld, HistoryCase, MatterCase};
pub use search::{
    CaseFilter, CaseSort, Firewall, FullText, HandlerFilter, LeaderFilter, Page, Scope,
};
pub use search_scope::READY as SEARCH_SCOPE_READY;
pub use security::{SignIn, UserSecurity};
pub use setup::{NewUnit, ParentRef};
pub use spike_counts::MatterDayCount;
pub use users::{NewUser, UserRecord};
pub use warnings::{NewWarning, PetitionerKeys, WarningChange, WarningRecord, WarningStepRecord};
pub use work_counts::WorkCount;
