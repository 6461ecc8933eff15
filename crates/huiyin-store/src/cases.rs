//! Cases: registration, steps, and reading a case back with everything that belongs to it.
//! A change, its timeline entry, its deadlines and its search tokens commit together.

use huiyin_core::Date;
use huiyin_core::case::{Case, CaseDetail, CaseId, Flag, Petitioner, Status};
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_core::kpi::KpiFacts;
use huiyin_core::org::UnitId;
use huiyin_core::workflow::{CaseDeadline, DeadlineKind};
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};
use std::collections::BTreeSet;

use crate::audit::{AuditEntry, append_audit_in};
use crate::error::{Result, StoreError};
use crate::kpi::write_kpi;
use crate::rows::{date, i64_col, json, opt_i64, opt_text, parse_wire, text, to_json};
use crate::{Dialect, Store};

/// One line of a case's timeline: who did what, on which day.
#[derive(Clone, Debug, serde::Serialize)]
pub struct TimelineEntry {
    pub action: String,
    pub on: Date,
    pub actor_user_id: Option<i64>,
    pub actor_unit_id: Option<UnitId>,
    pub actor_name: String,
    pub note_zh: String,
    pub note_en: String,
    pub from_status: Option<Status>,
    pub to_status: Status,
    /// The step's parameters as JSON text.
    pub data: String,
    pub recorded_at: i64,
}

/// A petitioner as stored, with the lookup keys used by repeat detection.
#[derive(Clone, Debug)]
pub struct StoredPetitioner {
    pub petitioner: Petitioner,
    pub id_key: Option<String>,
    pub name_phone_key: Option<String>,
}

/// Everything written when a case is registered.
#[derive(Clone, Debug)]
pub struct NewCaseRecord {
    /// The case; `id` and `number` are assigned by the store.
    pub case: Case,
    /// Numbering scope, e.g. `330100-2026`; numbers run per scope.
    pub number_scope: String,
    pub petitioners: Vec<StoredPetitioner>,
    pub links: Vec<(CaseId, String)>,
    pub deadlines: Vec<CaseDeadline>,
    pub search_tokens: String,
    pub first_entry: TimelineEntry,
    /// Further timeline entries (used by the demo generator to write a whole history).
    pub more_entries: Vec<TimelineEntry>,
    pub visible_units: Vec<UnitId>,
    /// What the case contributes to the headline rates, written in the same transaction.
    pub kpi: KpiFacts,
}

/// Everything written when a step is taken.
#[derive(Clone, Debug)]
pub struct StepRecord {
    pub case: Case,
    pub expected_version: i64,
    pub deadlines: Vec<CaseDeadline>,
    pub entry: TimelineEntry,
    pub add_visible_unit: Option<UnitId>,
    /// The case's headline-rate facts after the step, written in the same transaction.
    pub kpi: KpiFacts,
}

/// A case read back with its parts.
#[derive(Clone, Debug)]
pub struct CaseRecord {
    pub case: Case,
    pub version: i64,
    pub petitioners: Vec<Petitioner>,
    /// (linked case id, kind, linked case number)
    pub links: Vec<(CaseId, String, String)>,
    pub deadlines: Vec<CaseDeadline>,
    pub visible_units: Vec<UnitId>,
}

/// An earlier case of the same petitioner and matter.
#[derive(Clone, Debug)]
pub struct PriorCase {
    pub id: CaseId,
    pub number: String,
    pub status: Status,
    pub received_on: Date,
}

pub(crate) fn flags_text(flags: &BTreeSet<Flag>) -> String {
    let mut s = String::from(" ");
    for f in flags {
        s.push_str(f.as_str());
        s.push(' ');
    }
    s
}

pub(crate) const CASE_COLS: &str = "c.id, c.number, c.status, c.channel, c.petition_type, c.category, c.title, \
     c.content, c.demands, c.received_on, c.receiving_unit_id, c.handling_unit_id, c.concerned_unit_id, \
     c.people_count, c.flags, c.last_step_on, c.detail, c.version";

pub(crate) fn case_from_row(row: &AnyRow) -> Result<(Case, i64)> {
    let status = text(row, "status")?;
    let channel = text(row, "channel")?;
    let ptype = text(row, "petition_type")?;
    let flags = text(row, "flags")?
        .split_whitespace()
        .filter_map(Flag::parse)
        .collect();
    let detail: CaseDetail = json(row, "detail")?;
    let case = Case {
        id: i64_col(row, "id")?,
        number: text(row, "number")?,
        status: parse_wire("status", &status, Status::parse)?,
        channel: parse_wire("channel", &channel, Channel::parse)?,
        petition_type: parse_wire("petition_type", &ptype, PetitionType::parse)?,
        category: text(row, "category")?,
        title: text(row, "title")?,
        content: text(row, "content")?,
        demands: text(row, "demands")?,
        received_on: date(row, "received_on")?,
        receiving_unit_id: i64_col(row, "receiving_unit_id")?,
        handling_unit_id: i64_col(row, "handling_unit_id")?,
        concerned_unit_id: i64_col(row, "concerned_unit_id")?,
        people_count: u32::try_from(i64_col(row, "people_count")?).unwrap_or(0),
        flags,
        last_step_on: date(row, "last_step_on")?,
        detail,
    };
    Ok((case, i64_col(row, "version")?))
}

pub(crate) fn deadline_from_row(row: &AnyRow) -> Result<(CaseId, CaseDeadline)> {
    let kind = text(row, "kind")?;
    Ok((
        i64_col(row, "case_id")?,
        CaseDeadline {
            kind: parse_wire("kind", &kind, DeadlineKind::parse)?,
            start_on: date(row, "start_on")?,
            due_on: date(row, "due_on")?,
            provisional: i64_col(row, "provisional")? != 0,
            explanation_zh: text(row, "explanation_zh")?,
            explanation_en: text(row, "explanation_en")?,
        },
    ))
}

pub(crate) fn petitioner_from_row(row: &AnyRow) -> Result<(CaseId, Petitioner)> {
    Ok((
        i64_col(row, "case_id")?,
        Petitioner {
            name: text(row, "name")?,
            id_number: opt_text(row, "id_number")?,
            phone: opt_text(row, "phone")?,
            address: opt_text(row, "address")?,
            representative: i64_col(row, "representative")? != 0,
        },
    ))
}

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
            append_audit_in(&mut tx, &entries).await?;
        }
        tx.commit().await?;
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
        let number = format!("{}-{seq:06}", rec.number_scope);
        let c = &rec.case;
        let row = sqlx::query(
            "INSERT INTO cases (number, status, channel, petition_type, category, title, content, demands, received_on, \
             receiving_unit_id, handling_unit_id, concerned_unit_id, people_count, flags, last_step_on, next_due_on, \
             detail, created_at, updated_at, version) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, 1) RETURNING id",
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
        match self.dialect {
            Dialect::Sqlite => sqlx::query("INSERT INTO case_fts (rowid, tokens) VALUES ($1, $2)"),
            Dialect::Postgres => {
                sqlx::query("INSERT INTO case_fts (case_id, tokens) VALUES ($1, $2)")
            }
        }
        .bind(id)
        .bind(&rec.search_tokens)
        .execute(&mut **tx)
        .await?;
        Ok((id, number))
    }

    /// Records a step: the new state (only if nobody changed the case since it was read),
    /// its deadlines and its timeline entry, atomically.
    pub async fn record_step(&self, step: &StepRecord, now_ms: i64) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let c = &step.case;
        let done = sqlx::query(
            "UPDATE cases SET status = $1, petition_type = $2, handling_unit_id = $3, flags = $4, last_step_on = $5, \
             next_due_on = $6, detail = $7, updated_at = $8, version = version + 1 WHERE id = $9 AND version = $10",
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
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Concurrent);
        }
        write_deadlines(&mut tx, c.id, &step.deadlines).await?;
        write_entry(&mut tx, c.id, &step.entry).await?;
        if let Some(u) = step.add_visible_unit {
            add_visible_unit(&mut tx, c.id, u).await?;
        }
        write_kpi(&mut tx, self.dialect, std::iter::once((c.id, &step.kpi))).await?;
        tx.commit().await?;
        Ok(step.expected_version + 1)
    }

    /// Reads a case with its petitioners, links, deadlines and visibility units.
    pub async fn case(&self, id: CaseId) -> Result<Option<CaseRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT {CASE_COLS} FROM cases c WHERE c.id = $1"));
        let Some(row) = sqlx::query(sql).bind(id).fetch_optional(&self.read).await? else {
            return Ok(None);
        };
        let (case, version) = case_from_row(&row)?;
        let petitioners = self
            .petitioners_of(&[id])
            .await?
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        let deadlines = self
            .deadlines_of(&[id])
            .await?
            .into_iter()
            .map(|(_, d)| d)
            .collect();
        let links = sqlx::query(
            "SELECT l.linked_case_id, l.kind, c.number FROM case_links l JOIN cases c ON c.id = l.linked_case_id \
             WHERE l.case_id = $1 ORDER BY l.linked_case_id",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| Ok((i64_col(r, "linked_case_id")?, text(r, "kind")?, text(r, "number")?)))
        .collect::<Result<Vec<_>>>()?;
        let visible_units = sqlx::query("SELECT unit_id FROM case_units WHERE case_id = $1")
            .bind(id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| i64_col(r, "unit_id"))
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(CaseRecord {
            case,
            version,
            petitioners,
            links,
            deadlines,
            visible_units,
        }))
    }

    pub(crate) async fn petitioners_of(&self, ids: &[CaseId]) -> Result<Vec<(CaseId, Petitioner)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT case_id, name, id_number, phone, address, representative FROM petitioners \
             WHERE case_id IN ({list}) ORDER BY case_id, position"
        ));
        let rows = sqlx::query(sql)
            .persistent(false)
            .fetch_all(&self.read)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let (id, mut p) = petitioner_from_row(r)?;
            p.id_number = self.open(p.id_number.take())?;
            p.phone = self.open(p.phone.take())?;
            p.address = self.open(p.address.take())?;
            out.push((id, p));
        }
        Ok(out)
    }

    /// The stored deadlines of these cases, by case and due day.
    pub async fn deadlines_of(&self, ids: &[CaseId]) -> Result<Vec<(CaseId, CaseDeadline)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT case_id, kind, start_on, due_on, provisional, explanation_zh, explanation_en FROM deadlines \
             WHERE case_id IN ({list}) ORDER BY case_id, due_on, kind"
        ));
        sqlx::query(sql)
            .persistent(false)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(deadline_from_row)
            .collect()
    }

    /// The timeline of a case, oldest first.
    pub async fn timeline(&self, id: CaseId) -> Result<Vec<TimelineEntry>> {
        let rows = sqlx::query(
            "SELECT action, on_day, actor_user_id, actor_unit_id, actor_name, note_zh, note_en, from_status, to_status, \
             data, recorded_at FROM timeline WHERE case_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let to = text(r, "to_status")?;
                Ok(TimelineEntry {
                    action: text(r, "action")?,
                    on: date(r, "on_day")?,
                    actor_user_id: opt_i64(r, "actor_user_id")?,
                    actor_unit_id: opt_i64(r, "actor_unit_id")?,
                    actor_name: text(r, "actor_name")?,
                    note_zh: text(r, "note_zh")?,
                    note_en: text(r, "note_en")?,
                    from_status: opt_text(r, "from_status")?.and_then(|s| Status::parse(&s)),
                    to_status: parse_wire("to_status", &to, Status::parse)?,
                    data: text(r, "data")?,
                    recorded_at: i64_col(r, "recorded_at")?,
                })
            })
            .collect()
    }

    /// Earlier cases with any of the petitioner keys about the same matter (repeat detection).
    pub async fn prior_cases(
        &self,
        id_keys: &[String],
        name_phone_keys: &[String],
        concerned_unit_id: UnitId,
        category: &str,
    ) -> Result<Vec<PriorCase>> {
        if id_keys.is_empty() && name_phone_keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut conds = Vec::new();
        let mut n = 2;
        for _ in id_keys {
            n += 1;
            conds.push(format!("p.id_key = ${n}"));
        }
        for _ in name_phone_keys {
            n += 1;
            conds.push(format!("p.name_phone_key = ${n}"));
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT DISTINCT c.id, c.number, c.status, c.received_on FROM petitioners p JOIN cases c ON c.id = p.case_id \
             WHERE c.concerned_unit_id = $1 AND c.category = $2 AND ({}) ORDER BY c.id",
            conds.join(" OR ")
        ));
        let mut q = sqlx::query(sql)
            .bind(concerned_unit_id)
            .bind(category.to_owned());
        for k in id_keys.iter().chain(name_phone_keys) {
            q = q.bind(k.clone());
        }
        q.fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| {
                let status = text(r, "status")?;
                Ok(PriorCase {
                    id: i64_col(r, "id")?,
                    number: text(r, "number")?,
                    status: parse_wire("status", &status, Status::parse)?,
                    received_on: date(r, "received_on")?,
                })
            })
            .collect()
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

    pub async fn count_cases(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM cases")
            .fetch_one(&self.read)
            .await?;
        i64_col(&row, "n")
    }
}

impl Store {
    /// Cases by id without their parts (batch jobs such as re-timing).
    pub async fn cases_by_ids(&self, ids: &[CaseId]) -> Result<Vec<(Case, i64)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {CASE_COLS} FROM cases c WHERE c.id IN ({list}) ORDER BY c.id"
        ));
        sqlx::query(sql)
            .persistent(false)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(case_from_row)
            .collect()
    }

    /// Ids of cases whose earliest staff deadline lies in `[from, to]`, after `after`.
    pub async fn case_ids_due_between(
        &self,
        from: Date,
        to: Date,
        after: CaseId,
        limit: i64,
    ) -> Result<Vec<CaseId>> {
        let rows = sqlx::query(
            "SELECT id FROM cases WHERE next_due_on >= $1 AND next_due_on <= $2 AND id > $3 ORDER BY id LIMIT $4",
        )
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(after)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| i64_col(r, "id")).collect()
    }
}

impl Store {
    /// Re-encrypts up to `limit` petitioner rows after id `after` that are not sealed with the
    /// active key (key rotation, or rows written before encryption). Returns the last id seen
    /// and how many rows changed; `None` when no rows are left.
    pub async fn reseal_petitioners(&self, after: i64, limit: i64) -> Result<Option<(i64, u64)>> {
        let Some(keys) = self.keys.clone() else {
            return Ok(None);
        };
        let rows = sqlx::query("SELECT id, id_number, phone, address FROM petitioners WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after)
            .bind(limit)
            .fetch_all(&self.write)
            .await?;
        let Some(last) = rows.last().map(|r| i64_col(r, "id")).transpose()? else {
            return Ok(None);
        };
        let ring = keys.ring();
        let mut tx = self.write.begin().await?;
        let mut changed = 0;
        for r in &rows {
            let cols = [
                opt_text(r, "id_number")?,
                opt_text(r, "phone")?,
                opt_text(r, "address")?,
            ];
            if cols.iter().flatten().all(|v| ring.is_current(v)) {
                continue;
            }
            let mut sealed = Vec::new();
            for c in cols {
                let clear = self.open(c)?;
                sealed.push(self.seal(clear.as_deref())?);
            }
            sqlx::query(
                "UPDATE petitioners SET id_number = $1, phone = $2, address = $3 WHERE id = $4",
            )
            .bind(sealed[0].clone())
            .bind(sealed[1].clone())
            .bind(sealed[2].clone())
            .bind(i64_col(r, "id")?)
            .execute(&mut *tx)
            .await?;
            changed += 1;
        }
        tx.commit().await?;
        Ok(Some((last, changed)))
    }
}
