//! Headline rates (三率) for a scope and period, with the counts behind each.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::kpi::{KpiCounts, Rate, case_kpi};
use huiyin_core::org::UnitId;
use huiyin_store::Scope;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

#[derive(Clone, Debug, Serialize)]
pub struct RatesView {
    pub unit_id: Option<UnitId>,
    pub from: Date,
    pub to: Date,
    pub counts: KpiCounts,
    pub rates: Vec<Rate>,
}

impl App {
    /// Recomputes the KPI facts of some cases (after they changed).
    pub async fn refresh_kpi(&self, ids: &[CaseId]) -> Result<()> {
        let cases = self.store.cases_by_ids(ids).await?;
        self.store.upsert_kpi(&self.kpi_facts(&cases)).await?;
        Ok(())
    }

    /// The KPI facts of these cases under the rules and calendar in force.
    pub(crate) fn kpi_facts(
        &self,
        cases: &[(huiyin_core::case::Case, i64)],
    ) -> Vec<(CaseId, huiyin_core::kpi::KpiFacts)> {
        let cal = self.calendar();
        cases
            .iter()
            .map(|(c, _)| {
                let limits = self
                    .rule_set_for_unit(c.handling_unit_id, c.received_on)
                    .limits;
                (c.id, case_kpi(c, &limits, &cal))
            })
            .collect()
    }

    /// The rates over cases received in `[from, to]` that the user may see, optionally narrowed
    /// to a unit and the units below it.
    pub async fn rates(
        &self,
        user: &CurrentUser,
        unit_id: Option<UnitId>,
        from: Date,
        to: Date,
    ) -> Result<RatesView> {
        if from > to {
            return Err(DomainError::invalid(
                "from",
                "起始日期不能晚于截止日期",
                "from must not be after to",
            )
            .into());
        }
        let org = self.org();
        let scope = match (self.scope_of(user), unit_id) {
            (Scope::Nothing, _) => return Err(ErrorCode::Forbidden.into()),
            (scope, None) => scope,
            (scope, Some(unit)) => {
                if org.get(unit).is_none() {
                    return Err(DomainError::new(ErrorCode::UnitNotFound)
                        .field("unit_id")
                        .into());
                }
                let sub = org.subtree(unit);
                match scope {
                    Scope::Units(mine) if !mine.contains(&unit) => {
                        return Err(ErrorCode::Forbidden.into());
                    }
                    _ if sub.len() == org.len() => Scope::All,
                    _ => Scope::Units(sub),
                }
            }
        };
        let counts = self
            .store
            .kpi_counts(&scope, from, to, self.today())
            .await?;
        Ok(RatesView {
            unit_id,
            from,
            to,
            rates: counts.rates(),
            counts,
        })
    }
}
