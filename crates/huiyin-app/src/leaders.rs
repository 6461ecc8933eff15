//! Leaders' side of a case (issue 14): who may be named to take a case (包案) or to read it
//! (呈阅), the leader's own lists (包案, 待阅批) and how the cases each leader took have fared.
//! The steps themselves are the domain's (`huiyin_core::workflow::leaders`).

use huiyin_core::case::CaseId;
use huiyin_core::error::DomainError;
use huiyin_core::policy::visibility_root;
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
        // 呈阅 goes to a leader who can instruct: of the handling body or a body above it.
        let above = |u: &UserRecord| {
            let org = self.org();
            let root = visibility_root(&CurrentUser::from(u.clone()).actor(), &org);
            duty == LeaderDuty::Own || org.is_ancestor_or_self(root, rec.case.handling_unit_id)
        };
        if leader.is_some_and(|u| self.leads_over(&u, rec) && above(&u)) {
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
            .filter(|u| {
                self.leads_over(u, &rec)
                    && org.is_ancestor_or_self(
                        visibility_root(&CurrentUser::from(u.clone()).actor(), &org),
                        rec.case.handling_unit_id,
                    )
            })
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

/// How the cases one leader took personally (包案) stand: resolution counted per leader.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct LeaderTally {
    pub leader_user_id: i64,
    pub leader_name: String,
    /// Every case the leader took.
    pub taken: i64,
    /// Still being handled (not yet answered).
    pub open: i64,
    /// Answered: an opinion or decision issued, or otherwise disposed of.
    pub answered: i64,
    /// Of them, concluded for good (final, closed, not accepted, redirected, diverted).
    pub concluded: i64,
    /// Open with a deadline passed.
    pub overdue: i64,
}

impl App {
    /// The leaders who took cases the user may see, with how those cases stand, most first.
    pub async fn owned_by_leader(&self, user: &CurrentUser) -> Result<Vec<LeaderTally>> {
        use huiyin_core::case::Status;
        let counts = self
            .store
            .owned_case_counts(
                &self.scope_of(user),
                &self.firewall_of(user),
                huiyin_core::deadline::overdue_if_due_before(self.today()),
            )
            .await?;
        let mut out: Vec<LeaderTally> = Vec::new();
        for c in &counts {
            let i = match out
                .iter()
                .position(|t| t.leader_user_id == c.leader_user_id)
            {
                Some(i) => i,
                None => {
                    out.push(LeaderTally {
                        leader_user_id: c.leader_user_id,
                        ..LeaderTally::default()
                    });
                    out.len() - 1
                }
            };
            let t = &mut out[i];
            let status = Status::parse(&c.status);
            let in_hand = status.is_some_and(|s| {
                matches!(
                    s,
                    Status::Registered
                        | Status::Forwarded
                        | Status::Assigned
                        | Status::Objected
                        | Status::Accepted
                        | Status::ReviewRequested
                        | Status::RereviewRequested
                )
            });
            t.taken += c.cases;
            if in_hand {
                t.open += c.cases;
                t.overdue += c.overdue;
            } else {
                t.answered += c.cases;
            }
            if status.is_some_and(Status::is_terminal) {
                t.concluded += c.cases;
            }
        }
        let ids: Vec<i64> = out.iter().map(|t| t.leader_user_id).collect();
        let names = self.user_names(&ids).await?;
        for t in &mut out {
            t.leader_name = names
                .iter()
                .find(|(id, _)| *id == t.leader_user_id)
                .map_or_else(|| format!("#{}", t.leader_user_id), |(_, n)| n.clone());
        }
        out.sort_by(|a, b| {
            b.taken
                .cmp(&a.taken)
                .then(a.leader_name.cmp(&b.leader_name))
        });
        Ok(out)
    }
}
