//! Attachments sent with an online petition: at most 3 files of 5 MiB each, PNG, JPEG or PDF
//! by their first bytes (the workbench's [`sniff`]; GIF and WebP are staff-only), stored with
//! the case through the attachments store (sealed at rest).

use huiyin_core::case::CaseId;
use huiyin_core::error::DomainError;
use huiyin_store::NewAttachment;

use super::actor::portal_actor;
use crate::context::App;
use crate::error::Result;
use crate::workbench::{clean_filename, sniff};

/// Files one online petition may carry.
pub const MAX_PORTAL_FILES: usize = 3;
/// The largest file accepted online.
pub const MAX_PORTAL_FILE_BYTES: usize = 5 * 1024 * 1024;

/// One file sent with an online petition.
#[derive(Clone, Debug)]
pub struct PortalFile {
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// The accepted content type of a file sent online, by its bytes.
fn portal_type(bytes: &[u8]) -> Option<&'static str> {
    sniff(bytes).filter(|t| matches!(*t, "image/png" | "image/jpeg" | "application/pdf"))
}

/// Every problem with the files, as field messages on `attachments`.
pub(super) fn check_files(files: &[PortalFile], err: &mut Option<DomainError>) {
    let mut bad = |field: String, zh: String, en: String| {
        let e = err
            .take()
            .unwrap_or_else(|| DomainError::new(huiyin_core::error::ErrorCode::Validation));
        *err = Some(e.with(&field, zh, en));
    };
    if files.len() > MAX_PORTAL_FILES {
        bad(
            "attachments".into(),
            format!(
                "最多上传{MAX_PORTAL_FILES}个附件，您选择了{}个",
                files.len()
            ),
            format!("at most {MAX_PORTAL_FILES} files"),
        );
    }
    for (i, f) in files.iter().enumerate() {
        let name = clean_filename(&f.filename);
        let field = format!("attachments[{i}]");
        if f.bytes.is_empty() {
            bad(
                field,
                format!("附件“{name}”是空文件"),
                format!("{name}: the file is empty"),
            );
        } else if f.bytes.len() > MAX_PORTAL_FILE_BYTES {
            bad(
                field,
                format!("附件“{name}”超过5MB，请压缩后再上传"),
                format!("{name}: larger than 5 MB"),
            );
        } else if portal_type(&f.bytes).is_none() {
            bad(
                field,
                format!("附件“{name}”不是PNG、JPEG图片或PDF文件（按文件内容识别，与扩展名无关）"),
                format!("{name}: only PNG, JPEG or PDF files (by content)"),
            );
        }
    }
}

/// A digest of the files for the submission's fingerprint.
pub(super) fn files_digest(files: &[PortalFile]) -> String {
    files
        .iter()
        .map(|f| format!("{}:{}", f.filename, huiyin_crypto::sm3_hex(&f.bytes)))
        .collect::<Vec<_>>()
        .join(",")
}

/// Decodes standard base64 (with or without padding; whitespace ignored). `None` if invalid.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' | b'-' => Some(62),
            b'/' | b'_' => Some(63),
            _ => None,
        }
    }
    let clean: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let body = clean
        .strip_suffix(b"==")
        .or_else(|| clean.strip_suffix(b"="))
        .unwrap_or(&clean);
    if body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.chunks(4) {
        let mut acc = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            acc |= value(*c)? << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

impl App {
    /// Stores the files of an online petition with its case, as the portal.
    pub(super) async fn store_portal_files(
        &self,
        case_id: CaseId,
        receiving_unit: huiyin_core::org::UnitId,
        files: &[PortalFile],
    ) -> Result<()> {
        let actor = portal_actor(receiving_unit);
        for f in files {
            let Some(content_type) = portal_type(&f.bytes) else {
                continue;
            };
            let filename = clean_filename(&f.filename);
            let meta = self
                .store
                .insert_attachment(&NewAttachment {
                    case_id,
                    filename: &filename,
                    content_type,
                    bytes: &f.bytes,
                    uploaded_by: actor.id,
                    uploaded_at: self.now_ms(),
                })
                .await?;
            self.audit(
                Some(&actor),
                "",
                "case.attachment_add",
                &format!("case:{case_id}"),
                "ok",
                &format!("attachment:{} {} {}", meta.id, meta.content_type, meta.size),
            )
            .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes() {
        assert_eq!(decode_base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(decode_base64("aGVsbG8").unwrap(), b"hello");
        assert_eq!(decode_base64("aGVs\nbG8h").unwrap(), b"hello!");
        assert_eq!(decode_base64("").unwrap(), b"");
        assert!(decode_base64("a").is_none());
        assert!(decode_base64("a*==").is_none());
    }

    #[test]
    fn only_png_jpeg_pdf_up_to_5_mib_and_three_files() {
        let f = |name: &str, bytes: &[u8]| PortalFile {
            filename: name.into(),
            bytes: bytes.to_vec(),
        };
        let mut err = None;
        check_files(
            &[f("a.png", b"\x89PNG\r\n\x1a\n"), f("b.pdf", b"%PDF-1.7")],
            &mut err,
        );
        assert!(err.is_none());
        check_files(&[f("a.gif", b"GIF89a"), f("b.png", b"")], &mut err);
        let e = err.take().unwrap();
        assert_eq!(e.fields.len(), 2);
        let mut big = b"%PDF-".to_vec();
        big.resize(MAX_PORTAL_FILE_BYTES + 1, b' ');
        check_files(&[f("big.pdf", &big)], &mut err);
        assert!(err.take().is_some());
        let four: Vec<PortalFile> = (0..4).map(|_| f("a.png", b"\x89PNG\r\n\x1a\n")).collect();
        check_files(&four, &mut err);
        assert!(err.is_some());
    }
}
