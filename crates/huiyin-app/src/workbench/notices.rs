//! Written notices to the petitioner and to units (DOMAIN.md §1.3, §1.5–1.7): which exist for a
//! case, what goes into them, and recording on the timeline that one was issued.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::error::ErrorCode;
use huiyin_core::permission::Permission;
use huiyin_store::TimelineEntry;

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
    /// Earlier issues of this notice recorded on the timeline.
    pub issued_on: Vec<Date>,
}

const ISSUED: &str = "notice_issued";

fn json_field(data: &str, key: &str) -> Option<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(data)
        .ok()
        .and_then(|v| v.get(key).cloned())
}

impl NoticeKind {
    /// The notices whose step is on a case's timeline.
    pub fn of_timeline(timeline: &[crate::view::TimelineView]) -> Vec<NoticeKind> {
        NoticeKind::ALL
            .iter()
            .copied()
            .filter(|k| {
                timeline
                    .iter()
                    .any(|e| k.actions().contains(&e.action.as_str()))
            })
            .collect()
    }
}

impl App {
    /// The notices that exist for a case (their step was taken), in workflow order.
    pub async fn notices_of(&self, user: &CurrentUser, id: CaseId) -> Result<Vec<NoticeKind>> {
        let timeline = self.timeline(user, id).await?;
        Ok(NoticeKind::of_timeline(&timeline))
    }

    /// The content of one notice of a case, or `not_found` when its step was never taken.
    pub async fn notice(&self, user: &CurrentUser, id: CaseId, kind: NoticeKind) -> Result<Notice> {
        let rec = self.visible_case(user, id).await?;
        let timeline = self.store.timeline(id).await?;
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
        let case = self.case_view(&rec, user);
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
        let issued_on = timeline
            .iter()
            .filter(|e| {
                e.action == ISSUED
                    && json_field(&e.data, "notice").and_then(|v| v.as_str().map(str::to_owned))
                        == Some(kind.as_str().to_owned())
            })
            .map(|e| e.on)
            .collect();
        Ok(Notice {
            kind,
            issuer,
            step_on: step.on,
            addressee_unit,
            assigned: step.action == "assign",
            report_due_on,
            reason,
            new_due_on,
            issued_on,
            case,
        })
    }

    /// Records on the timeline that a notice was issued (printed and sent) today.
    pub async fn issue_notice(
        &self,
        user: &CurrentUser,
        id: CaseId,
        kind: NoticeKind,
    ) -> Result<()> {
        if !user.actor().may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let notice = self.notice(user, id, kind).await?;
        let rec = self.visible_case(user, id).await?;
        let entry = TimelineEntry {
            action: ISSUED.into(),
            on: self.today(),
            actor_user_id: Some(user.id),
            actor_unit_id: Some(user.unit_id),
            actor_name: user.display_name.clone(),
            note_zh: format!("发出{}", kind.zh()),
            note_en: format!("issued the {}", kind.en().to_lowercase()),
            from_status: Some(rec.case.status),
            to_status: rec.case.status,
            data: serde_json::json!({ "notice": kind.as_str() }).to_string(),
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
