//! Writing cases: registration (one at a time through the committer, or a batch) and steps.
//! A change, its timeline entry, its deadlines, its search tokens, its KPI facts and (for a
//! registration) its audit entry commit together.

use huiyin_core::case::{CaseId, Flag};
use huiyin_core::org::UnitId;
use huiyin_core::policy::wall_of;
use huiyin_core::workflow::CaseDeadline;
use sqlx::{Any, Transaction};

use crate::Store;
use crate::audit::{AuditEntry, append_audit_in};
use crate::cases::{NewCaseRecord, StepRecord, TimelineEntry, flags_text};
use crate::error::{Result, StoreError};
use crate::kpi::write_kpi;
use crate::rows::{i64_col, to_json};

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
    /// Registers a batch of cases in one transaction (one fsync). Returns (id, number) each.
    pub async fn insert_cases(
        &self,
        batch: &[NewCaseRecord],
        now_ms: i64,
    ) -> Result<Vec<(CaseId, String)>> {
        self.insert_cases_audited(batch, &[], now_ms).await
    }

    /// [`Store::insert_cases`] with the audit entries of the registrations in the same
    /// transaction: `audit[i]`, where given, is appended with case `i`'s number as its target,
    /// so a registration is answered after one commit, not two.
    pub async fn insert_cases_audited(
        &self,
        batch: &[NewCaseRecord],
        audit: &[Option<AuditEntry>],
        now_ms: i64,
    ) -> Result<Vec<(CaseId, String)>> {
        let mut tx = self.write.begin().await?;
        let mut out = Vec::with_capacity(batch.len());
        for rec in batch {
            out.push(self.insert_case_in(&mut tx, rec, now_ms).await?);
        }
        let facts = out.iter().zip(batch).map(|((id, _), rec)| (*id, &rec.kpi));
        write_kpi(&mut tx, self.dialect, facts).await?;
        let entries: Vec<AuditEntry> = audit
            .iter()
            .zip(&out)
            .filter_map(|(e, (_, number))| {
                e.clone().map(|e| AuditEntry {
                    target: number.clone(),
                    ..e
                })
            })
            .collect();
        if !entries.is_empty() {
            let ring = self.audit_ring();
            let (id, hash) = append_audit_in(&mut tx, ring.as_deref(), &entries).await?;
            tx.commit().await?;
            self.anchor_audit(id, &hash);
        } else {
            tx.commit().await?;
        }
        Ok(out)
    }

    async fn insert_case_in(
        &self,
        tx: &mut Transaction<'_, Any>,
        rec: &NewCaseRecord,
        now_ms: i64,
    ) -> Result<(CaseId, String)> {
        let row = sqlx::query(
            "INSERT INTO case_counters (scope, last_value) VALUES ($1, 1) \
             ON CONFLICT (scope) DO UPDATE SET last_value = case_counters.last_value + 1 RETURNING last_value",
        )
        .bind(&rec.number_scope)
        .fetch_one(&mut **tx)
        .await?;
        let seq = i64_col(&row, "last_value")?;
        let number = huiyin_core::case::case_number(&rec.number_scope, seq);
        let c = &rec.case;
        let row = sqlx::query(
            "INSERT INTO cases (number, status, channel, petition_type, category, title, content, demands, received_on, \
             receiving_unit_id, handling_unit_id, concerned_unit_id, people_count, flags, last_step_on, next_due_on, \
             detail, created_at, updated_at, version, walled_unit_id, registered_by, text_sketch) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, 1, $19, $20, $21) RETURNING id",
        )
        .bind(&number)
        .bind(c.status.as_str())
        .bind(c.channel.as_str())
        .bind(c.petition_type.as_str())
        .bind(&c.category)
        .bind(&c.title)
        .bind(&c.content)
        .bind(&c.demands)
        .bind(c.received_on.to_string())
        .bind(c.receiving_unit_id)
        .bind(c.handling_unit_id)
        .bind(c.concerned_unit_id)
        .bind(i64::from(c.people_count))
        .bind(flags_text(&c.flags))
        .bind(c.last_step_on.to_string())
        .bind(next_due(&rec.deadlines))
        .bind(to_json(&c.detail)?)
        .bind(now_ms)
        .bind(wall_of(c).map(|w| w.accused_unit_id))
        .bind(c.registered_by)
        .bind(rec.text_sketch.as_deref())
        .fetch_one(&mut **tx)
        .await?;
        let id = i64_col(&row, "id")?;
        for (pos, p) in rec.petitioners.iter().enumerate() {
            sqlx::query(
                "INSERT INTO petitioners (case_id, position, name, id_number, phone, address, representative, id_key, name_phone_key) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id)
            .bind(pos as i64)
            .bind(&p.petitioner.name)
            .bind(self.seal(p.petitioner.id_number.as_deref())?)
            .bind(self.seal(p.petitioner.phone.as_deref())?)
            .bind(self.seal(p.petitioner.address.as_deref())?)
            .bind(i64::from(p.petitioner.representative))
            .bind(p.id_key.as_deref())
            .bind(p.name_phone_key.as_deref())
            .execute(&mut **tx)
            .await?;
        }
        for (other, kind) in &rec.links {
            for (a, b) in [(id, *other), (*other, id)] {
                sqlx::query("INSERT INTO case_links (case_id, linked_case_id, kind) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                    .bind(a)
                    .bind(b)
                    .bind(kind)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        for u in &rec.visible_units {
            add_visible_unit(tx, id, *u).await?;
        }
        write_deadlines(tx, id, &rec.deadlines).await?;
        write_entry(tx, id, &rec.first_entry).await?;
        for e in &rec.more_entries {
            write_entry(tx, id, e).await?;
        }
        crate::search_scope::write_search_row(
            tx,
            (self.dialect, self.search_span),
            id,
            &rec.search_tokens,
            false,
        )
        .await?;
        for w in &rec.warnings {
            crate::warning_writes::insert_warning_in(tx, w, &[id], now_ms).await?;
        }
        if let Some(reception) = rec.reception_id {
            sqlx::query("INSERT INTO reception_cases (reception_id, case_id) VALUES ($1, $2)")
                .bind(reception)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        Ok((id, number))
    }

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
