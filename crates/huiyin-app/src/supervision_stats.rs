//! What supervision achieved, per supervised unit (issue 14 item 4; the annual report's 督办
//! counts, Art. 41): orders made in a period by kind, answered, answered on time (by the end of
//! the due day, Beijing time), adopted, left unanswered past the due day, escalated — over the
//! orders on cases the reader may see (the firewall applies), and the daily escalation of
//! orders left unanswered.

use huiyin_core::Date;
use huiyin_core::deadline::overdue_if_due_before;
use huiyin_core::org::UnitId;
use huiyin_core::permission::Permission;
use huiyin_core::supervision::{AUTOMATIC_ANSWER_DAYS, SupervisionKind, answer_due};
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::context::App;
use crate::error::Result;

/// One supervised unit's figures.
#[derive(Clone, Debug, Default, Serialize)]
pub struct SupervisionUnitStats {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub orders: i64,
    /// 督办, 催办 and 挂牌督办 among them.
    pub supervise: i64,
    pub urge: i64,
    pub listed: i64,
    /// Made by a person (the rest by the deadline scanner).
    pub by_person: i64,
    pub answered: i64,
    pub answered_on_time: i64,
    pub adopted: i64,
    /// Unanswered with the answer's due day passed (as of today; the scanner's 催办 reminders
    /// ask for no answer and are never overdue here).
    pub overdue: i64,
    pub escalated: i64,
}

/// The figures of a period, one row per supervised unit (most orders first), and the total.
#[derive(Clone, Debug, Serialize)]
pub struct SupervisionStats {
    pub from: Date,
    pub to: Date,
    pub items: Vec<SupervisionUnitStats>,
    pub total: SupervisionUnitStats,
}

impl SupervisionUnitStats {
    fn add(&mut self, o: &huiyin_store::Supervision, today: Date) {
        self.orders += 1;
        match SupervisionKind::parse(&o.kind) {
            Some(SupervisionKind::Urge) => self.urge += 1,
            Some(SupervisionKind::Listed) => self.listed += 1,
            _ => self.supervise += 1,
        }
        self.by_person += i64::from(o.issued_by.is_some());
        let kind = SupervisionKind::parse(&o.kind).unwrap_or(SupervisionKind::Supervise);
        let due = answer_due(o.issued_by.is_some(), kind, o.due_on, o.created_on);
        match (o.responded_at, due) {
            (Some(at), due) => {
                self.answered += 1;
                let on_time = due.is_none_or(|d| at < d.add_days(1).beijing_start_millis());
                self.answered_on_time += i64::from(on_time);
                self.adopted += i64::from(o.adopted == Some(true));
            }
            (None, Some(d)) => {
                self.overdue += i64::from(huiyin_core::deadline::is_overdue(d, today))
            }
            (None, None) => {}
        }
        self.escalated += i64::from(o.escalated_on.is_some());
    }
}

impl App {
    /// Orders made within `[from, to]` on cases the user may see, of the subtree of `unit`
    /// when given, summed per supervised unit.
    #[tracing::instrument(name = "app.supervision_stats", skip_all, fields(user_id = user.id))]
    pub async fn supervision_stats(
        &self,
        user: &CurrentUser,
        unit: Option<UnitId>,
        from: Date,
        to: Date,
    ) -> Result<SupervisionStats> {
        if !user.may(Permission::ReadCases) {
            return Err(huiyin_core::error::ErrorCode::RoleRequired.into());
        }
        let org = self.org();
        let today = self.today();
        let orders = self
            .store
            .supervisions_made_between(&self.scope_of(user), &self.firewall_of(user), from, to)
            .await?;
        let mut items: Vec<SupervisionUnitStats> = Vec::new();
        let mut total = SupervisionUnitStats::default();
        for o in orders
            .iter()
            .filter(|o| unit.is_none_or(|u| org.is_ancestor_or_self(u, o.unit_id)))
        {
            let row = match items.iter_mut().position(|r| r.unit_id == o.unit_id) {
                Some(i) => &mut items[i],
                None => {
                    items.push(SupervisionUnitStats {
                        unit_id: o.unit_id,
                        unit_name: org
                            .get(o.unit_id)
                            .map(|u| u.name.clone())
                            .unwrap_or_default(),
                        ..SupervisionUnitStats::default()
                    });
                    let last = items.len() - 1;
                    &mut items[last]
                }
            };
            row.add(o, today);
            total.add(o, today);
        }
        items.sort_by(|a, b| b.orders.cmp(&a.orders).then(a.unit_name.cmp(&b.unit_name)));
        total.unit_name = "合计".to_owned();
        Ok(SupervisionStats {
            from,
            to,
            items,
            total,
        })
    }

    /// Escalates every order whose written answer is overdue (`answer_due`: a person's order
    /// past its due day, the scanner's 督办 30 days after it was made, never a 催办 reminder):
    /// it is raised to the body above the one that issued it (the scanner's own: above the
    /// supervised unit's body; at the top, to the issuer itself), whose supervisors are told.
    /// Answers how many.
    pub async fn escalate_unanswered_orders(&self) -> Result<u64> {
        let today = self.today();
        let org = self.org();
        let mut n = 0;
        loop {
            let batch = self
                .store
                .unescalated_overdue_orders(
                    overdue_if_due_before(today),
                    overdue_if_due_before(today).add_days(-AUTOMATIC_ANSWER_DAYS),
                    500,
                )
                .await?;
            if batch.is_empty() {
                break;
            }
            for o in &batch {
                let from = o
                    .issuing_unit_id
                    .unwrap_or_else(|| org.competent_body(o.unit_id).map_or(o.unit_id, |b| b.id));
                let to = org.one_level_up(from).map_or(from, |u| u.id);
                if self.store.escalate_supervision(o.id, today, to).await? {
                    n += 1;
                    self.audit(
                        None,
                        "",
                        "supervision.escalate",
                        &format!("supervision:{}", o.id),
                        "ok",
                        &format!("case={} to_unit={to} due_on={}", o.case_id, o.due_on),
                    )
                    .await?;
                }
            }
        }
        Ok(n)
    }
}
