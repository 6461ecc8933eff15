//! Attachments of a case (scans, photos, PDF): at most 10 MiB each, the type taken from the
//! file's first bytes (PNG, JPEG, PDF, GIF, WebP; anything else is refused whatever its name
//! or declared type), visible exactly to those who may see the case.

use huiyin_core::case::CaseId;
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::permission::Permission;
use huiyin_store::{AttachmentMeta, NewAttachment};

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};

/// The largest attachment accepted.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
/// The most files sent in one form.
pub const MAX_FILES_PER_UPLOAD: usize = 5;

/// The content type of a file from its magic bytes, if it is one of the accepted kinds.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some("image/jpeg")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// A file name safe to store and to send back: the last path segment, without control
/// characters or quotes, at most 120 characters.
pub fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '*' | '?' | '|'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "attachment".to_owned()
    } else {
        cleaned
    }
}

/// The sniffed content type of a file that may be attached, or why it may not: empty, larger
/// than 10 MiB, or not a PNG, JPEG, PDF, GIF or WebP file by its content.
pub fn check_attachment(
    filename: &str,
    bytes: &[u8],
) -> std::result::Result<&'static str, DomainError> {
    let filename = clean_filename(filename);
    if bytes.is_empty() {
        return Err(DomainError::invalid(
            "attachments",
            format!("{filename}：文件为空"),
            format!("{filename}: the file is empty"),
        ));
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(DomainError::invalid(
            "attachments",
            format!("{filename}：文件超过10MB"),
            format!("{filename}: larger than 10 MB"),
        ));
    }
    sniff(bytes).ok_or_else(|| {
        DomainError::invalid(
            "attachments",
            format!("{filename}：只接受PNG、JPEG、GIF、WebP图片或PDF文件"),
            format!("{filename}: only PNG, JPEG, GIF, WebP images or PDF files"),
        )
    })
}

fn may_attach(user: &CurrentUser) -> bool {
    user.actor().may(Permission::HandleCases)
}

impl App {
    /// Whether the user may add attachments to cases they can see.
    pub fn can_attach(&self, user: &CurrentUser) -> bool {
        may_attach(user)
    }

    /// Adds a file to a case the user can see. Refused: an empty or too large file, a type
    /// other than PNG, JPEG, PDF, GIF or WebP (by content), a role that does not work cases.
    pub async fn add_attachment(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
        filename: &str,
        bytes: &[u8],
    ) -> Result<AttachmentMeta> {
        self.visible_case(user, case_id).await?;
        if !may_attach(user) {
            return Err(ErrorCode::RoleRequired.into());
        }
        let filename = clean_filename(filename);
        let content_type = check_attachment(&filename, bytes)?;
        let meta = self
            .store
            .insert_attachment(&NewAttachment {
                case_id,
                filename: &filename,
                content_type,
                bytes,
                uploaded_by: user.id,
                uploaded_at: self.now_ms(),
            })
            .await?;
        self.audit(
            Some(user),
            "",
            "case.attachment_add",
            &format!("case:{case_id}"),
            "ok",
            &format!("attachment:{} {} {}", meta.id, meta.content_type, meta.size),
        )
        .await?;
        Ok(meta)
    }

    /// The attachments of a case the user can see.
    pub async fn attachments(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
    ) -> Result<Vec<AttachmentMeta>> {
        self.visible_case(user, case_id).await?;
        Ok(self.store.attachments_of(case_id).await?)
    }

    /// One attachment with its bytes, for a user who can see the case (else not found).
    pub async fn attachment(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
        id: i64,
    ) -> Result<(AttachmentMeta, Vec<u8>)> {
        self.visible_case(user, case_id).await?;
        let found = self
            .store
            .attachment(case_id, id)
            .await?
            .ok_or(AppError::code(ErrorCode::NotFound))?;
        self.audit_soon(user, "case.attachment_view", &format!("attachment:{id}"));
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0"), Some("image/jpeg"));
        assert_eq!(sniff(b"%PDF-1.7"), Some("application/pdf"));
        assert_eq!(sniff(b"GIF89a"), Some("image/gif"));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b"MZ\x90\0"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(clean_filename("C:\\scans\\来信.pdf"), "来信.pdf");
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename("a\"b\r\n.png"), "ab.png");
        assert_eq!(clean_filename(""), "attachment");
        assert_eq!(clean_filename(".."), "attachment");
    }
}
