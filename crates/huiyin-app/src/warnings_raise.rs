//! Warnings raised and moved without a user: the `overdue` warning of the deadline scan, the
//! `dissatisfied` warning of an evaluation step, the warnings a step moves above a new wall,
//! and the job that escalates a warning nobody acknowledged in time one level up.

use huiyin_core::Date;
use huiyin_core::warning::{WarningKind, WarningLevel, WarningStatus};
use huiyin_store::{WarningChange, WarningStepRecord};

use crate::context::App;
use crate::error::Result;

/// The history step of a warning moved above the wall of an accusation behind it, by the step
/// that made its case an accusation or by the daily scan (shown as 移交上级（回避）).
pub(crate) const MOVE_ABOVE_WALL: &str = "move_above_wall";

/// How many warnings a worklist pass escalates at most.
const ESCALATION_BATCH: i64 = 500;

impl App {
    /// Escalates every open or escalated warning past its acknowledgement deadline one level
    /// up, with a new deadline there (the scan job). Returns how many moved.
    pub async fn escalate_unacknowledged_warnings(&self) -> Result<usize> {
        let now = self.now_ms();
        let org = self.org();
        let mut moved = 0;
        for w in self
            .store
            .warnings_unacknowledged_before(now, ESCALATION_BATCH)
            .await?
        {
            // At the top there is nobody above: the warning stays late, shown as such.
            let Some(above) = org.one_level_up(w.unit_id).map(|u| u.id) else {
                self.notify_overdue_at_top(&w).await?;
                continue;
            };
            let change = self
                .moved_up(
                    &w,
                    above,
                    ("auto_escalate", "逾期未签收，自动上报上一级"),
                    true,
                )
                .await?;
            if self.store.change_warning(&change).await? {
                moved += 1;
            }
        }
        Ok(moved)
    }

    /// The change that moves warning `w` up to `above` without a user (the escalation job, the
    /// scan's move above a wall): escalated there with a new acknowledgement deadline, the
    /// escalation's messages (`overdue`: also the late acknowledgement's) and a history step
    /// `(action, note)`.
    async fn moved_up(
        &self,
        w: &huiyin_store::WarningRecord,
        above: huiyin_core::org::UnitId,
        (action, note): (&str, &str),
        overdue: bool,
    ) -> Result<WarningChange> {
        let now = self.now_ms();
        let due = now + self.warning_rules.acknowledge_within_ms(w.level);
        Ok(WarningChange {
            id: w.id,
            expected_version: w.version,
            status: WarningStatus::Escalated,
            unit_id: above,
            acknowledge_due_at: due,
            acknowledged_at: w.acknowledged_at,
            resolved_at: w.resolved_at,
            note: w.note.clone(),
            notify: self.escalation_notices(w, above, due, overdue).await?,
            step: WarningStepRecord {
                action: action.to_owned(),
                from_status: w.status.as_str().to_owned(),
                to_status: WarningStatus::Escalated.as_str().to_owned(),
                note: note.to_owned(),
                actor_user_id: None,
                actor_name: "系统".into(),
                from_unit_id: w.unit_id,
                to_unit_id: above,
                at: now,
            },
        })
    }

    /// Raises the `overdue` warning of a staff deadline past its day, once per case, deadline
    /// and due day (the deadline scan). Returns whether it is new.
    pub(crate) async fn raise_overdue_warning(
        &self,
        rec: &huiyin_store::CaseRecord,
        kind: huiyin_core::workflow::DeadlineKind,
        due_on: Date,
    ) -> Result<bool> {
        let org = self.org();
        let c = &rec.case;
        let body = owner_of_case_warning(&org, c);
        let days = due_on.days_until(self.today());
        let level = if days > 15 {
            WarningLevel::Orange
        } else {
            WarningLevel::Yellow
        };
        let w = huiyin_store::NewWarning {
            kind: WarningKind::Overdue,
            level,
            unit_id: body,
            explanation_zh: format!("{}：{}于{due_on}到期，已超期{days}天", c.number, kind.zh()),
            explanation_en: format!(
                "{}: {} was due on {due_on}, {days} days overdue",
                c.number,
                kind.en()
            ),
            acknowledge_due_at: self.now_ms() + self.warning_rules.acknowledge_within_ms(level),
            other_case_ids: Vec::new(),
            join_warning_id: None,
            join_move: None,
            unique_key: Some(crate::warning_signals::case_key(
                c.id,
                &format!("overdue:{}:{due_on}", kind.as_str()),
            )),
            notify: Vec::new(),
        };
        let w = self.with_notices(w, &crate::outbox::accused_of(c));
        Ok(self
            .store
            .insert_warning(&w, &[c.id], self.now_ms())
            .await?
            .is_some())
    }

    /// The open warnings behind case `case_id`, just walled off from `accused` (it became an
    /// accusation), whose owner is inside the wall: each moved to the first body above it,
    /// written with the step (DOMAIN.md §4: the accused unit does not hold work about it) as
    /// the daily scan writes such a move — a history step `move_above_wall`, escalated there
    /// with a new acknowledgement deadline and the escalation's messages.
    pub(crate) async fn warnings_above_wall(
        &self,
        case_id: huiyin_core::case::CaseId,
        accused: huiyin_core::org::UnitId,
    ) -> Result<Vec<WarningChange>> {
        let org = self.org();
        let why = (
            MOVE_ABOVE_WALL,
            "案件改为对本单位的检举控告，依回避规定移交上一级",
        );
        let mut moves = Vec::new();
        for w in self.store.warnings_of_case(case_id).await? {
            if w.status == WarningStatus::Resolved {
                continue;
            }
            let above = huiyin_core::policy::body_above_walls(&org, w.unit_id, &[accused]);
            if above != w.unit_id {
                moves.push(self.moved_up(&w, above, why, false).await?);
            }
        }
        Ok(moves)
    }

    /// Moves every open warning owned inside the wall of an accusation behind it to the first
    /// body above (the daily scan): the safety net behind the owners chosen when a warning is
    /// raised, joined or its case reclassified — for warnings stored before those rules, and a
    /// join that raced a reclassification. Each move is a step of the warning's history
    /// (`move_above_wall`) with a new acknowledgement deadline and the messages of an
    /// escalation to its new owner, as the escalation job writes them. Returns how many moved.
    pub(crate) async fn move_warnings_above_walls(&self) -> Result<u64> {
        let org = self.org();
        let mut moved = 0;
        for behind in self.store.open_warnings_behind_walls().await? {
            let above = huiyin_core::policy::body_above_walls(&org, behind.unit_id, &behind.walls);
            if above == behind.unit_id {
                continue;
            }
            let Some(w) = self.store.warning(behind.warning_id).await? else {
                continue;
            };
            let why = (
                MOVE_ABOVE_WALL,
                "涉及对本单位的检举控告，依回避规定移交上一级",
            );
            let change = self.moved_up(&w, above, why, false).await?;
            // A warning changed meanwhile (its version moved) is left to the next scan.
            if self.store.change_warning(&change).await? {
                moved += 1;
            }
        }
        Ok(moved)
    }

    /// The warnings a step raises, written with it: a dissatisfied evaluation (不满意) is the
    /// follow-up trigger of DOMAIN.md §5, once per case and stage.
    pub(crate) fn step_warnings(
        &self,
        case: &huiyin_core::case::Case,
        action: &huiyin_core::workflow::Action,
    ) -> Vec<huiyin_store::NewWarning> {
        use huiyin_core::kinds::Grade;
        use huiyin_core::workflow::Action;
        use huiyin_core::workflow::guard::evaluation_stage;
        let Action::Evaluate {
            grade: Grade::Dissatisfied,
        } = action
        else {
            return Vec::new();
        };
        let org = self.org();
        let body = owner_of_case_warning(&org, case);
        let stage = evaluation_stage(case.status);
        let level = WarningLevel::Blue;
        let notice = |w| self.with_notices(w, &crate::outbox::accused_of(case));
        vec![notice(huiyin_store::NewWarning {
            kind: WarningKind::Dissatisfied,
            level,
            unit_id: body,
            explanation_zh: format!("{}：信访人对“{}”不满意，请跟进", case.number, stage.zh()),
            explanation_en: format!(
                "{}: the petitioner is dissatisfied ({}); follow up",
                case.number,
                stage.en()
            ),
            acknowledge_due_at: self.now_ms() + self.warning_rules.acknowledge_within_ms(level),
            other_case_ids: Vec::new(),
            join_warning_id: None,
            join_move: None,
            unique_key: Some(crate::warning_signals::case_key(
                case.id,
                &format!("dissatisfied:{}", stage.as_str()),
            )),
            notify: Vec::new(),
        })]
    }
}

/// Who owns a warning about one case: the handling unit's body, or the first body above the
/// case's wall when that body is (or is inside) the accused unit — an accusation registered or
/// reclassified at the accused unit's own office is still handled there until it is sent up.
fn owner_of_case_warning(
    org: &huiyin_core::org::OrgTree,
    c: &huiyin_core::case::Case,
) -> huiyin_core::org::UnitId {
    let body = org
        .competent_body(c.handling_unit_id)
        .map_or(c.handling_unit_id, |u| u.id);
    let walls: Vec<_> = huiyin_core::policy::wall_of(c)
        .map(|w| w.accused_unit_id)
        .into_iter()
        .collect();
    huiyin_core::policy::body_above_walls(org, body, &walls)
}
