//! The public deadline calculator, the holiday calendar and the rules in force.

use axum::Json;
use axum::extract::{Path, Query, State};
use huiyin_app::DeadlineAnswer;
use huiyin_core::Date;
use huiyin_core::calendar_input::{DayEdit, DayEditForm};
use huiyin_core::error::DomainError;
use huiyin_core::rules::DayCount;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, Lang};
use crate::extract::{ApiJson, Authed};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadlineParams {
    /// The event day (not counted), YYYY-MM-DD.
    pub start: Option<String>,
    pub days: Option<String>,
    /// `calendar` (default) or `working`.
    pub unit: Option<String>,
}

/// Public deadline calculator (DOMAIN.md §8.3).
#[utoipa::path(get, path = "/api/v1/calendar/deadline", params(DeadlineParams),
    responses((status = 200, description = "`{due_on, explanation}`"), (status = 422, description = "Bad parameters")))]
pub async fn deadline(
    State(s): State<AppState>,
    lang: Lang,
    Query(p): Query<DeadlineParams>,
) -> Result<Json<DeadlineAnswer>, ApiError> {
    let bad = |f: &str, zh: &str, en: &str| ApiError::domain(DomainError::invalid(f, zh, en), lang);
    let start = p
        .start
        .as_deref()
        .and_then(|v| Date::parse(v.trim()).ok())
        .ok_or_else(|| bad("start", "起算日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD"))?;
    let days = p
        .days
        .as_deref()
        .and_then(|v| v.trim().parse::<u32>().ok())
        .ok_or_else(|| bad("days", "天数应为正整数", "expected a positive integer"))?;
    let count = match p.unit.as_deref().map(str::trim) {
        None | Some("calendar") | Some("") => DayCount::Calendar,
        Some("working") => DayCount::Working,
        Some(_) => {
            return Err(bad(
                "unit",
                "计算方式应为 calendar 或 working",
                "expected calendar or working",
            ));
        }
    };
    s.app
        .deadline(start, days, count)
        .map(Json)
        .map_err(|e| ApiError::new(e, lang))
}

/// The loaded holiday calendar (TOML text in `toml`).
#[utoipa::path(get, path = "/api/v1/calendar", responses((status = 200, description = "`{toml, years}`")))]
pub async fn get_calendar(State(s): State<AppState>) -> Json<Value> {
    let cal = s.app.calendar();
    let years: Vec<Value> = cal
        .years()
        .iter()
        .map(|y| json!({ "year": y.year, "source": y.source, "complete": y.complete, "entries": y.entries }))
        .collect();
    Json(json!({ "toml": s.app.calendar_toml(), "years": years }))
}

#[derive(Deserialize, ToSchema)]
pub struct CalendarBody {
    /// Calendar years in the TOML format of `GET /api/v1/calendar`; the years given replace
    /// the stored ones.
    pub toml: String,
}

/// The answer to a change that re-times open deadlines (`retimed`, kept from before, equals
/// `read`).
fn retimed(n: huiyin_app::Retiming) -> Value {
    json!({ "retimed": n.read, "read": n.read, "written": n.written })
}

/// Replace calendar years (administrators); every open deadline is re-timed.
#[utoipa::path(put, path = "/api/v1/calendar", request_body = CalendarBody, responses((status = 200, description = "`{retimed, read, written}`: open cases re-timed (`retimed` = `read`) and cases whose deadlines or KPI facts changed and were written")))]
pub async fn put_calendar(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(b): ApiJson<CalendarBody>,
) -> Result<Json<Value>, ApiError> {
    let n = s
        .app
        .update_calendar(Some(&a.user), &b.toml)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(retimed(n)))
}

/// Changes one day of the holiday calendar, as the calendar page does. A day of a year not
/// loaded begins that year as incomplete: its deadlines stay provisional (暂定) until an
/// administrator marks the year complete.
#[utoipa::path(post, path = "/api/v1/calendar/days", request_body = DayEditForm,
    responses((status = 200, description = "`{retimed, read, written}` as for `PUT /api/v1/calendar`"),
        (status = 422, description = "Invalid fields, or `calendar.invalid`")))]
pub async fn edit_day(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(form): ApiJson<DayEditForm>,
) -> Result<Json<Value>, ApiError> {
    let edit = DayEdit::try_from(form).map_err(|e| ApiError::domain(e, a.lang))?;
    let n = s
        .app
        .edit_calendar_day(Some(&a.user), edit)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(retimed(n)))
}

/// Marks a loaded calendar year complete (administrators): its holidays count as official and
/// its deadlines are no longer provisional. A year not loaded answers 422 `calendar.invalid`.
#[utoipa::path(post, path = "/api/v1/calendar/years/{year}/complete",
    params(("year" = i32, Path, description = "The year")),
    responses((status = 200, description = "`{retimed, read, written}` as for `PUT /api/v1/calendar`"),
        (status = 422, description = "`calendar.invalid`: the year is not loaded")))]
pub async fn complete_year(
    State(s): State<AppState>,
    a: Authed,
    Path(year): Path<i32>,
) -> Result<Json<Value>, ApiError> {
    let n = s
        .app
        .complete_calendar_year(Some(&a.user), year)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(retimed(n)))
}

/// Replace the time-limit rules (administrators): a provincial rules file as TOML in `toml`,
/// with the national set in it. A file that does not parse or validate answers 422
/// `rules.invalid` with its error and changes nothing; accepted rules re-time open deadlines.
#[utoipa::path(put, path = "/api/v1/rules", request_body = CalendarBody,
    responses((status = 200, description = "`{retimed, read, written}` as for `PUT /api/v1/calendar`"), (status = 422, description = "`rules.invalid`")))]
pub async fn put_rules(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(b): ApiJson<CalendarBody>,
) -> Result<Json<Value>, ApiError> {
    let n = s
        .app
        .update_rules(Some(&a.user), &b.toml)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(retimed(n)))
}

/// The time-limit rules in force (TOML text in `toml`).
#[utoipa::path(get, path = "/api/v1/rules", responses((status = 200, description = "`{toml}`")))]
pub async fn rules(State(s): State<AppState>) -> Json<Value> {
    Json(json!({ "toml": s.app.rules().to_toml() }))
}

#[derive(Deserialize, ToSchema)]
pub struct NoticeBody {
    /// The year the notice is for (国务院办公厅关于{year}年部分节假日安排的通知).
    pub year: i32,
    /// The notice's text as published (its numbered items 一、元旦：……).
    pub text: String,
    /// `false` (default): only the preview; `true`: load it.
    #[serde(default)]
    pub confirm: bool,
}

/// Loads a year of the holiday calendar from the State Council's notice (administrators).
/// `confirm: false` answers the preview (`entries` with `change` added/changed/same,
/// `removed`, `previous` (days of the previous December, added to that year), `added`,
/// `changed`, `was_complete`, `open_cases`) and stores nothing; `confirm: true` replaces the
/// year's days, leaves the year NOT complete (mark it with
/// `POST /api/v1/calendar/years/{year}/complete`) and re-times every open case. Text that
/// cannot be read answers 422 `calendar.notice_unreadable` naming the line, and nothing changes.
#[utoipa::path(post, path = "/api/v1/calendar/notice", request_body = NoticeBody,
    responses((status = 200, description = "The preview, or `{year, entries, previous, complete, retimed, read, written}`"),
        (status = 403, description = "Not an administrator"),
        (status = 422, description = "`calendar.notice_unreadable` (the line in `fields.text`)")))]
pub async fn load_notice(
    State(s): State<AppState>,
    a: Authed,
    ApiJson(b): ApiJson<NoticeBody>,
) -> Result<Json<Value>, ApiError> {
    let err = |e| ApiError::new(e, a.lang);
    let v = if b.confirm {
        let done = s
            .app
            .load_calendar_notice(Some(&a.user), b.year, &b.text)
            .await
            .map_err(err)?;
        serde_json::to_value(done)
    } else {
        let preview = s
            .app
            .preview_calendar_notice(Some(&a.user), b.year, &b.text)
            .await
            .map_err(err)?;
        serde_json::to_value(preview)
    };
    Ok(Json(v.unwrap_or_default()))
}
