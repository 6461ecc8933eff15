//! The warnings of a batch of registrations, written together (issue 13 item 6): the clusters
//! the batch's cases join are updated in one statement, linked in another and sent their
//! messages in a third, whatever the number of cases, instead of statements for each case.
//! The warnings raised anew, and the joins whose warning was resolved meanwhile (each becomes
//! a new warning), are written together too: one statement for the warnings, one for their
//! links and one for their messages ([`insert_new_warnings_in`]), not three per warning.
//!
//! The committer writes a group of concurrent registrations with one statement per table, and
//! a single writer does all the writing: every statement a warning adds to the batch is the
//! writer's time, and the writer bounds intake (docs/PERFORMANCE.md).

use std::collections::{BTreeMap, HashMap};

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use sqlx::{Any, Transaction};

use crate::error::Result;
use crate::rows::i64_col;
use crate::warning_writes::{insert_new_warnings_in, link_pairs};
use crate::warnings::{JoinMove, NewWarning};

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
    /// The history steps of the joins that may move it up (`NewWarning::join_move`): the
    /// first is written if the warning moves.
    moves: Vec<&'a JoinMove>,
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
            moves: Vec::new(),
        });
        if let Some(m) = &w.join_move {
            j.moves.push(m);
        }
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
    // The joins that may move their warning up: its owner and status before, to tell after.
    // The deadline is that of the level written (the highest join's).
    let moving: Vec<(i64, &JoinMove, i64)> = joins
        .iter()
        .filter_map(|(id, j)| {
            let m = j.moves.first()?;
            Some((*id, *m, j.last.acknowledge_due_at))
        })
        .collect();
    let before = owners_before(tx, moving.iter().map(|m| m.0)).await?;
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
    record_moves(tx, &before, &moving, now_ms).await?;
    let mut pairs = Vec::new();
    for (id, j) in &joins {
        if joined.contains(id) {
            pairs.extend(j.cases.iter().map(|c| (*id, *c)));
        }
    }
    link_pairs(tx, &pairs).await?;
    let mut messages = Vec::new();
    for (id, j) in &joins {
        if joined.contains(id) {
            let subject = crate::OutboxSubject::Warning(*id);
            messages.extend(j.notify.iter().map(|d| (subject, *d)));
        }
    }
    crate::outbox::insert_outbox_rows(tx, &messages, now_ms).await?;
    // New warnings, and joins of a warning resolved since they were judged (written as new),
    // all in one statement per table.
    let anew: Vec<(NewWarning, Vec<CaseId>)> = items
        .iter()
        .filter(|(_, w)| !w.join_warning_id.is_some_and(|id| joined.contains(&id)))
        .map(|(case_id, w)| {
            let w = NewWarning {
                join_warning_id: None,
                join_move: None,
                ..(*w).clone()
            };
            (w, vec![*case_id])
        })
        .collect();
    insert_new_warnings_in(tx, &anew, now_ms).await?;
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

/// The owner and status of each of the warnings `ids` before a move (none read when there is
/// none), their rows locked on PostgreSQL: another server's transaction moving the same
/// warning is waited for, so its move is read as the owner before and not recorded twice.
/// (Unlocked, the read saw the owner before that transaction's move, the update then waited
/// for it and found the warning moved already, and this move was recorded as well: a second
/// history step and escalation.) SQLite has one writer.
pub(crate) async fn owners_before(
    tx: &mut Transaction<'_, Any>,
    ids: impl Iterator<Item = i64>,
) -> Result<HashMap<i64, (UnitId, String)>> {
    let lock = tx.backend_name().eq_ignore_ascii_case("postgresql");
    owners_in(tx, ids, if lock { " ORDER BY id FOR UPDATE" } else { "" }).await
}

/// The owner and status of each of the warnings `ids` (none read when there is none).
pub(crate) async fn owners_of(
    tx: &mut Transaction<'_, Any>,
    ids: impl Iterator<Item = i64>,
) -> Result<HashMap<i64, (UnitId, String)>> {
    owners_in(tx, ids, "").await
}

async fn owners_in(
    tx: &mut Transaction<'_, Any>,
    ids: impl Iterator<Item = i64>,
    tail: &str,
) -> Result<HashMap<i64, (UnitId, String)>> {
    let ids: Vec<String> = ids.map(|id| id.to_string()).collect();
    let mut out = HashMap::with_capacity(ids.len());
    if ids.is_empty() {
        return Ok(out);
    }
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, unit_id, status FROM warnings WHERE id IN ({}){tail}",
        ids.join(", ")
    )))
    .persistent(false)
    .fetch_all(&mut **tx)
    .await?;
    for r in &rows {
        out.insert(
            i64_col(r, "id")?,
            (i64_col(r, "unit_id")?, crate::rows::text(r, "status")?),
        );
    }
    Ok(out)
}

/// For each warning just moved up (`moving`: the warning, the history step and the new
/// acknowledgement deadline; `before`: its owner and status before), writes the move as the
/// daily scan writes one: escalated to its new owner with that deadline, and a step of its
/// history (the messages are the caller's: a join's own, or the step's escalation). A
/// warning that did not move writes nothing here. Returns the ids of those that moved.
pub(crate) async fn record_moves(
    tx: &mut Transaction<'_, Any>,
    before: &HashMap<i64, (UnitId, String)>,
    moving: &[(i64, &JoinMove, i64)],
    now_ms: i64,
) -> Result<Vec<i64>> {
    let after = owners_of(tx, moving.iter().map(|m| m.0)).await?;
    let mut moved = Vec::new();
    for (id, step, due) in moving {
        let (Some((from_unit, from_status)), Some((to_unit, _))) = (before.get(id), after.get(id))
        else {
            continue;
        };
        if from_unit == to_unit {
            continue;
        }
        sqlx::query(
            "UPDATE warnings SET status = 'escalated', acknowledge_due_at = $1, version = version + 1 \
             WHERE id = $2",
        )
        .bind(*due)
        .bind(*id)
        .execute(&mut **tx)
        .await?;
        let record = crate::WarningStepRecord {
            action: step.action.clone(),
            from_status: from_status.clone(),
            to_status: "escalated".into(),
            note: step.note.clone(),
            actor_user_id: None,
            actor_name: "系统".into(),
            from_unit_id: *from_unit,
            to_unit_id: *to_unit,
            at: now_ms,
        };
        crate::warnings::insert_step_in(tx, *id, &record).await?;
        moved.push(*id);
    }
    Ok(moved)
}

/// A step's move of a warning above a new wall (`StepRecord::warning_moves`) whose warning
/// changed since the step read it (acknowledged, joined, escalated): moved now all the same,
/// only up the tree (`move_up_to`), with the change's history step, deadline and messages
/// when it does move, so the warning is never left owned inside the wall.
pub(crate) async fn move_changed_warning_up(
    tx: &mut Transaction<'_, Any>,
    change: &crate::WarningChange,
    now_ms: i64,
) -> Result<()> {
    let step = JoinMove {
        action: change.step.action.clone(),
        note: change.step.note.clone(),
    };
    let moving = [(change.id, &step, change.acknowledge_due_at)];
    let before = owners_before(tx, std::iter::once(change.id)).await?;
    // Only up the tree, and only when it moves: a warning above the wall already keeps its
    // version.
    sqlx::query(
        "UPDATE warnings SET unit_id = $1, version = version + 1 \
         WHERE id = $2 AND status <> 'resolved' AND unit_id <> $1 AND EXISTS \
         (SELECT 1 FROM unit_ancestors ua WHERE ua.unit_id = warnings.unit_id AND ua.ancestor_id = $1)",
    )
    .bind(change.unit_id)
        .bind(change.id)
        .execute(&mut **tx)
        .await?;
    if !record_moves(tx, &before, &moving, now_ms).await?.is_empty() {
        let subject = crate::OutboxSubject::Warning(change.id);
        crate::outbox::insert_outbox_in(tx, subject, &change.notify, now_ms).await?;
    }
    Ok(())
}
