//! `/api/v1`: the JSON interface of CONTRACT.md.

pub(crate) mod accountability;
pub(crate) mod actions;
pub(crate) mod analysis;
pub(crate) mod auth;
pub(crate) mod breakdown;
pub(crate) mod calendar;
pub(crate) mod cases;
pub(crate) mod co_handling_tasks;
pub(crate) mod co_handlings;
pub(crate) mod conduct;
pub(crate) mod field_visits;
pub(crate) mod follow_ups;
pub(crate) mod hearings;
pub(crate) mod incident_chain;
pub(crate) mod incident_stats;
pub(crate) mod incidents;
pub(crate) mod joint_receptions;
pub(crate) mod landing;
pub(crate) mod matters;
pub(crate) mod notifications;
pub(crate) mod org;
pub(crate) mod outbox;
pub(crate) mod period;
pub(crate) mod persons;
pub(crate) mod publication;
pub(crate) mod receptions;
pub(crate) mod recusal_register;
pub(crate) mod recusals;
pub(crate) mod risks;
pub(crate) mod saved_views;
pub(crate) mod scorecard;
pub(crate) mod security;
pub(crate) mod stats;
pub(crate) mod supervision;
pub(crate) mod warnings;
pub(crate) mod workbench;

use axum::Router;
use axum::routing::{get, post, put};

use crate::AppState;

pub(crate) use auth::TokenRequest;

/// The API's routes that take files (their own body limit, `pages::UPLOAD_BODY_LIMIT`).
pub fn upload_routes() -> Router<AppState> {
    Router::new().route("/api/v1/cases/{id}/attachments", post(workbench::upload))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(crate::openapi::openapi_json))
        .route("/auth/token", post(auth::token))
        .route("/auth/logout", post(security::logout))
        .route("/auth/password", post(auth::change_password))
        .route("/users/{id}/totp", post(security::enrol_totp))
        .route("/users/{id}/contact", put(org::set_user_contact))
        .route("/audit", get(security::audit))
        .route("/audit/verify", get(security::verify))
        .route("/sign-ins", get(security::sign_ins))
        .route("/stats/rates", get(stats::rates))
        .route("/reports/annual", get(crate::annual::annual))
        .route("/reports/landing", get(landing::landing))
        .route("/stats/breakdown", get(breakdown::breakdown))
        .route(
            "/stats/incident-reports",
            get(incident_stats::incident_reports),
        )
        .route("/stats/breakdown/cases", get(breakdown::breakdown_cases))
        .route("/analysis", get(analysis::analysis))
        .route("/analysis/cases", get(analysis::cases))
        .route("/stats/rates/cases", get(scorecard::rate_cases))
        .route("/stats/scorecard", get(scorecard::scorecard))
        .route(
            "/stats/scorecard/scheme",
            get(scorecard::scheme).put(scorecard::put_scheme),
        )
        .route("/me", get(auth::me))
        .route("/units", get(org::list_units).post(org::create_unit))
        .route("/users", post(org::create_user))
        .route("/categories", get(org::categories))
        .route("/cases", get(cases::list).post(cases::register))
        .route("/cases/export.xlsx", get(workbench::export))
        .route("/worklists", get(workbench::worklists))
        .route("/worklists/{queue}", get(workbench::worklist))
        .route("/cases/{id}/notices", get(workbench::notices))
        .route(
            "/cases/{id}/notices/{kind}",
            get(workbench::notice).post(workbench::issue_notice),
        )
        .route(
            "/cases/{id}/notices/{kind}/docx",
            get(workbench::notice_docx),
        )
        .route("/cases/{id}/attachments", get(workbench::attachments))
        .route("/cases/{id}/attachments/{aid}", get(workbench::download))
        .route("/cases/{id}", get(cases::get_one))
        .route("/cases/{id}/timeline", get(cases::timeline))
        .route("/cases/{id}/query-code", post(cases::query_code))
        .route("/cases/{id}/actions", post(actions::act))
        .route("/cases/{id}/supervisions", post(supervision::issue))
        .route("/supervisions", get(supervision::list))
        .route("/supervisions/stats", get(supervision::stats))
        .route("/supervisions/grounds", get(supervision::grounds))
        .route("/supervisions/{id}/response", post(supervision::respond))
        .route("/incidents", get(incidents::list).post(incidents::create))
        .route("/incidents/{id}", get(incidents::get_one))
        .route("/incidents/{id}/reports", post(incidents::report))
        .route(
            "/incident-chain",
            get(incident_chain::get_chain)
                .put(incident_chain::put_chain)
                .delete(incident_chain::restore_chain),
        )
        .route(
            "/receptions",
            get(receptions::list).post(receptions::schedule),
        )
        .route(
            "/accountability",
            get(accountability::list).post(accountability::record),
        )
        .route("/accountability/grounds", get(accountability::grounds))
        .route("/accountability/{id}", get(accountability::get_one))
        .route(
            "/field-visits",
            get(field_visits::list).post(field_visits::record),
        )
        .route(
            "/cases/{id}/recusals",
            get(recusals::list).post(recusals::recuse),
        )
        .route("/recusals", get(recusal_register::list))
        .route("/recusals/{id}/lift", post(recusals::lift))
        .route(
            "/cases/{id}/hearings",
            get(hearings::of_case).post(hearings::schedule),
        )
        .route(
            "/joint-receptions",
            get(joint_receptions::list).post(joint_receptions::create),
        )
        .route("/joint-receptions/{id}", get(joint_receptions::get_one))
        .route("/joint-receptions/{id}/cases", post(joint_receptions::link))
        .route(
            "/joint-receptions/{id}/cases/{case_id}",
            axum::routing::delete(joint_receptions::unlink),
        )
        .route(
            "/joint-receptions/{id}/close",
            post(joint_receptions::close),
        )
        .route(
            "/cases/{id}/joint-receptions",
            get(joint_receptions::of_case),
        )
        .route("/hearings", get(hearings::list))
        .route("/hearings/{id}", get(hearings::get_one))
        .route("/hearings/{id}/actions", post(hearings::act))
        .route(
            "/cases/{id}/co-handlings",
            get(co_handlings::list).post(co_handlings::add),
        )
        .route("/co-handlings", get(co_handling_tasks::list))
        .route("/co-handlings/{id}/actions", post(co_handlings::act))
        .route("/matters", get(matters::list).post(matters::group))
        .route("/matters/{id}", get(matters::get_one))
        .route("/matters/{id}/duplicates", post(matters::merge_duplicate))
        .route("/case-duplicates/{id}/undo", post(matters::undo_duplicate))
        .route("/cases/{id}/matter", get(matters::of_case))
        .route("/follow-ups", get(follow_ups::list))
        .route("/follow-ups/{id}", get(follow_ups::get_one))
        .route("/follow-ups/{id}/actions", post(follow_ups::act))
        .route("/conduct", get(conduct::list).post(conduct::record))
        .route("/conduct/{id}", get(conduct::get_one))
        .route("/persons", get(persons::list))
        .route("/persons/{id}", get(persons::get_one))
        .route("/persons/{id}/merge", post(persons::merge))
        .route("/person-merges/{id}/undo", post(persons::undo))
        .route("/cases/{id}/persons", get(persons::of_case))
        .route("/risks", get(risks::list).post(risks::record))
        .route(
            "/risk-campaigns",
            get(risks::campaigns).post(risks::record_campaign),
        )
        .route("/risk-campaigns/{id}", get(risks::campaign))
        .route("/risks/{id}", get(risks::get_one))
        .route("/risks/{id}/actions", post(risks::act))
        .route("/notifications", get(notifications::list))
        .route("/notifications/read", post(notifications::read))
        .route(
            "/saved-views",
            get(saved_views::list).post(saved_views::create),
        )
        .route(
            "/saved-views/{id}",
            axum::routing::patch(saved_views::rename).delete(saved_views::delete),
        )
        .route("/outbox", get(outbox::list))
        .route("/outbox/{id}/retry", post(outbox::retry))
        .route("/warnings", get(warnings::list))
        .route("/warnings/{id}", get(warnings::get_one))
        .route("/warnings/{id}/actions", post(warnings::act))
        .route(
            "/cases/{id}/publication",
            get(publication::get)
                .post(publication::draft)
                .delete(publication::withdraw),
        )
        .route(
            "/cases/{id}/publication/confirm",
            post(publication::confirm),
        )
        .route("/calendar/deadline", get(calendar::deadline))
        .route("/calendar/days", post(calendar::edit_day))
        .route("/calendar/notice", post(calendar::load_notice))
        .route(
            "/calendar/years/{year}/complete",
            post(calendar::complete_year),
        )
        .route(
            "/calendar",
            get(calendar::get_calendar).put(calendar::put_calendar),
        )
        .route("/rules", get(calendar::rules).put(calendar::put_rules))
}

/// Parses a path id; anything that is not a positive integer is simply not found.
pub(crate) fn parse_id(raw: &str, lang: crate::Lang) -> Result<i64, crate::ApiError> {
    raw.parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or(crate::ApiError::code(
            huiyin_core::error::ErrorCode::CaseNotFound,
            lang,
        ))
}

/// Whether a `format` parameter asks for a workbook (`xlsx`) rather than JSON (absent or
/// `json`); anything else is refused with the field named.
pub(crate) fn wants_xlsx(format: Option<&str>, lang: crate::Lang) -> Result<bool, crate::ApiError> {
    match format {
        None | Some("json") => Ok(false),
        Some("xlsx") => Ok(true),
        Some(_) => Err(crate::ApiError::domain(
            huiyin_core::error::DomainError::invalid(
                "format",
                "格式应为 json 或 xlsx",
                "json or xlsx",
            ),
            lang,
        )),
    }
}
