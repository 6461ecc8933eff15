//! The latest notice of each ticked case, for printing them together (issue 12 item 6): the
//! notice whose step came last on the case's timeline (a letter, then the acceptance, an
//! extension, the 意见书 …), composed exactly as the case's own notice page composes it.

use huiyin_core::case::CaseId;
use huiyin_core::error::ErrorCode;
use huiyin_store::TimelineEntry;

use super::notices::{Notice, NoticeKind};
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::view::CaseView;

/// The kind of the notice whose step is the latest on `timeline` (oldest entry first), or
/// `None` when no step of the case has a notice yet.
pub fn latest_notice_kind(timeline: &[TimelineEntry]) -> Option<NoticeKind> {
    timeline.iter().rev().find_map(|e| {
        NoticeKind::ALL
            .iter()
            .copied()
            .find(|k| k.actions().contains(&e.action.as_str()))
    })
}

impl App {
    /// The cases of `ids` the user may see, in the order asked, each with its latest notice
    /// (`None`: no notice yet). Each id goes through the case page's check
    /// ([`App::visible_case`]): one out of sight, or of no case, is left out without a word
    /// (its attempt audited), as [`App::visible_cases`] does; views of identity and of an
    /// accusation are audited the same way.
    pub async fn visible_cases_with_notices(
        &self,
        user: &CurrentUser,
        ids: &[CaseId],
    ) -> Result<Vec<(CaseView, Option<Notice>)>> {
        let mut out: Vec<(CaseView, Option<Notice>)> = Vec::new();
        for &id in ids {
            if out.iter().any(|(v, _)| v.id == id) {
                continue;
            }
            let rec = match self.visible_case(user, id).await {
                Ok(rec) => rec,
                Err(e) if e.error_code() == ErrorCode::CaseNotFound => continue,
                Err(e) => return Err(e),
            };
            let timeline = self.store.timeline(id).await?;
            let notice = latest_notice_kind(&timeline)
                .map(|kind| self.notice_from(user, &rec, &timeline, kind))
                .transpose()?;
            out.push((self.case_view(&rec, user), notice));
        }
        let views: Vec<CaseView> = out.iter().map(|(v, _)| v.clone()).collect();
        self.audit_identity_views(user, &views).await?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use huiyin_core::Date;
    use huiyin_core::case::Status;

    fn entry(action: &str) -> TimelineEntry {
        TimelineEntry {
            action: action.into(),
            on: Date::parse("2026-06-01").unwrap(),
            actor_user_id: None,
            actor_unit_id: None,
            actor_name: String::new(),
            note_zh: String::new(),
            note_en: String::new(),
            from_status: None,
            to_status: Status::Accepted,
            data: "{}".into(),
            recorded_at: 0,
        }
    }

    #[test]
    fn the_latest_step_with_a_notice_names_it() {
        let mut t = vec![entry("register")];
        assert_eq!(latest_notice_kind(&t), None);
        t.push(entry("forward"));
        assert_eq!(latest_notice_kind(&t), Some(NoticeKind::Transfer));
        t.push(entry("accept"));
        t.push(entry(super::super::notices::SENT));
        assert_eq!(latest_notice_kind(&t), Some(NoticeKind::Acceptance));
        t.push(entry("extend"));
        t.push(entry("issue_opinion"));
        t.push(entry("supervise"));
        assert_eq!(latest_notice_kind(&t), Some(NoticeKind::Opinion));
    }
}
