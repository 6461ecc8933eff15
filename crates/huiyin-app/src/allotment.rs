//! Who a case may be allotted to (分办, issue 12 item 1): an active handler or leader of the
//! handling unit's body (a petition office counts with its bureau). The step itself is the
//! domain's (`huiyin_core::workflow`'s `allot`); the app checks the person and names them.

use huiyin_core::case::CaseId;
use huiyin_core::error::DomainError;
use huiyin_core::org::{OrgTree, UnitId};
use huiyin_core::role::Role;
use huiyin_store::{CaseRecord, UserRecord};

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// An active handler or leader of the body `body` (`None`: of nothing).
fn handles_for(org: &OrgTree, u: &UserRecord, body: Option<UnitId>) -> bool {
    u.active
        && (u.roles.contains(&Role::Handler) || u.roles.contains(&Role::Leader))
        && body.is_some()
        && org.competent_body(u.unit_id).map(|b| b.id) == body
}

impl App {
    /// The users of `body` who may handle its cases, by name (sorted), kept by `keep`.
    async fn handlers_of(
        &self,
        body: Option<UnitId>,
        keep: impl Fn(&UserRecord) -> bool,
    ) -> Result<Vec<(i64, String)>> {
        let org = self.org();
        let mut out: Vec<(i64, String)> = self
            .store
            .users()
            .await?
            .into_iter()
            .filter(|u| handles_for(&org, u, body) && keep(u))
            .map(|u| (u.id, u.display_name))
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(out)
    }

    /// 分办: the handler must be an active handler or leader of the handling unit's body who may
    /// see the case; returns their display name.
    pub(crate) async fn allottable_handler(
        &self,
        handler_user_id: i64,
        rec: &CaseRecord,
    ) -> Result<String> {
        let org = self.org();
        let body = org.competent_body(rec.case.handling_unit_id).map(|u| u.id);
        match self.store.user_by_id(handler_user_id).await? {
            Some(u)
                if handles_for(&org, &u, body)
                    && self.may_see(&CurrentUser::from(u.clone()), rec) =>
            {
                Ok(u.display_name)
            }
            _ => Err(DomainError::invalid(
                "handler_user_id",
                "承办人应为本单位在岗的承办人或负责人",
                "the handler must be an active handler or leader of the handling unit",
            )
            .into()),
        }
    }

    /// The users a case the caller may see may be allotted to, by name (the case page's 分办
    /// form).
    pub async fn allottable_handlers(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
    ) -> Result<Vec<(i64, String)>> {
        let rec = self.visible_case(user, case_id).await?;
        let body = self
            .org()
            .competent_body(rec.case.handling_unit_id)
            .map(|u| u.id);
        self.handlers_of(body, |u| self.may_see(&CurrentUser::from(u.clone()), &rec))
            .await
    }

    /// The users the caller's unit may allot its cases to (the list page's batch 分办).
    pub async fn unit_handlers(&self, user: &CurrentUser) -> Result<Vec<(i64, String)>> {
        let body = self.org().competent_body(user.unit_id).map(|u| u.id);
        self.handlers_of(body, |_| true).await
    }
}
