//! Written notices to the petitioner and to units (DOMAIN.md §1.3, §1.5–1.7): which exist for a
//! case, what goes into them, and recording on the timeline that one was sent — with the day
//! and how — which is the only thing that makes the case say the petitioner was told in
//! writing (已书面告知). A step itself records only the decision.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::kinds::ServiceMethod;
use huiyin_core::permission::Permission;
use huiyin_store::{CaseRecord, TimelineEntry};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::view::CaseView;

macro_rules! notice_kinds {
    ($($variant:ident => $wire:literal, $zh:literal, $en:literal, [$($action:literal),+];)+) => {
        /// A notice the system can print.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum NoticeKind { $($variant,)+ }
        impl NoticeKind {
            pub const ALL: &'static [NoticeKind] = &[$(NoticeKind::$variant,)+];
            pub fn as_str(self) -> &'static str { match self { $(NoticeKind::$variant => $wire,)+ } }
            pub fn zh(self) -> &'static str { match self { $(NoticeKind::$variant => $zh,)+ } }
            pub fn en(self) -> &'static str { match self { $(NoticeKind::$variant => $en,)+ } }
            pub fn parse(s: &str) -> Option<NoticeKind> { match s { $($wire => Some(NoticeKind::$variant),)+ _ => None } }
            /// The workflow steps whose result the notice communicates.
            pub fn actions(self) -> &'static [&'static str] { match self { $(NoticeKind::$variant => &[$($action),+],)+ } }
        }
    };
}

notice_kinds! {
    Acceptance => "acceptance", "受理告知书", "Acceptance notice", ["accept"];
    NonAcceptance => "non_acceptance", "不予受理告知书", "Non-acceptance notice", ["reject"];
    Transfer => "transfer", "转送/交办函", "Forwarding / assignment letter", ["forward", "assign"];
    Extension => "extension", "延期告知书", "Extension notice", ["extend"];
    Opinion => "opinion", "信访处理意见书", "Handling opinion", ["issue_opinion"];
    Review => "review", "复查意见书", "Review opinion", ["decide_review"];
    Rereview => "rereview", "复核意见书", "Re-review opinion", ["decide_rereview"];
}

/// Everything a notice prints, besides the case itself.
#[derive(Clone, Debug)]
pub struct Notice {
    pub kind: NoticeKind,
    pub case: CaseView,
    /// The body issuing the notice (the competent body of the unit that took the step).
    pub issuer: String,
    /// The day of the step the notice reports.
    pub step_on: Date,
    /// Transfer letters: the receiving unit; opinions: the body that hears a 复查/复核 request.
    pub addressee_unit: Option<String>,
    /// Transfer letters: whether it was an assignment (交办) and when the result is due.
    pub assigned: bool,
    pub report_due_on: Option<String>,
    /// Not-accepted, extension: the reason given at the step.
    pub reason: Option<String>,
    /// The handling deadline after an extension.
    pub new_due_on: Option<Date>,
    /// Its sendings recorded on the timeline, oldest first.
    pub sent: Vec<NoticeSending>,
    /// 复查/复核 opinions: the day the request was made (the opinion cites it).
    pub review_requested_on: Option<Date>,
}

/// What a document is called (zh, en): a letter says whether it forwards (转送函) or assigns
/// (交办函); the others are named by their kind.
fn title_of(kind: NoticeKind, assigned: bool) -> (&'static str, &'static str) {
    match (kind, assigned) {
        (NoticeKind::Transfer, true) => ("交办函", "Assignment letter"),
        (NoticeKind::Transfer, false) => ("转送函", "Forwarding letter"),
        (k, _) => (k.zh(), k.en()),
    }
}

impl Notice {
    pub fn title_zh(&self) -> &'static str {
        title_of(self.kind, self.assigned).0
    }

    pub fn title_en(&self) -> &'static str {
        title_of(self.kind, self.assigned).1
    }
}

/// One recorded sending of a notice: the day it went out and how. `method` is `None` on
/// records made before Huiyin asked for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct NoticeSending {
    pub on: Date,
    pub method: Option<ServiceMethod>,
}

/// A notice that exists for a case and its sendings.
#[derive(Clone, Debug)]
pub struct NoticeState {
    pub kind: NoticeKind,
    pub sent: Vec<NoticeSending>,
}

/// The timeline action of a notice's sending.
pub(crate) const SENT: &str = "notice_issued";

/// What the timeline says of a sending: to the petitioner 已书面告知 (the one place it is
/// said), to a unit 已发出.
/// `assigned` and `to` (the receiving unit) matter to letters only.
pub(crate) fn sending_notes(
    kind: NoticeKind,
    assigned: bool,
    to: &str,
    method: ServiceMethod,
    on: Date,
) -> (String, String) {
    if kind == NoticeKind::Transfer {
        let (zh, en) = title_of(kind, assigned);
        (
            format!("已发出{zh}至{to}（{}，{on}）", method.zh()),
            format!("{en} sent to {to} ({}, {on})", method.en().to_lowercase()),
        )
    } else {
        (
            format!("已书面告知信访人：{}（{}，{on}）", kind.zh(), method.zh()),
            format!(
                "petitioner told in writing: {} ({}, {on})",
                kind.en().to_lowercase(),
                method.en().to_lowercase()
            ),
        )
    }
}

/// The data of a sending's timeline entry.
pub(crate) fn sending_data(kind: NoticeKind, method: ServiceMethod) -> String {
    serde_json::json!({ "notice": kind.as_str(), "method": method.as_str() }).to_string()
}

/// The sendings of `kind` recorded on a case's timeline since its latest step (a case forwarded
/// and later assigned has two letters; the first one's sending is not the second's).
fn sendings(timeline: &[TimelineEntry], kind: NoticeKind) -> Vec<NoticeSending> {
    let since = timeline
        .iter()
        .rposition(|e| kind.actions().contains(&e.action.as_str()))
        .map_or(0, |i| i + 1);
    timeline[since..]
        .iter()
        .filter(|e| {
            e.action == SENT
                && json_field(&e.data, "notice").and_then(|v| v.as_str().map(str::to_owned))
                    == Some(kind.as_str().to_owned())
        })
        .map(|e| NoticeSending {
            on: e.on,
            method: json_field(&e.data, "method")
                .and_then(|v| v.as_str().and_then(ServiceMethod::parse)),
        })
        .collect()
}

/// The notices that exist for a case (their step is on the timeline), each with its sendings.
pub fn notice_states(timeline: &[TimelineEntry]) -> Vec<NoticeState> {
    NoticeKind::ALL
        .iter()
        .copied()
        .filter(|k| {
            timeline
                .iter()
                .any(|e| k.actions().contains(&e.action.as_str()))
        })
        .map(|kind| NoticeState {
            kind,
            sent: sendings(timeline, kind),
        })
        .collect()
}

fn json_field(data: &str, key: &str) -> Option<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(data)
        .ok()
        .and_then(|v| v.get(key).cloned())
}

impl App {
    /// The notices that exist for a case (their step was taken), in workflow order, each with
    /// its sendings.
    pub async fn notices_of(&self, user: &CurrentUser, id: CaseId) -> Result<Vec<NoticeState>> {
        self.visible_case(user, id).await?;
        Ok(notice_states(&self.store.timeline(id).await?))
    }

    /// The content of one notice of a case, or `not_found` when its step was never taken.
    pub async fn notice(&self, user: &CurrentUser, id: CaseId, kind: NoticeKind) -> Result<Notice> {
        let rec = self.visible_case(user, id).await?;
        let timeline = self.store.timeline(id).await?;
        self.notice_from(user, &rec, &timeline, kind)
    }

    /// The content of notice `kind` of a case the user may see, from its timeline.
    pub(crate) fn notice_from(
        &self,
        user: &CurrentUser,
        rec: &CaseRecord,
        timeline: &[TimelineEntry],
        kind: NoticeKind,
    ) -> Result<Notice> {
        let step = timeline
            .iter()
            .rev()
            .find(|e| kind.actions().contains(&e.action.as_str()))
            .ok_or(ErrorCode::NotFound)?;
        let org = self.org();
        let unit_name = |u: i64| org.get(u).map(|u| u.name.clone()).unwrap_or_default();
        let issuer = step
            .actor_unit_id
            .and_then(|u| org.competent_body(u))
            .map(|u| u.name.clone())
            .unwrap_or_default();
        let case = self.case_view(rec, user);
        let mut addressee_unit = None;
        let mut report_due_on = None;
        match kind {
            NoticeKind::Transfer => {
                addressee_unit = json_field(&step.data, "to_unit_id")
                    .and_then(|v| v.as_i64())
                    .map(unit_name);
                report_due_on = json_field(&step.data, "report_due_on")
                    .and_then(|v| v.as_str().map(str::to_owned));
            }
            NoticeKind::Opinion | NoticeKind::Review => {
                let decided_by = step.actor_unit_id.and_then(|u| org.competent_body(u));
                addressee_unit = decided_by
                    .and_then(|b| org.one_level_up(b.id))
                    .map(|u| u.name.clone());
            }
            _ => {}
        }
        let reason = match kind {
            NoticeKind::NonAcceptance => rec.case.detail.notice_reason.clone(),
            NoticeKind::Extension => rec.case.detail.extension_reason.clone(),
            _ => None,
        };
        let new_due_on = (kind == NoticeKind::Extension)
            .then(|| {
                case.deadlines
                    .iter()
                    .find(|d| d.kind == huiyin_core::workflow::DeadlineKind::Handling)
                    .map(|d| d.due_on)
            })
            .flatten();
        let sent = sendings(timeline, kind);
        let asked = match kind {
            NoticeKind::Review => Some("request_review"),
            NoticeKind::Rereview => Some("request_rereview"),
            _ => None,
        };
        let review_requested_on = asked.and_then(|action| {
            timeline
                .iter()
                .rev()
                .find(|e| e.action == action)
                .map(|e| e.on)
        });
        Ok(Notice {
            kind,
            issuer,
            step_on: step.on,
            addressee_unit,
            assigned: step.action == "assign",
            report_due_on,
            reason,
            new_due_on,
            sent,
            review_requested_on,
            case,
        })
    }

    /// Records on the timeline that a notice was sent: the day (default today; never in the
    /// future, never before its step) and how (`method`, required). A notice to the
    /// petitioner then reads 已书面告知 on the case; a letter to a unit, 已发出.
    pub async fn issue_notice(
        &self,
        user: &CurrentUser,
        id: CaseId,
        kind: NoticeKind,
        on: Option<Date>,
        method: Option<ServiceMethod>,
    ) -> Result<()> {
        if !user.actor().may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let notice = self.notice(user, id, kind).await?;
        if kind != NoticeKind::Transfer
            && notice
                .case
                .flags
                .contains(&huiyin_core::case::Flag::Anonymous)
        {
            return Err(DomainError::new(ErrorCode::ActionNotAllowed)
                .with(
                    "rule",
                    "匿名检举没有可以送达的信访人：文书只能存档备查",
                    "an anonymous report has nobody to serve: keep the notice on file",
                )
                .into());
        }
        let Some(method) = method else {
            return Err(DomainError::invalid(
                "method",
                "请选择发送方式（直接送达、邮寄、电子或短信）",
                "choose how it was sent (direct, post, electronic or SMS)",
            )
            .into());
        };
        let on = on.unwrap_or_else(|| self.today());
        if on > self.today() {
            return Err(DomainError::new(ErrorCode::StepInFuture).field("on").into());
        }
        if on < notice.step_on {
            return Err(DomainError::new(ErrorCode::StepBeforePrevious)
                .field("on")
                .into());
        }
        let rec = self.visible_case(user, id).await?;
        let (note_zh, note_en) = sending_notes(
            kind,
            notice.assigned,
            notice.addressee_unit.as_deref().unwrap_or_default(),
            method,
            on,
        );
        let entry = TimelineEntry {
            action: SENT.into(),
            on,
            actor_user_id: Some(user.id),
            actor_unit_id: Some(user.unit_id),
            actor_name: user.display_name.clone(),
            note_zh,
            note_en,
            from_status: Some(rec.case.status),
            to_status: rec.case.status,
            data: sending_data(kind, method),
            recorded_at: self.now_ms(),
        };
        self.store.append_timeline(id, &entry).await?;
        self.audit(
            Some(user),
            "",
            "case.notice",
            &notice.case.number,
            "ok",
            kind.as_str(),
        )
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, on: &str, data: &str) -> TimelineEntry {
        TimelineEntry {
            action: action.into(),
            on: Date::parse(on).unwrap(),
            actor_user_id: None,
            actor_unit_id: None,
            actor_name: String::new(),
            note_zh: String::new(),
            note_en: String::new(),
            from_status: None,
            to_status: huiyin_core::case::Status::Forwarded,
            data: data.into(),
            recorded_at: 0,
        }
    }

    #[test]
    fn a_later_letter_is_not_sent_by_the_earlier_ones_sending() {
        let sent = r#"{"notice": "transfer", "method": "electronic"}"#;
        let mut timeline = vec![
            entry("forward", "2026-06-01", "{}"),
            entry(SENT, "2026-06-02", sent),
        ];
        assert_eq!(sendings(&timeline, NoticeKind::Transfer).len(), 1);
        timeline.push(entry("assign", "2026-06-10", "{}"));
        assert!(sendings(&timeline, NoticeKind::Transfer).is_empty());
        timeline.push(entry(SENT, "2026-06-11", sent));
        let now = sendings(&timeline, NoticeKind::Transfer);
        assert_eq!(now.len(), 1);
        assert_eq!(now[0].on.to_string(), "2026-06-11");
        assert_eq!(now[0].method, Some(ServiceMethod::Electronic));
    }
}
