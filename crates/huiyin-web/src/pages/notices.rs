//! `GET /cases/{id}/notices/{kind}`: a notice on A4 in the style of Chinese official documents
//! (print stylesheet), `GET …/docx` the same notice as an editable Word document, and `POST`
//! to record that it was sent (the day and how), which is what makes the case say the
//! petitioner was told in writing.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::workbench::{Notice, NoticeKind, NoticeState};
use huiyin_app::{AppError, CurrentUser};
use huiyin_core::error::ErrorCode;
use huiyin_core::kinds::ServiceMethod;
use serde::Deserialize;

use super::chrome::{error_page, error_text, form_status, render_status};
use super::i18n::{Msgs, msgs, pick};
use super::session::{Staff, StaffForm};
use crate::AppState;
use crate::notice_doc::{NoticeDoc, compose, parse_sending};

/// A notice as the case page lists it: its page, and whether it was sent.
pub struct NoticeLink {
    pub kind: &'static str,
    pub label: &'static str,
    /// "已发出 2026-12-03（邮寄送达）" or "未登记发出".
    pub sent: String,
}

/// The case page's list of a case's notices.
pub fn links(notices: &[NoticeState], lang: crate::error::Lang) -> Vec<NoticeLink> {
    notices
        .iter()
        .map(|n| NoticeLink {
            kind: n.kind.as_str(),
            label: pick(lang, n.kind.zh(), n.kind.en()),
            sent: match n.sent.last() {
                Some(x) => format!(
                    "{}{}{}",
                    pick(lang, "已发出 ", "sent "),
                    x.on,
                    x.method
                        .map(|m| format!("（{}）", pick(lang, m.zh(), m.en())))
                        .unwrap_or_default()
                ),
                None => pick(lang, "未登记发出", "not recorded as sent").to_owned(),
            },
        })
        .collect()
}

/// A method of sending as the form offers it.
struct MethodOption {
    value: &'static str,
    label: &'static str,
}

#[derive(Template)]
#[template(path = "staff/notice.html")]
struct NoticePage {
    t: &'static Msgs,
    csrf: String,
    case_id: i64,
    kind: &'static str,
    doc: NoticeDoc,
    /// "2026-12-03（邮寄送达）", one per recorded sending.
    sent: Vec<String>,
    just_issued: bool,
    methods: Vec<MethodOption>,
    today: String,
    /// A refused sending: the message and what was typed.
    error: String,
    prev_on: String,
    prev_method: String,
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

/// The notice and its composed text, read through the user's visibility.
pub async fn notice_doc(
    s: &AppState,
    user: &CurrentUser,
    id: i64,
    kind: NoticeKind,
) -> Result<(Notice, NoticeDoc), AppError> {
    let n = s.app.notice(user, id, kind).await?;
    let doc = doc_of(&n);
    Ok((n, doc))
}

/// The text of notice `n` as its page prints it (a 复查/复核 opinion cites the day it was
/// asked for).
pub fn doc_of(n: &Notice) -> NoticeDoc {
    let review_requested = n
        .review_requested_on
        .map(crate::notice_doc::chinese_date)
        .unwrap_or_default();
    compose(n, &review_requested)
}

/// What was typed into a refused sending form, and why it was refused.
struct Refused {
    error: String,
    on: String,
    method: String,
}

async fn page(
    s: &AppState,
    staff: &Staff,
    id: i64,
    kind: NoticeKind,
    just_issued: bool,
    refused: Option<Refused>,
) -> Response {
    let (n, doc) = match notice_doc(s, &staff.user, id, kind).await {
        Ok(x) => x,
        Err(e) => return error_page(s, staff, &e),
    };
    let lang = staff.lang;
    let sent = n
        .sent
        .iter()
        .map(|x| match x.method {
            Some(m) => format!("{}（{}）", x.on, pick(lang, m.zh(), m.en())),
            None => x.on.to_string(),
        })
        .collect();
    let methods = ServiceMethod::ALL
        .iter()
        .map(|m| MethodOption {
            value: m.as_str(),
            label: pick(lang, m.zh(), m.en()),
        })
        .collect();
    let status = refused.as_ref().map_or(axum::http::StatusCode::OK, |_| {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    });
    let refused = refused.unwrap_or(Refused {
        error: String::new(),
        on: String::new(),
        method: String::new(),
    });
    let view = NoticePage {
        t: msgs(lang),
        csrf: staff.csrf.clone(),
        case_id: id,
        kind: kind.as_str(),
        doc,
        sent,
        just_issued,
        methods,
        today: s.app.today().to_string(),
        error: refused.error,
        prev_on: refused.on,
        prev_method: refused.method,
    };
    render_status(status, &view)
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
    page(&s, &staff, id, kind, q.issued.is_some(), None).await
}

/// The file name of a notice's Word document, for `Content-Disposition` (RFC 6266, UTF-8).
pub fn docx_disposition(doc: &NoticeDoc) -> String {
    let name = format!("{}-{}.docx", doc.number, doc.title);
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"notice.docx\"; filename*=UTF-8''{encoded}")
}

/// The notice's Word document as a response.
pub fn docx_response(doc: &NoticeDoc) -> Result<Response, AppError> {
    let bytes = crate::docx::notice_docx(doc).map_err(|e| {
        tracing::error!(error = %e, "writing a notice's docx");
        AppError::code(ErrorCode::Internal)
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, crate::docx::CONTENT_TYPE.to_owned()),
            (header::CONTENT_DISPOSITION, docx_disposition(doc)),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /cases/{id}/notices/{kind}/docx`
pub async fn docx(
    State(s): State<AppState>,
    staff: Staff,
    Path((id, kind)): Path<(String, String)>,
) -> Response {
    let Some((id, kind)) = parse(&id, &kind) else {
        return super::chrome::not_found(&s, &staff);
    };
    match notice_doc(&s, &staff.user, id, kind)
        .await
        .and_then(|(_, doc)| docx_response(&doc))
    {
        Ok(r) => r,
        Err(e) => error_page(&s, &staff, &e),
    }
}

/// `POST /cases/{id}/notices/{kind}`: records that the notice was sent (`on`, `method`); a
/// refusal shows the notice again with the message and what was typed.
pub async fn issue(
    State(s): State<AppState>,
    Path((id, kind)): Path<(String, String)>,
    form: StaffForm,
) -> Response {
    let staff = form.staff;
    let Some((id, kind)) = parse(&id, &kind) else {
        return error_page(&s, &staff, &AppError::code(ErrorCode::NotFound));
    };
    let on = form.fields.get("on").unwrap_or("").to_owned();
    let method = form.fields.get("method").unwrap_or("").to_owned();
    let result = match parse_sending(Some(&on), Some(&method)) {
        Ok((day, how)) => s.app.issue_notice(&staff.user, id, kind, day, how).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(()) => {
            Redirect::to(&format!("/cases/{id}/notices/{}?issued=1", kind.as_str())).into_response()
        }
        Err(e) if form_status(&e) == axum::http::StatusCode::UNPROCESSABLE_ENTITY => {
            let (message, fields) = error_text(&e, staff.lang);
            let error = std::iter::once(message)
                .chain(fields)
                .collect::<Vec<_>>()
                .join(" ");
            page(
                &s,
                &staff,
                id,
                kind,
                false,
                Some(Refused { error, on, method }),
            )
            .await
        }
        Err(e) => error_page(&s, &staff, &e),
    }
}
