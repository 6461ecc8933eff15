//! The statutory workflow (DOMAIN.md §1.9): steps, their guards, and the deadlines of a case.

pub mod action;
mod allotment;
mod approvals;
pub mod deadlines;
pub mod guard;
mod late;
mod leaders;
pub mod step;
pub mod step_input;

#[cfg(test)]
mod tests;

pub use action::{Action, ActionKind, Decision};
pub use approvals::pending_approval_unit;
pub use deadlines::{CaseDeadline, DeadlineKind, case_deadlines, next_staff_due};
pub use guard::{StepContext, allowed_actions, guard};
pub use step::{StepOutcome, apply, check_step_date};
pub use step_input::{Need, StepCommand, StepField, StepInput, step_fields};
