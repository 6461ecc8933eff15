//! `POST /leaders/accountability`: the 领导督查 page's 责任追究 form — the same use case as
//! `POST /api/v1/accountability`, the linked cases typed by number; a refusal shows the page
//! again with every problem and what was typed.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_core::accountability::AccountabilityForm;
use serde_json::Value;

use super::chrome::error_text;
use super::leaders::{Outcome, page};
use super::session::StaffForm;
use crate::AppState;

/// The case numbers typed, one per token (spaces, commas, 、 or new lines between them).
fn numbers(text: &str) -> Vec<String> {
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
                errors,
                error_message: Some(message),
                done: false,
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
