//! The workbench's features for API clients, through the same app use cases as the pages:
//! worklists and their counts (督办 received, the supervisors' overdue cases included),
//! notices (告知书) as data, attachments, and the Excel export of a list.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use huiyin_app::workbench::{AttachmentMeta, NoticeKind, WorkQueue};
use huiyin_app::{CaseList, CaseQuery};
use huiyin_core::error::ErrorCode;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::IntoParams;

use super::cases::ListParams;
use super::parse_id;
use crate::AppState;
use crate::error::ApiError;
use crate::extract::{ApiJson, Authed};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    pub page: Option<u32>,
    /// 1 to 200, default 20.
    pub per_page: Option<u32>,
}

/// The caller's worklists with how many cases each holds.
#[utoipa::path(get, path = "/api/v1/worklists", responses((status = 200,
    description = "`{worklists: [{queue, name_zh, name_en, count}]}`")))]
pub async fn worklists(State(s): State<AppState>, a: Authed) -> Result<Json<Value>, ApiError> {
    let counts = s
        .app
        .work_counts(&a.user)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    let lists: Vec<Value> = counts
        .counts
        .iter()
        .map(
            |(q, n)| json!({"queue": q.as_str(), "name_zh": q.zh(), "name_en": q.en(), "count": n}),
        )
        .collect();
    Ok(Json(json!({ "worklists": lists })))
}

/// One worklist, most urgent first (`supervised`: 催办/督办 received; `scope_overdue`:
/// supervisors). 404 for an unknown list, 403 for one the caller does not have.
#[utoipa::path(get, path = "/api/v1/worklists/{queue}", params(("queue" = String, Path), PageParams),
    responses((status = 200, description = "Cases, as `GET /api/v1/cases`"), (status = 403, description = "Not the caller's list"),
              (status = 404, description = "No such list")))]
pub async fn worklist(
    State(s): State<AppState>,
    a: Authed,
    Path(queue): Path<String>,
    Query(p): Query<PageParams>,
) -> Result<Json<CaseList>, ApiError> {
    let queue = WorkQueue::parse(queue.trim())
        .ok_or_else(|| ApiError::code(ErrorCode::NotFound, a.lang))?;
    s.app
        .worklist(
            &a.user,
            queue,
            p.page.unwrap_or(1),
            p.per_page.unwrap_or(20),
        )
        .await
        .map(Json)
        .map_err(|e| ApiError::new(e, a.lang))
}

/// The notices (告知书) whose step was taken on a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/notices", params(("id" = i64, Path)),
    responses((status = 200, description = "`[{kind, name_zh, name_en, title_zh, sent: [{on, method}]}]`"), (status = 404, description = "Not found")))]
pub async fn notices(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<Vec<Value>>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    let notices = s
        .app
        .notices_of(&a.user, id)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(
        notices
            .iter()
            .map(|n| {
                json!({"kind": n.kind.as_str(), "name_zh": n.kind.zh(), "name_en": n.kind.en(),
                       "sent": n.sent})
            })
            .collect(),
    ))
}

fn notice_kind(raw: &str, lang: crate::Lang) -> Result<NoticeKind, ApiError> {
    NoticeKind::parse(raw.trim()).ok_or_else(|| ApiError::code(ErrorCode::NotFound, lang))
}

/// One notice as data (what it prints); the printable page is `html`, the Word document
/// `docx`, its text as composed `paragraphs`.
#[utoipa::path(get, path = "/api/v1/cases/{id}/notices/{kind}", params(("id" = i64, Path), ("kind" = String, Path)),
    responses((status = 200, description = "The notice's fields and the case"), (status = 404, description = "Not found, or the step was never taken")))]
pub async fn notice(
    State(s): State<AppState>,
    a: Authed,
    Path((id, kind)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    let kind = notice_kind(&kind, a.lang)?;
    let (n, doc) = crate::pages::notices::notice_doc(&s, &a.user, id, kind)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(json!({
        "kind": n.kind.as_str(),
        "name_zh": n.kind.zh(),
        "name_en": n.kind.en(),
        "title_zh": doc.title,
        "title_en": n.title_en(),
        "paragraphs": doc.paras.iter().map(|p| format!("{}{}", p.label, p.text)).collect::<Vec<_>>(),
        "issuer": n.issuer,
        "step_on": n.step_on,
        "addressee_unit": n.addressee_unit,
        "assigned": n.assigned,
        "report_due_on": n.report_due_on,
        "reason": n.reason,
        "new_due_on": n.new_due_on,
        "issued_on": n.sent.iter().map(|x| x.on).collect::<Vec<_>>(),
        "sent": n.sent,
        "html": format!("/cases/{id}/notices/{}", n.kind.as_str()),
        "docx": format!("/api/v1/cases/{id}/notices/{}/docx", n.kind.as_str()),
        "case": n.case,
    })))
}

/// The body of a notice's sending.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct NoticeSendingBody {
    /// The day it went out (YYYY-MM-DD; default today; not in the future, not before its step).
    pub on: Option<String>,
    /// direct, post, electronic or sms.
    pub method: Option<String>,
}

/// Records that the notice was sent (`on`, `method`); the case then says 已书面告知 (a letter
/// to a unit: 已发出).
#[utoipa::path(post, path = "/api/v1/cases/{id}/notices/{kind}", params(("id" = i64, Path), ("kind" = String, Path)),
    request_body = NoticeSendingBody,
    responses((status = 200, description = "`{issued: true}`"), (status = 404, description = "Not found, or the step was never taken"),
              (status = 422, description = "No method, or a day in the future or before the step")))]
pub async fn issue_notice(
    State(s): State<AppState>,
    a: Authed,
    Path((id, kind)): Path<(String, String)>,
    ApiJson(body): ApiJson<NoticeSendingBody>,
) -> Result<Json<Value>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    let kind = notice_kind(&kind, a.lang)?;
    let (on, method) = crate::notice_doc::parse_sending(body.on.as_deref(), body.method.as_deref())
        .map_err(|e| ApiError::domain(e, a.lang))?;
    s.app
        .issue_notice(&a.user, id, kind, on, method)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(json!({ "issued": true, "kind": kind.as_str() })))
}

/// The notice as an editable Word document (.docx).
#[utoipa::path(get, path = "/api/v1/cases/{id}/notices/{kind}/docx", params(("id" = i64, Path), ("kind" = String, Path)),
    responses((status = 200, description = "The .docx file", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
              (status = 404, description = "Not found, or the step was never taken")))]
pub async fn notice_docx(
    State(s): State<AppState>,
    a: Authed,
    Path((id, kind)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id, a.lang)?;
    let kind = notice_kind(&kind, a.lang)?;
    let (_, doc) = crate::pages::notices::notice_doc(&s, &a.user, id, kind)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    crate::pages::notices::docx_response(&doc).map_err(|e| ApiError::new(e, a.lang))
}

fn attachment_json(m: &AttachmentMeta) -> Value {
    json!({"id": m.id, "case_id": m.case_id, "filename": m.filename, "content_type": m.content_type,
           "size": m.size, "sm3": m.sm3, "uploaded_by": m.uploaded_by, "uploaded_at_ms": m.uploaded_at})
}

/// The attachments of a case.
#[utoipa::path(get, path = "/api/v1/cases/{id}/attachments", params(("id" = i64, Path)),
    responses((status = 200, description = "`[{id, filename, content_type, size, sm3, …}]`"), (status = 404, description = "Not found")))]
pub async fn attachments(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
) -> Result<Json<Vec<Value>>, ApiError> {
    let id = parse_id(&id, a.lang)?;
    let list = s
        .app
        .attachments(&a.user, id)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok(Json(list.iter().map(attachment_json).collect()))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadParams {
    /// The file's name as the user knows it.
    pub filename: String,
}

/// Adds a file to a case: the body is the file itself (PNG, JPEG, PDF, GIF or WebP by
/// content, at most 10 MB).
#[utoipa::path(post, path = "/api/v1/cases/{id}/attachments", params(("id" = i64, Path), UploadParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, description = "The attachment"), (status = 422, description = "Empty, too large or not an accepted type")))]
pub async fn upload(
    State(s): State<AppState>,
    a: Authed,
    Path(id): Path<String>,
    Query(p): Query<UploadParams>,
    body: Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let id = parse_id(&id, a.lang)?;
    let meta = s
        .app
        .add_attachment(&a.user, id, &p.filename, &body)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    Ok((StatusCode::CREATED, Json(attachment_json(&meta))))
}

/// One attachment's bytes.
#[utoipa::path(get, path = "/api/v1/cases/{id}/attachments/{aid}", params(("id" = i64, Path), ("aid" = i64, Path)),
    responses((status = 200, description = "The file"), (status = 404, description = "Not found")))]
pub async fn download(
    State(s): State<AppState>,
    a: Authed,
    Path((id, aid)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id, a.lang)?;
    let aid = aid
        .parse::<i64>()
        .map_err(|_| ApiError::code(ErrorCode::NotFound, a.lang))?;
    let (meta, bytes) = s
        .app
        .attachment(&a.user, id, aid)
        .await
        .map_err(|e| ApiError::new(e, a.lang))?;
    let content_type = HeaderValue::from_str(&meta.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let disposition =
        HeaderValue::from_str(&crate::pages::attachments::disposition(&meta.filename))
            .unwrap_or(HeaderValue::from_static("attachment"));
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The cases matching the filters of `GET /api/v1/cases` as an Excel file (at most 5,000
/// rows; the export is audited).
#[utoipa::path(get, path = "/api/v1/cases/export.xlsx", params(ListParams),
    responses((status = 200, description = "An .xlsx file")))]
pub async fn export(
    State(s): State<AppState>,
    a: Authed,
    Query(p): Query<ListParams>,
) -> Result<Response, ApiError> {
    use crate::pages::export::{MAX_ROWS, cases_xlsx};
    let q = CaseQuery::try_from(p).map_err(|e| ApiError::domain(e, a.lang))?;
    let mut items = Vec::new();
    let mut total = 0;
    for page in 1.. {
        let mut this = q.clone();
        this.page = Some(page);
        this.per_page = Some(200);
        let list = s
            .app
            .list_cases(&a.user, this)
            .await
            .map_err(|e| ApiError::new(e, a.lang))?;
        total = list.total;
        let n = list.items.len();
        items.extend(list.items);
        if n < 200 || items.len() >= MAX_ROWS {
            break;
        }
    }
    items.truncate(MAX_ROWS);
    Ok(cases_xlsx(&s, &a.user, a.lang, &items, total))
}
