//! The incidents of the reader's scope as a list (issue 13 item 3), narrowed by the period they
//! occurred in, the unit (exactly, or with the units below) and the standing of their reports
//! (`report=late` keeps the incidents with a late report): the list behind each figure of the
//! statistics of late and missing reports (`incident_stats.rs`), judged by the same rule.

use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::incident_list::{IncidentQuery, ReportStanding};
use huiyin_core::org::UnitId;
use huiyin_core::policy::visibility_root;
use huiyin_store::IncidentRecord;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::incidents::IncidentList;

/// Where the reports an incident owed stand at `now_ms` (a follow-up 续报 owed nothing and
/// has no standing): what the badges, the statistics and the list's filter all count.
pub(crate) fn standings(i: &IncidentRecord, now_ms: i64) -> Vec<ReportStanding> {
    i.reports
        .iter()
        .filter_map(|r| ReportStanding::of(r.due_at, r.reported_at, now_ms))
        .collect()
}

impl App {
    /// A unit the user names for a list or a figure: it exists (else `unit.not_found` on
    /// `field`) and lies in the user's scope (else `forbidden`).
    pub(crate) fn unit_in_scope(
        &self,
        user: &CurrentUser,
        unit: UnitId,
        field: &str,
    ) -> Result<UnitId> {
        let org = self.org();
        if org.get(unit).is_none() {
            return Err(DomainError::new(ErrorCode::UnitNotFound)
                .field(field)
                .into());
        }
        if !org.is_ancestor_or_self(visibility_root(&user.actor(), &org), unit) {
            return Err(ErrorCode::Forbidden.into());
        }
        Ok(unit)
    }

    /// The units whose incidents the user reads under `q` (`None`: every unit).
    fn incident_units(&self, user: &CurrentUser, q: &IncidentQuery) -> Result<Option<Vec<UnitId>>> {
        let actor = user.actor();
        if !actor.works_cases() {
            return Err(ErrorCode::Forbidden.into());
        }
        let org = self.org();
        let top = match q.under {
            Some(u) => self.unit_in_scope(user, u, "under")?,
            None => visibility_root(&actor, &org),
        };
        let mut units = org.subtree(top);
        if let Some(u) = q.unit_id {
            self.unit_in_scope(user, u, "unit_id")?;
            units.retain(|x| *x == u);
        }
        Ok((units.len() != org.len()).then_some(units))
    }

    /// The incidents of the user's scope under `q`, newest first.
    pub async fn incidents(&self, user: &CurrentUser, q: &IncidentQuery) -> Result<IncidentList> {
        let units = self.incident_units(user, q)?;
        let span = q.span_millis();
        let page = q.page.max(1);
        let per_page = q.per_page.clamp(1, 200);
        let offset =
            usize::try_from(page - 1).unwrap_or(0) * usize::try_from(per_page).unwrap_or(20);
        let (records, total) = match q.report {
            None => {
                self.store
                    .list_incidents(
                        units.as_deref(),
                        span,
                        i64::from(per_page),
                        i64::try_from(offset).unwrap_or(i64::MAX),
                    )
                    .await?
            }
            // A report's standing depends on now: judged here, by the one rule, over the
            // incidents of the period (incidents are few; the page is cut afterwards).
            Some(filter) => {
                let now = self.now_ms();
                let mut all = self.store.incidents_between(units.as_deref(), span).await?;
                all.retain(|i| filter.admits(&standings(i, now)));
                all.reverse();
                let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
                let page: Vec<IncidentRecord> = all
                    .into_iter()
                    .skip(offset)
                    .take(usize::try_from(per_page).unwrap_or(20))
                    .collect();
                (page, total)
            }
        };
        let mut items = Vec::with_capacity(records.len());
        for r in &records {
            items.push(self.incident_view(user, r).await?);
        }
        Ok(IncidentList {
            items,
            total,
            page,
            per_page,
        })
    }
}
