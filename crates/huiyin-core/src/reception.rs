//! Leaders' reception days (领导接访日; issue 14 item 2; DOMAIN.md §3.2): a leader of a unit
//! receives petitioners on a set day at a set place, scheduled by the petition office and
//! published on the portal; visits received there are registered as cases linked to it.

use serde::Deserialize;

use crate::date::Date;
use crate::error::{DomainError, ErrorCode};
use crate::wire::{Field, Problems};

/// Characters of a place and of the topics.
pub const MAX_PLACE: usize = 200;
pub const MAX_TOPICS: usize = 1_000;

/// A reception day as submitted (CONTRACT.md: `leader_user_id`, `unit_id`, `on`, `place`).
/// Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ReceptionForm {
    /// The receiving leader: an active user with the leader role of the unit.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub leader_user_id: Field<i64>,
    /// The unit whose leader receives.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub unit_id: Field<i64>,
    /// The day, YYYY-MM-DD, today or later.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub on: Field<Date>,
    /// Where (2 to 200 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub place: Field<String>,
    /// Hours, e.g. `09:00-11:30` (optional, up to 50 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub hours: Field<String>,
    /// Matters the leader will hear, as published (optional, up to 1,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub topics: Field<String>,
}

/// A reception day the domain accepts (the leader and unit are checked against the
/// organisation by the app).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReception {
    pub leader_user_id: i64,
    pub unit_id: i64,
    pub on: Date,
    pub place: String,
    pub hours: String,
    pub topics: String,
}

impl NewReception {
    /// Every problem at once; `today` bounds the day (a reception is scheduled ahead).
    pub fn read(f: ReceptionForm, today: Date) -> Result<NewReception, DomainError> {
        let mut p = Problems::default();
        let leader = f.leader_user_id.given().copied().filter(|i| *i > 0);
        if leader.is_none() {
            p.add("leader_user_id", "请选择接访领导", "the receiving leader");
        }
        let unit = f.unit_id.given().copied().filter(|i| *i > 0);
        if unit.is_none() {
            p.add("unit_id", "请选择单位", "the unit");
        }
        let on = f.on.given().copied();
        match on {
            None => p.add("on", "请填写接访日期（YYYY-MM-DD）", "the day, YYYY-MM-DD"),
            Some(d) if d < today => p.add("on", "接访日期不能早于今天", "cannot be in the past"),
            Some(_) => {}
        }
        let place = f.place.into_given().unwrap_or_default();
        if !(2..=MAX_PLACE).contains(&place.chars().count()) {
            p.add(
                "place",
                "请填写接访地点（2至200字）",
                "the place, 2 to 200 characters",
            );
        }
        let hours = f.hours.into_given().unwrap_or_default();
        if hours.chars().count() > 50 {
            p.add("hours", "时间最多50字", "at most 50 characters");
        }
        let topics = f.topics.into_given().unwrap_or_default();
        if topics.chars().count() > MAX_TOPICS {
            p.add("topics", "接访事项最多1000字", "at most 1,000 characters");
        }
        p.finish(|| ())?;
        match (leader, unit, on) {
            (Some(leader_user_id), Some(unit_id), Some(on)) => Ok(NewReception {
                leader_user_id,
                unit_id,
                on,
                place,
                hours,
                topics,
            }),
            _ => Err(DomainError::new(ErrorCode::Validation)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|_| Date::from_unix_millis_beijing(0))
    }

    #[test]
    fn a_reception_is_scheduled_ahead_with_a_place() {
        let form = ReceptionForm {
            leader_user_id: Field::Given(7),
            unit_id: Field::Given(3),
            on: Field::Given(day("2026-07-08")),
            place: Field::Given("区教育局一楼接访室".into()),
            hours: Field::Given("09:00-11:30".into()),
            topics: Field::Absent,
        };
        let r = NewReception::read(form.clone(), day("2026-06-30")).expect("ok");
        assert_eq!(
            (r.leader_user_id, r.unit_id, r.on),
            (7, 3, day("2026-07-08"))
        );
        let e = NewReception::read(form, day("2026-07-09")).expect_err("past");
        assert_eq!(e.fields[0].0, "on");
        let e = NewReception::read(ReceptionForm::default(), day("2026-06-30")).expect_err("empty");
        let fields: Vec<&str> = e.fields.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, vec!["leader_user_id", "unit_id", "on", "place"]);
    }
}
