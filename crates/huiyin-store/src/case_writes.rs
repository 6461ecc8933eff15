//! Writing cases: steps and flags (registration is `case_batch.rs`). A change, its timeline
//! entry, its deadlines, its search tokens, its KPI facts and its audit entry commit together.

use huiyin_core::case::{CaseId, Flag};
use huiyin_core::org::UnitId;
use huiyin_core::policy::wall_of;
use huiyin_core::workflow::CaseDeadline;
use sqlx::{Any, Transaction};

use crate::Store;
use crate::audit::append_audit_in;
use crate::cases::{StepRecord, TimelineEntry, flags_text};
use crate::error::{Result, StoreError};
use crate::kpi::write_kpi;
use crate::rows::to_json;

fn next_due(deadlines: &[CaseDeadline]) -> Option<String> {
    huiyin_core::workflow::next_staff_due(deadlines).map(|d| d.to_string())
}

async fn write_deadlines(
    tx: &mut Transaction<'_, Any>,
    case_id: CaseId,
    deadlines: &[CaseDeadline],
) -> Result<()> {
    sqlx::query("DELETE FROM deadlines WHERE case_id = $1")
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    for d in deadlines {
        sqlx::query(
            "INSERT INTO deadlines (case_id, kind, start_on, due_on, provisional, explanation_zh, explanation_en) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(case_id)
        .bind(d.kind.as_str())
        .bind(d.start_on.to_string())
        .bind(d.due_on.to_string())
        .bind(i64::from(d.provisional))
        .bind(&d.explanation_zh)
        .bind(&d.explanation_en)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn write_entry(
    tx: &mut Transaction<'_, Any>,
    case_id: CaseId,
    e: &TimelineEntry,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO timeline (case_id, action, on_day, actor_user_id, actor_unit_id, actor_name, note_zh, note_en, \
         from_status, to_status, data, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(case_id)
    .bind(&e.action)
    .bind(e.on.to_string())
    .bind(e.actor_user_id)
    .bind(e.actor_unit_id)
    .bind(&e.actor_name)
    .bind(&e.note_zh)
    .bind(&e.note_en)
    .bind(e.from_status.map(|s| s.as_str()))
    .bind(e.to_status.as_str())
    .bind(&e.data)
    .bind(e.recorded_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn add_visible_unit(
    tx: &mut Transaction<'_, Any>,
    case_id: CaseId,
    unit: UnitId,
) -> Result<()> {
    sqlx::query("INSERT INTO case_units (case_id, unit_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(case_id)
        .bind(unit)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// Records a step: the new state (only if nobody changed the case since it was read),
    /// its deadlines and its timeline entry, atomically.
    pub async fn record_step(&self, step: &StepRecord, now_ms: i64) -> Result<i64> {
        let ring = self.audit_ring();
        let mut anchor = None;
        let mut tx = self.write.begin().await?;
        let c = &step.case;
        let done = sqlx::query(
            "UPDATE cases SET status = $1, petition_type = $2, handling_unit_id = $3, flags = $4, last_step_on = $5, \
             next_due_on = $6, detail = $7, updated_at = $8, version = version + 1, walled_unit_id = $11, \
             handler_user_id = $12, approval_unit_id = $13, owner_leader_id = $14, reading_leader_id = $15 \
             WHERE id = $9 AND version = $10",
        )
        .bind(c.status.as_str())
        .bind(c.petition_type.as_str())
        .bind(c.handling_unit_id)
        .bind(flags_text(&c.flags))
        .bind(c.last_step_on.to_string())
        .bind(next_due(&step.deadlines))
        .bind(to_json(&c.detail)?)
        .bind(now_ms)
        .bind(c.id)
        .bind(step.expected_version)
        .bind(wall_of(c).map(|w| w.accused_unit_id))
        .bind(c.detail.handler_user_id)
        .bind(huiyin_core::workflow::pending_approval_unit(c))
        .bind(c.detail.owner_leader_id)
        .bind(
            c.detail
                .instruction_request
                .as_ref()
                .map(|r| r.leader_user_id),
        )
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Concurrent);
        }
        write_deadlines(&mut tx, c.id, &step.deadlines).await?;
        write_entry(&mut tx, c.id, &step.entry).await?;
        if let Some((u, tokens)) = &step.add_visible_unit {
            add_visible_unit(&mut tx, c.id, *u).await?;
            // The case's scope may have grown: its full-text row names the new units too.
            crate::search_scope::write_search_row(
                &mut tx,
                (self.dialect, self.search_span),
                c.id,
                tokens,
                true,
            )
            .await?;
        }
        write_kpi(&mut tx, self.dialect, std::iter::once((c.id, &step.kpi))).await?;
        for w in &step.warnings {
            crate::warning_writes::insert_warning_in(&mut tx, w, &[c.id], now_ms).await?;
        }
        for change in &step.warning_moves {
            if !crate::warnings::change_warning_in(&mut tx, change).await? {
                crate::warning_joins::move_changed_warning_up(&mut tx, change, now_ms).await?;
            }
        }
        if let Some(d) = &step.decision {
            crate::follow_ups::write_decision(&mut tx, c.id, d, now_ms).await?;
        }
        if let Some(entry) = &step.audit {
            anchor =
                Some(append_audit_in(&mut tx, ring.as_deref(), std::slice::from_ref(entry)).await?);
        }
        tx.commit().await?;
        if let Some((id, hash)) = anchor {
            self.anchor_audit(id, &hash);
        }
        Ok(step.expected_version + 1)
    }

    /// Sets or clears one flag on a case without a workflow step (the deadline scanner).
    pub async fn set_flag(&self, id: CaseId, flag: Flag, on: bool, now_ms: i64) -> Result<bool> {
        // Versioned like a step; when someone changed the case in between (a step, another
        // flag), read it again and retry rather than lose the flag.
        for _ in 0..5 {
            let Some(rec) = self.case(id).await? else {
                return Err(StoreError::NotFound);
            };
            let mut flags = rec.case.flags.clone();
            let changed = if on {
                flags.insert(flag)
            } else {
                flags.remove(&flag)
            };
            if !changed {
                return Ok(false);
            }
            let done = sqlx::query("UPDATE cases SET flags = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4")
                .bind(flags_text(&flags))
                .bind(now_ms)
                .bind(id)
                .bind(rec.version)
                .execute(&self.write)
                .await?;
            if done.rows_affected() == 1 {
                return Ok(true);
            }
        }
        Err(StoreError::Concurrent)
    }
}
