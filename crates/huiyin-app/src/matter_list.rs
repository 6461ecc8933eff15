//! The 信访事项档案 of a scope (issue 15 item 3): every matter file with a case the reader may
//! open, the latest or the largest first, optionally only those still open or those of one
//! unit. Counted through the reader's scope and firewall in the store; each file is then named
//! by the cases the one visibility rule lets the reader open, and a file with none is left out.

use huiyin_core::Date;
use huiyin_core::org::UnitId;
use huiyin_store::{MatterFileCount, MatterFileFilter};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// Which matter files a list shows.
#[derive(Clone, Debug, Default)]
pub struct MatterQuery {
    /// A unit of the reader's scope (default: the reader's scope).
    pub unit_id: Option<UnitId>,
    /// Only files with a case not yet concluded.
    pub open_only: bool,
    /// Most cases first (default: the latest case first).
    pub most_cases: bool,
}

/// One matter file in the list.
#[derive(Clone, Debug, Serialize)]
pub struct MatterListItem {
    pub id: i64,
    /// The title of the earliest case the reader may open.
    pub name: String,
    /// Its cases the reader's scope holds, and of those the ones not yet concluded.
    pub cases: i64,
    pub open_cases: i64,
    pub first_received_on: Date,
    pub last_received_on: Date,
    /// The numbers of the cases the reader may open, earliest first.
    pub case_numbers: Vec<String>,
    /// Their petitioners' names, once each.
    pub petitioners: Vec<String>,
}

/// A page of matter files.
#[derive(Clone, Debug, Serialize)]
pub struct MatterList {
    pub unit_id: UnitId,
    pub items: Vec<MatterListItem>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl App {
    /// The matter files of the reader's scope (or of a unit in it).
    pub async fn matter_files(
        &self,
        user: &CurrentUser,
        q: &MatterQuery,
        page: u32,
        per_page: u32,
    ) -> Result<MatterList> {
        let root = self.reader_root(user, q.unit_id)?;
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let filter = MatterFileFilter {
            open_only: q.open_only,
            most_cases: q.most_cases,
        };
        let (counts, total) = self
            .store
            .matter_files_in_scope(
                root,
                &self.firewall_of(user),
                filter,
                (
                    i64::from(per_page),
                    i64::from(page - 1) * i64::from(per_page),
                ),
            )
            .await?;
        let mut items = Vec::with_capacity(counts.len());
        for c in counts {
            if let Some(item) = self.matter_list_item(user, c).await? {
                items.push(item);
            }
        }
        self.audit_soon_with(
            user,
            "matter.list",
            "",
            "ok",
            &format!("rows={}", items.len()),
        );
        Ok(MatterList {
            unit_id: root,
            items,
            total,
            page,
            per_page,
        })
    }

    async fn matter_list_item(
        &self,
        user: &CurrentUser,
        c: MatterFileCount,
    ) -> Result<Option<MatterListItem>> {
        let ids = self.store.matter_case_ids(c.matter_id).await?;
        // The store counted through the firewall; the one visibility rule has the last word.
        let mut cases = self.visible_views(user, &ids).await?;
        cases.sort_by(|a, b| a.received_on.cmp(&b.received_on).then(a.id.cmp(&b.id)));
        let Some(first) = cases.first() else {
            return Ok(None);
        };
        let mut petitioners: Vec<String> = Vec::new();
        for p in cases.iter().flat_map(|v| &v.petitioners) {
            if !petitioners.contains(&p.name) {
                petitioners.push(p.name.clone());
            }
        }
        Ok(Some(MatterListItem {
            id: c.matter_id,
            name: first.title.clone(),
            cases: c.cases,
            open_cases: c.open_cases,
            first_received_on: first.received_on,
            last_received_on: c.last_received_on,
            case_numbers: cases.iter().map(|v| v.number.clone()).collect(),
            petitioners,
        }))
    }
}
