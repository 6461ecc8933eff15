//! The counts of a user's worklists (the 工作台's tiles): one grouped count of the open cases
//! their body handles, and the lists counted on their own, read together.

use huiyin_core::case::Status;
use huiyin_core::deadline::overdue_if_due_before;
use huiyin_store::Scope;

use super::queues::{WorkQueue, soon_window};
use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// How many cases are in each worklist of a user.
#[derive(Clone, Debug, Default)]
pub struct WorkCounts {
    pub counts: Vec<(WorkQueue, i64)>,
}

impl WorkCounts {
    pub fn get(&self, q: WorkQueue) -> i64 {
        self.counts
            .iter()
            .find(|(k, _)| *k == q)
            .map_or(0, |(_, n)| *n)
    }
}

impl App {
    /// Counts of every worklist of the user, from one grouped count (plus one each for 督办,
    /// 待我审批, 辖区超期 and the leaders' lists). The reads are independent and run together:
    /// the 工作台 waits for the longest of them, not for their sum (issue 18: on PostgreSQL
    /// at one million cases, the county leader's counts took 114 ms at p95 one after another).
    pub async fn work_counts(&self, user: &CurrentUser) -> Result<WorkCounts> {
        use WorkQueue as Q;
        let queues = self.queues_for(user);
        let has = |q: WorkQueue| queues.contains(&q);
        let today = self.today();
        let units = self.work_units(user);
        let firewall = self.firewall_of(user);
        let grouped = async {
            // Only the lists counted on their own: no grouped count needed.
            if queues.iter().all(|q| {
                matches!(
                    q,
                    Q::Supervised | Q::Approvals | Q::ToInstruct | Q::Owned | Q::ScopeOverdue
                )
            }) {
                return Ok(Vec::new());
            }
            let rows = self
                .store
                .work_counts(
                    &units,
                    &firewall,
                    user.id,
                    overdue_if_due_before(today),
                    soon_window(self, user, today),
                )
                .await?;
            Result::Ok(rows)
        };
        let supervised = async {
            if !has(Q::Supervised) {
                return Ok(0);
            }
            let (_, n) = self
                .store
                .supervised_case_ids(&units, &firewall, 0, 0)
                .await?;
            Result::Ok(n)
        };
        let approvals = async {
            if !has(Q::Approvals) {
                return Ok(0);
            }
            let mut f = self.filter_for(user);
            f.scope = Scope::All;
            f.statuses = Self::approval_statuses(user);
            f.approval_units = Some(units.clone());
            f.per_page = 0; // the count alone
            f.count_cap = 0;
            Result::Ok(self.store.list_cases(&f).await?.total)
        };
        let leader_list = |q: WorkQueue| async move {
            if !has(q) {
                return Ok(0);
            }
            self.leader_count(user, q).await
        };
        let scope_overdue = async {
            if !has(Q::ScopeOverdue) {
                return Ok(0);
            }
            let mut f = self.filter_for(user);
            f.statuses = Q::ScopeOverdue.statuses().to_vec();
            f.overdue = Some(true);
            f.per_page = 0; // the count alone
            // The tile shows the real number (a city's few thousand overdue cases count in
            // about 15 ms on the 100,000-case demo), not the list's cap.
            f.count_cap = 0;
            Result::Ok(self.store.list_cases(&f).await?.total)
        };
        let (rows, supervised, approvals, to_instruct, owned, scope_overdue) = tokio::try_join!(
            grouped,
            supervised,
            approvals,
            leader_list(Q::ToInstruct),
            leader_list(Q::Owned),
            scope_overdue
        )?;
        let sum = |keep: &dyn Fn(&huiyin_store::WorkCount) -> i64| rows.iter().map(keep).sum();
        let counts = queues
            .iter()
            .map(|q| {
                let n = match q {
                    Q::ToRegister => sum(&|r| {
                        if r.status == Status::Registered && r.online {
                            r.total
                        } else {
                            0
                        }
                    }),
                    Q::DueSoon => sum(&|r| r.due_soon),
                    Q::Overdue => sum(&|r| r.overdue),
                    Q::Supervised => supervised,
                    Q::Approvals => approvals,
                    Q::ToInstruct => to_instruct,
                    Q::Owned => owned,
                    Q::ScopeOverdue => scope_overdue,
                    // The list's own rule (`App::worklist`: handled by the user or nobody).
                    Q::Mine => sum(&|r| {
                        if q.statuses().contains(&r.status) {
                            r.mine
                        } else {
                            0
                        }
                    }),
                    other => sum(&|r| {
                        if other.statuses().contains(&r.status) {
                            r.total
                        } else {
                            0
                        }
                    }),
                };
                (*q, n)
            })
            .collect();
        Ok(WorkCounts { counts })
    }

    /// How many cases a leader's 待阅批 or 包案 list holds: the cases it names (as
    /// `leader_cases`), each judged by who may see it (`App::may_see`) from its sight alone.
    async fn leader_count(&self, user: &CurrentUser, queue: WorkQueue) -> Result<i64> {
        let ids = self.leader_case_ids(user, queue).await?;
        let actor = user.actor();
        let org = self.org();
        let n = self
            .store
            .case_sights(&ids)
            .await?
            .iter()
            .filter(|s| {
                !s.recused_users.contains(&user.id)
                    && huiyin_core::policy::can_see_case(
                        &actor,
                        &org,
                        &s.visible_units,
                        s.wall.as_ref(),
                    )
            })
            .count();
        Ok(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// Seconds between two settlings of the 工作台's rollup by a server (PostgreSQL).
pub const WORK_TALLY_SETTLE_SECS: u64 = 5;

impl App {
    /// Settles the changes PostgreSQL appended to the 工作台's rollup since the last call
    /// (its migration 0070), run by `huiyin serve` every [`WORK_TALLY_SETTLE_SECS`] and after
    /// the demo generator and `huiyin import`; returns how many rows of changes it moved (0
    /// while another instance settles). The counts are exact whether or not it runs:
    /// settled, they are read from fewer rows. Nothing on SQLite.
    pub async fn settle_work_tally(&self) -> Result<i64> {
        Ok(self.store.settle_work_tally().await?)
    }
}
