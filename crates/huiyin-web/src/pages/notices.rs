//! `GET /cases/{id}/notices/{kind}`: a notice on A4 in the style of Chinese official documents
//! (print stylesheet), and `POST` to record on the timeline that it was issued.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::workbench::{Notice, NoticeKind};
use huiyin_app::{AppError, OpinionView};
use huiyin_core::Date;
use huiyin_core::error::ErrorCode;
use serde::Deserialize;

use super::chrome::{error_page, render};
use super::i18n::{Msgs, msgs};
use super::session::{Staff, StaffForm};
use crate::AppState;

/// A date as official documents write it: 2026年6月30日.
pub fn chinese_date(d: Date) -> String {
    let s = d.to_string();
    let mut parts = s.split('-').map(|p| p.trim_start_matches('0'));
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(day)) => format!("{y}年{m}月{day}日"),
        _ => s,
    }
}

#[derive(Template)]
#[template(path = "staff/notice.html")]
struct NoticePage {
    t: &'static Msgs,
    csrf: String,
    case_id: i64,
    kind: &'static str,
    title: &'static str,
    n: Notice,
    names: String,
    received: String,
    channel: &'static str,
    step_on: String,
    accepted: String,
    decision: Option<(OpinionView, &'static str)>,
    review_requested: String,
    issued: Vec<String>,
    just_issued: bool,
}

#[derive(Deserialize)]
pub struct IssuedParam {
    issued: Option<String>,
}

fn parse(id: &str, kind: &str) -> Option<(i64, NoticeKind)> {
    Some((
        id.parse::<i64>().ok().filter(|i| *i > 0)?,
        NoticeKind::parse(kind)?,
    ))
}

/// `GET /cases/{id}/notices/{kind}`
pub async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Path((id, kind)): Path<(String, String)>,
    Query(q): Query<IssuedParam>,
) -> Response {
    let Some((id, kind)) = parse(&id, &kind) else {
        return super::chrome::not_found(&s, &staff);
    };
    let n = match s.app.notice(&staff.user, id, kind).await {
        Ok(n) => n,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let v = &n.case;
    let names = v
        .petitioners
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join("、");
    let opinion = match kind {
        NoticeKind::Opinion => v.opinion.clone(),
        NoticeKind::Review => v.review_opinion.clone(),
        NoticeKind::Rereview => v.rereview_opinion.clone(),
        _ => None,
    };
    let decision = opinion.map(|o| {
        let label = o.outcome.zh();
        (o, label)
    });
    let review_requested = s
        .app
        .timeline(&staff.user, id)
        .await
        .ok()
        .and_then(|t| {
            let action = if kind == NoticeKind::Rereview {
                "request_rereview"
            } else {
                "request_review"
            };
            t.iter()
                .rev()
                .find(|e| e.action == action)
                .map(|e| chinese_date(e.on))
        })
        .unwrap_or_default();
    let page = NoticePage {
        t: msgs(staff.lang),
        csrf: staff.csrf.clone(),
        case_id: id,
        kind: kind.as_str(),
        title: kind.zh(),
        names,
        received: chinese_date(v.received_on),
        channel: v.channel.zh(),
        step_on: chinese_date(n.step_on),
        accepted: v.accepted_on.map(chinese_date).unwrap_or_default(),
        decision,
        review_requested,
        issued: n.issued_on.iter().map(|d| d.to_string()).collect(),
        just_issued: q.issued.is_some(),
        n,
    };
    render(&page)
}

/// `POST /cases/{id}/notices/{kind}`: records the notice as issued today.
pub async fn issue(
    State(s): State<AppState>,
    Path((id, kind)): Path<(String, String)>,
    form: StaffForm,
) -> Response {
    let staff = form.staff;
    let Some((id, kind)) = parse(&id, &kind) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::NotFound));
    };
    match s.app.issue_notice(&staff.user, id, kind).await {
        Ok(()) => {
            Redirect::to(&format!("/cases/{id}/notices/{}?issued=1", kind.as_str())).into_response()
        }
        Err(e) => error_page(&s, &staff, &e),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_as_in_official_documents() {
        let d = huiyin_core::Date::from_ymd(2026, 3, 5);
        assert_eq!(d.map(super::chinese_date).as_deref(), Some("2026年3月5日"));
    }
}
