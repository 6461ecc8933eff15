//! The public portal (issue 4): `/public/…` pages and `/api/v1/public/…` endpoints. No
//! session; forms are protected by an origin check; per-address rate limits.

pub(crate) mod api;
mod form;
mod guide;
pub(crate) mod i18n;
mod limit;
mod progress_page;
mod submit_page;

use std::sync::Arc;

use askama::Template;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use huiyin_app::AppError;
use huiyin_app::portal::{MAX_PORTAL_FILE_BYTES, MAX_PORTAL_FILES};
use tower_http::limit::RequestBodyLimitLayer;

use crate::AppState;
use crate::error::Lang;

const MIB: usize = 1024 * 1024;

/// The body limit of `POST /api/v1/public/petitions` (README, Portal): 21 MiB, room for the
/// files of one petition in base64 (3 × 5 MiB take 20 MiB) and the fields. A larger body is
/// refused with 413 before it is read.
pub const SUBMIT_JSON_LIMIT: usize = 21 * MIB;
const _: () = assert!(
    SUBMIT_JSON_LIMIT >= MAX_PORTAL_FILES * MAX_PORTAL_FILE_BYTES.div_ceil(3) * 4 + 1000 * 1024
);

/// The body limit of the online form `POST /public/submit` (README, Portal): 16 MiB, the files
/// as they are (`multipart/form-data`) and the fields.
pub const SUBMIT_FORM_LIMIT: usize = 16 * MIB;
const _: () = assert!(SUBMIT_FORM_LIMIT >= MAX_PORTAL_FILES * MAX_PORTAL_FILE_BYTES + 1000 * 1024);

pub fn routes() -> Router<AppState> {
    let limits = Arc::new(limit::Limits::from_env());
    // Each submission route has its own limit, enforced twice: on the declared length before
    // anything is read (tower-http), and while the body is read (axum's extractors).
    let submit_api = Router::new()
        .route("/api/v1/public/petitions", post(api::submit))
        .layer(DefaultBodyLimit::max(SUBMIT_JSON_LIMIT))
        .layer(RequestBodyLimitLayer::new(SUBMIT_JSON_LIMIT));
    let submit_form = Router::new()
        .route(
            "/public/submit",
            get(submit_page::form).post(submit_page::submit),
        )
        .layer(DefaultBodyLimit::max(SUBMIT_FORM_LIMIT))
        .layer(RequestBodyLimitLayer::new(SUBMIT_FORM_LIMIT))
        .layer(axum::middleware::from_fn(too_large_as_page));
    // A review request carries evidence files too: the submission's limits.
    let review_api = Router::new()
        .route(
            "/api/v1/public/petitions/{code}/review-request",
            post(api::review_request),
        )
        .layer(DefaultBodyLimit::max(SUBMIT_JSON_LIMIT))
        .layer(RequestBodyLimitLayer::new(SUBMIT_JSON_LIMIT));
    let review_form = Router::new()
        .route("/public/progress/review", post(progress_page::review))
        .layer(DefaultBodyLimit::max(SUBMIT_FORM_LIMIT))
        .layer(RequestBodyLimitLayer::new(SUBMIT_FORM_LIMIT))
        .layer(axum::middleware::from_fn(too_large_as_page));
    Router::new()
        .route("/api/v1/public/petitions/{code}", get(api::progress))
        .route(
            "/api/v1/public/petitions/{code}/evaluation",
            post(api::evaluation),
        )
        .route(
            "/api/v1/public/receptions",
            get(crate::api::receptions::public),
        )
        .route("/public", get(guide::guide))
        .route("/public/disclosure", get(guide::disclosure))
        .route(
            "/public/progress",
            get(progress_page::form).post(progress_page::lookup),
        )
        .route("/public/progress/evaluate", post(progress_page::evaluate))
        .layer(RequestBodyLimitLayer::new(crate::BODY_LIMIT))
        .merge(submit_api)
        .merge(review_api)
        .merge(review_form)
        .merge(submit_form)
        .layer(Extension(limits))
}

/// Renders a page; pages that may hold a code or PIN are never cached.
pub(crate) fn render<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => {
            let mut res = (status, Html(html)).into_response();
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "portal template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "portal/message.html")]
struct MessagePage {
    t: &'static i18n::Msgs,
    nav: &'static str,
    heading: String,
    message: String,
    back: String,
}

/// A page with one message.
pub(crate) fn message_page(
    lang: Lang,
    status: StatusCode,
    nav: &'static str,
    heading: &str,
    message: &str,
    back: &str,
) -> Response {
    render(
        status,
        &MessagePage {
            t: i18n::msgs(lang),
            nav,
            heading: heading.to_owned(),
            message: message.to_owned(),
            back: back.to_owned(),
        },
    )
}

/// A page saying "too many attempts", with `Retry-After`.
pub(crate) fn too_many_page(
    lang: Lang,
    nav: &'static str,
    back: &str,
    retry_after: u64,
) -> Response {
    let minutes = retry_after.div_ceil(60).max(1);
    let t = i18n::msgs(lang);
    let mut res = render(
        crate::error::status_of(huiyin_core::error::ErrorCode::RateLimited),
        &MessagePage {
            t,
            nav,
            heading: t.too_many_h.into(),
            message: format!("{}{minutes}{}", t.too_many_before, t.too_many_after),
            back: back.to_owned(),
        },
    );
    if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

/// The page saying a submission is over the form's limit (413).
pub(crate) fn too_large_page(lang: Lang) -> Response {
    let t = i18n::msgs(lang);
    message_page(
        lang,
        crate::error::status_of(huiyin_core::error::ErrorCode::TooLarge),
        "submit",
        t.too_large_h,
        t.too_large,
        "/public/submit",
    )
}

/// The form's 413 (the body limit answers it in plain text, before anything is read) as a
/// page the petitioner can read.
async fn too_large_as_page(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let lang = i18n::portal_lang(req.headers());
    let res = next.run(req).await;
    if res.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large_page(lang)
    } else {
        res
    }
}

/// An error's message and per-field messages in the page's language.
pub(crate) fn error_text(e: &AppError, lang: Lang) -> (String, Vec<(String, String)>) {
    let code = e.error_code();
    let pick = |zh: &str, en: &str| match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    };
    let fields = match e {
        AppError::Domain(d) => d
            .fields
            .iter()
            .map(|(f, m)| (f.clone(), pick(&m.zh, &m.en)))
            .collect(),
        AppError::Store(_) | AppError::KeysDoNotOpen(_) => Vec::new(),
    };
    (pick(code.zh(), code.en()), fields)
}

/// Adds to `e` — a submission whose type or unit did not read — the problems of everything
/// else, found by checking the rest with stand-ins for those two (issue 12 item 10: every
/// missing field named in one answer).
pub(crate) fn with_the_rest(
    s: &AppState,
    mut e: huiyin_core::error::DomainError,
    mut form: huiyin_core::online_input::OnlinePetitionForm,
    attachments: Vec<huiyin_app::portal::PortalFile>,
) -> huiyin_core::error::DomainError {
    use huiyin_core::wire::Field;
    form.petition_type = Field::Given(huiyin_core::kinds::PetitionType::Suggestion);
    form.concerned_unit_id = Field::Given(0);
    if let Ok(petition) = huiyin_core::online_input::OnlinePetitionInput::try_from(form)
        && let Err(AppError::Domain(more)) =
            s.app.portal_check(&huiyin_app::portal::PortalSubmission {
                petition,
                attachments,
            })
    {
        e.fields.extend(
            more.fields
                .into_iter()
                .filter(|(k, _)| k != "petition_type" && k != "concerned_unit_id"),
        );
    }
    e
}
