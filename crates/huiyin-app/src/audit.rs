//! Writing and reading the audit trail (who did what to which target, with what result).

use huiyin_core::error::ErrorCode;
use huiyin_core::role::Role;
use huiyin_store::{AuditEntry, AuditRecord, AuditReport};

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

impl App {
    /// Appends an audit entry for `user` (or an anonymous/system actor named `who`).
    pub async fn audit(
        &self,
        user: Option<&CurrentUser>,
        who: &str,
        action: &str,
        target: &str,
        result: &str,
        detail: &str,
    ) -> Result<()> {
        let entry = AuditEntry {
            at: self.now_ms(),
            user_id: user.map(|u| u.id),
            username: user
                .map(|u| u.username.clone())
                .unwrap_or_else(|| who.to_owned()),
            unit_id: user.map(|u| u.unit_id),
            action: action.to_owned(),
            target: target.to_owned(),
            result: result.to_owned(),
            detail: detail.to_owned(),
        };
        self.committer.audit(entry).await?;
        Ok(())
    }

    /// Records an entry without waiting for its commit (views: the answer is not held up by an
    /// fsync; the entry is written with the next batch, within milliseconds).
    pub fn audit_soon(&self, user: &CurrentUser, action: &str, target: &str) {
        self.committer.audit_soon(AuditEntry {
            at: self.now_ms(),
            user_id: Some(user.id),
            username: user.username.clone(),
            unit_id: Some(user.unit_id),
            action: action.to_owned(),
            target: target.to_owned(),
            result: "ok".to_owned(),
            detail: String::new(),
        });
    }

    /// Searches the trail (audit administrators only; the search itself is recorded).
    pub async fn audit_entries(
        &self,
        user: &CurrentUser,
        username: Option<&str>,
        action: Option<&str>,
        page: u32,
        per_page: u32,
    ) -> Result<Vec<AuditRecord>> {
        if !user.has(Role::Auditor) {
            return Err(ErrorCode::Forbidden.into());
        }
        let per_page = per_page.clamp(1, 500);
        let offset = i64::from(page.max(1) - 1) * i64::from(per_page);
        // Recording the read first also flushes every entry queued before it (FIFO batches).
        let filter = format!(
            "username={} action={}",
            username.unwrap_or(""),
            action.unwrap_or("")
        );
        self.audit(Some(user), "", "audit.read", "audit_log", "ok", &filter)
            .await?;
        Ok(self
            .store
            .audit_entries(username, action, i64::from(per_page), offset)
            .await?)
    }

    /// Verifies the hash chain (audit administrators, or the command line when `user` is None).
    pub async fn verify_audit(&self, user: Option<&CurrentUser>) -> Result<AuditReport> {
        if user.is_some_and(|u| !u.has(Role::Auditor)) {
            return Err(ErrorCode::Forbidden.into());
        }
        if let Some(u) = user {
            self.audit(Some(u), "", "audit.verify", "audit_log", "ok", "")
                .await?;
        }
        Ok(self.store.verify_audit().await?)
    }
}
