//! Huiyin's use cases. Each command validates, asks the domain, and runs one store
//! transaction; queries shape what the caller may see. No HTTP, HTML or SQL here.

mod account;
mod accountability;
mod allotment;
mod analysis;
mod annual_report;
mod audit;
mod auth;
mod backup;
mod backup_file;
mod breakdown;
mod calendar;
mod calendar_notice;
mod case_snapshot;
mod co_handling_tasks;
mod co_handlings;
mod committer;
mod conduct;
mod context;
mod database;
pub mod demo;
mod error;
mod field_visits;
mod follow_ups;
mod hearings;
pub mod import;
mod incident_chain;
mod incident_late_scan;
mod incident_list;
mod incident_stats;
mod incidents;
mod jobs;
mod joint_reception_steps;
mod joint_receptions;
mod keys;
mod landing_report;
mod leaders;
mod matter_list;
mod matters;
mod notifications;
mod operations;
mod org;
mod org_import;
mod outbox;
mod outbox_inbox;
mod outbox_incidents;
mod outbox_sms_http;
mod outbox_smtp;
mod outbox_spool;
mod outbox_worker;
mod person_list;
mod person_merges;
mod person_views;
mod persons;
pub mod portal;
mod query;
mod rate_limits;
mod reasons;
mod receptions;
mod recusal;
mod recusal_register;
mod register;
mod restore;
mod risk_campaigns;
mod risk_escalation;
mod risk_owners;
mod risks;
mod rules_admin;
mod saved_views;
mod scanner;
mod scorecard;
mod scorecard_snapshots;
mod search_lookup;
mod search_upgrade;
pub mod seed;
pub mod setup;
mod shared_config;
mod stats;
mod step;
mod supervision;
mod supervision_stats;
mod user_contacts;
mod view;
mod warning_cluster;
mod warning_signals;
mod warning_spike;
mod warnings;
pub mod workbench;

pub use account::PasswordChanged;
pub use accountability::{AccountabilityList, AccountabilityView, GroundView, LinkedCase};
pub use analysis::{
    AnalysisCasesQuery, AnalysisQuery, AnalysisView, CategoryTrend, DEFAULT_WEEKS, Figure,
    LevelCount, RegionRow, TrendPoint,
};
pub use annual_report::{AnnualReport, ReportFigure, ReportParagraph};
pub use auth::{CurrentUser, LoginRequest, Session, SignedIn, hash_password};
pub use backup::{BackupDone, backup, sqlite_database};
pub use backup_file::{
    AuditHead, BackupError, BackupManifest, manifest_path, read_manifest, utc_timestamp,
};
pub use breakdown::{BreakdownItem, BreakdownQuery, BreakdownView, NO_OUTCOME, a_year_before};
pub use calendar::{DeadlineAnswer, Retiming};
pub use calendar_notice::{NoticeDay, NoticeLoaded, NoticePreview};
pub use case_snapshot::CaseSnapshot;
pub use co_handling_tasks::{CoHandlingTask, CoHandlingTaskList, CoHandlingTaskQuery};
pub use co_handlings::{CaseCoHandling, CoHandlingStepView, CoHandlingView};
pub use conduct::{ConductKindView, ConductList, ConductView};
pub use context::{App, AppConfig, DEFAULT_TOTP_ROLES, MIN_AUDIT_RETENTION_DAYS, SystemClock};
pub use database::{BulkLoad, Database, KeyFile, Readiness, Resealed, bench, redact_url};
pub use error::AppError;
pub use field_visits::{FieldVisitList, FieldVisitView};
pub use follow_ups::{FollowUpDetail, FollowUpList, FollowUpQuery, FollowUpStepView, FollowUpView};
pub use hearings::{CaseHearings, HearingList, HearingNoticeView, HearingQuery, HearingView};
pub use huiyin_store::FractionPart;
pub use huiyin_store::{AuditFilter, AuditRecord, AuditReport, ParentRef, SignIn};
pub use incident_chain::{ChainDutyView, ChainInput, IncidentChainView, chain_input_missing};
pub use incident_late_scan::{INCIDENT_LATE_SCAN, LateReportScan};
pub use incident_stats::{IncidentReportCounts, IncidentReportTotals};
pub use incidents::{IncidentList, IncidentReportView, IncidentView};
pub use jobs::{DEADLINE_SCAN, RETIME};
pub use joint_reception_steps::SessionCaseRef;
pub use joint_receptions::{
    JointReceptionList, JointReceptionQuery, JointReceptionView, SessionCase, SessionUnit,
};
pub use landing_report::{LandingFilter, LandingReport, LandingRow};
pub use leaders::LeaderTally;
pub use matter_list::{MatterList, MatterListItem, MatterQuery};
pub use matters::{DuplicateView, MatterEvent, MatterFile};
pub use notifications::{Notification, NotificationKind, Notifications};
pub use operations::{Gauge, OperationsGauges};
pub use org::{NewUnitInput, NewUserInput};
pub use org_import::{ImportPlan, ImportProblem, plan_import};
pub use outbox::{OutboxList, OutboxView};
pub use outbox_sms_http::{SmsGatewayConfig, idempotency_key};
pub use outbox_smtp::{SmtpConfig, sender_ok};
pub use outbox_worker::{OUTBOX_DELIVERY, OutboxPass};
pub use person_list::{PersonList, PersonListItem, PersonQuery};
pub use person_views::{
    IdentifiedBy, PersonCandidate, PersonCase, PersonContact, PersonCounts, PersonFile,
    PersonMatter, PersonMergeView,
};
pub use query::{CaseList, CaseQuery};
pub use rate_limits::RateWindow;
pub use receptions::{PublicReception, ReceptionList, ReceptionView};
pub use recusal::{CaseRecusals, RecusalView};
pub use recusal_register::{RecusalRegister, RecusalRegisterItem, RecusalRegisterQuery};
pub use register::Registered;
pub use restore::{RESTORE_ACTION, Restored, restore};
pub use risk_campaigns::{CampaignList, CampaignReport, CampaignUnitRow, CampaignView};
pub use risks::{RISK_DUE_SOON_DAYS, RiskDetail, RiskList, RiskQuery, RiskStepView, RiskView};
pub use saved_views::{MAX_SAVED_VIEWS, MAX_VIEW_NAME, SavedView};
pub use scanner::ScanReport;
pub use scorecard::{ScorecardItem, ScorecardQuery, ScorecardView};
pub use setup::{FirstAdmin, InitAccount, InitInput, Initialised};
pub use shared_config::SHARED_CONFIG_REFRESH_SECS;
pub use stats::RatesView;
pub use step::ActionInput;
pub use supervision::{SupervisionList, SupervisionView};
pub use supervision_stats::{SupervisionStats, SupervisionUnitStats};
pub use user_contacts::{ContactInput, ContactView, UserRef};
pub use view::{
    CaseView, DeadlineView, OpinionView, PendingView, PetitionerView, TimelineView, UnitView,
};
pub use warning_signals::{DEFAULT_LEXICON, SensitiveLexicon};
pub use warning_spike::{SPIKE_SCAN, SpikeScanReport};
pub use warnings::{WarningDetail, WarningList, WarningStepView, WarningView};
