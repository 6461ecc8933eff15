//! Headline rates (三率) for a scope and period, with the counts behind each.

use huiyin_core::Date;
use huiyin_core::case::{Case, CaseId};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::kpi::{KpiCounts, KpiFacts, Rate, case_kpi};
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
    /// The KPI facts of these cases under the rules and calendar in force.
    pub(crate) fn kpi_facts(&self, cases: &[(Case, i64)]) -> Vec<(CaseId, KpiFacts)> {
        cases
            .iter()
            .map(|(c, _)| (c.id, self.case_kpi(c)))
            .collect()
    }

    /// The KPI facts of one case under the rules and calendar in force.
    pub(crate) fn case_kpi(&self, c: &Case) -> KpiFacts {
        let limits = self
            .rule_set_for_unit(c.handling_unit_id, c.received_on)
            .limits;
        case_kpi(c, &limits, &self.calendar())
    }

    /// The rates over cases received in `[from, to]` that the user may see, optionally narrowed
    /// to a unit and the units below it.
    #[tracing::instrument(name = "app.rates", skip_all, fields(user_id = user.id))]
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
        let whole = |scope: Scope| match scope {
            Scope::Subtree(root) if org.subtree(root).len() == org.len() => Scope::All,
            other => other,
        };
        let scope = match (self.scope_of(user), unit_id) {
            (Scope::Nothing, _) => return Err(ErrorCode::Forbidden.into()),
            (scope, None) => whole(scope),
            (scope, Some(unit)) => {
                if org.get(unit).is_none() {
                    return Err(DomainError::new(ErrorCode::UnitNotFound)
                        .field("unit_id")
                        .into());
                }
                match scope {
                    Scope::Subtree(mine) if !org.subtree(mine).contains(&unit) => {
                        return Err(ErrorCode::Forbidden.into());
                    }
                    _ if org.subtree(unit).len() == org.len() => Scope::All,
                    _ => Scope::Subtree(unit),
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
