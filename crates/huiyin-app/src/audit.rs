//! Writing and reading the audit trail (who did what to which target, with what result).

use huiyin_core::error::ErrorCode;
use huiyin_core::permission::Permission;
use huiyin_store::{AuditEntry, AuditFilter, AuditRecord, AuditReport, SignIn};

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
        let entry = self.audit_entry(user, who, action, target, result, detail);
        self.committer.audit(entry).await?;
        Ok(())
    }

    /// The entry [`App::audit`] records, for writing with other changes.
    pub(crate) fn audit_entry(
        &self,
        user: Option<&CurrentUser>,
        who: &str,
        action: &str,
        target: &str,
        result: &str,
        detail: &str,
    ) -> AuditEntry {
        AuditEntry {
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
        }
    }

    /// Records an entry without waiting for its commit (views: the answer is not held up by an
    /// fsync; the entry is written with the next batch, within milliseconds).
    pub fn audit_soon(&self, user: &CurrentUser, action: &str, target: &str) {
        self.audit_soon_with(user, action, target, "ok", "");
    }

    /// [`App::audit_soon`] with a result (an error code for a refusal) and a detail.
    pub fn audit_soon_with(
        &self,
        user: &CurrentUser,
        action: &str,
        target: &str,
        result: &str,
        detail: &str,
    ) {
        self.committer.audit_soon(AuditEntry {
            at: self.now_ms(),
            user_id: Some(user.id),
            username: user.username.clone(),
            unit_id: Some(user.unit_id),
            action: action.to_owned(),
            target: target.to_owned(),
            result: result.to_owned(),
            detail: detail.to_owned(),
        });
    }

    /// Records an export of case data (what was exported and how many rows).
    pub fn record_export(&self, user: &CurrentUser, what: &str, rows: usize) {
        self.audit_soon_with(user, "case.export", what, "ok", &format!("rows={rows}"));
    }

    /// Records a refused read of the audit trail or the sign-in history, then refuses it.
    async fn refuse_audit_read(&self, user: &CurrentUser, action: &str) -> Result<()> {
        self.audit(
            Some(user),
            "",
            action,
            "",
            ErrorCode::Forbidden.as_str(),
            "",
        )
        .await?;
        Err(ErrorCode::Forbidden.into())
    }

    /// Searches the trail (audit administrators only; the search itself is recorded).
    #[tracing::instrument(name = "app.audit_entries", skip_all, fields(user_id = user.id))]
    pub async fn audit_entries(
        &self,
        user: &CurrentUser,
        username: Option<&str>,
        action: Option<&str>,
        page: u32,
        per_page: u32,
    ) -> Result<Vec<AuditRecord>> {
        let filter = AuditFilter {
            username: username.map(str::to_owned),
            action: action.map(str::to_owned),
            ..AuditFilter::default()
        };
        self.audit_search(user, &filter, page, per_page).await
    }

    /// Searches the trail by user, action, target and time (audit administrators only; the
    /// search itself is recorded, which also flushes every entry queued before it).
    #[tracing::instrument(name = "app.audit_search", skip_all, fields(user_id = user.id))]
    pub async fn audit_search(
        &self,
        user: &CurrentUser,
        f: &AuditFilter,
        page: u32,
        per_page: u32,
    ) -> Result<Vec<AuditRecord>> {
        if !user.may(Permission::ReadAudit) {
            return self
                .refuse_audit_read(user, "audit.read")
                .await
                .map(|()| Vec::new());
        }
        let per_page = per_page.clamp(1, 500);
        let offset = i64::from(page.max(1) - 1) * i64::from(per_page);
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let opt_ms = |o: Option<i64>| o.map(|v| v.to_string()).unwrap_or_default();
        let filter = format!(
            "username={} action={} target={} from={} until={}",
            opt(&f.username),
            opt(&f.action),
            opt(&f.target),
            opt_ms(f.from_ms),
            opt_ms(f.until_ms)
        );
        self.audit(Some(user), "", "audit.read", "audit_log", "ok", &filter)
            .await?;
        Ok(self
            .store
            .audit_search(f, i64::from(per_page), offset)
            .await?)
    }

    /// Sign-in history, newest first, optionally of one user (security and audit
    /// administrators; the read is recorded).
    #[tracing::instrument(name = "app.sign_in_history", skip_all, fields(user_id = user.id))]
    pub async fn sign_in_history(
        &self,
        user: &CurrentUser,
        username: Option<&str>,
        limit: i64,
    ) -> Result<Vec<SignIn>> {
        if !user.may(Permission::ReadSignIns) {
            return self
                .refuse_audit_read(user, "sign_ins.read")
                .await
                .map(|()| Vec::new());
        }
        self.audit(
            Some(user),
            "",
            "sign_ins.read",
            "sign_ins",
            "ok",
            username.unwrap_or(""),
        )
        .await?;
        Ok(self.store.sign_ins(username, limit.clamp(1, 1000)).await?)
    }

    /// Verifies the hash chain (audit administrators, or the command line when `user` is None).
    #[tracing::instrument(name = "app.verify_audit", skip_all)]
    pub async fn verify_audit(&self, user: Option<&CurrentUser>) -> Result<AuditReport> {
        if let Some(u) = user.filter(|u| !u.may(Permission::ReadAudit)) {
            self.refuse_audit_read(u, "audit.verify").await?;
        }
        if let Some(u) = user {
            self.audit(Some(u), "", "audit.verify", "audit_log", "ok", "")
                .await?;
        }
        Ok(self.store.verify_audit().await?)
    }

    /// Purges entries recorded before Beijing day `before` (`huiyin audit purge`, run by the
    /// operator on the command line): refused unless the day is past the retention period
    /// (at least [`crate::MIN_AUDIT_RETENTION_DAYS`]). The purge itself is audited.
    #[tracing::instrument(name = "app.purge_audit_before", skip_all)]
    pub async fn purge_audit_before(&self, before: huiyin_core::Date) -> Result<u64> {
        let retention_days = self
            .config
            .audit_retention_days
            .max(crate::MIN_AUDIT_RETENTION_DAYS);
        let n = self
            .store
            .purge_audit(
                before.beijing_start_millis(),
                self.now_ms(),
                retention_days * huiyin_core::date::DAY_MS,
            )
            .await?;
        self.audit(
            None,
            "command-line",
            "audit.purge",
            &before.to_string(),
            "ok",
            &format!("{n} entries"),
        )
        .await?;
        Ok(n)
    }
}
