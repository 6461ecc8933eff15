//! 协办任务 (issue 15 items 4 and 9): the co-handling parts the units of a reader's scope owe to
//! other units' cases, open ones first with the earliest deadline — what a co-handling unit
//! works from. Counted through the reader's scope and firewall in the store; each part's case
//! then passes the one visibility rule (a recused reader's case is left out).

use huiyin_core::Date;
use huiyin_core::co_handling::CoHandlingStatus;
use huiyin_core::org::UnitId;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// Which parts a list shows.
#[derive(Clone, Debug, Default)]
pub struct CoHandlingTaskQuery {
    /// A unit of the reader's scope (default: the reader's scope).
    pub unit_id: Option<UnitId>,
    /// Only open or only done parts (default: both, open first).
    pub status: Option<CoHandlingStatus>,
}

/// One co-handling part in the list.
#[derive(Clone, Debug, Serialize)]
pub struct CoHandlingTask {
    pub id: i64,
    pub case_id: i64,
    pub case_number: String,
    pub case_title: String,
    /// The case's handling (lead) unit.
    pub lead_unit_name: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub task: String,
    pub due_on: Date,
    pub status: CoHandlingStatus,
    pub status_label: &'static str,
    pub overdue: bool,
    pub contribution: Option<String>,
    pub added_by_name: String,
    pub added_at: i64,
}

/// A page of parts.
#[derive(Clone, Debug, Serialize)]
pub struct CoHandlingTaskList {
    pub unit_id: UnitId,
    pub items: Vec<CoHandlingTask>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl App {
    /// The co-handling parts of the reader's scope (or of a unit in it).
    pub async fn co_handling_tasks(
        &self,
        user: &CurrentUser,
        q: &CoHandlingTaskQuery,
        page: u32,
        per_page: u32,
    ) -> Result<CoHandlingTaskList> {
        let root = self.reader_root(user, q.unit_id)?;
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let (records, total) = self
            .store
            .co_handling_tasks(
                root,
                &self.firewall_of(user),
                q.status,
                (
                    i64::from(per_page),
                    i64::from(page - 1) * i64::from(per_page),
                ),
            )
            .await?;
        let org = self.org();
        let today = self.today();
        let mut items = Vec::with_capacity(records.len());
        for r in records {
            // The store read through the scope and the firewall; the one visibility rule has
            // the last word.
            let Some(case) = self.store.case(r.part.case_id).await? else {
                continue;
            };
            if !self.may_see(user, &case) {
                continue;
            }
            let name = |id: i64| org.get(id).map(|u| u.name.clone()).unwrap_or_default();
            let p = r.part;
            items.push(CoHandlingTask {
                id: p.id,
                case_id: p.case_id,
                case_number: r.case_number,
                case_title: r.case_title,
                lead_unit_name: name(case.case.handling_unit_id),
                unit_id: p.unit_id,
                unit_name: name(p.unit_id),
                overdue: p.status == CoHandlingStatus::Open && p.due_on < today,
                task: p.task,
                due_on: p.due_on,
                status: p.status,
                status_label: p.status.zh(),
                contribution: p.contribution,
                added_by_name: p.added_by_name,
                added_at: p.added_at,
            });
        }
        self.audit_soon_with(
            user,
            "co_handling.list",
            "",
            "ok",
            &format!("rows={}", items.len()),
        );
        Ok(CoHandlingTaskList {
            unit_id: root,
            items,
            total,
            page,
            per_page,
        })
    }
}
