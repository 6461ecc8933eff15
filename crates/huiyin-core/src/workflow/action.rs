//! The steps of the statutory workflow, with the parameters each needs (CONTRACT.md names).

use serde::{Deserialize, Serialize};

use crate::case::Status;
use crate::date::Date;
use crate::kinds::{DiversionProcedure, Grade, Outcome, PetitionType, ServiceMethod};
use crate::org::UnitId;
use crate::role::Role;

macro_rules! action_kinds {
    ($($variant:ident => $wire:literal, $zh:literal, $en:literal;)+) => {
        /// The name of a step, without its parameters.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum ActionKind { $(#[serde(rename = $wire)] $variant,)+ }
        impl ActionKind {
            pub const ALL: &'static [ActionKind] = &[$(ActionKind::$variant,)+];
            pub fn as_str(self) -> &'static str { match self { $(ActionKind::$variant => $wire,)+ } }
            pub fn zh(self) -> &'static str { match self { $(ActionKind::$variant => $zh,)+ } }
            pub fn en(self) -> &'static str { match self { $(ActionKind::$variant => $en,)+ } }
            pub fn parse(s: &str) -> Option<ActionKind> { match s { $($wire => Some(ActionKind::$variant),)+ _ => None } }
        }
    };
}

action_kinds! {
    Classify => "classify", "确定信访类型", "Classify";
    Forward => "forward", "转送", "Forward";
    Assign => "assign", "交办", "Assign";
    Accept => "accept", "受理", "Accept";
    Reject => "reject", "不予受理", "Not accept";
    Redirect => "redirect", "告知向有权机关提出", "Redirect";
    Divert => "divert", "导入法定途径", "Divert to legal procedure";
    Object => "object", "提出异议（退回）", "Object";
    ApproveObjection => "approve_objection", "同意异议退回", "Approve objection";
    DenyObjection => "deny_objection", "不同意异议", "Deny objection";
    Extend => "extend", "延长办理期限", "Extend";
    StartHearing => "start_hearing", "开始听证", "Start hearing";
    EndHearing => "end_hearing", "结束听证", "End hearing";
    IssueOpinion => "issue_opinion", "出具信访处理意见书", "Issue opinion";
    Evaluate => "evaluate", "记录满意度评价", "Record evaluation";
    RequestReview => "request_review", "申请复查", "Request review";
    DecideReview => "decide_review", "出具复查意见", "Decide review";
    RequestRereview => "request_rereview", "申请复核", "Request re-review";
    DecideRereview => "decide_rereview", "出具复核意见", "Decide re-review";
    Serve => "serve", "记录送达", "Record service";
    Close => "close", "办结归档", "Close";
    Instruct => "instruct", "领导阅批", "Leader's instruction";
    Own => "own", "领导包案", "Leader takes the case";
    SubmitForInstruction => "submit_for_instruction", "呈报领导阅批", "Put before a leader";
    ReportInstruction => "report_instruction", "报告批示办理情况", "Report back on an instruction";
    Allot => "allot", "分办（指定承办人）", "Allot to a handler";
    TakeBack => "take_back", "收回（取消承办人）", "Take back from the handler";
    RequestExtension => "request_extension", "申请延长办理期限（报领导审批）", "Ask for an extension";
    DenyExtension => "deny_extension", "不同意延期申请", "Refuse the extension";
    DraftOpinion => "draft_opinion", "起草信访处理意见书（报领导签发）", "Draft the opinion for sign-off";
    ReturnDraft => "return_draft", "退回意见书草稿", "Return the draft";
}

impl ActionKind {
    /// The states in which the step may be taken.
    pub fn from_states(self) -> &'static [Status] {
        use Status::*;
        match self {
            ActionKind::Classify => &[Registered, Forwarded, Assigned, Accepted],
            ActionKind::Forward
            | ActionKind::Assign
            | ActionKind::Accept
            | ActionKind::Reject
            | ActionKind::Redirect => &[Registered, Forwarded, Assigned],
            ActionKind::Divert => &[Registered, Forwarded, Assigned, Accepted],
            ActionKind::Object => &[Forwarded, Assigned],
            ActionKind::ApproveObjection | ActionKind::DenyObjection => &[Objected],
            ActionKind::Extend
            | ActionKind::IssueOpinion
            | ActionKind::RequestExtension
            | ActionKind::DenyExtension
            | ActionKind::DraftOpinion
            | ActionKind::ReturnDraft => &[Accepted],
            ActionKind::StartHearing | ActionKind::EndHearing => &[Accepted, RereviewRequested],
            ActionKind::Evaluate => &[OpinionIssued, ReviewDecided, Final],
            ActionKind::RequestReview => &[OpinionIssued],
            ActionKind::DecideReview => &[ReviewRequested],
            ActionKind::RequestRereview => &[ReviewDecided],
            ActionKind::DecideRereview => &[RereviewRequested],
            ActionKind::Close => &[OpinionIssued, ReviewDecided],
            ActionKind::Serve => &[OpinionIssued, ReviewDecided, Final],
            // A leader reads, instructs on and takes any case not yet closed.
            // A handler is named (or changed, or taken off) while the unit works on the case.
            ActionKind::Allot | ActionKind::TakeBack => Status::IN_HANDS,
            ActionKind::Instruct
            | ActionKind::Own
            | ActionKind::SubmitForInstruction
            | ActionKind::ReportInstruction => &[
                Registered,
                Forwarded,
                Assigned,
                Objected,
                Accepted,
                OpinionIssued,
                ReviewRequested,
                ReviewDecided,
                RereviewRequested,
                Final,
            ],
        }
    }

    /// The roles that may take the step.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            ActionKind::Extend
            | ActionKind::Instruct
            | ActionKind::Own
            | ActionKind::DenyExtension
            | ActionKind::ReturnDraft => &[Leader],
            ActionKind::RequestExtension | ActionKind::DraftOpinion => &[Registrar, Handler],
            ActionKind::ApproveObjection
            | ActionKind::DenyObjection
            | ActionKind::Close
            | ActionKind::Allot
            | ActionKind::TakeBack => &[Registrar, Leader],
            ActionKind::StartHearing
            | ActionKind::EndHearing
            | ActionKind::IssueOpinion
            | ActionKind::DecideReview
            | ActionKind::DecideRereview => &[Handler, Leader],
            // The petitioner's own steps: staff record them when told in person or by letter,
            // the portal when the petitioner takes them online.
            ActionKind::Evaluate | ActionKind::RequestReview | ActionKind::RequestRereview => {
                &[Registrar, Handler, Leader, Petitioner]
            }
            _ => &[Registrar, Handler, Leader],
        }
    }
}

/// A step with its parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Classify {
        petition_type: PetitionType,
        /// Required when an accusation becomes another type (the firewall stays on).
        reason: Option<String>,
    },
    Forward {
        to_unit_id: UnitId,
    },
    Assign {
        to_unit_id: UnitId,
        report_due_on: Option<Date>,
    },
    Accept {
        override_reason: Option<String>,
    },
    Reject {
        reason: String,
    },
    Redirect {
        reason: String,
    },
    Divert {
        procedure: DiversionProcedure,
    },
    Object {
        reason: String,
        /// A leader's reason for recording it after its window had closed (issue 10 item 7).
        late_reason: Option<String>,
    },
    ApproveObjection,
    DenyObjection,
    Extend {
        days: u32,
        reason: String,
    },
    StartHearing,
    EndHearing,
    IssueOpinion(Decision),
    Evaluate {
        grade: Grade,
    },
    RequestReview {
        late_reason: Option<String>,
    },
    DecideReview(Decision),
    RequestRereview {
        late_reason: Option<String>,
    },
    DecideRereview(Decision),
    /// The current decision reached the petitioner on the step's day, this way.
    Serve {
        method: ServiceMethod,
    },
    Close {
        reason: Option<String>,
    },
    /// 阅批: a leader's instruction, with the day the handling unit must report back.
    Instruct {
        instruction: String,
        /// The unit the leader asks to handle it (交由…办理), if named.
        to_unit_id: Option<UnitId>,
        report_due_on: Option<Date>,
    },
    /// 包案: a leader takes the case personally (checked by the app to be a leader who may
    /// see it).
    Own {
        leader_user_id: i64,
    },
    /// 呈阅: the handling unit puts the case before a leader for instruction (checked by the
    /// app to be a leader of the handling body or above who may see it).
    SubmitForInstruction {
        leader_user_id: i64,
        note: Option<String>,
    },
    /// The handling unit reports back on the leaders' instructions that asked for a report.
    ReportInstruction {
        report: String,
    },
    /// 分办 (or 改派 when the case has a handler): names the 承办人 within the handling unit
    /// (checked by the app to be an active handler or leader of it; the app also fills in
    /// `handler_name` for the timeline). Changing a handler needs a reason.
    Allot {
        handler_user_id: i64,
        handler_name: String,
        reason: Option<String>,
    },
    /// 收回: the case goes back to the unit's unallotted work.
    TakeBack {
        reason: Option<String>,
    },
    /// A handler asks the leader for an extension (approved by `extend`).
    RequestExtension {
        days: u32,
        reason: String,
    },
    /// The leader refuses the extension asked for.
    DenyExtension {
        reason: String,
    },
    /// A handler drafts the 意见书 (signed off by the leader's `issue_opinion`).
    DraftOpinion(Decision),
    /// The leader returns the draft for another try.
    ReturnDraft {
        reason: String,
    },
}

/// The content of a written decision (Art. 32): outcome, the opinion and its legal basis, and
/// the facts the office found (调查认定的事实) — its own findings, not the petitioner's account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub outcome: Outcome,
    pub opinion: String,
    pub basis: String,
    /// Optional for callers written before it (CONTRACT.md); the case page's form asks for it
    /// and a notice without it says so to the office.
    pub facts: Option<String>,
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Classify { .. } => ActionKind::Classify,
            Action::Forward { .. } => ActionKind::Forward,
            Action::Assign { .. } => ActionKind::Assign,
            Action::Accept { .. } => ActionKind::Accept,
            Action::Reject { .. } => ActionKind::Reject,
            Action::Redirect { .. } => ActionKind::Redirect,
            Action::Divert { .. } => ActionKind::Divert,
            Action::Object { .. } => ActionKind::Object,
            Action::ApproveObjection => ActionKind::ApproveObjection,
            Action::DenyObjection => ActionKind::DenyObjection,
            Action::Extend { .. } => ActionKind::Extend,
            Action::StartHearing => ActionKind::StartHearing,
            Action::EndHearing => ActionKind::EndHearing,
            Action::IssueOpinion(_) => ActionKind::IssueOpinion,
            Action::Evaluate { .. } => ActionKind::Evaluate,
            Action::RequestReview { .. } => ActionKind::RequestReview,
            Action::DecideReview(_) => ActionKind::DecideReview,
            Action::RequestRereview { .. } => ActionKind::RequestRereview,
            Action::DecideRereview(_) => ActionKind::DecideRereview,
            Action::Close { .. } => ActionKind::Close,
            Action::Serve { .. } => ActionKind::Serve,
            Action::Instruct { .. } => ActionKind::Instruct,
            Action::Own { .. } => ActionKind::Own,
            Action::SubmitForInstruction { .. } => ActionKind::SubmitForInstruction,
            Action::ReportInstruction { .. } => ActionKind::ReportInstruction,
            Action::Allot { .. } => ActionKind::Allot,
            Action::TakeBack { .. } => ActionKind::TakeBack,
            Action::RequestExtension { .. } => ActionKind::RequestExtension,
            Action::DenyExtension { .. } => ActionKind::DenyExtension,
            Action::DraftOpinion(_) => ActionKind::DraftOpinion,
            Action::ReturnDraft { .. } => ActionKind::ReturnDraft,
        }
    }
}
