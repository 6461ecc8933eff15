//! `/api/v1/public/…`: the portal's JSON endpoints (CONTRACT.md). No login; rate-limited per
//! address; a wrong query code and a wrong PIN answer exactly alike.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use huiyin_app::portal::{PortalFile, PortalSubmission, Progress, decode_base64};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::kinds::Grade;
use huiyin_core::online_input::{OnlinePetitionForm, OnlinePetitionInput};
use huiyin_core::wire::Problems;
use serde::Deserialize;
use utoipa::ToSchema;

use super::form::ClientAddr;
use super::limit::Limits;
use crate::AppState;
use crate::error::{ApiError, Lang};
use crate::extract::ApiJson;

/// A file sent with the petition: PNG, JPEG or PDF (by content), at most 5 MiB, at most 3.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicAttachment {
    pub filename: String,
    /// The file's bytes in standard base64.
    pub content_base64: String,
}

/// The online form: the portal page's fields, read by the same builder, and its files.
#[derive(Deserialize, ToSchema)]
pub struct PublicPetitionBody {
    #[serde(flatten)]
    pub form: OnlinePetitionForm,
    /// Up to 3 files (PNG, JPEG, PDF; 5 MiB each).
    #[serde(default)]
    pub attachments: Vec<PublicAttachment>,
}

#[derive(Deserialize, ToSchema)]
pub struct EvaluationBody {
    /// satisfied | basically_satisfied | dissatisfied
    pub grade: String,
}

/// A 429 with `Retry-After` and the standard error body.
pub fn too_many(lang: Lang, retry_after: u64) -> Response {
    let mut res = ApiError::code(ErrorCode::RateLimited, lang).into_response();
    if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    res
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The body read once: every unreadable field and file reported together (the rest of the
/// form checked too when the type or the unit did not read).
pub fn to_submission(s: &AppState, b: PublicPetitionBody) -> Result<PortalSubmission, DomainError> {
    let form = b.form.clone();
    let mut problems = Problems::default();
    let mut attachments = Vec::with_capacity(b.attachments.len());
    for (i, a) in b.attachments.into_iter().enumerate() {
        match decode_base64(&a.content_base64) {
            Some(bytes) => attachments.push(PortalFile {
                filename: a.filename,
                bytes,
            }),
            None => problems.add(
                &format!("attachments[{i}]"),
                &format!("附件“{}”的内容无法读取（应为base64编码）", a.filename),
                "content_base64 is not valid base64",
            ),
        }
    }
    match (
        OnlinePetitionInput::try_from(b.form),
        problems.finish(|| ()),
    ) {
        (Ok(input), Ok(())) => Ok(PortalSubmission {
            petition: input,
            attachments,
        }),
        (Ok(_), Err(e)) => Err(e),
        (Err(e), Ok(())) => Err(super::with_the_rest(s, e, form, attachments)),
        (Err(mut e), Err(more)) => {
            e.fields.extend(more.fields);
            Err(super::with_the_rest(s, e, form, attachments))
        }
    }
}

/// Submit an online petition; answers the query code and PIN (shown once).
#[utoipa::path(post, path = "/api/v1/public/petitions", request_body = PublicPetitionBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key and body returns the first answer")),
    responses((status = 201, description = "`{query_code, pin, received_on, receiving_unit}`"),
        (status = 422, description = "Invalid fields"), (status = 429, description = "Too many submissions; see Retry-After")))]
pub async fn submit(
    State(s): State<AppState>,
    Extension(limits): Extension<Arc<Limits>>,
    ClientAddr(addr): ClientAddr,
    lang: Lang,
    headers: HeaderMap,
    ApiJson(b): ApiJson<PublicPetitionBody>,
) -> Response {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let first_try = match &key {
        Some(k) => !s.app.portal_known_key(k).await.unwrap_or(false),
        None => true,
    };
    if first_try {
        if let Err(wait) = limits.submit.check(&s.app, &addr).await {
            return too_many(lang, wait);
        }
        limits.submit.hit(&s.app, &addr).await;
    }
    let result = match to_submission(&s, b) {
        Ok(sub) => s.app.portal_submit(sub, key.as_deref()).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(r) => no_store((StatusCode::CREATED, Json(r)).into_response()),
        Err(e) => ApiError::new(e, lang).into_response(),
    }
}

/// Runs `f` after the PIN limit allows it; a failed code/PIN check counts against it.
pub async fn with_pin<F, Fut>(
    limits: &Limits,
    s: &AppState,
    addr: &str,
    lang: Lang,
    f: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Progress, huiyin_app::AppError>>,
{
    if let Err(wait) = limits.pin.check(&s.app, addr).await {
        return too_many(lang, wait);
    }
    match f().await {
        Ok(p) => no_store(Json(p).into_response()),
        Err(e) => {
            if e.error_code() == ErrorCode::NotFound {
                limits.pin.hit(&s.app, addr).await;
            }
            no_store(ApiError::new(e, lang).into_response())
        }
    }
}

fn pin(headers: &HeaderMap) -> String {
    headers
        .get("x-pin")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned()
}

/// The disclosed progress of a petition (header `X-Pin`).
#[utoipa::path(get, path = "/api/v1/public/petitions/{query_code}",
    params(("query_code" = String, Path), ("X-Pin" = String, Header)),
    responses((status = 200, description = "Disclosed progress only"),
        (status = 404, description = "Unknown code or wrong PIN (indistinguishable)"), (status = 429, description = "Too many failed attempts")))]
pub async fn progress(
    State(s): State<AppState>,
    Extension(limits): Extension<Arc<Limits>>,
    ClientAddr(addr): ClientAddr,
    lang: Lang,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Response {
    let pin = pin(&headers);
    with_pin(&limits, &s, &addr, lang, || {
        s.app.portal_progress(&code, &pin)
    })
    .await
}

/// The petitioner's evaluation of the current result (once per stage, eligible cases only).
#[utoipa::path(post, path = "/api/v1/public/petitions/{query_code}/evaluation", request_body = EvaluationBody,
    params(("query_code" = String, Path), ("X-Pin" = String, Header)),
    responses((status = 200, description = "Progress after the evaluation"), (status = 409, description = "Not eligible or already evaluated")))]
pub async fn evaluation(
    State(s): State<AppState>,
    Extension(limits): Extension<Arc<Limits>>,
    ClientAddr(addr): ClientAddr,
    lang: Lang,
    headers: HeaderMap,
    Path(code): Path<String>,
    ApiJson(b): ApiJson<EvaluationBody>,
) -> Response {
    let Some(grade) = Grade::parse(b.grade.trim()) else {
        return ApiError::domain(
            DomainError::invalid(
                "grade",
                "评价应为满意、基本满意或不满意",
                "one of satisfied, basically_satisfied, dissatisfied",
            ),
            lang,
        )
        .into_response();
    };
    let pin = pin(&headers);
    with_pin(&limits, &s, &addr, lang, || {
        s.app.portal_evaluate(&code, &pin, grade)
    })
    .await
}

/// An optional body of a review request.
#[derive(Default, Deserialize, ToSchema)]
pub struct ReviewRequestBody {
    /// The petitioner's reasons (at most 2,000 characters).
    #[serde(default)]
    pub reasons: Option<String>,
    /// Evidence: PNG, JPEG or PDF, at most 3 files of 5 MB.
    #[serde(default)]
    pub attachments: Vec<PublicAttachment>,
}

/// Request a review (复查) of the opinion or a re-review (复核) of the review opinion; the
/// body (`reasons`, `attachments`) is optional.
#[utoipa::path(post, path = "/api/v1/public/petitions/{query_code}/review-request",
    params(("query_code" = String, Path), ("X-Pin" = String, Header)), request_body = ReviewRequestBody,
    responses((status = 200, description = "Progress after the request"),
        (status = 409, description = "`case.request_window_closed` with the rule cited in `fields.rule`")))]
pub async fn review_request(
    State(s): State<AppState>,
    Extension(limits): Extension<Arc<Limits>>,
    ClientAddr(addr): ClientAddr,
    lang: Lang,
    headers: HeaderMap,
    Path(code): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    let pin = pin(&headers);
    let body: ReviewRequestBody = if body.iter().all(u8::is_ascii_whitespace) {
        ReviewRequestBody::default()
    } else {
        match serde_json::from_slice(&body) {
            Ok(b) => b,
            Err(e) => return ApiError::malformed(e.to_string(), lang).into_response(),
        }
    };
    let mut files = Vec::with_capacity(body.attachments.len());
    for (i, a) in body.attachments.into_iter().enumerate() {
        match decode_base64(&a.content_base64) {
            Some(bytes) => files.push(PortalFile {
                filename: a.filename,
                bytes,
            }),
            None => {
                let e = DomainError::invalid(
                    &format!("attachments[{i}]"),
                    "附件内容无法读取（应为base64编码）",
                    "content_base64 is not valid base64",
                );
                return ApiError::domain(e, lang).into_response();
            }
        }
    }
    let reasons = body.reasons;
    with_pin(&limits, &s, &addr, lang, || {
        s.app
            .portal_request_review(&code, &pin, reasons.as_deref(), &files)
    })
    .await
}
