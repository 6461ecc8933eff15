//! Early warnings (预警, migration 0020): written with the registration that raised them or by
//! the scan job, listed for the users who may see every case behind them, stepped with an
//! optimistic check so two clerks never both acknowledge one warning.

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use huiyin_core::warning::{WarningFilter, WarningKind, WarningLevel, WarningStatus};

use crate::Store;
use crate::error::Result;
use crate::firewall::Firewall;
use crate::rows::{i64_col, opt_i64, opt_text, parse_wire, text};
use crate::search::{Scope, id_list};

/// A warning to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewWarning {
    pub kind: WarningKind,
    pub level: WarningLevel,
    /// The unit responsible: the body of the unit that raised or handles the case, above the
    /// wall of any accusation behind it. For a join, the owner the join names: the warning
    /// moves to it only when it is above the warning's owner (`warning_joins::move_up_to`).
    pub unit_id: UnitId,
    pub explanation_zh: String,
    pub explanation_en: String,
    pub acknowledge_due_at: i64,
    /// Cases behind it besides the one being written (a cluster's earlier cases).
    pub other_case_ids: Vec<CaseId>,
    /// Add the case to this warning instead (a cluster the case joins), updating its level,
    /// explanation and (only upwards) owner; a new warning when that one has been resolved
    /// meanwhile.
    pub join_warning_id: Option<i64>,
    /// One warning per key: a second raise of the same key changes nothing. `None`: one per
    /// case and kind (`case:{first case}:{kind}`), the key of a registration's warnings, whose
    /// case has no id until it is written.
    pub unique_key: Option<String>,
    /// The messages it sends (issue 13 item 2), written in the same transaction.
    pub notify: Vec<crate::OutboxDraft>,
    /// A join that names an owner above the one the app saw (a case joining is an accusation
    /// against it): the history step written if the join does move the warning, which is
    /// then escalated there with this warning's acknowledgement deadline.
    pub join_move: Option<JoinMove>,
}

/// The history step of a join that moves its warning up (`NewWarning::join_move`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinMove {
    pub action: String,
    pub note: String,
}

/// A stored warning with the cases behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarningRecord {
    pub id: i64,
    pub kind: WarningKind,
    pub level: WarningLevel,
    pub status: WarningStatus,
    pub unit_id: UnitId,
    pub origin_unit_id: UnitId,
    pub explanation_zh: String,
    pub explanation_en: String,
    pub raised_at: i64,
    pub acknowledge_due_at: i64,
    pub acknowledged_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub note: Option<String>,
    pub version: i64,
    pub case_ids: Vec<CaseId>,
}

/// One step in a warning's history.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct WarningStepRecord {
    pub action: String,
    pub from_status: String,
    pub to_status: String,
    pub note: String,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    pub from_unit_id: UnitId,
    pub to_unit_id: UnitId,
    pub at: i64,
}

/// A change of a warning, applied only if nobody changed it since `expected_version`.
#[derive(Clone, Debug)]
pub struct WarningChange {
    pub id: i64,
    pub expected_version: i64,
    pub status: WarningStatus,
    pub unit_id: UnitId,
    pub acknowledge_due_at: i64,
    pub acknowledged_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub note: Option<String>,
    pub step: WarningStepRecord,
    /// The messages the change sends, written in its transaction.
    pub notify: Vec<crate::OutboxDraft>,
}

pub(crate) const COLUMNS: &str = "w.id, w.kind, w.level, w.status, w.unit_id, w.origin_unit_id, w.explanation_zh, \
     w.explanation_en, w.raised_at, w.acknowledge_due_at, w.acknowledged_at, w.resolved_at, w.note, w.version";

pub(crate) fn record(r: &sqlx::any::AnyRow) -> Result<WarningRecord> {
    Ok(WarningRecord {
        id: i64_col(r, "id")?,
        kind: parse_wire("kind", &text(r, "kind")?, WarningKind::parse)?,
        level: parse_wire("level", &text(r, "level")?, WarningLevel::parse)?,
        status: parse_wire("status", &text(r, "status")?, WarningStatus::parse)?,
        unit_id: i64_col(r, "unit_id")?,
        origin_unit_id: i64_col(r, "origin_unit_id")?,
        explanation_zh: text(r, "explanation_zh")?,
        explanation_en: text(r, "explanation_en")?,
        raised_at: i64_col(r, "raised_at")?,
        acknowledge_due_at: i64_col(r, "acknowledge_due_at")?,
        acknowledged_at: opt_i64(r, "acknowledged_at")?,
        resolved_at: opt_i64(r, "resolved_at")?,
        note: opt_text(r, "note")?,
        version: i64_col(r, "version")?,
        case_ids: Vec::new(),
    })
}

/// The visibility of warnings aliased `w` for a reader: one of its cases in scope, and the
/// firewall lets every one of its cases through (a warning about an accusation shows nothing
/// to the accused unit, not even that it exists). A warning with no case behind it (a
/// screening entry's, issue 15) is visible where its unit is in scope. `None` when the scope
/// holds nothing.
///
/// Both tests are uncorrelated sets, read once per statement (issue 18): the warnings seen by
/// the reader's root from `warning_units` (migration 0064: every unit that sees one of a
/// warning's cases, kept by triggers), and the warnings behind a case walled off from the
/// reader, found from the walled cases' own index. Probing every warning's links instead read
/// every link of every warning the reader does not see: 1.2 s for a county's count of cluster
/// warnings on the million-case demo after a few benchmark runs.
pub(crate) fn visible_sql(scope: &Scope, firewall: &Firewall) -> Option<String> {
    let (seen, unit_in_scope) = match scope {
        Scope::All => (None, "1 = 1".to_owned()),
        Scope::Subtree(root) => (
            Some(format!("wu.unit_id = {root}")),
            format!(
                "w.unit_id IN (SELECT ua.unit_id FROM unit_ancestors ua WHERE ua.ancestor_id = {root})"
            ),
        ),
        Scope::Units(units) if !units.is_empty() => (
            Some(format!("wu.unit_id IN ({})", id_list(units))),
            format!("w.unit_id IN ({})", id_list(units)),
        ),
        Scope::Units(_) | Scope::Nothing => return None,
    };
    let mut sql = match seen {
        // Every case is in scope: a warning with cases is seen, one without by its unit (any).
        None => "1 = 1".to_owned(),
        Some(seen) => format!(
            "(w.id IN (SELECT wu.warning_id FROM warning_units wu WHERE {seen}) \
             OR ({unit_in_scope} AND NOT EXISTS (SELECT 1 FROM warning_cases wn WHERE wn.warning_id = w.id)))"
        ),
    };
    // The hidden rows written out: `NOT (condition)` is NULL for a walled case nobody
    // registered (the portal's, an import's), and would let its warning through. Read through
    // `case_scope`, whose walled rows have an index leading with the wall on both databases
    // (a case's rows there all carry its wall).
    if let Some(hidden) = firewall.hidden_condition("x") {
        sql.push_str(&format!(
            " AND w.id NOT IN (SELECT wx.warning_id FROM case_scope x JOIN warning_cases wx \
             ON wx.case_id = x.case_id WHERE {hidden})"
        ));
    }
    Some(sql)
}

impl Store {
    pub(crate) async fn with_cases(
        &self,
        mut items: Vec<WarningRecord>,
    ) -> Result<Vec<WarningRecord>> {
        if items.is_empty() {
            return Ok(items);
        }
        let ids: Vec<i64> = items.iter().map(|w| w.id).collect();
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT warning_id, case_id FROM warning_cases WHERE warning_id IN ({}) ORDER BY case_id",
            id_list(&ids)
        )))
        .persistent(false)
        .fetch_all(&self.read)
        .await?;
        for r in &rows {
            let (w, c) = (i64_col(r, "warning_id")?, i64_col(r, "case_id")?);
            if let Some(item) = items.iter_mut().find(|i| i.id == w) {
                item.case_ids.push(c);
            }
        }
        Ok(items)
    }

    /// One warning, whoever asks (the app judges visibility with [`Store::warning_visible`]).
    pub async fn warning(&self, id: i64) -> Result<Option<WarningRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM warnings w WHERE w.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(self.with_cases(vec![record(&row)?]).await?.pop())
    }

    /// Whether a reader with this scope and firewall may see the warning.
    pub async fn warning_visible(
        &self,
        id: i64,
        scope: &Scope,
        firewall: &Firewall,
    ) -> Result<bool> {
        let Some(visible) = visible_sql(scope, firewall) else {
            return Ok(false);
        };
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM warnings w WHERE w.id = $1 AND {visible}"
        )))
        .bind(id)
        .fetch_one(&self.read)
        .await?;
        Ok(i64_col(&row, "n")? > 0)
    }

    /// The warnings a reader may see, most urgent first (level, then newest), and how many.
    pub async fn list_warnings(
        &self,
        scope: &Scope,
        firewall: &Firewall,
        filter: &WarningFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<WarningRecord>, i64)> {
        let Some(visible) = visible_sql(scope, firewall) else {
            return Ok((Vec::new(), 0));
        };
        // Only wire names and ids reach the text; they come from closed enums and integers.
        let mut filters = String::new();
        if let Some(s) = filter.status {
            filters.push_str(&format!(" AND w.status = '{}'", s.as_str()));
        }
        if let Some(k) = filter.kind {
            filters.push_str(&format!(" AND w.kind = '{}'", k.as_str()));
        }
        if let Some(l) = filter.level {
            filters.push_str(&format!(" AND w.level = '{}'", l.as_str()));
        }
        if let Some(u) = filter.unit_id {
            filters.push_str(&format!(" AND w.unit_id = {u}"));
        }
        let from = format!("warnings w WHERE {visible}{filters}");
        let count = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM {from}"
        )))
        .fetch_one(&self.read)
        .await?;
        let rank =
            "CASE w.level WHEN 'red' THEN 0 WHEN 'orange' THEN 1 WHEN 'yellow' THEN 2 ELSE 3 END";
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM {from} ORDER BY CASE w.status WHEN 'resolved' THEN 1 ELSE 0 END, \
             {rank}, w.id DESC LIMIT {limit} OFFSET {offset}"
        )))
        .fetch_all(&self.read)
        .await?;
        let items = rows.iter().map(record).collect::<Result<Vec<_>>>()?;
        Ok((self.with_cases(items).await?, i64_col(&count, "n")?))
    }

    /// The warnings raised about a case, oldest first.
    pub async fn warnings_of_case(&self, case_id: CaseId) -> Result<Vec<WarningRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM warnings w JOIN warning_cases wc ON wc.warning_id = w.id \
             WHERE wc.case_id = $1 ORDER BY w.id"
        )))
        .bind(case_id)
        .fetch_all(&self.read)
        .await?;
        let items = rows.iter().map(record).collect::<Result<Vec<_>>>()?;
        self.with_cases(items).await
    }

    /// Open or escalated warnings not acknowledged by their deadline (the escalation job).
    pub async fn warnings_unacknowledged_before(
        &self,
        now_ms: i64,
        limit: i64,
    ) -> Result<Vec<WarningRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM warnings w WHERE w.status IN ('open', 'escalated') \
             AND w.acknowledge_due_at < $1 ORDER BY w.acknowledge_due_at LIMIT {limit}"
        )))
        .bind(now_ms)
        .fetch_all(&self.read)
        .await?;
        let items = rows.iter().map(record).collect::<Result<Vec<_>>>()?;
        self.with_cases(items).await
    }

    /// Applies a change with its history entry, atomically; false when someone changed the
    /// warning first.
    pub async fn change_warning(&self, c: &WarningChange) -> Result<bool> {
        let mut tx = self.write.begin().await?;
        if !change_warning_in(&mut tx, c).await? {
            return Ok(false);
        }
        tx.commit().await?;
        Ok(true)
    }

    /// A warning's history, oldest first.
    pub async fn warning_steps(&self, id: i64) -> Result<Vec<WarningStepRecord>> {
        let rows = sqlx::query(
            "SELECT action, from_status, to_status, note, actor_user_id, actor_name, from_unit_id, \
             to_unit_id, at FROM warning_steps WHERE warning_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(WarningStepRecord {
                    action: text(r, "action")?,
                    from_status: text(r, "from_status")?,
                    to_status: text(r, "to_status")?,
                    note: text(r, "note")?,
                    actor_user_id: opt_i64(r, "actor_user_id")?,
                    actor_name: text(r, "actor_name")?,
                    from_unit_id: i64_col(r, "from_unit_id")?,
                    to_unit_id: i64_col(r, "to_unit_id")?,
                    at: i64_col(r, "at")?,
                })
            })
            .collect()
    }
}

/// [`Store::change_warning`] inside the caller's transaction (a step that moves the warnings
/// behind its case, `case_writes.rs`): the change, its history step and its messages; false,
/// writing nothing, when the warning changed since it was read.
pub(crate) async fn change_warning_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    c: &WarningChange,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE warnings SET status = $1, unit_id = $2, acknowledge_due_at = $3, acknowledged_at = $4, \
         resolved_at = $5, note = $6, version = version + 1 WHERE id = $7 AND version = $8",
    )
    .bind(c.status.as_str())
    .bind(c.unit_id)
    .bind(c.acknowledge_due_at)
    .bind(c.acknowledged_at)
    .bind(c.resolved_at)
    .bind(c.note.as_deref())
    .bind(c.id)
    .bind(c.expected_version)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    let s = &c.step;
    insert_step_in(tx, c.id, s).await?;
    let subject = crate::OutboxSubject::Warning(c.id);
    crate::outbox::insert_outbox_in(tx, subject, &c.notify, s.at).await?;
    Ok(true)
}

/// Appends a step to warning `warning_id`'s history, in the caller's transaction.
pub(crate) async fn insert_step_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    warning_id: i64,
    s: &WarningStepRecord,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO warning_steps (warning_id, action, from_status, to_status, note, actor_user_id, \
         actor_name, from_unit_id, to_unit_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(warning_id)
    .bind(&s.action)
    .bind(&s.from_status)
    .bind(&s.to_status)
    .bind(&s.note)
    .bind(s.actor_user_id)
    .bind(&s.actor_name)
    .bind(s.from_unit_id)
    .bind(s.to_unit_id)
    .bind(s.at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
