//! 回避 register (issue 15 items 7 and 9): every recusal on the cases of a reader's scope, the
//! latest first, standing or lifted — what a leader reviews. Counted through the reader's
//! scope and firewall in the store; each recusal's case then passes the one visibility rule
//! (a recusal on a case the reader may not open, their own included, is left out).

use huiyin_core::org::UnitId;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::recusal::{RecusalView, view};

/// Which recusals the register shows.
#[derive(Clone, Debug, Default)]
pub struct RecusalRegisterQuery {
    /// A unit of the reader's scope (default: the reader's scope).
    pub unit_id: Option<UnitId>,
    /// Only lifted (`true`) or only standing (`false`) recusals (default: both).
    pub lifted: Option<bool>,
}

/// One recusal in the register, with its case.
#[derive(Clone, Debug, Serialize)]
pub struct RecusalRegisterItem {
    #[serde(flatten)]
    pub recusal: RecusalView,
    pub case_number: String,
    pub case_title: String,
    /// The recused user's unit.
    pub unit_name: String,
}

/// A page of the register.
#[derive(Clone, Debug, Serialize)]
pub struct RecusalRegister {
    pub unit_id: UnitId,
    pub items: Vec<RecusalRegisterItem>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl App {
    /// The recusals on the cases of the reader's scope (or of a unit in it).
    pub async fn recusal_register(
        &self,
        user: &CurrentUser,
        q: &RecusalRegisterQuery,
        page: u32,
        per_page: u32,
    ) -> Result<RecusalRegister> {
        let root = self.reader_root(user, q.unit_id)?;
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let (records, total) = self
            .store
            .recusals_in_scope(
                root,
                &self.firewall_of(user),
                q.lifted,
                (
                    i64::from(per_page),
                    i64::from(page - 1) * i64::from(per_page),
                ),
            )
            .await?;
        let org = self.org();
        let mut items = Vec::with_capacity(records.len());
        for r in records {
            let Some(case) = self.store.case(r.recusal.case_id).await? else {
                continue;
            };
            if !self.may_see(user, &case) {
                continue;
            }
            let unit_name = self
                .store
                .user_by_id(r.recusal.user_id)
                .await?
                .and_then(|u| org.get(u.unit_id).map(|x| x.name.clone()))
                .unwrap_or_default();
            items.push(RecusalRegisterItem {
                recusal: view(r.recusal),
                case_number: r.case_number,
                case_title: r.case_title,
                unit_name,
            });
        }
        self.audit_soon_with(
            user,
            "recusal.list",
            "",
            "ok",
            &format!("rows={}", items.len()),
        );
        Ok(RecusalRegister {
            unit_id: root,
            items,
            total,
            page,
            per_page,
        })
    }
}
