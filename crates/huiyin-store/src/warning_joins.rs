//! The warnings of a batch of registrations, written together (issue 13 item 6): the clusters
//! the batch's cases join are updated in one statement and linked in another, whatever the
//! number of cases, instead of two statements for each case.
//!
//! The committer writes a group of concurrent registrations with one statement per table, and
//! a single writer does all the writing. On a day when most petitions join a cluster, the two
//! statements each join took per case outnumbered the rest of the batch's statements (the
//! benchmark did not show a gain in intake from this alone: docs/PERFORMANCE.md). A warning
//! raised anew (its id comes from its insert) and a join whose warning was resolved meanwhile
//! (it becomes a new warning) are still written one by one ([`insert_warning_in`]).

use std::collections::BTreeMap;

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use sqlx::{Any, Transaction};

use crate::error::Result;
use crate::rows::i64_col;
use crate::warning_writes::{insert_warning_in, link_pairs};
use crate::warnings::NewWarning;

/// What the batch's joins of one warning write to it: the level and explanation of the
/// highest-level join, the last of those (each case was judged on what was committed before
/// the batch, so none counts the others), the owners the joins name, the cases to link and
/// the messages to send.
struct Join<'a> {
    last: &'a NewWarning,
    /// The distinct owners the joins name (`NewWarning::unit_id`): the warning's owner, or a
    /// body above it when a case joining is an accusation against the owner (the app climbs
    /// over the wall). The warning moves to the highest of them and never down.
    owners: Vec<UnitId>,
    cases: Vec<CaseId>,
    notify: Vec<&'a crate::OutboxDraft>,
}

/// Writes the warnings of newly registered cases (`(case, warning)`, in the batch's order) in
/// the caller's transaction.
pub(crate) async fn write_registration_warnings(
    tx: &mut Transaction<'_, Any>,
    items: &[(CaseId, &NewWarning)],
    now_ms: i64,
) -> Result<()> {
    let mut joins: BTreeMap<i64, Join> = BTreeMap::new();
    for (case_id, w) in items {
        let Some(id) = w.join_warning_id else {
            continue;
        };
        let j = joins.entry(id).or_insert(Join {
            last: w,
            owners: Vec::new(),
            cases: Vec::new(),
            notify: Vec::new(),
        });
        if w.level >= j.last.level {
            j.last = w;
        }
        if !j.owners.contains(&w.unit_id) {
            j.owners.push(w.unit_id);
        }
        j.cases.push(*case_id);
        j.cases.extend(&w.other_case_ids);
        // Each join names the messages of its level; the batch's joins at one level name the
        // same ones (the outbox would keep one of each anyway: `dedup_key`).
        for d in &w.notify {
            if !j.notify.contains(&d) {
                j.notify.push(d);
            }
        }
    }
    let joined = update_joined(tx, &joins).await?;
    // Two joins of one warning naming different owners (both above the owner, one above the
    // other): the others are applied one by one, each moving the owner only up.
    for (id, j) in &joins {
        for owner in j.owners.iter().skip(1) {
            if joined.contains(id) {
                let sql = format!(
                    "UPDATE warnings SET unit_id = {} WHERE id = $2",
                    move_up_to(1)
                );
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(*owner)
                    .bind(*id)
                    .execute(&mut **tx)
                    .await?;
            }
        }
    }
    let mut pairs = Vec::new();
    for (id, j) in &joins {
        if joined.contains(id) {
            pairs.extend(j.cases.iter().map(|c| (*id, *c)));
        }
    }
    link_pairs(tx, &pairs).await?;
    for (id, j) in &joins {
        if joined.contains(id) && !j.notify.is_empty() {
            let drafts: Vec<crate::OutboxDraft> = j.notify.iter().map(|d| (*d).clone()).collect();
            let subject = crate::OutboxSubject::Warning(*id);
            crate::outbox::insert_outbox_in(tx, subject, &drafts, now_ms).await?;
        }
    }
    // New warnings, and joins of a warning resolved since they were judged (written as new).
    for (case_id, w) in items {
        let open = w.join_warning_id.is_some_and(|id| joined.contains(&id));
        if !open {
            let mut w = (*w).clone();
            w.join_warning_id = None;
            insert_warning_in(tx, &w, &[*case_id], now_ms).await?;
        }
    }
    Ok(())
}

/// Updates the level and explanation of every warning joined that is still open, in one
/// statement; returns the ids it updated.
async fn update_joined(
    tx: &mut Transaction<'_, Any>,
    joins: &BTreeMap<i64, Join<'_>>,
) -> Result<std::collections::HashSet<i64>> {
    if joins.is_empty() {
        return Ok(Default::default());
    }
    // "CASE id WHEN $a THEN $b …" for each column, the ids bound once each; the owner moves
    // to the one named only when it is above the owner (`unit_ancestors`), never down.
    let (mut level, mut zh, mut en, mut owner) =
        (String::new(), String::new(), String::new(), String::new());
    let mut ids = Vec::new();
    for i in 0..joins.len() {
        let b = i * 5 + 1;
        push_when(&mut level, b, &format!("${}", b + 1));
        push_when(&mut zh, b, &format!("${}", b + 2));
        push_when(&mut en, b, &format!("${}", b + 3));
        push_when(&mut owner, b, &move_up_to(b + 4));
        ids.push(format!("${b}"));
    }
    let sql = format!(
        "UPDATE warnings SET level = CASE id{level} END, explanation_zh = CASE id{zh} END, \
         explanation_en = CASE id{en} END, unit_id = CASE id{owner} END, version = version + 1 \
         WHERE id IN ({}) AND status <> 'resolved' RETURNING id",
        ids.join(", ")
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).persistent(joins.len() == 1);
    for (id, j) in joins {
        q = q
            .bind(*id)
            .bind(j.last.level.as_str())
            .bind(&j.last.explanation_zh)
            .bind(&j.last.explanation_en)
            .bind(j.owners[0]);
    }
    q.fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| i64_col(r, "id"))
        .collect()
}

/// The owner a join names (`$n`) when it is above the warning's owner, else the owner.
pub(crate) fn move_up_to(n: usize) -> String {
    format!(
        "COALESCE((SELECT ua.ancestor_id FROM unit_ancestors ua \
         WHERE ua.unit_id = warnings.unit_id AND ua.ancestor_id = ${n}), unit_id)"
    )
}

fn push_when(out: &mut String, id_mark: usize, then: &str) {
    out.push_str(&format!(" WHEN ${id_mark} THEN {then}"));
}
