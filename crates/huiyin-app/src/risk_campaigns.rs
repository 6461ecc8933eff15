//! 排查活动 as use cases (issue 15 item 1): case staff organise a regular or concentrated
//! screening campaign for a unit of their scope and the units below it; staff of those units
//! and above read it; its report counts the register entries found in it — found, resolved,
//! open, overdue — per unit directly below the organiser, over the entries the reader may see
//! (an entry linked to a case out of their sight is not counted).

use huiyin_core::Date;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::org::UnitId;
use huiyin_core::permission::Permission;
use huiyin_core::policy::visibility_root;
use huiyin_core::risk::RiskStatus;
use huiyin_core::risk_campaign::{CampaignForm, CampaignKind, NewCampaign};
use huiyin_store::CampaignRecord;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};
use crate::risks::RiskQuery;

/// A campaign as staff read it.
#[derive(Clone, Debug, Serialize)]
pub struct CampaignView {
    pub id: i64,
    pub name: String,
    pub kind: CampaignKind,
    pub kind_label: &'static str,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub from: Date,
    pub to: Date,
    pub topics: String,
}

/// One unit's line of a campaign report.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CampaignUnitRow {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub found: i64,
    pub resolved: i64,
    pub open: i64,
    pub overdue: i64,
}

/// A campaign with its report.
#[derive(Clone, Debug, Serialize)]
pub struct CampaignReport {
    #[serde(flatten)]
    pub campaign: CampaignView,
    /// Per unit directly below the organiser (and the organiser itself), most found first.
    pub rows: Vec<CampaignUnitRow>,
    pub total: CampaignUnitRow,
}

/// The campaigns a reader may see.
#[derive(Clone, Debug, Serialize)]
pub struct CampaignList {
    pub items: Vec<CampaignView>,
    pub total: i64,
}

impl App {
    fn campaign_view(&self, c: CampaignRecord) -> CampaignView {
        CampaignView {
            id: c.id,
            kind_label: c.kind.zh(),
            kind: c.kind,
            unit_name: self
                .org()
                .get(c.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            unit_id: c.unit_id,
            name: c.name,
            from: c.from,
            to: c.to,
            topics: c.topics,
        }
    }

    /// The campaign if `user` may see it: organised by a unit of their scope or by a body above
    /// them (whose campaign covers them).
    pub(crate) async fn campaign_in_sight(
        &self,
        user: &CurrentUser,
        id: i64,
    ) -> Result<Option<CampaignRecord>> {
        let actor = user.actor();
        if !actor.works_cases() {
            return Ok(None);
        }
        let org = self.org();
        let root = visibility_root(&actor, &org);
        Ok(self.store.campaign(id).await?.filter(|c| {
            org.is_ancestor_or_self(root, c.unit_id) || org.is_ancestor_or_self(c.unit_id, root)
        }))
    }

    /// Organises a campaign for a unit of the user's scope.
    #[tracing::instrument(name = "app.record_campaign", skip_all, fields(user_id = user.id))]
    pub async fn record_campaign(
        &self,
        user: &CurrentUser,
        form: CampaignForm,
    ) -> Result<CampaignView> {
        if !user.may(Permission::HandleCases) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let c = NewCampaign::read(form)?;
        let org = self.org();
        if org.get(c.unit_id).is_none() {
            return Err(DomainError::new(ErrorCode::UnitNotFound)
                .field("unit_id")
                .into());
        }
        if !org.is_ancestor_or_self(visibility_root(&user.actor(), &org), c.unit_id) {
            return Err(DomainError::new(ErrorCode::Forbidden)
                .with(
                    "unit_id",
                    "只能为本单位及下级单位组织排查",
                    "only for your unit or a unit below it",
                )
                .into());
        }
        let entry = self.audit_entry(
            Some(user),
            "",
            "risk_campaign.record",
            "",
            "ok",
            &format!(
                "unit={} kind={} from={} to={}",
                c.unit_id,
                c.kind.as_str(),
                c.from,
                c.to
            ),
        );
        let id = self
            .store
            .insert_campaign(&c, user.id, self.now_ms(), &entry)
            .await?;
        let stored = self
            .store
            .campaign(id)
            .await?
            .ok_or(AppError::code(ErrorCode::Internal))?;
        Ok(self.campaign_view(stored))
    }

    /// The campaigns covering the user's scope or organised within it, newest first.
    pub async fn campaigns(&self, user: &CurrentUser) -> Result<CampaignList> {
        let actor = user.actor();
        if !actor.works_cases() {
            return Err(ErrorCode::Forbidden.into());
        }
        let org = self.org();
        let root = visibility_root(&actor, &org);
        let mut units = org.subtree(root);
        units.extend(org.ancestors_or_self(root).iter().map(|u| u.id));
        units.sort_unstable();
        units.dedup();
        let items: Vec<CampaignView> = self
            .store
            .campaigns_of(&units, 500)
            .await?
            .into_iter()
            .map(|c| self.campaign_view(c))
            .collect();
        Ok(CampaignList {
            total: items.len() as i64,
            items,
        })
    }

    /// A campaign with its report; not found for a reader it does not concern.
    pub async fn campaign_report(&self, user: &CurrentUser, id: i64) -> Result<CampaignReport> {
        let Some(c) = self.campaign_in_sight(user, id).await? else {
            return Err(DomainError::new(ErrorCode::NotFound).into());
        };
        let org = self.org();
        let mut rows: Vec<CampaignUnitRow> = std::iter::once(c.unit_id)
            .chain(org.children(c.unit_id).iter().copied())
            .map(|u| CampaignUnitRow {
                unit_id: u,
                unit_name: org.get(u).map(|x| x.name.clone()).unwrap_or_default(),
                ..CampaignUnitRow::default()
            })
            .collect();
        let q = RiskQuery {
            campaign_id: Some(id),
            ..RiskQuery::default()
        };
        let mut total = CampaignUnitRow {
            unit_id: c.unit_id,
            unit_name: "合计".into(),
            ..CampaignUnitRow::default()
        };
        let mut page = 1;
        loop {
            let list = self.risks(user, &q, page, 200).await?;
            for r in &list.items {
                // The line of the unit directly below the organiser that holds the entry (the
                // organiser's own line for entries about itself).
                let line = rows
                    .iter()
                    .skip(1)
                    .position(|row| org.is_ancestor_or_self(row.unit_id, r.unit_id))
                    .map_or(0, |i| i + 1);
                for row in [&mut rows[line], &mut total] {
                    row.found += 1;
                    match r.status {
                        RiskStatus::Resolved => row.resolved += 1,
                        RiskStatus::Open => row.open += 1,
                    }
                    row.overdue += i64::from(r.overdue);
                }
            }
            if list.items.is_empty() || i64::from(page) * 200 >= list.total {
                break;
            }
            page += 1;
        }
        rows.sort_by(|a, b| b.found.cmp(&a.found).then(a.unit_id.cmp(&b.unit_id)));
        Ok(CampaignReport {
            campaign: self.campaign_view(c),
            rows,
            total,
        })
    }
}
