//! 信访事项档案 and 并单 (issue 15 item 3): a matter file groups the cases of one matter —
//! several petitioners, channels, years — and reads as one story (every step of its cases in
//! date order); a duplicate is merged into a main case of the same matter (并单) with a reason
//! and can be undone, both cases kept as registered; every change audited. A matter is read
//! through its cases: the reader sees only the cases they may open, the matter is named by the
//! earliest of them, and a matter none of whose cases they may open does not exist for them.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::permission::Permission;
use huiyin_store::DuplicateRecord;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::reasons::reason_of;
use crate::view::CaseView;

/// One step of the matter's story.
#[derive(Clone, Debug, Serialize)]
pub struct MatterEvent {
    pub on: Date,
    pub case_id: CaseId,
    pub case_number: String,
    pub action: String,
    pub actor: String,
    pub note: String,
    pub note_en: String,
}

/// A 并单 as shown.
#[derive(Clone, Debug, Serialize)]
pub struct DuplicateView {
    pub id: i64,
    pub case_id: CaseId,
    pub case_number: String,
    pub main_case_id: CaseId,
    pub main_case_number: String,
    pub reason: String,
    pub merged_by_name: String,
    pub merged_at: i64,
    pub undone: bool,
    pub undone_by_name: Option<String>,
    pub undone_at: Option<i64>,
    pub undo_reason: Option<String>,
}

/// 信访事项档案.
#[derive(Clone, Debug, Serialize)]
pub struct MatterFile {
    pub id: i64,
    /// The title of the earliest case the reader may open.
    pub name: String,
    pub cases: Vec<CaseView>,
    /// The petitioners' names across the cases (as each case shows them), once each.
    pub petitioners: Vec<String>,
    pub channels: Vec<&'static str>,
    pub years: Vec<i32>,
    pub duplicates: Vec<DuplicateView>,
    pub story: Vec<MatterEvent>,
    pub may_edit: bool,
}

impl App {
    fn may_edit_matters(&self, user: &CurrentUser) -> Result<()> {
        let actor = user.actor();
        if !actor.works_cases() || !actor.may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        Ok(())
    }

    /// Groups cases the user may open into a matter file (a new one, or the matter of the
    /// first case when it has one); answers the file.
    pub async fn group_into_matter(
        &self,
        user: &CurrentUser,
        case_ids: &[i64],
    ) -> Result<MatterFile> {
        self.may_edit_matters(user)?;
        let mut ids: Vec<i64> = case_ids.iter().copied().filter(|i| *i > 0).collect();
        ids.dedup();
        if ids.len() < 2 {
            return Err(DomainError::invalid(
                "case_ids",
                "请列出至少两件属于同一事项的信访事项",
                "two or more cases of one matter",
            )
            .into());
        }
        for id in &ids {
            self.visible_case(user, *id).await?;
        }
        let matters = self.store.matters_of(&ids).await?;
        let into = matters.iter().find(|(c, _)| *c == ids[0]).map(|(_, m)| *m);
        let new: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|c| !matters.iter().any(|(x, _)| x == c))
            .collect();
        // Every case is new, or already in the first case's matter; at least one is new.
        let elsewhere = matters
            .iter()
            .any(|(c, m)| *c != ids[0] && Some(*m) != into);
        if elsewhere || new.is_empty() {
            return Err(ErrorCode::MatterCaseTaken.into());
        }
        let entry = self.audit_entry(
            Some(user),
            "",
            "matter.group",
            "",
            "ok",
            &format!("cases={}", new.len()),
        );
        let Some(matter_id) = self
            .store
            .add_to_matter(into, &new, (user.id, self.now_ms()), &entry)
            .await?
        else {
            return Err(ErrorCode::MatterCaseTaken.into());
        };
        self.matter_file(user, matter_id).await
    }

    /// The matter of a case the user may open, if any.
    pub async fn matter_of_case(&self, user: &CurrentUser, case_id: i64) -> Result<Option<i64>> {
        self.visible_case(user, case_id).await?;
        Ok(self
            .store
            .matters_of(&[case_id])
            .await?
            .first()
            .map(|(_, m)| *m))
    }

    /// The matter file as the user may see it.
    pub async fn matter_file(&self, user: &CurrentUser, id: i64) -> Result<MatterFile> {
        if !user.actor().works_cases() {
            return Err(ErrorCode::Forbidden.into());
        }
        let ids = self.store.matter_case_ids(id).await?;
        let mut cases = self.visible_views(user, &ids).await?;
        if cases.is_empty() {
            self.audit_soon_with(
                user,
                "matter.read",
                &format!("matter:{id}"),
                "matter.not_found",
                "",
            );
            return Err(ErrorCode::MatterNotFound.into());
        }
        cases.sort_by(|a, b| a.received_on.cmp(&b.received_on).then(a.id.cmp(&b.id)));
        let number = |c: CaseId| cases.iter().find(|v| v.id == c).map(|v| v.number.clone());
        let duplicates = self
            .store
            .duplicates_of(id)
            .await?
            .into_iter()
            .filter_map(|d: DuplicateRecord| {
                Some(DuplicateView {
                    id: d.id,
                    case_number: number(d.case_id)?,
                    main_case_number: number(d.main_case_id)?,
                    case_id: d.case_id,
                    main_case_id: d.main_case_id,
                    reason: d.reason,
                    merged_by_name: d.merged_by_name,
                    merged_at: d.merged_at,
                    undone: d.undone_at.is_some(),
                    undone_by_name: d.undone_by_name,
                    undone_at: d.undone_at,
                    undo_reason: d.undo_reason,
                })
            })
            .collect();
        let mut story = Vec::new();
        for c in &cases {
            for e in self.store.timeline(c.id).await? {
                story.push(MatterEvent {
                    on: e.on,
                    case_id: c.id,
                    case_number: c.number.clone(),
                    action: e.action,
                    actor: e.actor_name,
                    note: e.note_zh,
                    note_en: e.note_en,
                });
            }
        }
        story.sort_by(|a, b| a.on.cmp(&b.on).then(a.case_id.cmp(&b.case_id)));
        let mut petitioners: Vec<String> = Vec::new();
        let mut channels = Vec::new();
        let mut years = Vec::new();
        for c in &cases {
            for p in &c.petitioners {
                if !petitioners.contains(&p.name) {
                    petitioners.push(p.name.clone());
                }
            }
            if !channels.contains(&c.channel.zh()) {
                channels.push(c.channel.zh());
            }
            if !years.contains(&c.received_on.year()) {
                years.push(c.received_on.year());
            }
        }
        self.audit_identity_views(user, &cases).await?;
        self.audit_soon(user, "matter.read", &format!("matter:{id}"));
        Ok(MatterFile {
            id,
            name: cases.first().map(|c| c.title.clone()).unwrap_or_default(),
            petitioners,
            channels,
            years,
            duplicates,
            story,
            may_edit: self.may_edit_matters(user).is_ok(),
            cases,
        })
    }

    /// 并单: `case_id` repeats `main_case_id`, both cases of matter `id` the user may open.
    pub async fn merge_duplicate(
        &self,
        user: &CurrentUser,
        id: i64,
        (case_id, main_case_id, reason): (Option<i64>, Option<i64>, Option<&str>),
    ) -> Result<MatterFile> {
        self.may_edit_matters(user)?;
        let file = self.matter_file(user, id).await?;
        let in_file = |c: Option<i64>| c.filter(|c| file.cases.iter().any(|v| v.id == *c));
        let (Some(case_id), Some(main_case_id)) = (in_file(case_id), in_file(main_case_id)) else {
            return Err(DomainError::invalid(
                "case_id",
                "请从本事项档案中选择重复件和主件",
                "choose the duplicate and the main case from this matter file",
            )
            .into());
        };
        if case_id == main_case_id {
            return Err(DomainError::invalid(
                "main_case_id",
                "重复件和主件不能是同一件",
                "the duplicate and the main case must differ",
            )
            .into());
        }
        let reason = reason_of(reason)?;
        let entry = self.audit_entry(
            Some(user),
            "",
            "matter.merge_duplicate",
            "",
            "ok",
            &format!("case:{case_id} into:{main_case_id}"),
        );
        if self
            .store
            .insert_duplicate(
                (id, case_id, main_case_id),
                &reason,
                (user.id, self.now_ms()),
                &entry,
            )
            .await?
            .is_none()
        {
            return Err(ErrorCode::DuplicateExists.into());
        }
        self.matter_file(user, id).await
    }

    /// Undoes a 并单 the user can see in its matter file.
    pub async fn undo_duplicate(
        &self,
        user: &CurrentUser,
        dup_id: i64,
        reason: Option<&str>,
    ) -> Result<MatterFile> {
        self.may_edit_matters(user)?;
        let Some(d) = self.store.duplicate(dup_id).await? else {
            return Err(ErrorCode::DuplicateNotFound.into());
        };
        let Ok(file) = self.matter_file(user, d.matter_id).await else {
            return Err(ErrorCode::DuplicateNotFound.into());
        };
        if !file.duplicates.iter().any(|x| x.id == dup_id) {
            return Err(ErrorCode::DuplicateNotFound.into());
        }
        if d.undone_at.is_some() {
            return Err(ErrorCode::DuplicateUndone.into());
        }
        let reason = reason_of(reason)?;
        let entry = self.audit_entry(
            Some(user),
            "",
            "matter.undo_duplicate",
            "",
            "ok",
            &format!("duplicate:{dup_id}"),
        );
        if !self
            .store
            .undo_duplicate(dup_id, &reason, (user.id, self.now_ms()), &entry)
            .await?
        {
            return Err(ErrorCode::DuplicateUndone.into());
        }
        self.matter_file(user, d.matter_id).await
    }
}
