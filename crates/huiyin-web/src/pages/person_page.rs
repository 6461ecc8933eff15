//! `GET /persons/{id}`: one 信访人档案 — the person's cases and contacts, counts, the habitual
//! mark, the records the system could not be sure of (each with a merge form), another record
//! to merge by case number, and the merges made (each with an undo form);
//! `POST /persons/{id}/merge` and `POST /persons/{id}/undo` take those steps — the same use
//! cases as `POST /api/v1/persons/{id}/merge` and `POST /api/v1/person-merges/{id}/undo`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::{AppError, PersonFile};
use huiyin_core::conduct::ConductKind;
use huiyin_core::error::{DomainError, ErrorClass, ErrorCode};
use serde::Deserialize;

use super::chrome::{Chrome, error_page, error_text, form_status, render_status};
use super::i18n::pick;
use super::session::{Fields, Staff, StaffForm};
use crate::AppState;

#[derive(Template)]
#[template(path = "staff/person.html")]
struct PersonPage {
    c: Chrome,
    p: PersonFile,
    done: Option<String>,
    error_message: Option<String>,
    errors: Vec<String>,
    /// The form that failed (`merge`, `merge-<id>` or `undo-<id>`), kept open.
    failed: Option<String>,
    prev: Fields,
    /// The kinds of conduct of Art. 26: value, Chinese, English.
    conduct_kinds: Vec<(&'static str, &'static str, &'static str)>,
    today: String,
}

impl PersonPage {
    /// Whether the kind was ticked in the failed conduct form.
    fn ticked(&self, kind: &str) -> bool {
        self.failed.as_deref() == Some("conduct") && self.prev.all("kinds").contains(&kind)
    }

    fn when(&self, ms: &i64) -> String {
        super::audit::when(*ms)
    }

    fn prev(&self, form: &str, name: &str) -> &str {
        if self.failed.as_deref() == Some(form) {
            self.prev.get(name).unwrap_or("")
        } else {
            ""
        }
    }
}

#[derive(Default)]
struct Outcome {
    done: Option<String>,
    error_message: Option<String>,
    errors: Vec<String>,
    failed: Option<String>,
    prev: Fields,
}

fn page(s: &AppState, staff: &Staff, p: PersonFile, o: Outcome, status: StatusCode) -> Response {
    let lang = staff.lang;
    let view = PersonPage {
        c: Chrome::new(
            s,
            staff,
            "persons",
            format!(
                "{} · {}",
                pick(lang, "信访人档案", "Petitioner file"),
                p.name
            ),
        ),
        p,
        done: o.done,
        error_message: o.error_message,
        errors: o.errors,
        failed: o.failed,
        prev: o.prev,
        conduct_kinds: ConductKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.zh(), k.en()))
            .collect(),
        today: s.app.today().to_string(),
    };
    render_status(status, &view)
}

fn positive(raw: &str) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|i| *i > 0)
}

fn not_found(s: &AppState, staff: &Staff) -> Response {
    error_page(s, staff, &AppError::code(ErrorCode::PersonNotFound))
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// `GET /persons/{id}`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<Done>,
) -> Response {
    let Some(id) = positive(&id) else {
        return not_found(&s, &staff);
    };
    let p = match s.app.person_file(&staff.user, id).await {
        Ok(p) => p,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let lang = staff.lang;
    let done = q.done.as_deref().map(|d| {
        if d == "undo" {
            pick(lang, "已撤销合并", "Merge undone").to_owned()
        } else if d == "conduct" {
            pick(lang, "已记录违规行为", "Conduct recorded").to_owned()
        } else {
            pick(lang, "已合并", "Merged").to_owned()
        }
    });
    let o = Outcome {
        done,
        ..Outcome::default()
    };
    page(&s, &staff, p, o, StatusCode::OK)
}

/// The other record a merge form names: a candidate's `other_id`, or a case number and the
/// petitioner's place on it (1 first).
async fn other_record(
    s: &AppState,
    staff: &Staff,
    fields: &Fields,
) -> Result<Option<i64>, AppError> {
    if let Some(id) = fields.get("other_id").and_then(positive) {
        return Ok(Some(id));
    }
    let Some(number) = fields
        .get("case_number")
        .map(str::trim)
        .filter(|n| !n.is_empty())
    else {
        return Ok(None);
    };
    let refused = || {
        AppError::from(DomainError::invalid(
            "case_number",
            "未找到该编号的信访事项或该序号的信访人",
            "no case with that number, or no petitioner at that place",
        ))
    };
    let ids = s
        .app
        .visible_case_ids_by_number(&staff.user, &[number.to_owned()])
        .await?;
    let Some(case_id) = ids.first() else {
        return Err(refused());
    };
    let place = fields.get("position").and_then(positive).unwrap_or(1);
    let rows = s.app.petitioners_of_case(&staff.user, *case_id).await?;
    rows.iter()
        .find(|(p, _)| *p == place - 1)
        .map(|(_, id)| Some(*id))
        .ok_or_else(refused)
}

/// Shows the file again with the refusal and what was typed (a file out of sight is simply
/// not found).
pub(super) async fn refused(
    s: &AppState,
    staff: Staff,
    id: i64,
    e: AppError,
    (form, fields): (String, Fields),
) -> Response {
    if e.error_code().class() == ErrorClass::NotFound
        && matches!(e.error_code(), ErrorCode::PersonNotFound)
    {
        return error_page(s, &staff, &e);
    }
    let p = match s.app.person_file(&staff.user, id).await {
        Ok(p) => p,
        Err(e) => return error_page(s, &staff, &e),
    };
    let (message, errors) = error_text(&e, staff.lang);
    let o = Outcome {
        done: None,
        error_message: Some(message),
        errors,
        failed: Some(form),
        prev: fields,
    };
    page(s, &staff, p, o, form_status(&e))
}

/// `POST /persons/{id}/merge`
pub async fn merge(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = positive(&id) else {
        return not_found(&s, &staff);
    };
    let form_name = fields
        .get("other_id")
        .map_or_else(|| "merge".to_owned(), |o| format!("merge-{}", o.trim()));
    let result = async {
        let other = other_record(&s, &staff, &fields).await?;
        s.app
            .merge_persons(&staff.user, id, (other, fields.get("reason")))
            .await
    }
    .await;
    match result {
        Ok(_) => Redirect::to(&format!("/persons/{id}?done=merge")).into_response(),
        Err(e) => refused(&s, staff, id, e, (form_name, fields)).await,
    }
}

/// `POST /persons/{id}/undo`: undoes the merge `merge_id` shown in the file of `id`.
pub async fn undo(State(s): State<AppState>, Path(id): Path<String>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let Some(id) = positive(&id) else {
        return not_found(&s, &staff);
    };
    let merge_id = fields.get("merge_id").and_then(positive).unwrap_or(0);
    let result = s
        .app
        .undo_person_merge(&staff.user, merge_id, fields.get("reason"))
        .await;
    match result {
        Ok(_) => Redirect::to(&format!("/persons/{id}?done=undo")).into_response(),
        Err(e) => refused(&s, staff, id, e, (format!("undo-{merge_id}"), fields)).await,
    }
}
