//! 带案下访 as use cases (issue 14 item 2): case staff record that a leader of the unit visited
//! or of a body above it went down to a unit of their scope with cases in hand; staff read the
//! visits to units of their scope. A visit with a case the reader may not open is not there
//! for that reader at all (its words could tell of an accusation hidden from them), nor in the
//! count; the leader named must be able to open every case taken down.

use huiyin_core::Date;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::field_visit::{FieldVisitForm, NewFieldVisit};
use huiyin_core::org::UnitId;
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_core::role::Role;
use huiyin_store::FieldVisitRecord;
use serde::Serialize;

use crate::accountability::LinkedCase;
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};

/// A visit as staff read it.
#[derive(Clone, Debug, Serialize)]
pub struct FieldVisitView {
    pub id: i64,
    pub leader_user_id: i64,
    pub leader_name: String,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub on: Date,
    pub place: String,
    pub outcome: String,
    /// The cases taken down that the reader may open.
    pub cases: Vec<LinkedCase>,
}

/// A page of visits.
#[derive(Clone, Debug, Serialize)]
pub struct FieldVisitList {
    pub items: Vec<FieldVisitView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl App {
    /// The visit as `user` reads it; `None` when a case taken down is out of their sight.
    async fn field_visit_view(
        &self,
        user: &CurrentUser,
        v: &FieldVisitRecord,
    ) -> Result<Option<FieldVisitView>> {
        let Some(cases) = self.linked_cases(user, &v.case_ids).await? else {
            return Ok(None);
        };
        Ok(Some(FieldVisitView {
            id: v.id,
            leader_user_id: v.leader_user_id,
            leader_name: v.leader_name.clone(),
            unit_id: v.unit_id,
            unit_name: self
                .org()
                .get(v.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            on: v.on,
            place: v.place.clone(),
            outcome: v.outcome.clone(),
            cases,
        }))
    }

    /// Records a 带案下访 by case staff of the unit visited or of a body above it.
    #[tracing::instrument(name = "app.record_field_visit", skip_all, fields(user_id = user.id))]
    pub async fn record_field_visit(
        &self,
        user: &CurrentUser,
        form: FieldVisitForm,
    ) -> Result<FieldVisitView> {
        if !user.may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let v = NewFieldVisit::read(form, self.today())?;
        let org = self.org();
        if org.get(v.unit_id).is_none() {
            return Err(DomainError::new(ErrorCode::UnitNotFound)
                .field("unit_id")
                .into());
        }
        let root = visibility_root(&user.actor(), &org);
        if !org.is_ancestor_or_self(root, v.unit_id) {
            return Err(DomainError::new(ErrorCode::Forbidden)
                .with(
                    "unit_id",
                    "只能记录本单位及下级单位的下访",
                    "only for your unit or a unit below it",
                )
                .into());
        }
        for id in &v.case_ids {
            if self.visible_case(user, *id).await.is_err() {
                return Err(DomainError::invalid(
                    "case_ids",
                    format!("事项{id}不存在或无权查看"),
                    format!("case {id} does not exist or is out of sight"),
                )
                .into());
            }
        }
        let leader = self.store.user_by_id(v.leader_user_id).await?;
        let records = self.store.case_records(&v.case_ids).await?;
        let fits = leader.is_some_and(|u| {
            let leader = CurrentUser::from(u.clone());
            let their_root = visibility_root(&leader.actor(), &org);
            u.active
                && u.roles.contains(&Role::Leader)
                && org.is_ancestor_or_self(their_root, v.unit_id)
                // Never a leader who may not know of a case taken down (an accusation's).
                && records.iter().all(|rec| self.may_see(&leader, rec))
        });
        if !fits {
            return Err(DomainError::invalid(
                "leader_user_id",
                "下访领导应为该单位或其上级单位在岗的领导",
                "the leader must be an active leader of that unit or a body above it",
            )
            .into());
        }
        let entry = self.audit_entry(
            Some(user),
            "",
            "field_visit.record",
            "",
            "ok",
            &format!(
                "leader={} unit={} on={} cases={}",
                v.leader_user_id,
                v.unit_id,
                v.on,
                v.case_ids.len()
            ),
        );
        let id = self
            .store
            .insert_field_visit(&v, user.id, self.now_ms(), &entry)
            .await?;
        let stored = self
            .store
            .field_visit(id)
            .await?
            .ok_or(AppError::code(ErrorCode::Internal))?;
        self.field_visit_view(user, &stored)
            .await?
            .ok_or(AppError::code(ErrorCode::Internal))
    }

    /// The visits to units of the user's scope within `[from, to]`, newest first.
    pub async fn field_visits(
        &self,
        user: &CurrentUser,
        unit: Option<UnitId>,
        from: Date,
        to: Date,
        page: u32,
        per_page: u32,
    ) -> Result<FieldVisitList> {
        let actor = user.actor();
        if !actor.works_cases() {
            return Err(ErrorCode::Forbidden.into());
        }
        let org = self.org();
        let mut units = org.subtree(visibility_root(&actor, &org));
        if let Some(u) = unit {
            units.retain(|x| org.is_ancestor_or_self(u, *x));
        }
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        // Visits are few; each is judged for this reader, so the period's are read whole, up to
        // a bound, and paged after.
        let (records, _) = self
            .store
            .list_field_visits(&units, from, to, crate::accountability::MAX_RECORDS_READ, 0)
            .await?;
        let mut readable = Vec::new();
        for r in &records {
            if let Some(v) = self.field_visit_view(user, r).await? {
                readable.push(v);
            }
        }
        let (items, total) = crate::accountability::page_of(readable, page, per_page);
        Ok(FieldVisitList {
            items,
            total,
            page,
            per_page,
        })
    }

    /// The leaders a user may record as having gone down (the 带案下访 form): active leaders of
    /// the user's body and of the bodies above it, nearest first.
    pub async fn visiting_leaders(&self, user: &CurrentUser) -> Result<Vec<(i64, String)>> {
        let org = self.org();
        let root = visibility_root(&user.actor(), &org);
        let mut out: Vec<(usize, String, i64)> = self
            .store
            .users()
            .await?
            .into_iter()
            .filter(|u| u.active && u.roles.contains(&Role::Leader))
            .filter_map(|u| {
                let theirs = visibility_root(&CurrentUser::from(u.clone()).actor(), &org);
                org.is_ancestor_or_self(theirs, root).then(|| {
                    let unit = org
                        .get(u.unit_id)
                        .map(|x| x.name.clone())
                        .unwrap_or_default();
                    (
                        usize::MAX - org.ancestors_or_self(theirs).len(),
                        format!("{}（{unit}）", u.display_name),
                        u.id,
                    )
                })
            })
            .collect();
        out.sort();
        Ok(out.into_iter().map(|(_, name, id)| (id, name)).collect())
    }
}
