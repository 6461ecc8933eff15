//! Forms that may carry files: `multipart/form-data` (or a plain urlencoded form), with the
//! same origin, session and CSRF checks as [`StaffForm`](super::session::StaffForm). These
//! routes get a larger body limit than the rest (see `lib.rs`).

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use huiyin_app::workbench::{MAX_ATTACHMENT_BYTES, MAX_FILES_PER_UPLOAD};

use super::i18n::pick;
use super::session::{Fields, Staff, page_lang, same_bytes, same_origin};
use crate::AppState;
use crate::error::Lang;

/// The body limit of the upload routes: the files of one form and some room for the fields.
pub const UPLOAD_BODY_LIMIT: usize = MAX_FILES_PER_UPLOAD * MAX_ATTACHMENT_BYTES + 1024 * 1024;

/// One file of a form.
pub struct Upload {
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// A POST form from a signed-in staff member, CSRF-checked, with its files.
pub struct UploadForm {
    pub staff: Staff,
    pub fields: Fields,
    pub files: Vec<Upload>,
}

fn refuse(status: StatusCode, lang: Lang, zh: &str, en: &str) -> Response {
    (status, pick(lang, zh, en).to_owned()).into_response()
}

impl FromRequest<AppState> for UploadForm {
    type Rejection = Response;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let lang = page_lang(&parts.headers);
        let bad_origin = || {
            refuse(
                StatusCode::FORBIDDEN,
                lang,
                "请求来源校验失败，请刷新页面后重试",
                "The request failed its origin check; reload the page and try again",
            )
        };
        if !same_origin(&parts.headers) {
            return Err(bad_origin());
        }
        let signed_in = Staff::from_request_parts(&mut parts, state).await;
        let content_type = parts
            .headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let header_token = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let too_large = || {
            refuse(
                crate::error::status_of(huiyin_core::error::ErrorCode::TooLarge),
                lang,
                "上传内容过大：每个附件不超过10MB，每次最多5个",
                "Too large: at most 5 files of 10 MB each",
            )
        };
        // Nobody signed in is given at most 1 MiB of reading, for the typed text to keep; the
        // files of an upload wait for a session.
        let limit = if signed_in.is_ok() {
            UPLOAD_BODY_LIMIT
        } else {
            1 << 20
        };
        let body = match axum::body::to_bytes(body, limit).await {
            Ok(b) => b,
            Err(_) => return Err(signed_in.err().unwrap_or_else(too_large)),
        };
        let (fields, files) = if let Some(boundary) = boundary_of(&content_type) {
            parse_multipart(&body, &boundary).ok_or_else(|| {
                refuse(
                    crate::error::status_of(huiyin_core::error::ErrorCode::BadParameters),
                    lang,
                    "表单内容无法解析",
                    "The form could not be read",
                )
            })?
        } else {
            (Fields(urlencoded_pairs(body, state).await?), Vec::new())
        };
        let action = parts.uri.path().to_owned();
        let staff = match signed_in {
            Ok(staff) => staff,
            Err(to) if super::session::sent_to_login(&to) => {
                return Err(super::kept_form::session_ended(
                    state,
                    lang,
                    &parts.headers,
                    &action,
                    &fields,
                    !files.is_empty(),
                ));
            }
            Err(other) => return Err(other),
        };
        if files.len() > MAX_FILES_PER_UPLOAD {
            return Err(too_large());
        }
        let sent = fields.get("_csrf").map(str::to_owned).or(header_token);
        let ok = sent.is_some_and(|t| same_bytes(&t, &staff.csrf));
        if !ok {
            return Err(super::kept_form::stale_token(
                state,
                &staff,
                &parts.headers,
                &action,
                &fields,
                !files.is_empty(),
            ));
        }
        Ok(UploadForm {
            staff,
            fields,
            files,
        })
    }
}

/// The fields of a plain urlencoded form body.
async fn urlencoded_pairs(
    body: axum::body::Bytes,
    state: &AppState,
) -> Result<Vec<(String, String)>, Response> {
    let req = Request::builder()
        .method(axum::http::Method::POST)
        .header(
            axum::http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(axum::body::Body::from(body))
        .map_err(|_| StatusCode::BAD_REQUEST.into_response())?;
    let axum::Form(pairs) = axum::Form::<Vec<(String, String)>>::from_request(req, state)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(pairs)
}

/// The boundary of a `multipart/form-data` content type.
pub(crate) fn boundary_of(content_type: &str) -> Option<String> {
    let mut parts = content_type.split(';');
    if !parts
        .next()?
        .trim()
        .eq_ignore_ascii_case("multipart/form-data")
    {
        return None;
    }
    parts
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        .filter(|b| !b.is_empty() && b.len() <= 200)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    let first = needle[0];
    let mut i = from;
    while i + needle.len() <= hay.len() {
        match hay[i..].iter().position(|b| *b == first) {
            None => return None,
            Some(p) => i += p,
        }
        if hay[i..].starts_with(needle) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// A parameter of a `Content-Disposition` header (`name="…"`).
fn disposition_param(header: &str, key: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// Splits a `multipart/form-data` body into its text fields and its files (a file part with
/// an empty name and no bytes, as browsers send for an empty file input, is dropped).
pub fn parse_multipart(body: &[u8], boundary: &str) -> Option<(Fields, Vec<Upload>)> {
    let delim = format!("--{boundary}");
    let next_delim = format!("\r\n--{boundary}");
    let mut fields = Vec::new();
    let mut files = Vec::new();
    let mut at = find(body, delim.as_bytes(), 0)? + delim.len();
    loop {
        if body[at..].starts_with(b"--") {
            return Some((Fields(fields), files));
        }
        if !body[at..].starts_with(b"\r\n") {
            return None;
        }
        at += 2;
        let head_end = find(body, b"\r\n\r\n", at)?;
        let head = std::str::from_utf8(&body[at..head_end]).ok()?;
        let content_start = head_end + 4;
        let content_end = find(body, next_delim.as_bytes(), content_start)?;
        let disposition = head
            .split("\r\n")
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case("content-disposition")
                    .then_some(v.trim())
            })
            .unwrap_or("");
        let name = disposition_param(disposition, "name").unwrap_or_default();
        let content = &body[content_start..content_end];
        match disposition_param(disposition, "filename") {
            Some(filename) => {
                if !(filename.is_empty() && content.is_empty()) {
                    files.push(Upload {
                        filename,
                        bytes: content.to_vec(),
                    });
                }
            }
            None => fields.push((name, String::from_utf8_lossy(content).into_owned())),
        }
        at = content_end + next_delim.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_bodies_split_into_fields_and_files() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"scan.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\r\n--X\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n\
--XyZ--\r\n";
        let (fields, files) = parse_multipart(body, "XyZ").unwrap();
        assert_eq!(fields.get("_csrf"), Some("abc"));
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].filename, "scan.png");
        assert_eq!(files[0].bytes, b"\x89PNG\r\n\x1a\n\r\n--X");
        assert_eq!(
            boundary_of("multipart/form-data; boundary=\"XyZ\""),
            Some("XyZ".into())
        );
        assert_eq!(boundary_of("application/x-www-form-urlencoded"), None);
        assert!(parse_multipart(b"--XyZ\r\nbroken", "XyZ").is_none());
    }
}
