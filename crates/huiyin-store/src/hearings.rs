//! 信访听证 records (issue 15 item 5; migration 0042): a hearing on a case with its officers and
//! participants (JSON lists, written once and only shown with the hearing), its notice, minutes
//! and conclusion; every write with its audit entry in one transaction.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::hearing::{HearingStatus, NewHearing, Officer, Participant};
use huiyin_core::hearing_step::{HearingStep, NoticeMethod};
use huiyin_core::org::UnitId;

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::{Result, StoreError};
use crate::rows::{date, i64_col, json, opt_i64, opt_text, parse_wire, text, to_json};
use crate::search::id_list;

/// A stored hearing, with the names of those who recorded its steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HearingRecord {
    pub id: i64,
    pub case_id: CaseId,
    /// The case's handling unit when it was scheduled (the lists' scope).
    pub unit_id: UnitId,
    pub on: Date,
    pub place: String,
    pub public: bool,
    pub officers: Vec<Officer>,
    pub participants: Vec<Participant>,
    pub status: HearingStatus,
    pub notice_on: Option<Date>,
    pub notice_method: Option<NoticeMethod>,
    pub notice_note: Option<String>,
    pub notice_by_name: Option<String>,
    pub held_on: Option<Date>,
    pub minutes: Option<String>,
    pub conclusion: Option<String>,
    pub held_by_name: Option<String>,
    pub cancel_reason: Option<String>,
    pub cancelled_by_name: Option<String>,
    pub recorded_by: i64,
    pub recorded_by_name: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const SELECT: &str = "SELECT h.id, h.case_id, h.unit_id, h.on_day, h.place, h.public, h.officers, \
     h.participants, h.status, h.notice_on, h.notice_method, h.notice_note, \
     n.display_name AS notice_by_name, h.held_on, h.minutes, h.conclusion, \
     d.display_name AS held_by_name, h.cancel_reason, x.display_name AS cancelled_by_name, \
     h.recorded_by, r.display_name AS recorded_by_name, h.created_at, h.updated_at \
     FROM hearings h LEFT JOIN users n ON n.id = h.notice_by LEFT JOIN users d ON d.id = h.held_by \
     LEFT JOIN users x ON x.id = h.cancelled_by LEFT JOIN users r ON r.id = h.recorded_by";

fn opt_date(r: &sqlx::any::AnyRow, col: &str) -> Result<Option<Date>> {
    opt_text(r, col)?
        .map(|s| Date::parse(&s).map_err(|e| StoreError::Corrupt(format!("{col}: {e}"))))
        .transpose()
}

fn record(r: &sqlx::any::AnyRow) -> Result<HearingRecord> {
    Ok(HearingRecord {
        id: i64_col(r, "id")?,
        case_id: i64_col(r, "case_id")?,
        unit_id: i64_col(r, "unit_id")?,
        on: date(r, "on_day")?,
        place: text(r, "place")?,
        public: i64_col(r, "public")? != 0,
        officers: json(r, "officers")?,
        participants: json(r, "participants")?,
        status: parse_wire("status", &text(r, "status")?, HearingStatus::parse)?,
        notice_on: opt_date(r, "notice_on")?,
        notice_method: opt_text(r, "notice_method")?
            .map(|m| parse_wire("notice_method", &m, NoticeMethod::parse))
            .transpose()?,
        notice_note: opt_text(r, "notice_note")?,
        notice_by_name: opt_text(r, "notice_by_name")?,
        held_on: opt_date(r, "held_on")?,
        minutes: opt_text(r, "minutes")?,
        conclusion: opt_text(r, "conclusion")?,
        held_by_name: opt_text(r, "held_by_name")?,
        cancel_reason: opt_text(r, "cancel_reason")?,
        cancelled_by_name: opt_text(r, "cancelled_by_name")?,
        recorded_by: opt_i64(r, "recorded_by")?.unwrap_or_default(),
        recorded_by_name: opt_text(r, "recorded_by_name")?.unwrap_or_default(),
        created_at: i64_col(r, "created_at")?,
        updated_at: i64_col(r, "updated_at")?,
    })
}

impl Store {
    /// Schedules a hearing on `case_id` at `unit_id`, audited in the same transaction; its id.
    pub async fn insert_hearing(
        &self,
        (case_id, unit_id): (CaseId, UnitId),
        h: &NewHearing,
        (recorded_by, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "INSERT INTO hearings (case_id, unit_id, on_day, place, public, officers, participants, \
             status, recorded_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(case_id)
        .bind(unit_id)
        .bind(h.on.to_string())
        .bind(h.place.clone())
        .bind(i64::from(h.public))
        .bind(to_json(&h.officers)?)
        .bind(to_json(&h.participants)?)
        .bind(HearingStatus::Scheduled.as_str())
        .bind(recorded_by)
        .bind(now_ms)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let id = i64_col(&row, "id")?;
        let entry = AuditEntry {
            target: format!("hearing:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(id)
    }

    /// Takes a step on a hearing still scheduled (a notice only once), audited in the same
    /// transaction; `false` when it no longer fits (taken meanwhile).
    pub async fn record_hearing_step(
        &self,
        id: i64,
        step: &HearingStep,
        (by, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let scheduled = HearingStatus::Scheduled.as_str();
        let done =
            match step {
                HearingStep::Notify { on, method, note } => {
                    sqlx::query(
                        "UPDATE hearings SET notice_on = $1, notice_method = $2, notice_note = $3, \
                 notice_by = $4, updated_at = $5 \
                 WHERE id = $6 AND status = $7 AND notice_on IS NULL",
                    )
                    .bind(on.to_string())
                    .bind(method.as_str())
                    .bind(note.clone())
                    .bind(by)
                    .bind(now_ms)
                    .bind(id)
                    .bind(scheduled)
                    .execute(&mut *tx)
                    .await?
                }
                HearingStep::Hold {
                    on,
                    minutes,
                    conclusion,
                } => sqlx::query(
                    "UPDATE hearings SET status = $1, held_on = $2, minutes = $3, conclusion = $4, \
                 held_by = $5, updated_at = $6 WHERE id = $7 AND status = $8",
                )
                .bind(HearingStatus::Held.as_str())
                .bind(on.to_string())
                .bind(minutes.clone())
                .bind(conclusion.clone())
                .bind(by)
                .bind(now_ms)
                .bind(id)
                .bind(scheduled)
                .execute(&mut *tx)
                .await?,
                HearingStep::Cancel { reason } => {
                    sqlx::query(
                        "UPDATE hearings SET status = $1, cancel_reason = $2, cancelled_by = $3, \
                 updated_at = $4 WHERE id = $5 AND status = $6",
                    )
                    .bind(HearingStatus::Cancelled.as_str())
                    .bind(reason.clone())
                    .bind(by)
                    .bind(now_ms)
                    .bind(id)
                    .bind(scheduled)
                    .execute(&mut *tx)
                    .await?
                }
            };
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        let entry = AuditEntry {
            target: format!("hearing:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(true)
    }

    /// One hearing.
    pub async fn hearing(&self, id: i64) -> Result<Option<HearingRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE h.id = $1"));
        let row = sqlx::query(sql).bind(id).fetch_optional(&self.read).await?;
        row.map(|r| record(&r)).transpose()
    }

    /// The hearings of a case, by day then id.
    pub async fn hearings_of_case(&self, case_id: CaseId) -> Result<Vec<HearingRecord>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE h.case_id = $1 ORDER BY h.on_day, h.id"
        ));
        sqlx::query(sql)
            .bind(case_id)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(record)
            .collect()
    }

    /// Hearings scheduled at `units` for a day within `[from, to]`, latest day first, at most
    /// `limit`.
    pub async fn list_hearings(
        &self,
        units: &[UnitId],
        (from, to): (Date, Date),
        limit: i64,
    ) -> Result<Vec<HearingRecord>> {
        if units.is_empty() {
            return Ok(Vec::new());
        }
        let sql = sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE h.unit_id IN ({}) AND h.on_day >= $1 AND h.on_day <= $2 \
             ORDER BY h.on_day DESC, h.id DESC LIMIT {limit}",
            id_list(units)
        ));
        sqlx::query(sql)
            .bind(from.to_string())
            .bind(to.to_string())
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(record)
            .collect()
    }
}
