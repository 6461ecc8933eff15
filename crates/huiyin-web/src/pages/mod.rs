//! Staff pages (issue 3): the workbench at `/`. Server-rendered askama templates, htmx for a
//! few partials, every asset embedded; Chinese first with an English switch.

mod action_form;
mod admin;
mod assets;
mod case_facts;
mod case_page;
mod chrome;
mod export;
mod home;
mod i18n;
mod list;
mod login;
mod notices;
mod register;
mod rows;
mod session;
mod units;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/cases", get(list::list))
        .route("/cases/export.xlsx", get(export::export))
        .route("/cases/{id}", get(case_page::show))
        .route("/cases/{id}/act", post(case_page::act))
        .route(
            "/cases/{id}/notices/{kind}",
            get(notices::show).post(notices::issue),
        )
        .route("/register/check-id", get(register::check_id))
        .route("/register/earlier", get(register::earlier))
        .route(
            "/register/{channel}",
            get(register::form).post(register::submit),
        )
        .merge(admin::routes())
        .route("/login", get(login::login_form).post(login::login))
        .route("/logout", post(login::logout))
        .route("/lang/{lang}", get(login::switch_lang))
        .route("/static/{name}", get(assets::asset))
}
