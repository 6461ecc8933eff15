//! The deadlines that apply to a case in its current state (DOMAIN.md §1.2–1.7, §8.3).
//!
//! Deadlines are a pure function of the case, the time limits in force and the holiday
//! calendar, so a calendar change re-times every open case by recomputing this.

use serde::{Deserialize, Serialize};

use crate::calendar::HolidayCalendar;
use crate::case::{Case, Status};
use crate::date::Date;
use crate::deadline::{Pause, compute_due};
use crate::rules::{DayCount, Period, TimeLimits};

macro_rules! deadline_kinds {
    ($($variant:ident => $wire:literal, $zh:literal, $en:literal, $staff:literal;)+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum DeadlineKind { $(#[serde(rename = $wire)] $variant,)+ }
        impl DeadlineKind {
            pub const ALL: &'static [DeadlineKind] = &[$(DeadlineKind::$variant,)+];
            pub fn as_str(self) -> &'static str { match self { $(DeadlineKind::$variant => $wire,)+ } }
            pub fn zh(self) -> &'static str { match self { $(DeadlineKind::$variant => $zh,)+ } }
            pub fn en(self) -> &'static str { match self { $(DeadlineKind::$variant => $en,)+ } }
            /// A duty of staff (missing it makes the case overdue), as opposed to a window
            /// open to the petitioner or the receiving unit.
            pub fn is_staff_duty(self) -> bool { match self { $(DeadlineKind::$variant => $staff,)+ } }
            pub fn parse(s: &str) -> Option<DeadlineKind> { match s { $($wire => Some(DeadlineKind::$variant),)+ _ => None } }
        }
    };
}

deadline_kinds! {
    Disposal => "disposal", "登记后处理（转送、交办、受理或告知）期限", "Disposal after registration", true;
    AcceptanceNotice => "acceptance_notice", "书面告知是否受理期限", "Written acceptance notice", true;
    Objection => "objection", "提出异议期限", "Objection window", false;
    ObjectionDecision => "objection_decision", "异议审核期限", "Decision on an objection", true;
    Report => "report", "交办事项报告办理结果期限", "Report on an assigned case", true;
    Handling => "handling", "办结期限", "Handling period", true;
    ReviewRequest => "review_request", "信访人申请复查期限", "Window to request review", false;
    ReviewDecision => "review_decision", "复查意见期限", "Review decision", true;
    RereviewRequest => "rereview_request", "信访人申请复核期限", "Window to request re-review", false;
    RereviewDecision => "rereview_decision", "复核意见期限", "Re-review decision", true;
    InstructionReport => "instruction_report", "领导批示报告办理情况期限", "Report on a leader's instruction", true;
}

/// One deadline of a case, explained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDeadline {
    pub kind: DeadlineKind,
    pub start_on: Date,
    pub due_on: Date,
    pub provisional: bool,
    pub explanation_zh: String,
    pub explanation_en: String,
}

impl CaseDeadline {
    pub fn is_overdue(&self, today: Date) -> bool {
        self.kind.is_staff_duty() && crate::deadline::is_overdue(self.due_on, today)
    }
}

fn computed(
    kind: DeadlineKind,
    start: Date,
    period: Period,
    cal: &HolidayCalendar,
    pauses: &[Pause],
) -> CaseDeadline {
    let d = compute_due(start, period, cal, pauses);
    CaseDeadline {
        kind,
        start_on: start,
        due_on: d.due_on,
        provisional: d.provisional,
        explanation_zh: format!("{}：{}", kind.zh(), d.explanation.zh()),
        explanation_en: format!("{}: {}", kind.en(), d.explanation.en()),
    }
}

/// The hearing pauses that stop the clock of `stage` (only 复核, Art. 36 ¶2).
fn pauses_for(case: &Case, stage: Status) -> Vec<Pause> {
    if stage != Status::RereviewRequested {
        return Vec::new();
    }
    case.detail
        .hearings
        .iter()
        .filter(|h| h.stage == stage)
        // An open hearing pauses the clock for up to a year until it ends; the deadline is
        // re-timed when `end_hearing` records the real end.
        .map(|h| Pause {
            from: h.from,
            to: h.to.unwrap_or_else(|| h.from.add_days(365)),
        })
        .collect()
}

/// Every deadline that applies to the case now.
pub fn case_deadlines(
    case: &Case,
    limits: &TimeLimits,
    cal: &HolidayCalendar,
) -> Vec<CaseDeadline> {
    let d = &case.detail;
    let mut out = Vec::new();
    match case.status {
        Status::Registered => {
            let start = d.transfer_received_on.unwrap_or(case.received_on);
            out.push(computed(
                DeadlineKind::Disposal,
                start,
                limits.disposal,
                cal,
                &[],
            ));
        }
        Status::Forwarded | Status::Assigned => {
            let start = d.transfer_received_on.unwrap_or(case.received_on);
            out.push(computed(
                DeadlineKind::AcceptanceNotice,
                start,
                limits.acceptance_notice,
                cal,
                &[],
            ));
            out.push(computed(
                DeadlineKind::Objection,
                start,
                limits.objection,
                cal,
                &[],
            ));
            if case.status == Status::Assigned {
                out.push(report_deadline(case, start, limits, cal));
            }
        }
        Status::Accepted => {
            let start = d.accepted_on.unwrap_or(case.last_step_on);
            let period = Period {
                days: limits.handling.days + d.extension_days,
                count: limits.handling.count,
            };
            out.push(computed(DeadlineKind::Handling, start, period, cal, &[]));
            if d.report_due_on.is_some() {
                out.push(report_deadline(case, start, limits, cal));
            }
        }
        Status::OpinionIssued => {
            // The window counts from service (Art. 35); until then it has not started.
            if let Some(start) = d.opinion.as_ref().and_then(|op| op.window_start()) {
                out.push(computed(
                    DeadlineKind::ReviewRequest,
                    start,
                    limits.review_request,
                    cal,
                    &[],
                ));
            }
        }
        Status::ReviewRequested => {
            let start = d.review_requested_on.unwrap_or(case.last_step_on);
            out.push(computed(
                DeadlineKind::ReviewDecision,
                start,
                limits.review_decision,
                cal,
                &[],
            ));
        }
        Status::ReviewDecided => {
            if let Some(start) = d.review_opinion.as_ref().and_then(|op| op.window_start()) {
                out.push(computed(
                    DeadlineKind::RereviewRequest,
                    start,
                    limits.rereview_request,
                    cal,
                    &[],
                ));
            }
        }
        Status::RereviewRequested => {
            let start = d.rereview_requested_on.unwrap_or(case.last_step_on);
            let pauses = pauses_for(case, Status::RereviewRequested);
            out.push(computed(
                DeadlineKind::RereviewDecision,
                start,
                limits.rereview_decision,
                cal,
                &pauses,
            ));
        }
        // The sender decides an objection within the objection period itself (5 working days):
        // the regulation sets no limit, and a case must never wait without one (issue 10 item
        // 11; an office default, changed with the rules' `objection` period).
        Status::Objected => {
            let start = d.objected_on.unwrap_or(case.last_step_on);
            out.push(computed(
                DeadlineKind::ObjectionDecision,
                start,
                limits.objection,
                cal,
                &[],
            ));
        }
        Status::Final
        | Status::Diverted
        | Status::NotAccepted
        | Status::Redirected
        | Status::Closed => {}
    }
    if let Some(d) = instruction_report_deadline(case) {
        out.push(d);
    }
    out
}

/// 阅批: the earliest report day a leader set that the handling unit has not yet met, while the
/// case may still take the report (any state a leader may instruct in).
fn instruction_report_deadline(case: &Case) -> Option<CaseDeadline> {
    use crate::workflow::ActionKind;
    if !ActionKind::ReportInstruction
        .from_states()
        .contains(&case.status)
    {
        return None;
    }
    let i = case
        .detail
        .instructions
        .iter()
        .filter(|i| i.awaits_report())
        .min_by_key(|i| i.report_due_on)?;
    let due = i.report_due_on?;
    Some(CaseDeadline {
        kind: DeadlineKind::InstructionReport,
        start_on: i.on,
        due_on: due,
        provisional: false,
        explanation_zh: format!(
            "{}：领导于{}阅批，要求于{due}前报告办理情况。",
            DeadlineKind::InstructionReport.zh(),
            i.on
        ),
        explanation_en: format!(
            "{}: a leader's instruction of {} asks for a report by {due}.",
            DeadlineKind::InstructionReport.en(),
            i.on
        ),
    })
}

/// 交办: the assigning office's own report date when it set one, else the handling period.
fn report_deadline(
    case: &Case,
    start: Date,
    limits: &TimeLimits,
    cal: &HolidayCalendar,
) -> CaseDeadline {
    match case.detail.report_due_on {
        Some(due) => CaseDeadline {
            kind: DeadlineKind::Report,
            start_on: start,
            due_on: due,
            provisional: false,
            explanation_zh: format!(
                "{}：交办机关指定于{due}前报告办理结果。",
                DeadlineKind::Report.zh()
            ),
            explanation_en: format!(
                "{}: the assigning office set {due} for the report.",
                DeadlineKind::Report.en()
            ),
        },
        None => computed(DeadlineKind::Report, start, limits.handling, cal, &[]),
    }
}

/// The earliest staff deadline (drives worklists and the overdue flag).
pub fn next_staff_due(deadlines: &[CaseDeadline]) -> Option<Date> {
    deadlines
        .iter()
        .filter(|d| d.kind.is_staff_duty())
        .map(|d| d.due_on)
        .min()
}

/// The latest day a window deadline of `kind` allows, if the case has it now.
pub fn window_due(
    case: &Case,
    kind: DeadlineKind,
    limits: &TimeLimits,
    cal: &HolidayCalendar,
) -> Option<Date> {
    case_deadlines(case, limits, cal)
        .into_iter()
        .find(|d| d.kind == kind)
        .map(|d| d.due_on)
}

/// A period of `days` counted in calendar days (for callers building ad-hoc deadlines).
pub fn calendar_days(days: u32) -> Period {
    Period {
        days,
        count: DayCount::Calendar,
    }
}
