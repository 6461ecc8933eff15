//! The 领导督查 page's forms: `POST /leaders/accountability` (责任追究) and
//! `POST /leaders/field-visits` (带案下访) — the same use cases as the API's, the cases typed by
//! number; a refusal shows the page again with every problem and what was typed.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_core::accountability::AccountabilityForm;
use huiyin_core::field_visit::FieldVisitForm;
use serde_json::Value;

use super::chrome::error_text;
use super::leaders::{Outcome, page};
use super::session::StaffForm;
use crate::AppState;

/// The case numbers typed, one per token (spaces, commas, 、 or new lines between them).
pub(super) fn numbers(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

pub async fn record(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let typed = numbers(fields.get("case_numbers").unwrap_or_default());
    let result = async {
        let ids = s
            .app
            .visible_case_ids_by_number(&staff.user, &typed)
            .await?;
        let mut f: AccountabilityForm = fields.read(&["grounds"]);
        f.case_ids = Some(ids.into_iter().map(Value::from).collect());
        s.app.record_accountability(&staff.user, f).await
    }
    .await;
    match result {
        Ok(_) => Redirect::to("/leaders?done=accountability#accountability").into_response(),
        Err(e) => {
            let (message, errors) = error_text(&e, staff.lang);
            let outcome = Outcome {
                failed: "accountability",
                errors,
                error_message: Some(message),
                done: None,
                prev: fields,
            };
            page(&s, &staff, None, outcome).await
        }
    }
}

/// `POST /leaders/field-visits`: the 带案下访 form — the same use case as
/// `POST /api/v1/field-visits`, the cases typed by number.
pub async fn record_visit(State(s): State<AppState>, form: StaffForm) -> Response {
    let StaffForm { staff, fields } = form;
    let typed = numbers(fields.get("case_numbers").unwrap_or_default());
    let result = async {
        let ids = s
            .app
            .visible_case_ids_by_number(&staff.user, &typed)
            .await?;
        let mut f: FieldVisitForm = fields.read(&[]);
        f.case_ids = Some(ids.into_iter().map(Value::from).collect());
        s.app.record_field_visit(&staff.user, f).await
    }
    .await;
    match result {
        Ok(_) => Redirect::to("/leaders?done=visit#visits").into_response(),
        Err(e) => {
            let (message, errors) = error_text(&e, staff.lang);
            let outcome = Outcome {
                failed: "visit",
                errors,
                error_message: Some(message),
                done: None,
                prev: fields,
            };
            page(&s, &staff, None, outcome).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_are_split_on_any_separator() {
        assert_eq!(
            numbers("110105-2026-000001，110105-2026-000002、 110105-2026-000003\n"),
            [
                "110105-2026-000001",
                "110105-2026-000002",
                "110105-2026-000003"
            ]
        );
        assert!(numbers("  ").is_empty());
    }
}
