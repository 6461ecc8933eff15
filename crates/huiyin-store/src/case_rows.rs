//! The rows a registration writes, as values to bind with multi-row statements
//! (`bulk_statements.rs`): shared by the committer's batches (`case_batch.rs`) and the demo's
//! and imports' bulk loads (`bulk.rs`), so both write the same columns the same way.

use huiyin_core::case::CaseId;
use huiyin_core::org::UnitId;
use huiyin_core::policy::wall_of;

use crate::Store;
use crate::bulk::V;
use crate::cases::{NewCaseRecord, TimelineEntry, flags_text};
use crate::error::Result;
use crate::rows::to_json;

/// The columns of a `cases` row after its id, in [`case_row`]'s order.
pub(crate) const CASE_COLS: &[&str] = &[
    "number",
    "status",
    "channel",
    "petition_type",
    "category",
    "title",
    "content",
    "demands",
    "received_on",
    "receiving_unit_id",
    "handling_unit_id",
    "concerned_unit_id",
    "people_count",
    "flags",
    "last_step_on",
    "next_due_on",
    "detail",
    "created_at",
    "updated_at",
    "version",
    "walled_unit_id",
    "registered_by",
    "text_sketch",
];

/// The `cases` row of a new case numbered `number`, registered at `now_ms` ([`CASE_COLS`]).
pub(crate) fn case_row(number: &str, rec: &NewCaseRecord, now_ms: i64) -> Result<Vec<V>> {
    let c = &rec.case;
    let next_due = huiyin_core::workflow::next_staff_due(&rec.deadlines).map(|d| d.to_string());
    Ok(vec![
        V::T(number.to_owned()),
        V::T(c.status.as_str().into()),
        V::T(c.channel.as_str().into()),
        V::T(c.petition_type.as_str().into()),
        V::T(c.category.clone()),
        V::T(c.title.clone()),
        V::T(c.content.clone()),
        V::T(c.demands.clone()),
        V::T(c.received_on.to_string()),
        V::I(c.receiving_unit_id),
        V::I(c.handling_unit_id),
        V::I(c.concerned_unit_id),
        V::I(i64::from(c.people_count)),
        V::T(flags_text(&c.flags)),
        V::T(c.last_step_on.to_string()),
        V::OT(next_due),
        V::T(to_json(&c.detail)?),
        V::I(now_ms),
        V::I(now_ms),
        V::I(1),
        V::OI(wall_of(c).map(|w| w.accused_unit_id)),
        V::OI(c.registered_by),
        V::OB(rec.text_sketch.clone()),
    ])
}

/// The columns of a `petitioners` row, in [`petitioner_rows`]' order.
pub(crate) const PETITIONER_COLS: &[&str] = &[
    "case_id",
    "position",
    "name",
    "id_number",
    "phone",
    "address",
    "representative",
    "id_key",
    "name_phone_key",
];

/// The petitioners of case `id`, their personal data sealed.
pub(crate) fn petitioner_rows(
    store: &Store,
    id: CaseId,
    rec: &NewCaseRecord,
) -> Result<Vec<Vec<V>>> {
    rec.petitioners
        .iter()
        .enumerate()
        .map(|(pos, p)| {
            Ok(vec![
                V::I(id),
                V::I(pos as i64),
                V::T(p.petitioner.name.clone()),
                V::OT(store.seal(p.petitioner.id_number.as_deref())?),
                V::OT(store.seal(p.petitioner.phone.as_deref())?),
                V::OT(store.seal(p.petitioner.address.as_deref())?),
                V::I(i64::from(p.petitioner.representative)),
                V::OT(p.id_key.clone()),
                V::OT(p.name_phone_key.clone()),
            ])
        })
        .collect()
}

/// The columns of a `timeline` row, in [`timeline_row`]'s order.
pub(crate) const TIMELINE_COLS: &[&str] = &[
    "case_id",
    "action",
    "on_day",
    "actor_user_id",
    "actor_unit_id",
    "actor_name",
    "note_zh",
    "note_en",
    "from_status",
    "to_status",
    "data",
    "recorded_at",
];

/// Timeline entry `e` of case `id`.
pub(crate) fn timeline_row(id: CaseId, e: &TimelineEntry) -> Vec<V> {
    vec![
        V::I(id),
        V::T(e.action.clone()),
        V::T(e.on.to_string()),
        V::OI(e.actor_user_id),
        V::OI(e.actor_unit_id),
        V::T(e.actor_name.clone()),
        V::T(e.note_zh.clone()),
        V::T(e.note_en.clone()),
        V::OT(e.from_status.map(|s| s.as_str().to_owned())),
        V::T(e.to_status.as_str().into()),
        V::T(e.data.clone()),
        V::I(e.recorded_at),
    ]
}

/// Every timeline entry of a new case `id`: its first, then any more (a generated history).
pub(crate) fn timeline_rows(id: CaseId, rec: &NewCaseRecord) -> impl Iterator<Item = Vec<V>> {
    std::iter::once(&rec.first_entry)
        .chain(&rec.more_entries)
        .map(move |e| timeline_row(id, e))
}

/// The links of a new case `id`, each written both ways (`case_links` columns `case_id`,
/// `linked_case_id`, `kind`).
pub(crate) fn link_rows(id: CaseId, rec: &NewCaseRecord) -> impl Iterator<Item = Vec<V>> {
    rec.links.iter().flat_map(move |(other, kind)| {
        [
            vec![V::I(id), V::I(*other), V::T(kind.clone())],
            vec![V::I(*other), V::I(id), V::T(kind.clone())],
        ]
    })
}

/// The units a new case is visible to, each once, in the order given.
pub(crate) fn visible_units(rec: &NewCaseRecord) -> Vec<UnitId> {
    let mut seen = Vec::with_capacity(rec.visible_units.len());
    for u in &rec.visible_units {
        if !seen.contains(u) {
            seen.push(*u);
        }
    }
    seen
}
