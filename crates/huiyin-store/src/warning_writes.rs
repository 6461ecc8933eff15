//! Writing warnings (migration 0020): with a step or, when raised anew, with a registration
//! ([`insert_warning_in`], in the caller's transaction; a batch of registrations' joins are
//! written together, `warning_joins.rs`), one at a time or in batches (the scan jobs), each
//! with the cases behind it and the messages it sends.

use huiyin_core::case::CaseId;
use sqlx::{Any, Transaction};

use crate::Store;
use crate::error::Result;
use crate::rows::{i64_col, text};
use crate::warnings::NewWarning;

/// Writes a warning about `case_ids` inside a transaction; `None` when its key was raised
/// before.
pub(crate) async fn insert_warning_in(
    tx: &mut Transaction<'_, Any>,
    w: &NewWarning,
    case_ids: &[CaseId],
    now_ms: i64,
) -> Result<Option<i64>> {
    let mut case_ids = case_ids.to_vec();
    case_ids.extend(&w.other_case_ids);
    if let Some(join) = w.join_warning_id {
        // The owner moves to the one the join names only when that is above it (a case joining
        // is an accusation against the owner: `warning_joins::move_up_to`), a step of its
        // history when it does.
        let moving: Vec<(i64, &crate::warnings::JoinMove, i64)> = w
            .join_move
            .iter()
            .map(|m| (join, m, w.acknowledge_due_at))
            .collect();
        let before = crate::warning_joins::owners_before(tx, moving.iter().map(|m| m.0)).await?;
        let done = sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE warnings SET level = $1, explanation_zh = $2, explanation_en = $3, \
             unit_id = {}, version = version + 1 WHERE id = $4 AND status <> 'resolved'",
            crate::warning_joins::move_up_to(5)
        )))
        .bind(w.level.as_str())
        .bind(&w.explanation_zh)
        .bind(&w.explanation_en)
        .bind(join)
        .bind(w.unit_id)
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() == 1 {
            crate::warning_joins::record_moves(tx, &before, &moving, now_ms).await?;
            link_cases(tx, join, &case_ids).await?;
            let subject = crate::OutboxSubject::Warning(join);
            crate::outbox::insert_outbox_in(tx, subject, &w.notify, now_ms).await?;
            return Ok(Some(join));
        }
    }
    let key = w.unique_key.clone().unwrap_or_else(|| {
        format!(
            "case:{}:{}",
            case_ids.first().copied().unwrap_or_default(),
            w.kind.as_str()
        )
    });
    let row = sqlx::query(
        "INSERT INTO warnings (kind, level, status, unit_id, origin_unit_id, explanation_zh, explanation_en, \
         raised_at, acknowledge_due_at, unique_key) VALUES ($1, $2, 'open', $3, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (unique_key) DO NOTHING RETURNING id",
    )
    .bind(w.kind.as_str())
    .bind(w.level.as_str())
    .bind(w.unit_id)
    .bind(&w.explanation_zh)
    .bind(&w.explanation_en)
    .bind(now_ms)
    .bind(w.acknowledge_due_at)
    .bind(&key)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let id = i64_col(&row, "id")?;
    link_cases(tx, id, &case_ids).await?;
    let subject = crate::OutboxSubject::Warning(id);
    crate::outbox::insert_outbox_in(tx, subject, &w.notify, now_ms).await?;
    Ok(Some(id))
}

/// Warnings raised per statement by [`insert_new_warnings_in`]: seven bound values each.
const WARNINGS_PER_STATEMENT: usize = 200;

/// Writes warnings raised anew (none a join), each with the cases behind it and its messages,
/// in the caller's transaction: one statement per table for all of them (a batch of
/// registrations), not three per warning. Returns each one's id, in order; `None` where its
/// key was raised before, or by an earlier one of the list (that one is written, as one by
/// one they would be).
pub(crate) async fn insert_new_warnings_in(
    tx: &mut Transaction<'_, Any>,
    items: &[(NewWarning, Vec<CaseId>)],
    now_ms: i64,
) -> Result<Vec<Option<i64>>> {
    let keys: Vec<String> = items
        .iter()
        .map(|(w, case_ids)| {
            // As one by one: the first of the cases behind it, its own or the others.
            w.unique_key.clone().unwrap_or_else(|| {
                let first = case_ids.first().or(w.other_case_ids.first());
                format!(
                    "case:{}:{}",
                    first.copied().unwrap_or_default(),
                    w.kind.as_str()
                )
            })
        })
        .collect();
    let mut first_of_key: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        first_of_key.entry(k.as_str()).or_insert(i);
    }
    let to_write: Vec<usize> = (0..items.len())
        .filter(|i| first_of_key.get(keys[*i].as_str()) == Some(i))
        .collect();
    let mut ids: std::collections::HashMap<String, i64> =
        std::collections::HashMap::with_capacity(to_write.len());
    for chunk in to_write.chunks(WARNINGS_PER_STATEMENT) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|j| {
                let b = j * 7 + 1;
                format!(
                    "(${}, ${}, 'open', ${}, ${}, ${}, ${}, $1, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7
                )
            })
            .collect();
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO warnings (kind, level, status, unit_id, origin_unit_id, explanation_zh, \
             explanation_en, raised_at, acknowledge_due_at, unique_key) VALUES {} \
             ON CONFLICT (unique_key) DO NOTHING RETURNING id, unique_key",
            rows.join(", ")
        )))
        .persistent(chunk.len() == 1)
        .bind(now_ms);
        for &i in chunk {
            let w = &items[i].0;
            q = q
                .bind(w.kind.as_str())
                .bind(w.level.as_str())
                .bind(w.unit_id)
                .bind(&w.explanation_zh)
                .bind(&w.explanation_en)
                .bind(w.acknowledge_due_at)
                .bind(&keys[i]);
        }
        for row in q.fetch_all(&mut **tx).await? {
            ids.insert(text(&row, "unique_key")?, i64_col(&row, "id")?);
        }
    }
    let written: Vec<Option<i64>> = (0..items.len())
        .map(|i| {
            let first = first_of_key.get(keys[i].as_str()) == Some(&i);
            first.then(|| ids.get(&keys[i]).copied()).flatten()
        })
        .collect();
    let mut pairs = Vec::new();
    let mut messages = Vec::new();
    for ((w, case_ids), id) in items.iter().zip(&written) {
        let Some(id) = *id else { continue };
        pairs.extend(case_ids.iter().chain(&w.other_case_ids).map(|c| (id, *c)));
        let subject = crate::OutboxSubject::Warning(id);
        messages.extend(w.notify.iter().map(|d| (subject, d)));
    }
    link_pairs(tx, &pairs).await?;
    crate::outbox::insert_outbox_rows(tx, &messages, now_ms).await?;
    Ok(written)
}

async fn link_cases(
    tx: &mut Transaction<'_, Any>,
    warning_id: i64,
    links: &[CaseId],
) -> Result<()> {
    let pairs: Vec<(i64, CaseId)> = links.iter().map(|c| (warning_id, *c)).collect();
    link_pairs(tx, &pairs).await
}

/// Links each (warning, case) pair.
pub(crate) async fn link_pairs(
    tx: &mut Transaction<'_, Any>,
    pairs: &[(i64, CaseId)],
) -> Result<()> {
    let mut links = pairs.to_vec();
    links.sort_unstable();
    links.dedup();
    // Many rows per statement: a spike links every case of its week, a cluster its members. A
    // case linked already keeps its link. (`warning_cases.petitioner_keys`, migration 0058, is
    // no longer written: the cluster signal reads who petitioned with its candidates,
    // `cluster_candidates.rs`.)
    for chunk in links.chunks(LINKS_PER_STATEMENT) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
            .collect();
        // One row (a case joining a cluster, the usual link) keeps its statement cached; the
        // longer ones are prepared each time rather than crowd the writer's statement cache.
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO warning_cases (warning_id, case_id) VALUES {} \
             ON CONFLICT (warning_id, case_id) DO NOTHING",
            rows.join(", ")
        )))
        .persistent(chunk.len() == 1);
        for (warning_id, case_id) in chunk {
            q = q.bind(*warning_id).bind(*case_id);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Rows of `warning_cases` written by one statement (well under either database's limit on
/// bound parameters).
const LINKS_PER_STATEMENT: usize = 500;

impl Store {
    /// Raises a warning outside a registration (the scan job, a step); `None` when its key
    /// was raised before.
    pub async fn insert_warning(
        &self,
        w: &NewWarning,
        case_ids: &[CaseId],
        now_ms: i64,
    ) -> Result<Option<i64>> {
        let mut tx = self.write.begin().await?;
        let id = insert_warning_in(&mut tx, w, case_ids, now_ms).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Raises several warnings in one transaction (the spike scan's batches); returns how
    /// many were new (a key raised before writes nothing). A join among them is written one
    /// by one, the others together.
    pub async fn insert_warnings(
        &self,
        warnings: &[(NewWarning, Vec<CaseId>)],
        now_ms: i64,
    ) -> Result<usize> {
        if warnings.is_empty() {
            return Ok(0);
        }
        let mut tx = self.write.begin().await?;
        let mut raised = 0;
        let (joins, anew): (Vec<_>, Vec<_>) = warnings
            .iter()
            .cloned()
            .partition(|(w, _)| w.join_warning_id.is_some());
        for (w, case_ids) in &joins {
            if insert_warning_in(&mut tx, w, case_ids, now_ms)
                .await?
                .is_some()
            {
                raised += 1;
            }
        }
        let written = insert_new_warnings_in(&mut tx, &anew, now_ms).await?;
        raised += written.iter().flatten().count();
        tx.commit().await?;
        Ok(raised)
    }

    /// Which of `keys` some warning was raised under already.
    pub async fn existing_warning_keys(
        &self,
        keys: &[String],
    ) -> Result<std::collections::HashSet<String>> {
        let mut found = std::collections::HashSet::new();
        for chunk in keys.chunks(LINKS_PER_STATEMENT) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT unique_key FROM warnings WHERE unique_key IN ({})",
                marks.join(", ")
            )));
            q = q.persistent(false);
            for k in chunk {
                q = q.bind(k.clone());
            }
            for r in q.fetch_all(&self.read).await? {
                found.insert(text(&r, "unique_key")?);
            }
        }
        Ok(found)
    }
}
