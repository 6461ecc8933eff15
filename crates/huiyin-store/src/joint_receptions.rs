//! 联合接访 sessions (issue 15 item 4; migration 0046): a session with its participating units
//! and names on duty, the cases taken there (a removed link keeps its row), closing with a
//! summary; every write with its audit entry in one transaction. Which cases a reader may see
//! is the caller's: the links are answered as case ids.

use huiyin_core::Date;
use huiyin_core::case::CaseId;
use huiyin_core::joint_reception::{JointReceptionStatus, NewJointReception};
use huiyin_core::org::UnitId;

use crate::Store;
use crate::audit::AuditEntry;
use crate::error::Result;
use crate::rows::{date, i64_col, json, opt_i64, opt_text, parse_wire, text, to_json};
use crate::search::id_list;

/// A stored session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JointReceptionRecord {
    pub id: i64,
    pub on: Date,
    pub place: String,
    pub host_unit_id: UnitId,
    pub unit_ids: Vec<UnitId>,
    pub on_duty: Vec<String>,
    pub note: String,
    pub status: JointReceptionStatus,
    pub summary: Option<String>,
    pub created_by_name: String,
    pub created_at: i64,
    pub closed_by_name: Option<String>,
    pub closed_at: Option<i64>,
}

/// A case taken at a session (links in force only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JointReceptionLink {
    pub reception_id: i64,
    pub case_id: CaseId,
    pub linked_by_name: String,
    pub linked_at: i64,
}

/// Which sessions a list reads.
#[derive(Clone, Copy, Debug)]
pub struct JointReceptionFilter {
    pub from: Date,
    pub to: Date,
    pub status: Option<JointReceptionStatus>,
}

/// How a link or an unlink went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkChange {
    Done,
    /// Linked already (a link), or not linked (an unlink): nothing written.
    Unchanged,
    /// The session is closed: nothing written.
    Closed,
}

const SELECT: &str = "SELECT r.id, r.on_day, r.place, r.host_unit_id, r.on_duty, r.note, r.status, \
     r.summary, c.display_name AS created_by_name, r.created_at, x.display_name AS closed_by_name, \
     r.closed_at FROM joint_receptions r LEFT JOIN users c ON c.id = r.created_by \
     LEFT JOIN users x ON x.id = r.closed_by";

impl Store {
    async fn reception_record(&self, r: &sqlx::any::AnyRow) -> Result<JointReceptionRecord> {
        let id = i64_col(r, "id")?;
        let unit_ids = sqlx::query(
            "SELECT unit_id FROM joint_reception_units WHERE reception_id = $1 ORDER BY unit_id",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|u| i64_col(u, "unit_id"))
        .collect::<Result<Vec<_>>>()?;
        Ok(JointReceptionRecord {
            id,
            on: date(r, "on_day")?,
            place: text(r, "place")?,
            host_unit_id: i64_col(r, "host_unit_id")?,
            unit_ids,
            on_duty: json(r, "on_duty")?,
            note: text(r, "note")?,
            status: parse_wire("status", &text(r, "status")?, JointReceptionStatus::parse)?,
            summary: opt_text(r, "summary")?,
            created_by_name: opt_text(r, "created_by_name")?.unwrap_or_default(),
            created_at: i64_col(r, "created_at")?,
            closed_by_name: opt_text(r, "closed_by_name")?,
            closed_at: opt_i64(r, "closed_at")?,
        })
    }

    /// Records a session with its participating units, audited in the same transaction.
    pub async fn insert_joint_reception(
        &self,
        s: &NewJointReception,
        (by, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<i64> {
        let mut tx = self.write.begin().await?;
        let row = sqlx::query(
            "INSERT INTO joint_receptions (on_day, place, host_unit_id, on_duty, note, status, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, 'open', $6, $7) RETURNING id",
        )
        .bind(s.on.to_string())
        .bind(s.place.clone())
        .bind(s.host_unit_id)
        .bind(to_json(&s.on_duty)?)
        .bind(s.note.clone())
        .bind(by)
        .bind(now_ms)
        .fetch_one(&mut *tx)
        .await?;
        let id = i64_col(&row, "id")?;
        for u in &s.unit_ids {
            sqlx::query(
                "INSERT INTO joint_reception_units (reception_id, unit_id) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(*u)
            .execute(&mut *tx)
            .await?;
        }
        let entry = AuditEntry {
            target: format!("joint_reception:{id}"),
            ..audit.clone()
        };
        self.commit_audited(tx, std::slice::from_ref(&entry))
            .await?;
        Ok(id)
    }

    /// One session.
    pub async fn joint_reception(&self, id: i64) -> Result<Option<JointReceptionRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("{SELECT} WHERE r.id = $1"));
        match sqlx::query(sql).bind(id).fetch_optional(&self.read).await? {
            Some(r) => Ok(Some(self.reception_record(&r).await?)),
            None => Ok(None),
        }
    }

    /// The sessions hosted by, or with a participating unit in, the subtree of `root`, latest
    /// day first: a page of them and how many there are.
    pub async fn list_joint_receptions(
        &self,
        root: UnitId,
        f: JointReceptionFilter,
        (limit, offset): (i64, i64),
    ) -> Result<(Vec<JointReceptionRecord>, i64)> {
        let status = f
            .status
            .map(|s| format!(" AND r.status = '{}'", s.as_str()))
            .unwrap_or_default();
        let cond = format!(
            "WHERE r.on_day >= $1 AND r.on_day <= $2{status} AND \
             (r.host_unit_id IN (SELECT unit_id FROM unit_ancestors WHERE ancestor_id = {root}) \
             OR EXISTS (SELECT 1 FROM joint_reception_units p JOIN unit_ancestors a \
             ON a.unit_id = p.unit_id WHERE p.reception_id = r.id AND a.ancestor_id = {root}))"
        );
        let count = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM joint_receptions r {cond}"
        )))
        .bind(f.from.to_string())
        .bind(f.to.to_string())
        .fetch_one(&self.read)
        .await?;
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} {cond} ORDER BY r.on_day DESC, r.id DESC LIMIT {limit} OFFSET {offset}"
        )))
        .bind(f.from.to_string())
        .bind(f.to.to_string())
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(self.reception_record(r).await?);
        }
        Ok((out, i64_col(&count, "n")?))
    }

    /// The cases taken at `ids` (links in force), in the order they were linked.
    pub async fn joint_reception_links(&self, ids: &[i64]) -> Result<Vec<JointReceptionLink>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT l.reception_id, l.case_id, u.display_name AS linked_by_name, l.linked_at \
             FROM joint_reception_cases l LEFT JOIN users u ON u.id = l.linked_by \
             WHERE l.reception_id IN ({}) AND l.removed_at IS NULL ORDER BY l.id",
            id_list(ids)
        )))
        .fetch_all(&self.read)
        .await?
        .iter()
        .map(|r| {
            Ok(JointReceptionLink {
                reception_id: i64_col(r, "reception_id")?,
                case_id: i64_col(r, "case_id")?,
                linked_by_name: opt_text(r, "linked_by_name")?.unwrap_or_default(),
                linked_at: i64_col(r, "linked_at")?,
            })
        })
        .collect()
    }

    /// The sessions a case was taken at (links in force), latest day first.
    pub async fn joint_receptions_of_case(
        &self,
        case_id: CaseId,
    ) -> Result<Vec<JointReceptionRecord>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE r.id IN (SELECT reception_id FROM joint_reception_cases \
             WHERE case_id = $1 AND removed_at IS NULL) ORDER BY r.on_day DESC, r.id DESC"
        ));
        let rows = sqlx::query(sql).bind(case_id).fetch_all(&self.read).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(self.reception_record(r).await?);
        }
        Ok(out)
    }

    async fn open_in(tx: &mut sqlx::Transaction<'_, sqlx::Any>, id: i64) -> Result<bool> {
        let row = sqlx::query("SELECT status FROM joint_receptions WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
        Ok(match row {
            Some(r) => text(&r, "status")? == JointReceptionStatus::Open.as_str(),
            None => false,
        })
    }

    /// Records a case as taken at an open session, audited in the same transaction.
    pub async fn link_joint_reception_case(
        &self,
        (id, case_id): (i64, CaseId),
        (by, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<LinkChange> {
        let mut tx = self.write.begin().await?;
        if !Self::open_in(&mut tx, id).await? {
            return Ok(LinkChange::Closed);
        }
        let linked = sqlx::query(
            "SELECT id FROM joint_reception_cases WHERE reception_id = $1 AND case_id = $2 \
             AND removed_at IS NULL",
        )
        .bind(id)
        .bind(case_id)
        .fetch_optional(&mut *tx)
        .await?;
        if linked.is_some() {
            return Ok(LinkChange::Unchanged);
        }
        sqlx::query(
            "INSERT INTO joint_reception_cases (reception_id, case_id, linked_by, linked_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(case_id)
        .bind(by)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        self.commit_audited(tx, std::slice::from_ref(audit)).await?;
        Ok(LinkChange::Done)
    }

    /// Removes a case from an open session (the row stays, marked), audited.
    pub async fn unlink_joint_reception_case(
        &self,
        (id, case_id): (i64, CaseId),
        (by, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<LinkChange> {
        let mut tx = self.write.begin().await?;
        if !Self::open_in(&mut tx, id).await? {
            return Ok(LinkChange::Closed);
        }
        let done = sqlx::query(
            "UPDATE joint_reception_cases SET removed_by = $1, removed_at = $2 \
             WHERE reception_id = $3 AND case_id = $4 AND removed_at IS NULL",
        )
        .bind(by)
        .bind(now_ms)
        .bind(id)
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(LinkChange::Unchanged);
        }
        self.commit_audited(tx, std::slice::from_ref(audit)).await?;
        Ok(LinkChange::Done)
    }

    /// Closes an open session with its summary (`false`: closed already), audited.
    pub async fn close_joint_reception(
        &self,
        id: i64,
        summary: &str,
        (by, now_ms): (i64, i64),
        audit: &AuditEntry,
    ) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "UPDATE joint_receptions SET status = 'closed', summary = $1, closed_by = $2, \
             closed_at = $3 WHERE id = $4 AND status = 'open'",
        )
        .bind(summary.to_owned())
        .bind(by)
        .bind(now_ms)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(false);
        }
        self.commit_audited(tx, std::slice::from_ref(audit)).await?;
        Ok(true)
    }
}
