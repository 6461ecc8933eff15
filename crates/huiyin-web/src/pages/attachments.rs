//! Attachments on the case page: `POST /cases/{id}/attachments` adds files (multipart, up to
//! 10 MiB each, type sniffed by the app); `GET /cases/{id}/attachments/{aid}` downloads one
//! with its sniffed type, as an attachment, to whoever may see the case.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use huiyin_app::workbench::AttachmentMeta;
use huiyin_core::error::DomainError;

use super::case_page::with_error;
use super::chrome::error_page;
use super::i18n::pick;
use super::session::Staff;
use super::upload::UploadForm;
use crate::AppState;
use crate::error::Lang;

/// An attachment as the case page lists it.
pub struct AttachmentRow {
    pub id: i64,
    pub filename: String,
    pub kind: &'static str,
    pub size: String,
    /// The day it was added (Beijing time).
    pub on: String,
}

/// A readable size: 834 B, 12.5 KB, 3.2 MB.
fn size_text(n: i64) -> String {
    #[allow(clippy::cast_precision_loss)] // sizes are below 2^53
    let f = n as f64;
    if n < 1024 {
        format!("{n} B")
    } else if n < 1024 * 1024 {
        format!("{:.1} KB", f / 1024.0)
    } else {
        format!("{:.1} MB", f / (1024.0 * 1024.0))
    }
}

pub fn rows(metas: &[AttachmentMeta], lang: Lang) -> Vec<AttachmentRow> {
    metas
        .iter()
        .map(|m| AttachmentRow {
            id: m.id,
            filename: m.filename.clone(),
            kind: match m.content_type.as_str() {
                "application/pdf" => "PDF",
                "image/png" => "PNG",
                "image/jpeg" => "JPEG",
                "image/gif" => "GIF",
                "image/webp" => "WebP",
                _ => pick(lang, "文件", "File"),
            },
            size: size_text(m.size),
            on: huiyin_core::Date::from_unix_millis_beijing(m.uploaded_at).to_string(),
        })
        .collect()
}

pub async fn upload(State(s): State<AppState>, Path(id): Path<i64>, form: UploadForm) -> Response {
    let UploadForm { staff, files, .. } = form;
    if files.is_empty() {
        let e = DomainError::invalid("attachments", "请选择要上传的文件", "choose a file");
        return with_error(&s, &staff, id, &e.into()).await;
    }
    // Every file is checked before any is stored, so a bad one leaves the case unchanged.
    for f in &files {
        if let Err(e) = huiyin_app::workbench::check_attachment(&f.filename, &f.bytes) {
            return with_error(&s, &staff, id, &e.into()).await;
        }
    }
    for f in &files {
        if let Err(e) = s
            .app
            .add_attachment(&staff.user, id, &f.filename, &f.bytes)
            .await
        {
            return with_error(&s, &staff, id, &e).await;
        }
    }
    Redirect::to(&format!("/cases/{id}?done=attach#attachments")).into_response()
}

/// `filename*` of RFC 6266 / 5987, with a plain ASCII fallback.
pub(crate) fn disposition(filename: &str) -> String {
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in filename.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

pub async fn download(
    State(s): State<AppState>,
    Path((id, aid)): Path<(i64, i64)>,
    staff: Staff,
) -> Response {
    let (meta, bytes) = match s.app.attachment(&staff.user, id, aid).await {
        Ok(found) => found,
        Err(e) => return error_page(&s, &staff, &e),
    };
    let content_type = HeaderValue::from_str(&meta.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let disposition = HeaderValue::from_str(&disposition(&meta.filename))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        StatusCode::OK,
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
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_are_encoded() {
        assert_eq!(
            disposition("来信 扫描.pdf"),
            "attachment; filename=\"__ __.pdf\"; filename*=UTF-8''%E6%9D%A5%E4%BF%A1%20%E6%89%AB%E6%8F%8F.pdf"
        );
        assert_eq!(size_text(10), "10 B");
        assert_eq!(size_text(2048), "2.0 KB");
    }
}
