//! Staff pages (issue 3): the workbench at `/`. Server-rendered askama templates, htmx for a
//! few partials, every asset embedded; Chinese first with an English switch.

mod account;
mod action_form;
mod admin;
mod analysis;
mod assets;
pub(crate) mod attachments;
mod audit;
mod audit_words;
mod batch;
mod batch_out;
mod breakdown_export;
mod case_facts;
mod case_hearings;
mod case_leaders;
mod case_page;
mod chrome;
mod co_handling_page;
mod co_handling_tasks;
mod conduct;
pub(crate) mod export;
mod follow_ups;
mod hearing_page;
mod hearings;
mod hearings_export;
mod home;
pub(crate) mod i18n;
mod incident_page;
mod incidents;
mod incidents_export;
mod incidents_filter;
mod joint_reception_page;
mod joint_receptions;
mod joint_receptions_export;
mod kept_form;
mod landing_export;
mod landing_page;
mod leaders;
mod leaders_cases;
mod leaders_form;
mod list;
mod list_sort;
mod login;
mod matter_page;
mod matters;
pub(crate) mod notices;
mod notifications;
mod person_page;
mod persons;
mod publication;
mod query_code;
mod rates_cache;
mod recusal_page;
mod recusal_register;
mod register;
mod risk_campaign_page;
mod risk_page;
mod risks;
mod risks_export;
mod rows;
mod saved_views;
mod scorecard_export;
pub(crate) mod session;
mod stats_incidents;
mod stats_page;
mod stats_pages;
mod supervision;
mod units;
pub(crate) mod upload;
mod warnings;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

/// The routes that take files, served with a larger body limit (`upload::UPLOAD_BODY_LIMIT`).
pub fn upload_routes() -> Router<AppState> {
    Router::new()
        .route("/register/{channel}", post(register::submit))
        .route("/cases/{id}/attachments", post(attachments::upload))
}

pub(crate) use breakdown_export::breakdown_workbook;
pub(crate) use co_handling_tasks::co_handling_tasks_workbook;
pub(crate) use conduct::conduct_workbook;
pub(crate) use follow_ups::follow_ups_workbook;
pub(crate) use hearings_export::{all_hearings, hearings_workbook};
pub(crate) use joint_receptions_export::{all_joint_receptions, joint_receptions_workbook};
pub(crate) use landing_export::landing_workbook;
pub(crate) use list::ListParams;
pub(crate) use matters::matters_workbook;
pub(crate) use persons::persons_workbook;
pub use rates_cache::RatesCache;
pub(crate) use recusal_register::recusals_workbook;
pub(crate) use risks_export::risks_workbook;
pub(crate) use scorecard_export::scorecard_workbook;
pub(crate) use session::page_lang;
pub use upload::UPLOAD_BODY_LIMIT;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/cases", get(list::list))
        .route("/cases/export.xlsx", get(export::export))
        .route("/cases/batch", post(batch::batch))
        .route("/cases/batch/export.xlsx", post(batch_out::export))
        .route("/cases/batch/print", post(batch_out::print))
        .route("/cases/views", post(saved_views::save))
        .route("/cases/views/{id}/rename", post(saved_views::rename))
        .route("/cases/views/{id}/delete", post(saved_views::delete))
        .route("/cases/{id}", get(case_page::show))
        .route("/cases/{id}/act", post(case_page::act))
        .route("/cases/{id}/supervise", post(supervision::issue))
        .route(
            "/cases/{id}/supervisions/{order}/response",
            post(supervision::respond),
        )
        .route("/cases/{id}/query-code", post(query_code::issue))
        .route("/analysis", get(analysis::show))
        .route("/leaders", get(leaders::show))
        .route("/leaders/cases", get(leaders_cases::cases))
        .route("/leaders/scorecard.xlsx", get(leaders::scorecard_xlsx))
        .route("/leaders/accountability", post(leaders_form::record))
        .route("/leaders/field-visits", post(leaders_form::record_visit))
        .route("/persons", get(persons::list))
        .route("/persons.xlsx", get(persons::download))
        .route("/persons/{id}", get(person_page::show))
        .route("/persons/{id}/merge", post(person_page::merge))
        .route("/persons/{id}/undo", post(person_page::undo))
        .route("/persons/{id}/conduct", post(conduct::record))
        .route(
            "/cases/{id}/recusals",
            get(recusal_page::show).post(recusal_page::recuse),
        )
        .route("/recusals", get(recusal_register::list))
        .route("/recusals.xlsx", get(recusal_register::download))
        .route("/recusals/{id}/lift", post(recusal_page::lift))
        .route(
            "/cases/{id}/co-handlings",
            get(co_handling_page::show).post(co_handling_page::add),
        )
        .route("/co-handlings/{id}/act", post(co_handling_page::act))
        .route(
            "/cases/{id}/matter",
            get(matter_page::of_case).post(matter_page::group),
        )
        .route("/co-handlings", get(co_handling_tasks::list))
        .route("/co-handlings.xlsx", get(co_handling_tasks::download))
        .route("/matters", get(matters::list))
        .route("/matters.xlsx", get(matters::download))
        .route("/matters/{id}", get(matter_page::show))
        .route(
            "/matters/{id}/duplicates",
            post(matter_page::merge_duplicate),
        )
        .route(
            "/case-duplicates/{id}/undo",
            post(matter_page::undo_duplicate),
        )
        .route("/follow-ups", get(follow_ups::list))
        .route("/follow-ups.xlsx", get(follow_ups::download))
        .route("/follow-ups/{id}", get(follow_ups::show))
        .route("/follow-ups/{id}/act", post(follow_ups::act))
        .route("/conduct", get(conduct::list))
        .route("/conduct.xlsx", get(conduct::download))
        .route("/cases/{id}/petitioners/{position}", get(persons::of_case))
        .route(
            "/joint-receptions",
            get(joint_receptions::list).post(joint_receptions::create),
        )
        .route("/joint-receptions.xlsx", get(joint_receptions::download))
        .route("/joint-receptions/{id}", get(joint_reception_page::show))
        .route(
            "/joint-receptions/{id}/cases",
            post(joint_reception_page::link),
        )
        .route(
            "/joint-receptions/{id}/cases/{case_id}/remove",
            post(joint_reception_page::unlink),
        )
        .route(
            "/joint-receptions/{id}/close",
            post(joint_reception_page::close),
        )
        .route("/hearings", get(hearings::list))
        .route("/hearings.xlsx", get(hearings::download))
        .route("/hearings/{id}", get(hearing_page::show))
        .route("/hearings/{id}/act", post(hearing_page::act))
        .route(
            "/cases/{id}/hearings",
            get(case_hearings::show).post(case_hearings::schedule),
        )
        .route("/risks", get(risks::list).post(risks::record))
        .route("/risks.xlsx", get(risks::download))
        .route("/risks/campaigns", post(risks::record_campaign))
        .route("/risks/campaigns/{id}", get(risk_campaign_page::show))
        .route("/risks/{id}", get(risk_page::show))
        .route("/risks/{id}/act", post(risk_page::act))
        .route("/incidents", get(incidents::list).post(incidents::record))
        .route("/incidents.xlsx", get(incidents::download))
        .route("/incidents/{id}", get(incident_page::show))
        .route("/incidents/{id}/report", post(incident_page::report))
        .route("/stats", get(stats_page::show))
        .route("/stats/breakdown.xlsx", get(stats_page::download))
        .route("/stats/cases", get(stats_pages::cases))
        .route("/reports/annual", get(stats_pages::annual))
        .route("/reports/landing", get(landing_page::show))
        .route("/analysis/cases", get(analysis::cases))
        .route("/warnings", get(warnings::list))
        .route("/warnings/{id}", get(warnings::show))
        .route("/warnings/{id}/act", post(warnings::act))
        .route(
            "/cases/{id}/publication",
            get(publication::show).post(publication::post),
        )
        .route(
            "/cases/{id}/notices/{kind}",
            get(notices::show).post(notices::issue),
        )
        .route("/cases/{id}/notices/{kind}/docx", get(notices::docx))
        .route("/register/check-id", get(register::check_id))
        .route("/register/earlier", get(register::earlier))
        .route("/register/{channel}", get(register::form))
        .route("/cases/{id}/attachments/{aid}", get(attachments::download))
        .merge(admin::routes())
        .route("/audit", get(audit::page))
        .route("/audit/verify", post(audit::verify))
        .route("/audit/sign-ins", get(audit::sign_ins))
        .route("/login", get(login::login_form).post(login::login))
        .route("/logout", post(login::logout))
        .route("/session/ping", get(login::ping))
        .route("/notifications", get(notifications::list))
        .route("/notifications/badge", get(notifications::badge))
        .route("/notifications/read", post(notifications::read))
        .route(
            "/account/password",
            get(account::form).post(account::change),
        )
        .route("/lang/{lang}", get(login::switch_lang))
        .route("/static/{name}", get(assets::asset))
}
