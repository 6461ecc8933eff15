//! Leaders' side of a case (issue 14): who may be named to take a case (包案) or to read it
//! (呈阅), the leader's own lists (包案, 待阅批) and how the cases each leader took have fared.
//! The steps themselves are the domain's (`huiyin_core::workflow::leaders`).

use huiyin_core::case::CaseId;
use huiyin_core::error::DomainError;
use huiyin_core::role::Role;
use huiyin_store::{CaseRecord, UserRecord};

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// What a named leader is asked to do with a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LeaderDuty {
    /// 包案: take it personally.
    Own,
    /// 呈阅: read it and instruct.
    Instruct,
}

impl App {
    /// Whether `u` is an active leader who may see the case (a leader of the handling body or
    /// of a body above it; never one of an accusation's accused unit).
    fn leads_over(&self, u: &UserRecord, rec: &CaseRecord) -> bool {
        u.active
            && u.roles.contains(&Role::Leader)
            && self.may_see(&CurrentUser::from(u.clone()), rec)
    }

    /// The named leader must be an active leader who may see the case.
    pub(crate) async fn check_leader(
        &self,
        leader_user_id: i64,
        rec: &CaseRecord,
        duty: LeaderDuty,
    ) -> Result<()> {
        let leader = self.store.user_by_id(leader_user_id).await?;
        if leader.is_some_and(|u| self.leads_over(&u, rec)) {
            return Ok(());
        }
        let (zh, en) = match duty {
            LeaderDuty::Own => (
                "包案领导应为能查看本件的单位负责人",
                "the owning leader must be a unit leader who may see the case",
            ),
            LeaderDuty::Instruct => (
                "呈阅对象应为能查看本件的本单位或上级单位负责人",
                "the case can be put before a leader of this unit or above who may see it",
            ),
        };
        Err(DomainError::invalid("leader_user_id", zh, en).into())
    }

    /// The leaders a case the caller may see can be put before (the case page's 呈阅 form):
    /// active leaders who may see it, nearest unit first, then by name.
    pub async fn instructing_leaders(
        &self,
        user: &CurrentUser,
        case_id: CaseId,
    ) -> Result<Vec<(i64, String)>> {
        let rec = self.visible_case(user, case_id).await?;
        let org = self.org();
        let mut out: Vec<(usize, String, i64)> = self
            .store
            .users()
            .await?
            .into_iter()
            .filter(|u| self.leads_over(u, &rec))
            .map(|u| {
                let unit = org
                    .get(u.unit_id)
                    .map(|x| x.name.clone())
                    .unwrap_or_default();
                let depth = usize::MAX - org.ancestors_or_self(u.unit_id).len();
                (depth, format!("{}（{unit}）", u.display_name), u.id)
            })
            .collect();
        out.sort();
        Ok(out.into_iter().map(|(_, name, id)| (id, name)).collect())
    }
}
