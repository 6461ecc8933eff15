//! Everything a case page shows, read at once: one visibility check, one read of the case
//! (its petitioners opened once), then its timeline, attachments and the petitioner's other
//! cases read together. Each panel used to check visibility and read the case again.

use huiyin_core::case::CaseId;
use huiyin_store::AttachmentMeta;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::view::{CaseView, TimelineView};
use crate::workbench::{NoticeState, notice_states};

/// A case as its page shows it to one user.
pub struct CaseSnapshot {
    pub case: CaseView,
    pub timeline: Vec<TimelineView>,
    /// Other cases of the same petitioners that the user may see (信访人档案).
    pub history: Vec<CaseView>,
    pub attachments: Vec<AttachmentMeta>,
    /// The notices (告知书) whose step was taken, with their sendings.
    pub notices: Vec<NoticeState>,
    pub can_attach: bool,
    pub can_publish: bool,
    /// 督办 and 催办 about the case, oldest first, and those the user may answer now.
    pub supervisions: Vec<crate::SupervisionView>,
    pub answerable: Vec<i64>,
    /// The user may issue an order about the case (a supervisor above its handling unit).
    pub can_supervise: bool,
}

impl App {
    #[tracing::instrument(name = "app.case_snapshot", skip_all, fields(user_id = user.id, case_id = id))]
    pub async fn case_snapshot(&self, user: &CurrentUser, id: CaseId) -> Result<CaseSnapshot> {
        let rec = self.visible_case(user, id).await?;
        let case = self.case_view(&rec, user);
        self.audit_identity_views(user, std::slice::from_ref(&case))
            .await?;
        let history = async {
            let ids = self
                .store
                .petitioner_history(id, crate::workbench::HISTORY_LIMIT)
                .await?;
            self.visible_views(user, &ids).await
        };
        let (timeline, attachments, history, orders) = tokio::join!(
            self.store.timeline(id),
            self.store.attachments_of(id),
            history,
            self.case_supervisions(user, id, &rec.case.number)
        );
        let (supervisions, answerable) = orders?;
        let timeline = timeline?;
        let notices = notice_states(&timeline);
        let timeline: Vec<TimelineView> = timeline.iter().map(TimelineView::from).collect();
        Ok(CaseSnapshot {
            case,
            timeline,
            history: history?,
            attachments: attachments?,
            notices,
            can_attach: self.can_attach(user),
            can_publish: self.can_publish(user),
            supervisions,
            answerable,
            can_supervise: self.may_supervise(
                user,
                rec.case.handling_unit_id,
                !rec.case.status.is_terminal(),
            ),
        })
    }
}
