//! Notifications inside the product (issue 12 item 7): what needs the user now — new work for
//! their body, cases allotted to them, decisions waiting for them (待我审批), deadlines due
//! within the 催办 lead time or passed, supervision orders to answer, open warnings; for a
//! leader, cases put before them (待阅批) and every new step on a case they took (包案); and the
//! 矛盾纠纷排查 entries they answer for that are due soon or past due.
//!
//! They are read from the work itself, through the same firewall-checked reads as the
//! worklists, the orders and the warnings, so a notification can never name a case the user may
//! not see. Only which of them the user has read is stored: each has a key that changes when
//! the thing it is about changes (a new step, a new deadline, a new order), so a case that comes
//! back is new again.

use huiyin_core::Date;
use huiyin_core::permission::Permission;
use huiyin_core::supervision::SupervisionStatus;
use huiyin_core::warning::{WarningFilter, WarningStatus};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;
use crate::view::CaseView;
use crate::workbench::WorkQueue;

/// How many items each source contributes at most (the rest are in its worklist).
const PER_SOURCE: u32 = 20;

macro_rules! notification_kinds {
    ($($variant:ident => $wire:literal, $zh:literal, $en:literal;)+) => {
        /// What a notification is about.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
        pub enum NotificationKind { $(#[serde(rename = $wire)] $variant,)+ }
        impl NotificationKind {
            pub fn as_str(self) -> &'static str { match self { $(NotificationKind::$variant => $wire,)+ } }
            pub fn zh(self) -> &'static str { match self { $(NotificationKind::$variant => $zh,)+ } }
            pub fn en(self) -> &'static str { match self { $(NotificationKind::$variant => $en,)+ } }
        }
    };
}

notification_kinds! {
    Approval => "approval", "待我审批", "Awaiting my decision";
    ToInstruct => "to_instruct", "待我阅批", "Awaiting my instruction";
    OwnedProgress => "owned_progress", "包案件进展", "Progress on a case I took";
    Supervision => "supervision", "督办催办", "Supervision order";
    Overdue => "overdue", "已超期", "Overdue";
    DueSoon => "due_soon", "即将到期", "Due soon";
    Allotted => "allotted", "分给我承办", "Allotted to me";
    NewWork => "new_work", "新到事项", "New work";
    Warning => "warning", "预警", "Warning";
    RiskDue => "risk_due", "排查风险到期", "Screening entry due";
    Message => "message", "消息", "Message";
}

/// One notification.
#[derive(Clone, Debug, Serialize)]
pub struct Notification {
    /// Stable while the thing notified is unchanged; marks it read.
    pub key: String,
    pub kind: NotificationKind,
    pub kind_label: &'static str,
    pub case_id: Option<i64>,
    pub warning_id: Option<i64>,
    pub text: String,
    pub text_en: String,
    /// The page it is about.
    pub link: String,
    /// The day it concerns: asked since, due on, received on, raised on.
    pub on: Option<Date>,
    pub unread: bool,
}

/// A user's notifications, most pressing kind first.
#[derive(Clone, Debug, Serialize)]
pub struct Notifications {
    pub items: Vec<Notification>,
    pub total: i64,
    pub unread: i64,
}

fn about_case(
    kind: NotificationKind,
    key: String,
    v: &CaseView,
    zh: String,
    en: String,
) -> Notification {
    Notification {
        key,
        kind,
        kind_label: kind.zh(),
        case_id: Some(v.id),
        warning_id: None,
        text: format!("{zh}：{} {}", v.number, v.title),
        text_en: format!("{en}: {} {}", v.number, v.title),
        link: format!("/cases/{}", v.id),
        on: None,
        unread: true,
    }
}

fn pending_label(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "objection" => ("异议待决定", "objection to decide"),
        "extension" => ("延期申请待批准", "extension request"),
        _ => ("意见书草稿待签发", "opinion draft to sign off"),
    }
}

impl App {
    async fn queue_items(&self, user: &CurrentUser, queue: WorkQueue) -> Result<Vec<CaseView>> {
        if !self.queues_for(user).contains(&queue) {
            return Ok(Vec::new());
        }
        Ok(self.worklist(user, queue, 1, PER_SOURCE).await?.items)
    }

    /// Every notification of `user`, with whether it was read.
    #[tracing::instrument(name = "app.notifications", skip_all, fields(user_id = user.id))]
    pub async fn notifications(&self, user: &CurrentUser) -> Result<Notifications> {
        let mut items = Vec::new();
        for v in self.queue_items(user, WorkQueue::Approvals).await? {
            let Some(p) = &v.pending else { continue };
            let (zh, en) = pending_label(p.kind);
            let since = p.since.map(|d| d.to_string()).unwrap_or_default();
            let key = format!("approval:{}:{}:{since}", v.id, p.kind);
            let mut n = about_case(NotificationKind::Approval, key, &v, zh.into(), en.into());
            n.on = p.since;
            items.push(n);
        }
        for v in self.queue_items(user, WorkQueue::ToInstruct).await? {
            let since = v.instruction_request.as_ref().map(|r| r.on);
            let key = format!(
                "to_instruct:{}:{}",
                v.id,
                since.map(|d| d.to_string()).unwrap_or_default()
            );
            let mut n = about_case(
                NotificationKind::ToInstruct,
                key,
                &v,
                "呈报您阅批".into(),
                "put before you for instruction".into(),
            );
            n.on = since;
            items.push(n);
        }
        // 包案: every step someone else takes on a case the leader took is news to them (the key
        // is the step's timeline entry: a flag the scanner sets is no step).
        let owned = self.queue_items(user, WorkQueue::Owned).await?;
        let ids: Vec<i64> = owned.iter().map(|v| v.id).collect();
        let latest = self.store.latest_steps(&ids).await?;
        for v in owned {
            let Some(step) = latest.iter().find(|s| s.case_id == v.id) else {
                continue;
            };
            if step.actor_user_id == Some(user.id) {
                continue;
            }
            let key = format!("owned:{}:{}", v.id, step.entry_id);
            let mut n = about_case(
                NotificationKind::OwnedProgress,
                key,
                &v,
                format!("包案件有新进展（{}，{}）", v.status_label, v.last_step_on),
                format!("new step on a case you took ({})", v.last_step_on),
            );
            n.on = Some(v.last_step_on);
            items.push(n);
        }
        if user.may(Permission::ReadCases) {
            let work_units = self.work_units(user);
            // The newest 200 orders of the scope (the store lists by scope, not by the unit
            // addressed): an office that issues many orders itself could miss older ones
            // addressed to it — noted in the issue.
            let orders = self.supervisions(user, None, 1, 200).await?;
            // An order left unanswered and raised to the supervisor's body.
            let root = huiyin_core::policy::visibility_root(&user.actor(), &self.org());
            for o in orders.items.iter().filter(|o| {
                user.may(Permission::SuperviseScope)
                    && o.status != SupervisionStatus::Answered
                    && o.escalated_to_unit_id == Some(root)
            }) {
                items.push(Notification {
                    key: format!("escalated:{}", o.id),
                    kind: NotificationKind::Supervision,
                    kind_label: NotificationKind::Supervision.zh(),
                    case_id: Some(o.case_id),
                    warning_id: None,
                    text: format!(
                        "{}逾期未反馈，已升级报送本单位：{}（{}，反馈期限{}）",
                        o.kind_label, o.case_number, o.unit_name, o.due_on
                    ),
                    text_en: format!(
                        "{} unanswered past its day, raised to your unit: {} ({}, due {})",
                        o.kind.en(),
                        o.case_number,
                        o.unit_name,
                        o.due_on
                    ),
                    link: format!("/cases/{}", o.case_id),
                    on: o.escalated_on,
                    unread: true,
                });
            }
            for o in orders.items.iter().filter(|o| {
                o.status != SupervisionStatus::Answered && work_units.contains(&o.unit_id)
            }) {
                items.push(Notification {
                    key: format!("supervision:{}", o.id),
                    kind: NotificationKind::Supervision,
                    kind_label: NotificationKind::Supervision.zh(),
                    case_id: Some(o.case_id),
                    warning_id: None,
                    text: format!(
                        "收到{}：{}，请于{}前反馈",
                        o.kind_label, o.case_number, o.due_on
                    ),
                    text_en: format!(
                        "{} received: {}, answer by {}",
                        o.kind.en(),
                        o.case_number,
                        o.due_on
                    ),
                    link: format!("/cases/{}", o.case_id),
                    on: Some(o.due_on),
                    unread: true,
                });
            }
        }
        for (queue, kind) in [
            (WorkQueue::Overdue, NotificationKind::Overdue),
            (WorkQueue::DueSoon, NotificationKind::DueSoon),
        ] {
            for v in self.queue_items(user, queue).await? {
                let Some(d) = v
                    .deadlines
                    .iter()
                    .filter(|d| d.staff_duty && (d.overdue || d.due_soon))
                    .min_by_key(|d| d.due_on)
                else {
                    continue;
                };
                let key = format!(
                    "{}:{}:{}:{}",
                    kind.as_str(),
                    v.id,
                    d.kind.as_str(),
                    d.due_on
                );
                let (zh, en) = if kind == NotificationKind::Overdue {
                    (
                        format!("{}已于{}到期", d.label, d.due_on),
                        format!("{} was due {}", d.kind.en(), d.due_on),
                    )
                } else {
                    (
                        format!("{}将于{}到期", d.label, d.due_on),
                        format!("{} due {}", d.kind.en(), d.due_on),
                    )
                };
                let mut n = about_case(kind, key, &v, zh, en);
                n.on = Some(d.due_on);
                items.push(n);
            }
        }
        for v in self.queue_items(user, WorkQueue::Mine).await? {
            if v.handler_user_id != Some(user.id) {
                continue;
            }
            let key = format!("allotted:{}:{}", v.id, user.id);
            let mut n = about_case(
                NotificationKind::Allotted,
                key,
                &v,
                "分给您承办".into(),
                "allotted to you".into(),
            );
            n.on = Some(v.last_step_on);
            items.push(n);
        }
        for queue in [WorkQueue::ToAccept, WorkQueue::ToRegister] {
            for v in self.queue_items(user, queue).await? {
                let key = format!("new:{}:{}:{}", v.id, v.status.as_str(), v.last_step_on);
                let mut n = about_case(
                    NotificationKind::NewWork,
                    key,
                    &v,
                    queue.zh().into(),
                    queue.en().into(),
                );
                n.on = Some(v.last_step_on);
                items.push(n);
            }
        }
        if user.may(Permission::ReadCases) {
            let filter = WarningFilter {
                status: Some(WarningStatus::Open),
                ..WarningFilter::default()
            };
            for w in self.warnings(user, filter, 1, PER_SOURCE).await?.items {
                items.push(Notification {
                    key: format!("warning:{}:{}", w.id, w.level.as_str()),
                    kind: NotificationKind::Warning,
                    kind_label: NotificationKind::Warning.zh(),
                    case_id: None,
                    warning_id: Some(w.id),
                    text: format!("{}{}：{}", w.level_label, w.kind_label, w.explanation),
                    text_en: format!(
                        "{} {}: {}",
                        w.level.as_str(),
                        w.kind.as_str(),
                        w.explanation_en
                    ),
                    link: format!("/warnings/{}", w.id),
                    on: None,
                    unread: true,
                });
            }
        }
        // 矛盾纠纷排查: open entries the user answers for, due soon or past due.
        for r in self.risks_due_for(user).await? {
            let (zh, en) = if r.overdue {
                (
                    format!("排查风险已逾期（化解期限{}）", r.due_on),
                    format!("screening entry overdue (due {})", r.due_on),
                )
            } else {
                (
                    format!("排查风险将于{}到期", r.due_on),
                    format!("screening entry due {}", r.due_on),
                )
            };
            items.push(Notification {
                key: format!("risk:{}:{}:{}", r.id, r.due_on, r.overdue),
                kind: NotificationKind::RiskDue,
                kind_label: NotificationKind::RiskDue.zh(),
                case_id: None,
                warning_id: None,
                text: format!("{zh}：{}（{}）", r.title, r.unit_name),
                text_en: format!("{en}: {}", r.title),
                link: format!("/risks/{}", r.id),
                on: Some(r.due_on),
                unread: true,
            });
        }
        // Messages of the outbox delivered in-app (outbox_inbox.rs).
        items.extend(self.outbox_notifications(user).await?);
        let keys: Vec<String> = items.iter().map(|n| n.key.clone()).collect();
        let read = self.store.notification_keys_read(user.id, &keys).await?;
        for n in &mut items {
            n.unread = !read.contains(&n.key);
        }
        let unread = items.iter().filter(|n| n.unread).count() as i64;
        Ok(Notifications {
            total: items.len() as i64,
            unread,
            items,
        })
    }

    /// Marks notifications read: those of `keys` that are the user's now, or all of them.
    /// Answers how many were marked.
    pub async fn mark_notifications_read(
        &self,
        user: &CurrentUser,
        keys: Option<&[String]>,
    ) -> Result<usize> {
        let mine = self.notifications(user).await?;
        let marked: Vec<String> = mine
            .items
            .into_iter()
            .filter(|n| keys.is_none_or(|k| k.contains(&n.key)))
            .map(|n| n.key)
            .collect();
        self.store
            .mark_notifications_read(user.id, &marked, self.now_ms())
            .await?;
        Ok(marked.len())
    }
}
