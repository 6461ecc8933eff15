//! Cases: what is stored of a case, and reading it back with everything that belongs to it.
//! Writing (registration, steps, flags) is in `case_writes.rs`.

use huiyin_core::Date;
use huiyin_core::case::{Case, CaseDetail, CaseId, Flag, Petitioner, Status};
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_core::kpi::KpiFacts;
use huiyin_core::org::UnitId;
use huiyin_core::policy::Wall;
use huiyin_core::workflow::{CaseDeadline, DeadlineKind};
use sqlx::any::AnyRow;
use std::collections::BTreeSet;

use crate::Store;
use crate::error::Result;
use crate::rows::{date, i64_col, json, opt_i64, opt_text, parse_wire, text};

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
    /// The early warnings the registration raised, written in its transaction (never lost).
    pub warnings: Vec<crate::NewWarning>,
    /// The reception day (领导接访日) the visit was received at, linked in the same transaction.
    pub reception_id: Option<i64>,
    /// The stored form of the sketch of the case's text (huiyin-text `Sketch::to_bytes`),
    /// which the cluster signal compares later petitions with before reading the text.
    pub text_sketch: Option<Vec<u8>>,
}

/// Everything written when a step is taken.
#[derive(Clone, Debug)]
pub struct StepRecord {
    pub case: Case,
    pub expected_version: i64,
    pub deadlines: Vec<CaseDeadline>,
    pub entry: TimelineEntry,
    /// A unit the case is now visible to, with the case's full-text tokens (texts and
    /// names): its index row is rewritten with the scope tokens of its new units
    /// (`search_scope.rs`), so the new unit's searches find it.
    pub add_visible_unit: Option<(UnitId, String)>,
    /// The case's headline-rate facts after the step, written in the same transaction.
    pub kpi: KpiFacts,
    /// The step's audit entry, appended in the same transaction (a step is never committed
    /// unaudited).
    pub audit: Option<crate::audit::AuditEntry>,
    /// Early warnings the step raises (a dissatisfied evaluation), written in its transaction.
    pub warnings: Vec<crate::NewWarning>,
    /// A decision's follow-up (落实/疏导), written in its transaction.
    pub decision: Option<crate::DecisionFollowUp>,
    /// Open warnings behind the case moved to a body above the wall the step raised (the case
    /// became an accusation against their owner), each a change of the warning with its
    /// history step and messages, as read before the step: one changed since is still moved,
    /// only up (`warning_joins::move_changed_warning_up`).
    pub warning_moves: Vec<crate::WarningChange>,
}

/// A link from a case to another, with what decides who may see the other case (a link is
/// shown only to those who could open both: issue 10 item 3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseLink {
    pub case_id: CaseId,
    pub kind: String,
    pub number: String,
    pub visible_units: Vec<UnitId>,
    pub wall: Option<Wall>,
}

/// A case read back with its parts.
#[derive(Clone, Debug)]
pub struct CaseRecord {
    pub case: Case,
    pub version: i64,
    pub petitioners: Vec<Petitioner>,
    pub links: Vec<CaseLink>,
    pub deadlines: Vec<CaseDeadline>,
    pub visible_units: Vec<UnitId>,
    /// The users recused from the case (回避, not lifted): they may neither open nor act on it.
    pub recused_users: Vec<i64>,
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
     c.people_count, c.flags, c.last_step_on, c.detail, c.version, c.registered_by";

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
        registered_by: opt_i64(row, "registered_by")?,
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

impl Store {
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
        let links = self.links_of(id).await?;
        let (units, recused) = self.units_and_recusals_of(&[id]).await?;
        Ok(Some(CaseRecord {
            case,
            version,
            petitioners,
            links,
            deadlines,
            visible_units: units.into_iter().map(|(_, u)| u).collect(),
            recused_users: recused.into_iter().map(|(_, u)| u).collect(),
        }))
    }

    /// The cases linked to `id`, each with who may see it.
    pub async fn links_of(&self, id: CaseId) -> Result<Vec<CaseLink>> {
        Ok(self
            .links_of_many(&id.to_string())
            .await?
            .into_iter()
            .map(|(_, link)| link)
            .collect())
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
