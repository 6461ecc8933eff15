//! The petition case (信访事项) and its state.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::date::Date;
use crate::kinds::{Channel, DiversionProcedure, Grade, Outcome, PetitionType, ServiceMethod};
use crate::org::UnitId;

pub type CaseId = i64;

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $wire:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $wire)] $variant,)+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $wire,)+ } }
            pub fn zh(self) -> &'static str { match self { $($name::$variant => $zh,)+ } }
            pub fn en(self) -> &'static str { match self { $($name::$variant => $en,)+ } }
            pub fn parse(s: &str) -> Option<$name> { match s { $($wire => Some($name::$variant),)+ _ => None } }
        }
    };
}
pub(crate) use wire_enum;

wire_enum! {
    /// Where a case stands in the statutory workflow (DOMAIN.md §1.9).
    Status {
        Registered => "registered", "已登记待处理", "Registered";
        Forwarded => "forwarded", "已转送待受理", "Forwarded";
        Assigned => "assigned", "已交办待受理", "Assigned";
        Objected => "objected", "异议待审核", "Objection pending";
        Accepted => "accepted", "已受理办理中", "Accepted, in handling";
        OpinionIssued => "opinion_issued", "已出具处理意见", "Opinion issued";
        ReviewRequested => "review_requested", "复查中", "Under review (复查)";
        ReviewDecided => "review_decided", "已出具复查意见", "Review decided";
        RereviewRequested => "rereview_requested", "复核中", "Under re-review (复核)";
        Final => "final", "复核终结", "Final after re-review";
        Diverted => "diverted", "已导入法定途径", "Diverted to a legal procedure";
        NotAccepted => "not_accepted", "不予受理", "Not accepted";
        Redirected => "redirected", "已告知向有权机关提出", "Redirected to the competent body";
        Closed => "closed", "已办结", "Closed";
    }
}

impl Status {
    /// The states in which a unit works on the case: open and not final (a 承办人 is allotted,
    /// a deadline may fall due).
    pub const IN_HANDS: &'static [Status] = &[
        Status::Registered,
        Status::Forwarded,
        Status::Assigned,
        Status::Objected,
        Status::Accepted,
        Status::OpinionIssued,
        Status::ReviewRequested,
        Status::ReviewDecided,
        Status::RereviewRequested,
    ];

    /// No further step is possible.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Final
                | Status::Diverted
                | Status::NotAccepted
                | Status::Redirected
                | Status::Closed
        )
    }
}

/// The series a case number counts in: the region code of the receiving unit and the year of
/// receipt (`330100-2026`).
pub fn case_number_series(region_code: &str, received_on: Date) -> String {
    format!("{region_code}-{}", received_on.year())
}

/// A case number (`330100-2026-000123`): the series and the case's place in it, six digits.
pub fn case_number(series: &str, sequence: i64) -> String {
    format!("{series}-{sequence:06}")
}

/// The series and sequence of a number of [`case_number`]'s form (`330100-2026-000123`), or
/// `None` for any other number (an imported case's original one, say).
pub fn case_number_parts(number: &str) -> Option<(&str, i64)> {
    let (series, seq) = number.rsplit_once('-')?;
    let (region, year) = series.split_once('-')?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(region, 6) && digits(year, 4) && digits(seq, 6)) {
        return None;
    }
    Some((series, seq.parse().ok()?))
}

/// The statuses after which no further step is possible ([`Status::is_terminal`]).
pub fn terminal_statuses() -> impl Iterator<Item = Status> {
    Status::ALL.iter().copied().filter(|s| s.is_terminal())
}

wire_enum! {
    /// Flags on a case (CONTRACT.md). `whistleblower`: the case is or once was an accusation
    /// (检举控告); the firewall stays on it whatever its type becomes (XFGZTL-2022 Art. 30 ¶3;
    /// `policy::wall_of`).
    Flag {
        Collective => "collective", "集体访", "Collective";
        Repeat => "repeat", "重复信访", "Repeat";
        AfterFinal => "after_final", "复核终结后再次信访", "After final decision";
        SkipLevel => "skip_level", "越级", "Skip-level";
        Overdue => "overdue", "超期", "Overdue";
        Extended => "extended", "已延期", "Extended";
        Confidential => "confidential", "要求保密", "Confidential";
        Sensitive => "sensitive", "敏感", "Sensitive";
        Supervised => "supervised", "督办", "Supervised";
        LeaderOwned => "leader_owned", "领导包案", "Leader-owned";
        Hearing => "hearing", "听证中", "Hearing open";
        OverrideAccepted => "override_accepted", "经批准再次受理", "Accepted by override";
        Whistleblower => "whistleblower", "检举控告保密", "Whistleblower protected";
        AwaitingService => "awaiting_service", "待送达", "Awaiting service";
        Anonymous => "anonymous", "匿名", "Anonymous";
        // Brought in by `huiyin import` from an office's earlier records (its number and
        // dates are the original ones).
        Imported => "imported", "历史导入", "Imported from earlier records";
    }
}

/// One petitioner as the domain sees them (identity fields already masked or clear as the
/// caller's role allows; the store holds them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Petitioner {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default)]
    pub representative: bool,
}

/// A written decision: 信访处理意见书, 复查意见书 or 复核意见书.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opinion {
    pub outcome: Outcome,
    pub opinion: String,
    pub basis: String,
    /// The facts the office found (调查认定的事实); `None` on decisions recorded without them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<String>,
    pub issued_on: Date,
    pub unit_id: UnitId,
    /// Its service on the petitioner. `None`: recorded before Huiyin tracked service (its
    /// window counts from the issue day, as it did then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<Service>,
}

/// Whether a decision has reached the petitioner (送达).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// Issued, not yet served: the request window has not started (待送达).
    Pending,
    Served {
        on: Date,
        method: ServiceMethod,
    },
}

impl Opinion {
    /// The day the petitioner's request window starts: the day of service (Arts. 35–36).
    pub fn window_start(&self) -> Option<Date> {
        match self.service {
            None => Some(self.issued_on),
            Some(Service::Pending) => None,
            Some(Service::Served { on, .. }) => Some(on),
        }
    }

    pub fn awaits_service(&self) -> bool {
        self.service == Some(Service::Pending)
    }
}

/// An interval during which a clock is paused (a hearing). `to = None` while it is open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HearingSpan {
    pub from: Date,
    pub to: Option<Date>,
    /// The stage the hearing belongs to (its clock is the one paused).
    pub stage: Status,
}

/// The workflow state of a case that is not a queryable column: kept as one JSON document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDetail {
    /// The day the current handling unit received the case (forward/assign).
    pub transfer_received_on: Option<Date>,
    /// Who forwarded/assigned it to the current unit (objections go back there).
    pub transferred_by_unit_id: Option<UnitId>,
    /// 交办: the day the result must be reported back.
    pub report_due_on: Option<Date>,
    pub accepted_on: Option<Date>,
    pub extension_days: u32,
    pub extension_reason: Option<String>,
    pub hearings: Vec<HearingSpan>,
    pub diversion: Option<DiversionProcedure>,
    pub opinion: Option<Opinion>,
    pub review_requested_on: Option<Date>,
    pub review_opinion: Option<Opinion>,
    pub rereview_requested_on: Option<Date>,
    pub rereview_opinion: Option<Opinion>,
    /// Evaluations per stage: (stage whose result was evaluated, grade, day).
    pub evaluations: Vec<(Status, Grade, Date)>,
    pub objection_reason: Option<String>,
    /// The day the receiving unit objected (the sender's decision is due from it).
    #[serde(default)]
    pub objected_on: Option<Date>,
    /// The day the sender itself had received the case, kept when it forwards or assigns: an
    /// approved objection hands the case back on the sender's own clock, not a new one.
    #[serde(default)]
    pub sender_received_on: Option<Date>,
    pub closing_reason: Option<String>,
    pub override_reason: Option<String>,
    /// Who a redirected petitioner was told to go to, or why not accepted.
    pub notice_reason: Option<String>,
    /// 领导阅批: the leaders' instructions, oldest first.
    #[serde(default)]
    pub instructions: Vec<Instruction>,
    /// 包案: the leader (user id) who took the case personally.
    #[serde(default)]
    pub owner_leader_id: Option<i64>,
    /// 呈阅: the leader the case is put before for instruction (their 待阅批 list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruction_request: Option<InstructionRequest>,
    /// 承办人: the user of the handling unit the case is allotted to (分办), if any.
    #[serde(default)]
    pub handler_user_id: Option<i64>,
    /// The 承办人's display name when the case was allotted (shown without a user lookup).
    #[serde(default)]
    pub handler_name: Option<String>,
    /// A handler's request for an extension, awaiting a leader (待我审批).
    #[serde(default)]
    pub extension_request: Option<Request>,
    /// A handler's draft of the 意见书, awaiting a leader's sign-off (签发).
    #[serde(default)]
    pub opinion_draft: Option<OpinionDraft>,
}

/// Who asked for an approval, when, and why (an extension: how many days).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub by_user_id: i64,
    pub on: Date,
    pub days: u32,
    pub reason: String,
}

/// A 意见书 drafted by the handler, for the leader to sign off (签发) or return.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpinionDraft {
    pub by_user_id: i64,
    pub on: Date,
    pub outcome: Outcome,
    pub opinion: String,
    pub basis: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<String>,
}

/// A leader's instruction on a case (阅批).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instruction {
    pub on: Date,
    pub by_user_id: i64,
    pub text: String,
    /// The day the handling unit must report back, if the leader set one.
    pub report_due_on: Option<Date>,
    /// The day the handling unit reported back (`report_instruction`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_on: Option<Date>,
    /// What the handling unit reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    /// The unit the leader asked to handle it (交由…办理), if named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_unit_id: Option<UnitId>,
}

impl Instruction {
    /// Waiting for the handling unit's report: a report day was set and nothing reported yet.
    pub fn awaits_report(&self) -> bool {
        self.report_due_on.is_some() && self.reported_on.is_none()
    }
}

/// 呈阅: a case put before a named leader for instruction, until that leader instructs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstructionRequest {
    pub leader_user_id: i64,
    pub by_user_id: i64,
    pub on: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A petition case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub id: CaseId,
    pub number: String,
    pub status: Status,
    pub channel: Channel,
    pub petition_type: PetitionType,
    pub category: String,
    pub title: String,
    pub content: String,
    pub demands: String,
    pub received_on: Date,
    pub receiving_unit_id: UnitId,
    pub handling_unit_id: UnitId,
    pub concerned_unit_id: UnitId,
    /// The user who registered the case (`None` for the portal and imported cases). The one
    /// person of an accused unit who may still see an accusation: they recorded it.
    #[serde(default)]
    pub registered_by: Option<i64>,
    pub people_count: u32,
    pub flags: BTreeSet<Flag>,
    /// The day of the latest step (no later step may be dated before it).
    pub last_step_on: Date,
    pub detail: CaseDetail,
}

impl Case {
    pub fn has(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }

    /// The open hearing, if any.
    pub fn open_hearing(&self) -> Option<&HearingSpan> {
        self.detail.hearings.iter().find(|h| h.to.is_none())
    }

    /// The written decision of the current stage (the one `serve` records service of).
    pub fn current_decision(&self) -> Option<&Opinion> {
        match self.status {
            Status::OpinionIssued => self.detail.opinion.as_ref(),
            Status::ReviewDecided => self.detail.review_opinion.as_ref(),
            Status::Final => self.detail.rereview_opinion.as_ref(),
            _ => None,
        }
    }

    /// Whether an evaluation was already recorded for the result of `stage`.
    pub fn evaluated(&self, stage: Status) -> Option<Grade> {
        self.detail
            .evaluations
            .iter()
            .find(|(s, _, _)| *s == stage)
            .map(|(_, g, _)| *g)
    }
}

#[cfg(test)]
mod number_tests {
    use super::*;

    #[test]
    fn own_numbers_are_told_from_others() {
        assert_eq!(
            case_number_parts("330100-2026-000123"),
            Some(("330100-2026", 123))
        );
        for other in [
            "XF-2024-0001",
            "330100-2026-123",
            "33010a-2026-000123",
            "000123",
        ] {
            assert_eq!(case_number_parts(other), None, "{other}");
        }
    }
}
