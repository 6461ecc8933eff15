//! 联合接访 sessions (issue 15 item 4), read: a session is there for a case worker whose scope
//! holds its host unit or one of its participating units; the cases taken at it are only those
//! the reader may open (the one visibility rule, whistleblower firewall included), so a session
//! never names, nor counts, a case the reader may not know of. The writes are in
//! `joint_reception_steps.rs`.

use std::collections::HashMap;

use huiyin_core::Date;
use huiyin_core::case::{CaseId, Status};
use huiyin_core::error::ErrorCode;
use huiyin_core::joint_reception::JointReceptionStatus;
use huiyin_core::org::UnitId;
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_store::{CaseRecord, JointReceptionFilter, JointReceptionLink, JointReceptionRecord};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// A unit as a session names it.
#[derive(Clone, Debug, Serialize)]
pub struct SessionUnit {
    pub id: UnitId,
    pub name: String,
}

/// A case taken at a session.
#[derive(Clone, Debug, Serialize)]
pub struct SessionCase {
    pub case_id: CaseId,
    pub case_number: String,
    pub title: String,
    pub status: Status,
    pub linked_by_name: String,
    pub linked_at: i64,
}

/// A session as its reader sees it.
#[derive(Clone, Debug, Serialize)]
pub struct JointReceptionView {
    pub id: i64,
    pub on: Date,
    pub place: String,
    pub host_unit: SessionUnit,
    pub units: Vec<SessionUnit>,
    pub on_duty: Vec<String>,
    pub note: String,
    pub status: JointReceptionStatus,
    pub summary: Option<String>,
    pub created_by_name: String,
    pub created_at: i64,
    pub closed_by_name: Option<String>,
    pub closed_at: Option<i64>,
    /// The cases taken there that the reader may open, in the order they were recorded.
    pub cases: Vec<SessionCase>,
    /// The reader may record and remove cases and close the session (open, host in scope).
    pub may_edit: bool,
}

/// A page of sessions.
#[derive(Clone, Debug, Serialize)]
pub struct JointReceptionList {
    pub items: Vec<JointReceptionView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

/// What a list asks for: the sessions of days `from` to `to` of a unit of the reader's scope.
#[derive(Clone, Debug)]
pub struct JointReceptionQuery {
    pub unit_id: Option<UnitId>,
    pub from: Date,
    pub to: Date,
    pub status: Option<JointReceptionStatus>,
}

impl App {
    fn session_unit(&self, id: UnitId) -> SessionUnit {
        SessionUnit {
            id,
            name: self
                .org()
                .get(id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
        }
    }

    /// A case worker whose scope holds the session's host unit or a participating unit.
    fn reads_session(&self, user: &CurrentUser, r: &JointReceptionRecord) -> bool {
        let actor = user.actor();
        let org = self.org();
        let root = visibility_root(&actor, &org);
        actor.works_cases()
            && std::iter::once(&r.host_unit_id)
                .chain(&r.unit_ids)
                .any(|u| org.is_ancestor_or_self(root, *u))
    }

    /// A case handler whose scope holds the host unit.
    pub(crate) fn hosts_session(&self, user: &CurrentUser, host: UnitId) -> bool {
        let org = self.org();
        user.may(Permission::HandleCases)
            && org.is_ancestor_or_self(visibility_root(&user.actor(), &org), host)
    }

    /// The sessions, each with the cases of it the reader may open.
    async fn session_views(
        &self,
        user: &CurrentUser,
        records: Vec<JointReceptionRecord>,
    ) -> Result<Vec<JointReceptionView>> {
        let ids: Vec<i64> = records.iter().map(|r| r.id).collect();
        let links = self.store.joint_reception_links(&ids).await?;
        let mut case_ids: Vec<CaseId> = links.iter().map(|l| l.case_id).collect();
        case_ids.sort_unstable();
        case_ids.dedup();
        let cases: HashMap<CaseId, CaseRecord> = self
            .store
            .case_records(&case_ids)
            .await?
            .into_iter()
            .filter(|rec| self.may_see(user, rec))
            .map(|rec| (rec.case.id, rec))
            .collect();
        Ok(records
            .into_iter()
            .map(|r| self.session_view(user, r, &links, &cases))
            .collect())
    }

    fn session_view(
        &self,
        user: &CurrentUser,
        r: JointReceptionRecord,
        links: &[JointReceptionLink],
        cases: &HashMap<CaseId, CaseRecord>,
    ) -> JointReceptionView {
        let taken = links
            .iter()
            .filter(|l| l.reception_id == r.id)
            .filter_map(|l| {
                let rec = cases.get(&l.case_id)?;
                Some(SessionCase {
                    case_id: l.case_id,
                    case_number: rec.case.number.clone(),
                    title: rec.case.title.clone(),
                    status: rec.case.status,
                    linked_by_name: l.linked_by_name.clone(),
                    linked_at: l.linked_at,
                })
            })
            .collect();
        JointReceptionView {
            id: r.id,
            on: r.on,
            place: r.place,
            host_unit: self.session_unit(r.host_unit_id),
            units: r.unit_ids.iter().map(|u| self.session_unit(*u)).collect(),
            on_duty: r.on_duty,
            note: r.note,
            may_edit: r.status == JointReceptionStatus::Open
                && self.hosts_session(user, r.host_unit_id),
            status: r.status,
            summary: r.summary,
            created_by_name: r.created_by_name,
            created_at: r.created_at,
            closed_by_name: r.closed_by_name,
            closed_at: r.closed_at,
            cases: taken,
        }
    }

    /// A session the reader may read (else `joint_reception.not_found`).
    pub(crate) async fn readable_session(
        &self,
        user: &CurrentUser,
        id: i64,
    ) -> Result<JointReceptionRecord> {
        match self.store.joint_reception(id).await? {
            Some(r) if self.reads_session(user, &r) => Ok(r),
            _ => Err(ErrorCode::JointReceptionNotFound.into()),
        }
    }

    /// One session with the cases of it the reader may open.
    pub async fn joint_reception(&self, user: &CurrentUser, id: i64) -> Result<JointReceptionView> {
        let r = self.readable_session(user, id).await?;
        let mut views = self.session_views(user, vec![r]).await?;
        views
            .pop()
            .ok_or_else(|| ErrorCode::JointReceptionNotFound.into())
    }

    /// The sessions of the reader's scope (or of a unit in it) for days within the period,
    /// latest first.
    pub async fn joint_receptions(
        &self,
        user: &CurrentUser,
        q: &JointReceptionQuery,
        page: u32,
        per_page: u32,
    ) -> Result<JointReceptionList> {
        let root = self.reader_root(user, q.unit_id)?;
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let filter = JointReceptionFilter {
            from: q.from,
            to: q.to,
            status: q.status,
        };
        let (records, total) = self
            .store
            .list_joint_receptions(
                root,
                filter,
                (
                    i64::from(per_page),
                    i64::from(page - 1) * i64::from(per_page),
                ),
            )
            .await?;
        Ok(JointReceptionList {
            items: self.session_views(user, records).await?,
            total,
            page,
            per_page,
        })
    }

    /// The sessions a case the reader may open was taken at (those the reader may read).
    pub async fn joint_receptions_of_case(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
    ) -> Result<Vec<JointReceptionView>> {
        self.visible_case(user, case_id).await?;
        let records = self
            .store
            .joint_receptions_of_case(case_id)
            .await?
            .into_iter()
            .filter(|r| self.reads_session(user, r))
            .collect();
        self.session_views(user, records).await
    }
}
