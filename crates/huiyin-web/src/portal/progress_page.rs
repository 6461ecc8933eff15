//! The progress page: query code + PIN → the disclosed progress, with the evaluation and
//! review-request forms when they are open.

use std::sync::Arc;

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use huiyin_app::AppError;
use huiyin_app::portal::{PortalFile, Progress};
use huiyin_core::error::ErrorCode;
use huiyin_core::kinds::Grade;

use super::form::PortalForm;
use super::i18n::{Msgs, PageLang, msgs};
use super::limit::Limits;
use super::{error_text, render, too_many_page};
use crate::AppState;

#[derive(Template)]
#[template(path = "portal/progress.html")]
struct ProgressPage {
    t: &'static Msgs,
    nav: &'static str,
    code: String,
    pin: String,
    progress: Option<Progress>,
    error: Option<String>,
    notice: Option<String>,
    /// The review request's reasons as typed, kept when the request is refused.
    reasons: String,
}

fn empty(t: &'static Msgs, code: String, error: Option<String>) -> ProgressPage {
    ProgressPage {
        t,
        nav: "progress",
        code,
        pin: String::new(),
        progress: None,
        error,
        notice: None,
        reasons: String::new(),
    }
}

/// `?code=`: the receipt's link fills the query code in (never the PIN).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct CodeParam {
    code: Option<String>,
}

/// `GET /public/progress[?code=…]`
pub async fn form(
    PageLang(lang): PageLang,
    axum::extract::Query(q): axum::extract::Query<CodeParam>,
) -> Response {
    let code: String = q
        .code
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(40)
        .collect();
    render(StatusCode::OK, &empty(msgs(lang), code, None))
}

/// What the petitioner asked for.
enum Ask {
    Look,
    Evaluate,
    Review,
}

async fn run(s: &AppState, limits: &Limits, f: PortalForm, ask: Ask) -> Response {
    let t = msgs(f.lang);
    if let Err(wait) = limits.pin.check(&s.app, &f.addr).await {
        return too_many_page(f.lang, "progress", "/public/progress", wait);
    }
    let (code, pin) = (f.get("code"), f.get("pin"));
    let result: Result<(Progress, Option<&str>), AppError> = match ask {
        Ask::Look => s.app.portal_progress(&code, &pin).await.map(|p| (p, None)),
        Ask::Evaluate => match Grade::parse(&f.get("grade")) {
            Some(g) => s
                .app
                .portal_evaluate(&code, &pin, g)
                .await
                .map(|p| (p, Some(t.evaluated))),
            None => Err(AppError::code(ErrorCode::Validation)),
        },
        Ask::Review => {
            // The page asks for the reasons and a confirmation (the API takes them optional).
            let reasons = f.get("reasons");
            let mut problems = None;
            if reasons.trim().is_empty() {
                problems = Some(huiyin_core::error::DomainError::invalid(
                    "reasons",
                    t.review_reasons_missing,
                    t.review_reasons_missing,
                ));
            }
            if f.get("confirm_request").is_empty() {
                let e = problems.get_or_insert_with(|| {
                    huiyin_core::error::DomainError::new(ErrorCode::Validation)
                });
                e.fields.push((
                    "confirm_request".to_owned(),
                    huiyin_core::error::FieldMessage {
                        zh: t.review_confirm_missing.to_owned(),
                        en: t.review_confirm_missing.to_owned(),
                    },
                ));
            }
            let files: Vec<PortalFile> = f
                .files
                .iter()
                .map(|u| PortalFile {
                    filename: u.filename.clone(),
                    bytes: u.bytes.clone(),
                })
                .collect();
            match problems {
                Some(e) => Err(e.into()),
                None => s
                    .app
                    .portal_request_review(&code, &pin, Some(&reasons), &files)
                    .await
                    .map(|p| (p, Some(t.review_sent))),
            }
        }
    };
    match result {
        Ok((progress, notice)) => render(
            StatusCode::OK,
            &ProgressPage {
                t,
                nav: "progress",
                code,
                pin,
                progress: Some(progress),
                error: None,
                notice: notice.map(str::to_owned),
                reasons: String::new(),
            },
        ),
        Err(e) if e.error_code() == ErrorCode::NotFound => {
            limits.pin.hit(&s.app, &f.addr).await;
            render(
                crate::error::status_of(e.error_code()),
                &empty(t, code, Some(t.wrong_pin.into())),
            )
        }
        Err(e) => {
            // The step was refused: show the progress again with the reason (the rule cited).
            let (msg, fields) = error_text(&e, f.lang);
            let detail: Vec<String> = fields.into_iter().map(|(_, m)| m).collect();
            let text = if detail.is_empty() {
                msg
            } else {
                format!("{msg}。{}", detail.join(" "))
            };
            let progress = s.app.portal_progress(&code, &pin).await.ok();
            render(
                crate::error::status_of(e.error_code()),
                &ProgressPage {
                    t,
                    nav: "progress",
                    code,
                    pin,
                    progress,
                    error: Some(text),
                    notice: None,
                    reasons: f.get("reasons"),
                },
            )
        }
    }
}

/// `POST /public/progress`
pub async fn lookup(
    State(s): State<AppState>,
    Extension(l): Extension<Arc<Limits>>,
    f: PortalForm,
) -> Response {
    run(&s, &l, f, Ask::Look).await
}

/// `POST /public/progress/evaluate`
pub async fn evaluate(
    State(s): State<AppState>,
    Extension(l): Extension<Arc<Limits>>,
    f: PortalForm,
) -> Response {
    run(&s, &l, f, Ask::Evaluate).await
}

/// `POST /public/progress/review`
pub async fn review(
    State(s): State<AppState>,
    Extension(l): Extension<Arc<Limits>>,
    f: PortalForm,
) -> Response {
    run(&s, &l, f, Ask::Review).await
}

impl ProgressPage {
    /// The label of the i-th grade (huiyin-core's vocabulary) in the page's language.
    fn grade(&self, i: usize) -> &'static str {
        let g = Grade::ALL.get(i).copied().unwrap_or(Grade::Satisfied);
        if self.t.html_lang == "en" {
            g.en()
        } else {
            g.zh()
        }
    }
}
