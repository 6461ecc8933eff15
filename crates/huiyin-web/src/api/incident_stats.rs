//! Late and missing incident reports counted in statistics (issue 13 item 3).

use axum::Json;
use axum::extract::{Query, State};
use huiyin_app::IncidentReportTotals;

use super::supervision::StatsParams;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::Authed;

/// For the incidents of a unit's subtree (default: the caller's scope) that occurred in a
/// period (Beijing days, default this year so far), per unit where they occurred: the reports
/// owed, made on time, late (迟报), missing (漏报) and still due, with the total.
#[utoipa::path(get, path = "/api/v1/stats/incident-reports", params(StatsParams),
    responses((status = 200, description = "`{unit_id, from, to, items: [{unit_id, unit_name, incidents, reports_owed, on_time, late, missing, pending}], total: {…}}`"),
        (status = 403, description = "A unit outside the caller's scope, or a caller who works no cases"),
        (status = 422, description = "A date or unit that does not read")))]
pub async fn incident_reports(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<StatsParams>,
) -> Result<Json<IncidentReportTotals>, ApiError> {
    let (unit, from, to) = super::period::read_period(
        p.unit_id.as_deref(),
        p.from.as_deref(),
        p.to.as_deref(),
        s.app.today(),
        a.lang,
    )?;
    s.app
        .incident_report_totals(&a.user, unit, from, to)
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}
