//! A workflow step as it arrives — the API's JSON body or a case page's form, the same field
//! names (CONTRACT.md) — and its one conversion into an [`Action`]. Which fields each step
//! takes, and which of them it needs, is defined once here ([`step_fields`]): the builder
//! checks a submission against it, and the pages lay out each step's form from it.

use serde::Deserialize;

use super::action::{Action, ActionKind};
use crate::date::Date;
use crate::kinds::{DiversionProcedure, Grade, Outcome, PetitionType, ServiceMethod};
use crate::wire::Field;

#[path = "step_input_build.rs"]
mod build;

crate::from_wire_by_parse!(
    ActionKind,
    DiversionProcedure,
    Grade,
    Outcome,
    PetitionType,
    ServiceMethod
);

/// A step as submitted. Unknown fields are ignored; every field may be absent.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct StepInput {
    /// forward, assign, accept, reject, redirect, divert, object, approve_objection,
    /// deny_objection, classify, extend, start_hearing, end_hearing, issue_opinion, evaluate,
    /// request_review, decide_review, request_rereview, decide_rereview, close, serve,
    /// instruct, own, submit_for_instruction, report_instruction, allot, take_back,
    /// request_extension, deny_extension, draft_opinion, return_draft
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub action: Field<ActionKind>,
    /// The day the step happened (YYYY-MM-DD; default today; never in the future or before
    /// the previous step).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub on: Field<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub to_unit_id: Field<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub report_due_on: Field<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub reason: Field<String>,
    /// `accept` of an after-final case, or `object`/`request_review`/`request_rereview`
    /// recorded after its window closed: a leader's reason.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub override_reason: Field<String>,
    /// `divert`: litigation, arbitration, administrative_review, …
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub procedure: Field<DiversionProcedure>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>))]
    pub days: Field<u32>,
    /// supported, explained or not_supported.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub outcome: Field<Outcome>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub opinion: Field<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub basis: Field<String>,
    /// Decisions: the facts the office found (调查认定的事实), printed in the 意见书 as its
    /// findings; the petitioner's own account is quoted from the case.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub facts: Field<String>,
    /// satisfied, basically_satisfied or dissatisfied.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub grade: Field<Grade>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub petition_type: Field<PetitionType>,
    /// `serve`: direct, post, electronic or sms.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub method: Field<ServiceMethod>,
    /// `instruct`: the leader's instruction (阅批).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub instruction: Field<String>,
    /// `own`: the leader who takes the case (包案): a user with the leader role who may see it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub leader_user_id: Field<i64>,
    /// `allot`: the 承办人, an active handler or leader of the handling unit.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub handler_user_id: Field<i64>,
    /// `report_instruction`: what was done on the leader's instruction.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub report: Field<String>,
}

/// A field a step takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepField {
    PetitionType,
    ToUnit,
    ReportDueOn,
    Reason,
    /// `accept` of a case after a final decision: a leader's reason (Art. 36 ¶3).
    OverrideReason,
    /// A step recorded after its window closed: a leader's reason (sent as `override_reason`).
    LateReason,
    Procedure,
    Days,
    Outcome,
    Opinion,
    Basis,
    Facts,
    Grade,
    Method,
    Instruction,
    LeaderUserId,
    HandlerUserId,
    Report,
}

impl StepField {
    /// The field's name on the wire (JSON key and form field).
    pub fn name(self) -> &'static str {
        match self {
            StepField::PetitionType => "petition_type",
            StepField::ToUnit => "to_unit_id",
            StepField::ReportDueOn => "report_due_on",
            StepField::Reason => "reason",
            StepField::OverrideReason | StepField::LateReason => "override_reason",
            StepField::Procedure => "procedure",
            StepField::Days => "days",
            StepField::Outcome => "outcome",
            StepField::Opinion => "opinion",
            StepField::Basis => "basis",
            StepField::Facts => "facts",
            StepField::Grade => "grade",
            StepField::Method => "method",
            StepField::Instruction => "instruction",
            StepField::LeaderUserId => "leader_user_id",
            StepField::HandlerUserId => "handler_user_id",
            StepField::Report => "report",
        }
    }

    /// What to say of a value that is not one of the field's type.
    fn invalid(self) -> (&'static str, &'static str) {
        match self {
            StepField::PetitionType => (
                "信访类型应为 suggestion、accusation 或 appeal",
                "one of suggestion, accusation, appeal",
            ),
            StepField::ToUnit => ("应为单位编号", "expected a unit id"),
            StepField::LeaderUserId | StepField::HandlerUserId => {
                ("应为用户编号", "expected a user id")
            }
            StepField::ReportDueOn => ("日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD"),
            StepField::Procedure => ("未知的法定途径", "unknown procedure"),
            StepField::Days => ("应为正整数", "expected a positive number"),
            StepField::Outcome => (
                "处理结果应为 supported、explained 或 not_supported",
                "one of supported, explained, not_supported",
            ),
            StepField::Grade => (
                "评价应为 satisfied、basically_satisfied 或 dissatisfied",
                "one of satisfied, basically_satisfied, dissatisfied",
            ),
            StepField::Method => (
                "送达方式应为 direct、post、electronic 或 sms",
                "one of direct, post, electronic, sms",
            ),
            StepField::Reason
            | StepField::OverrideReason
            | StepField::LateReason
            | StepField::Opinion
            | StepField::Instruction
            | StepField::Report
            | StepField::Basis
            | StepField::Facts => ("格式不正确", "not valid"),
        }
    }
}

/// Whether a step needs a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    Required,
    Optional,
}

/// The fields each step takes: the one definition the builder and the forms share.
pub fn step_fields(kind: ActionKind) -> &'static [(StepField, Need)] {
    use Need::*;
    use StepField as F;
    const DECISION: &[(StepField, Need)] = &[
        (F::Outcome, Required),
        (F::Facts, Optional),
        (F::Opinion, Required),
        (F::Basis, Required),
    ];
    match kind {
        // The domain asks for the reason when an accusation is reclassified (the firewall).
        ActionKind::Classify => &[(F::PetitionType, Required), (F::Reason, Optional)],
        ActionKind::Forward => &[(F::ToUnit, Required)],
        ActionKind::Assign => &[(F::ToUnit, Required), (F::ReportDueOn, Optional)],
        // Needed after a final decision: the domain says so, with its own code.
        ActionKind::Accept => &[(F::OverrideReason, Optional)],
        ActionKind::Reject | ActionKind::Redirect => &[(F::Reason, Required)],
        ActionKind::Object => &[(F::Reason, Required), (F::LateReason, Optional)],
        ActionKind::Divert => &[(F::Procedure, Required)],
        ActionKind::Extend => &[(F::Days, Required), (F::Reason, Required)],
        ActionKind::IssueOpinion | ActionKind::DecideReview | ActionKind::DecideRereview => {
            DECISION
        }
        ActionKind::Evaluate => &[(F::Grade, Required)],
        ActionKind::RequestReview | ActionKind::RequestRereview => &[(F::LateReason, Optional)],
        ActionKind::Close => &[(F::Reason, Optional)],
        ActionKind::Serve => &[(F::Method, Required)],
        ActionKind::Instruct => &[
            (F::Instruction, Required),
            (F::ToUnit, Optional),
            (F::ReportDueOn, Optional),
        ],
        ActionKind::Own => &[(F::LeaderUserId, Required)],
        ActionKind::SubmitForInstruction => &[(F::LeaderUserId, Required), (F::Reason, Optional)],
        ActionKind::ReportInstruction => &[(F::Report, Required)],
        // The domain asks for the reason when a handler is changed (改派).
        ActionKind::Allot => &[(F::HandlerUserId, Required), (F::Reason, Optional)],
        ActionKind::TakeBack => &[(F::Reason, Optional)],
        ActionKind::RequestExtension => &[(F::Days, Required), (F::Reason, Required)],
        ActionKind::DenyExtension | ActionKind::ReturnDraft => &[(F::Reason, Required)],
        ActionKind::DraftOpinion => DECISION,
        ActionKind::ApproveObjection
        | ActionKind::DenyObjection
        | ActionKind::StartHearing
        | ActionKind::EndHearing => &[],
    }
}

/// A step ready for the workflow: the action and the day it happened (default today).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepCommand {
    pub action: Action,
    pub on: Option<Date>,
}

#[cfg(test)]
#[path = "step_input_tests.rs"]
mod tests;
