//! `POST /cases/batch`: one step on several ticked cases of the list (issue 12 item 6) —
//! 分办 to a handler, 收回, or 转送 to a unit. Each case is its own step through the same
//! use case as the case page (`App::act`: visibility, guards, its own transaction and audit
//! entry), so one refusal changes nothing else; the answer lists every case with its outcome.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::action_form::parse;
use super::chrome::{Chrome, error_text, render_status};
use super::i18n::pick;
use super::session::{Fields, StaffForm};
use crate::AppState;

/// Most cases one batch takes.
pub const MAX_BATCH: usize = 200;

pub struct Outcome {
    pub id: i64,
    pub label: String,
    pub ok: bool,
    pub message: String,
}

#[derive(Template)]
#[template(path = "staff/batch.html")]
struct BatchPage {
    c: Chrome,
    step: String,
    outcomes: Vec<Outcome>,
    done: usize,
    problem: Option<String>,
    back: String,
}

/// The step's own form fields for one case, from the batch form.
fn step_fields(f: &Fields) -> Option<Fields> {
    let pairs: Vec<(&str, &str)> = match f.get("op")? {
        "allot" => vec![
            ("action", "allot"),
            ("handler_user_id", f.get("handler_user_id").unwrap_or("")),
        ],
        "take_back" => vec![("action", "take_back")],
        "forward" => vec![
            ("action", "forward"),
            ("to_unit_id", f.get("to_unit_id").unwrap_or("")),
        ],
        _ => return None,
    };
    Some(Fields(
        pairs
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    ))
}

pub async fn batch(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let lang = staff.lang;
    let mut ids: Vec<i64> = fields
        .0
        .iter()
        .filter(|(k, _)| k == "ids")
        .filter_map(|(_, v)| v.trim().parse().ok())
        .collect();
    ids.dedup();
    // Only a list page's own link goes back (no open redirect).
    let back = fields
        .get("back")
        .filter(|b| b.starts_with("/cases") && !b.starts_with("//"))
        .unwrap_or("/cases")
        .to_owned();
    let step = step_fields(&fields);
    let kind = step
        .as_ref()
        .and_then(|f| f.get("action"))
        .and_then(huiyin_core::workflow::ActionKind::parse);
    let mut page = BatchPage {
        c: Chrome::new(
            &s,
            &staff,
            "cases",
            pick(lang, "批量办理", "Batch").to_owned(),
        ),
        step: kind.map_or_else(String::new, |k| pick(lang, k.zh(), k.en()).to_owned()),
        outcomes: Vec::new(),
        done: 0,
        problem: None,
        back,
    };
    let problem = match (&step, ids.len()) {
        (None, _) => Some(pick(lang, "请选择批量办理的操作", "Choose what to do")),
        (_, 0) => Some(pick(lang, "请先勾选信访件", "Tick the cases first")),
        (_, n) if n > MAX_BATCH => Some(pick(
            lang,
            "一次最多批量办理200件",
            "At most 200 cases at a time",
        )),
        _ => None,
    };
    if let Some(p) = problem {
        page.problem = Some(p.to_owned());
        return render_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let Some(step) = step else {
        return render_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    for id in ids {
        let result = match parse(&step) {
            Ok(input) => s.app.act(&staff.user, id, input).await,
            Err(e) => Err(e.into()),
        };
        page.outcomes.push(match result {
            Ok(v) => Outcome {
                id,
                label: format!("{} {}", v.number, v.title),
                ok: true,
                message: pick(lang, "已办理", "done").to_owned(),
            },
            Err(e) => {
                let (message, details) = error_text(&e, lang);
                Outcome {
                    id,
                    label: format!("#{id}"),
                    ok: false,
                    message: if details.is_empty() {
                        message
                    } else {
                        format!("{message}（{}）", details.join("；"))
                    },
                }
            }
        });
    }
    page.done = page.outcomes.iter().filter(|o| o.ok).count();
    render_status(axum::http::StatusCode::OK, &page)
}
