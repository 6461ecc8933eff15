//! 带案下访 (issue 14 item 2; DOMAIN.md §3.2): a leader goes down to a unit with cases in hand
//! to meet the petitioners and settle them on the spot; the record says who went, where, on
//! which day, which cases were taken down and what came of it. Recorded after the visit.

use serde::Deserialize;

use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::wire::{Field, Problems};

/// Characters of the place and of the outcome.
pub const MAX_VISIT_PLACE: usize = 200;
pub const MAX_VISIT_OUTCOME: usize = 5_000;

/// A visit as submitted. Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct FieldVisitForm {
    /// The leader who went: an active leader of the unit visited or of a body above it.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub leader_user_id: Field<i64>,
    /// The unit gone down to (in the recorder's scope).
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub unit_id: Field<i64>,
    /// The day of the visit, YYYY-MM-DD, not in the future.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub on: Field<Date>,
    /// Where (2 to 200 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub place: Field<String>,
    /// The cases taken down (at least one, each one the recorder may see).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub case_ids: Option<Vec<serde_json::Value>>,
    /// What came of it (2 to 5,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub outcome: Field<String>,
}

/// A visit the domain accepts (the leader, the unit and the cases are checked by the app).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFieldVisit {
    pub leader_user_id: i64,
    pub unit_id: i64,
    pub on: Date,
    pub place: String,
    pub case_ids: Vec<i64>,
    pub outcome: String,
}

impl NewFieldVisit {
    /// Every problem at once; `today` bounds the day (a visit is recorded after it).
    pub fn read(f: FieldVisitForm, today: Date) -> Result<NewFieldVisit, DomainError> {
        let mut p = Problems::default();
        let leader = f.leader_user_id.given().copied().filter(|i| *i > 0);
        if leader.is_none() {
            p.add("leader_user_id", "请选择下访领导", "the leader who went");
        }
        let unit = f.unit_id.given().copied().filter(|i| *i > 0);
        if unit.is_none() {
            p.add("unit_id", "请选择下访单位", "the unit visited");
        }
        let on = f.on.given().copied();
        match on {
            None => p.add("on", "请填写下访日期（YYYY-MM-DD）", "the day, YYYY-MM-DD"),
            Some(d) if d > today => p.add("on", "下访日期不能晚于今天", "not in the future"),
            Some(_) => {}
        }
        let place = f.place.into_given().unwrap_or_default();
        if !(2..=MAX_VISIT_PLACE).contains(&place.chars().count()) {
            p.add(
                "place",
                "请填写下访地点（2至200字）",
                "the place, 2 to 200 characters",
            );
        }
        let case_ids = crate::wire::positive_ids(f.case_ids).unwrap_or_default();
        if case_ids.is_empty() {
            p.add(
                "case_ids",
                "请列出带下去的信访事项（至少一件）",
                "the cases taken down (one or more)",
            );
        }
        let outcome = f.outcome.into_given().unwrap_or_default();
        if !(2..=MAX_VISIT_OUTCOME).contains(&outcome.chars().count()) {
            p.add(
                "outcome",
                "请填写下访结果（2至5000字）",
                "the outcome, 2 to 5,000 characters",
            );
        }
        p.finish(|| ())?;
        match (leader, unit, on) {
            (Some(leader_user_id), Some(unit_id), Some(on)) => Ok(NewFieldVisit {
                leader_user_id,
                unit_id,
                on,
                place,
                case_ids,
                outcome,
            }),
            _ => Err(DomainError::new(ErrorCode::Validation)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_visit_names_every_problem_and_needs_cases() {
        let today = Date::parse("2026-06-30").unwrap();
        let f: FieldVisitForm =
            serde_json::from_str(r#"{"on": "2026-07-01", "case_ids": [], "place": "x"}"#).unwrap();
        let e = NewFieldVisit::read(f, today).unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            fields,
            [
                "leader_user_id",
                "unit_id",
                "on",
                "place",
                "case_ids",
                "outcome"
            ]
        );
        let f: FieldVisitForm = serde_json::from_str(
            r#"{"leader_user_id": 7, "unit_id": 3, "on": "2026-06-29", "place": "某区第一小学",
                "case_ids": [5, 5, 9], "outcome": "当场答复，信访人表示满意"}"#,
        )
        .unwrap();
        let v = NewFieldVisit::read(f, today).unwrap();
        assert_eq!(v.case_ids, [5, 9]);
    }
}
