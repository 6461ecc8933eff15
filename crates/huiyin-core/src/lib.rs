//! Huiyin's domain: every rule of DOMAIN.md in one named place, as plain functions over
//! plain types. No I/O, no clock, no database.

pub mod accountability;
pub mod calendar;
pub mod calendar_input;
pub mod case;
pub mod case_list;
pub mod category;
pub mod clock;
pub mod co_handling;
pub mod conduct;
pub mod date;
pub mod deadline;
pub mod detect;
pub mod error;
pub mod field_visit;
pub mod follow_up;
pub mod hearing;
pub mod hearing_step;
pub mod idcard;
pub mod incident;
pub mod incident_chain;
pub mod intake;
pub mod intake_input;
pub mod kinds;
pub mod kpi;
pub mod online_input;
pub mod org;
pub mod org_input;
pub mod permission;
pub mod person;
pub mod policy;
pub mod publication_input;
pub mod reception;
pub mod region;
pub mod risk;
pub mod risk_campaign;
pub mod role;
pub mod rules;
pub mod scorecard;
pub mod supervision;
pub mod supervision_grounds;
pub mod warning;
pub mod wire;
pub mod workflow;

pub use date::Date;
