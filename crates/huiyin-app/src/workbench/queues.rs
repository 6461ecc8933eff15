//! "My work" (工作台): what needs the user's body now, as counts and as lists.
//!
//! A worklist holds the open cases now handled by the user's body: the competent body of the
//! user's unit and every unit that acts for it (its petition office). Definitions:
//! - 待登记 `to_register`: online petitions (from the portal) still registered, not yet disposed;
//! - 待处理 `to_dispose`: every registered case, due for disposal within 15 days of receipt;
//! - 待受理 `to_accept`: cases forwarded or assigned to the body, due for the acceptance notice;
//! - 办理中 `in_handling`: accepted cases within their handling period;
//! - 即将到期 `due_soon`: open cases whose next staff deadline is today or within the 催办 lead
//!   time of the rules in force for the user's unit (`due_soon_days`, 3 days nationally);
//! - 已超期 `overdue`: open cases whose next staff deadline has passed;
//! - 待评价 `awaiting_evaluation`: an opinion or review decision issued, not yet closed;
//! - 复查复核 `reviews`: review or re-review requests the body must decide;
//! - 督办 `supervised`: cases with an unanswered 催办/督办 addressed to the body;
//! - 辖区超期 `scope_overdue` (supervisors): overdue cases anywhere in the supervisor's scope;
//! - 待我阅批 `to_instruct` (leaders): cases put before the leader (呈阅), not yet instructed;
//! - 我包案的 `owned` (leaders): the cases the leader took personally (包案), not yet closed.

use huiyin_core::Date;
use huiyin_core::case::Status;
use huiyin_core::deadline::due_soon_window;
use huiyin_core::org::UnitId;
use huiyin_core::permission::Permission;
use huiyin_core::role::Role;
use huiyin_store::{CaseSort, HandlerFilter, LeaderFilter, Scope};

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::{AppError, Result};
use crate::query::CaseList;

macro_rules! queues {
    ($($variant:ident => $wire:literal, $zh:literal, $en:literal;)+) => {
        /// A worklist of the workbench.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum WorkQueue { $($variant,)+ }
        impl WorkQueue {
            pub const ALL: &'static [WorkQueue] = &[$(WorkQueue::$variant,)+];
            pub fn as_str(self) -> &'static str { match self { $(WorkQueue::$variant => $wire,)+ } }
            pub fn zh(self) -> &'static str { match self { $(WorkQueue::$variant => $zh,)+ } }
            pub fn en(self) -> &'static str { match self { $(WorkQueue::$variant => $en,)+ } }
            pub fn parse(s: &str) -> Option<WorkQueue> { match s { $($wire => Some(WorkQueue::$variant),)+ _ => None } }
        }
    };
}

queues! {
    Approvals => "approvals", "待我审批", "Awaiting my decision";
    ToInstruct => "to_instruct", "待我阅批", "Awaiting my instruction";
    Owned => "owned", "我包案的", "Cases I took personally";
    Mine => "mine", "我的工作（本人承办及待分办）", "My work (mine and unallotted)";
    ToRegister => "to_register", "网上信访待登记", "Online, to register";
    ToDispose => "to_dispose", "待处理（15日内）", "To dispose (15 days)";
    ToAccept => "to_accept", "待受理", "To accept";
    InHandling => "in_handling", "办理中", "In handling";
    DueSoon => "due_soon", "即将到期", "Due soon";
    Overdue => "overdue", "已超期", "Overdue";
    AwaitingEvaluation => "awaiting_evaluation", "待评价", "Awaiting evaluation";
    Reviews => "reviews", "复查、复核申请", "Review requests";
    Supervised => "supervised", "收到的督办", "Supervision orders";
    ScopeOverdue => "scope_overdue", "辖区超期件", "Overdue in my scope";
}

/// Most cases a leader's 待阅批 or 包案 list reads.
const MAX_LEADER_LIST: u32 = 1_000;

/// The lead time of "due soon" for `user`: the 催办 lead time (`due_soon_days`) of the rules
/// in force for their unit, so the tile and the reminders agree.
pub(super) fn soon_window(app: &App, user: &CurrentUser, today: Date) -> (Date, Date) {
    let lead = app
        .rule_set_for_unit(user.unit_id, today)
        .limits
        .due_soon_days;
    due_soon_window(today, lead)
}

impl WorkQueue {
    pub(super) fn statuses(self) -> &'static [Status] {
        use Status::*;
        match self {
            WorkQueue::ToRegister | WorkQueue::ToDispose => &[Registered],
            WorkQueue::ToAccept => &[Forwarded, Assigned],
            WorkQueue::InHandling => &[Accepted],
            WorkQueue::AwaitingEvaluation => &[OpinionIssued, ReviewDecided],
            WorkQueue::Reviews => &[ReviewRequested, RereviewRequested],
            WorkQueue::Mine | WorkQueue::DueSoon | WorkQueue::Overdue | WorkQueue::ScopeOverdue => {
                Status::IN_HANDS
            }
            // Leaders decide extension requests and drafts (accepted cases) and objections;
            // registrars objections only (`App::approval_statuses`).
            WorkQueue::Approvals => &[Objected, Accepted],
            WorkQueue::Supervised => &[],
            // Any case a leader may still instruct on or follow.
            WorkQueue::ToInstruct | WorkQueue::Owned => {
                huiyin_core::workflow::ActionKind::Instruct.from_states()
            }
        }
    }
}

impl App {
    /// The units whose open cases are the user's work: the competent body of the user's unit
    /// and every unit acting for it.
    pub fn work_units(&self, user: &CurrentUser) -> Vec<UnitId> {
        let org = self.org();
        let Some(body) = org.competent_body(user.unit_id).map(|u| u.id) else {
            return vec![user.unit_id];
        };
        let mut ids: Vec<UnitId> = org
            .units()
            .filter(|u| org.competent_body(u.id).map(|b| b.id) == Some(body))
            .map(|u| u.id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// What a user's 待我审批 holds: a leader decides requests, drafts and objections; a
    /// registrar decides objections.
    pub(super) fn approval_statuses(user: &CurrentUser) -> Vec<Status> {
        if user.roles.contains(&Role::Leader) {
            vec![Status::Objected, Status::Accepted]
        } else {
            vec![Status::Objected]
        }
    }

    /// The worklists shown to this user (supervisors see their scope's overdue cases; leaders
    /// their 待阅批 and 包案 lists).
    pub fn queues_for(&self, user: &CurrentUser) -> Vec<WorkQueue> {
        let actor = user.actor();
        let mut out = Vec::new();
        if actor.may(Permission::HandleCases) {
            let leads = user.roles.contains(&Role::Leader);
            let decides = leads || user.roles.contains(&Role::Registrar);
            out.extend(WorkQueue::ALL.iter().copied().filter(|q| match q {
                WorkQueue::ScopeOverdue => false,
                WorkQueue::Approvals => decides,
                WorkQueue::ToInstruct | WorkQueue::Owned => leads,
                _ => true,
            }));
        }
        if actor.may(Permission::SuperviseScope) {
            out.push(WorkQueue::ScopeOverdue);
        }
        out
    }

    /// One worklist, a page at a time, the most urgent first.
    pub async fn worklist(
        &self,
        user: &CurrentUser,
        queue: WorkQueue,
        page: u32,
        per_page: u32,
    ) -> Result<CaseList> {
        let today = self.today();
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        if !self.queues_for(user).contains(&queue) {
            return Err(huiyin_core::error::ErrorCode::Forbidden.into());
        }
        let units = self.work_units(user);
        if matches!(queue, WorkQueue::ToInstruct | WorkQueue::Owned) {
            let (visible, total) = crate::accountability::page_of(
                self.leader_cases(user, queue).await?,
                page,
                per_page,
            );
            let items: Vec<_> = visible
                .iter()
                .filter(|r| !self.recused(user, r))
                .map(|r| self.case_view(r, user))
                .collect();
            self.audit_identity_views(user, &items).await?;
            return Ok(CaseList {
                items,
                total,
                total_exact: true,
                page,
                per_page,
            });
        }
        if queue == WorkQueue::Supervised {
            let (ids, total) = self
                .store
                .supervised_case_ids(
                    &units,
                    &self.firewall_of(user),
                    i64::from(per_page),
                    i64::from(page - 1) * i64::from(per_page),
                )
                .await?;
            let mut items = Vec::with_capacity(ids.len());
            for id in ids {
                let rec = self
                    .store
                    .case(id)
                    .await?
                    .ok_or(AppError::code(huiyin_core::error::ErrorCode::Internal))?;
                if !self.recused(user, &rec) {
                    items.push(self.case_view(&rec, user));
                }
            }
            return Ok(CaseList {
                items,
                total,
                total_exact: true,
                page,
                per_page,
            });
        }
        let mut f = self.filter_for(user);
        if queue != WorkQueue::ScopeOverdue {
            // The handling units below narrow it further; the scope adds nothing to them.
            f.scope = Scope::All;
        }
        f.statuses = queue.statuses().to_vec();
        if queue == WorkQueue::Approvals {
            f.statuses = Self::approval_statuses(user);
            f.approval_units = Some(units);
        } else if queue != WorkQueue::ScopeOverdue {
            f.handling_units = Some(units);
        }
        match queue {
            WorkQueue::Mine => f.handler = Some(HandlerFilter::UserOrUnallotted(user.id)),
            WorkQueue::ToRegister => f.channel = Some(huiyin_core::kinds::Channel::Online),
            WorkQueue::Overdue | WorkQueue::ScopeOverdue => f.overdue = Some(true),
            WorkQueue::DueSoon => {
                f.overdue = Some(false);
                f.due_before = Some(soon_window(self, user, today).1);
            }
            _ => {}
        }
        f.sort = CaseSort::DueAsc;
        f.page = page;
        f.per_page = per_page;
        let found = self.store.list_cases(&f).await?;
        let items: Vec<_> = found
            .items
            .iter()
            .filter(|r| !self.recused(user, r))
            .map(|r| self.case_view(r, user))
            .collect();
        self.audit_identity_views(user, &items).await?;
        Ok(CaseList {
            items,
            total: found.total,
            total_exact: found.total_exact,
            page,
            per_page,
        })
    }

    /// A leader's 待阅批 or 包案 list, most urgent first: the cases that name them, found by
    /// the indexed leader column whatever unit handles them, then each checked like a case page
    /// (a leader who moved, or a case that moved, drops out), so counts and pages agree with
    /// what the leader may open. Such a list is short: at most [`MAX_LEADER_LIST`] are read.
    async fn leader_cases(
        &self,
        user: &CurrentUser,
        queue: WorkQueue,
    ) -> Result<Vec<huiyin_store::CaseRecord>> {
        let statuses = queue.statuses();
        let ids = self.leader_case_ids(user, queue).await?;
        let mut cases: Vec<_> = self
            .store
            .case_records(&ids)
            .await?
            .into_iter()
            .filter(|r| statuses.contains(&r.case.status) && self.may_see(user, r))
            .collect();
        // The next staff deadline first; cases with none last, newest first among them.
        cases.sort_by_key(|r| {
            (
                huiyin_core::workflow::next_staff_due(&r.deadlines).is_none(),
                huiyin_core::workflow::next_staff_due(&r.deadlines),
                std::cmp::Reverse(r.case.id),
            )
        });
        Ok(cases)
    }

    /// The ids a leader's 待阅批 (`ToInstruct`) or 包案 list names, in an open status; sight
    /// not judged yet.
    pub(super) async fn leader_case_ids(
        &self,
        user: &CurrentUser,
        queue: WorkQueue,
    ) -> Result<Vec<huiyin_core::case::CaseId>> {
        let leader = match queue {
            WorkQueue::ToInstruct => LeaderFilter::Reader(user.id),
            _ => LeaderFilter::Owner(user.id),
        };
        Ok(self
            .store
            .leader_case_ids(leader, queue.statuses(), i64::from(MAX_LEADER_LIST))
            .await?)
    }

    /// The first day of the current year and today: the period of the workbench's rates.
    pub fn year_to_date(&self) -> (Date, Date) {
        let today = self.today();
        let first = Date::from_ymd(today.year(), 1, 1).unwrap_or(today);
        (first, today)
    }
}
