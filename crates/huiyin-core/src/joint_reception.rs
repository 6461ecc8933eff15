//! 联合接访 sessions (issue 15 item 4; DOMAIN.md §1.4, §12 #30; XFGZTL-2022 Art. 18 ¶3):
//! several departments receiving petitioners together — the day, the place, the host unit, the
//! participating units, the leaders and staff on duty, a note — recorded with the cases taken
//! there, and closed with a summary. The inputs as submitted, every problem at once.

use serde::{Deserialize, Serialize};

use crate::case::wire_enum;
use crate::date::Date;
use crate::error::DomainError;
use crate::wire::{Field, Problems};

/// Characters of a place.
pub const MAX_SESSION_PLACE: usize = 200;
/// Characters of a name on duty.
pub const MAX_ON_DUTY_NAME: usize = 50;
/// Names on duty at most.
pub const MAX_ON_DUTY: usize = 30;
/// Participating units at most.
pub const MAX_SESSION_UNITS: usize = 30;
/// Characters of a note and of a summary.
pub const MAX_SESSION_TEXT: usize = 2_000;

wire_enum! {
    /// Where a session stands.
    JointReceptionStatus {
        Open => "open", "接访中", "Open";
        Closed => "closed", "已结束", "Closed";
    }
}

/// A session as submitted.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct JointReceptionForm {
    /// The day, YYYY-MM-DD, not after today.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub on: Field<Date>,
    /// Where (2 to 200 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub place: Field<String>,
    /// The host unit (牵头单位), a unit of your scope.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub host_unit_id: Field<i64>,
    /// The participating units (1 to 30, other than the host).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<i64>))]
    pub unit_ids: Vec<Field<i64>>,
    /// The leaders and staff on duty, by name (1 to 30 names, each up to 50 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub on_duty: Vec<Field<String>>,
    /// A note (up to 2,000 characters).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub note: Field<String>,
}

/// A session the domain accepts (the units are checked by the app).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewJointReception {
    pub on: Date,
    pub place: String,
    pub host_unit_id: i64,
    pub unit_ids: Vec<i64>,
    pub on_duty: Vec<String>,
    pub note: String,
}

fn clean(t: &str) -> bool {
    !t.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
}

fn fits(t: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&t.chars().count()) && clean(t)
}

impl NewJointReception {
    pub fn read(f: JointReceptionForm, today: Date) -> Result<NewJointReception, DomainError> {
        let mut p = Problems::default();
        let on = f.on.given().copied();
        match on {
            None => p.add("on", "请填写接访日期（YYYY-MM-DD）", "the day, YYYY-MM-DD"),
            Some(d) if d > today => p.add("on", "接访日期不能晚于今天", "not after today"),
            Some(_) => {}
        }
        let place = f.place.into_given().unwrap_or_default();
        if !fits(&place, 2, MAX_SESSION_PLACE) {
            p.add(
                "place",
                "请填写接访地点（2至200字）",
                "the place, 2 to 200 characters",
            );
        }
        let host = f.host_unit_id.given().copied().filter(|u| *u > 0);
        if host.is_none() {
            p.add("host_unit_id", "请选择牵头单位", "the host unit");
        }
        let mut unit_ids = Vec::new();
        let mut bad_unit = false;
        for u in f.unit_ids.iter().filter(|u| !u.is_absent()) {
            match u.given().copied().filter(|u| *u > 0) {
                Some(id) if Some(id) != host && !unit_ids.contains(&id) => unit_ids.push(id),
                Some(_) => {}
                None => bad_unit = true,
            }
        }
        if bad_unit || unit_ids.is_empty() || unit_ids.len() > MAX_SESSION_UNITS {
            p.add(
                "unit_ids",
                "请选择参加接访的部门（1至30个，不含牵头单位）",
                "1 to 30 participating units other than the host",
            );
        }
        let on_duty: Vec<String> = f
            .on_duty
            .into_iter()
            .filter_map(Field::into_given)
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect();
        if on_duty.is_empty()
            || on_duty.len() > MAX_ON_DUTY
            || on_duty.iter().any(|n| !fits(n, 1, MAX_ON_DUTY_NAME))
        {
            p.add(
                "on_duty",
                "请填写接访的领导和工作人员姓名（1至30人，每人不超过50字）",
                "1 to 30 names on duty, each up to 50 characters",
            );
        }
        let note = f.note.into_given().unwrap_or_default();
        if !fits(&note, 0, MAX_SESSION_TEXT) {
            p.add(
                "note",
                "备注不超过2000字",
                "a note of up to 2,000 characters",
            );
        }
        let on = on.unwrap_or(today);
        let host_unit_id = host.unwrap_or_default();
        p.finish(|| NewJointReception {
            on,
            place,
            host_unit_id,
            unit_ids,
            on_duty,
            note,
        })
    }
}

/// The summary a session closes with (2 to 2,000 characters).
pub fn read_summary(summary: Option<&str>) -> Result<String, DomainError> {
    let s = summary.map(str::trim).unwrap_or_default();
    let mut p = Problems::default();
    if !fits(s, 2, MAX_SESSION_TEXT) {
        p.add(
            "summary",
            "请填写接访小结（2至2000字）",
            "the summary, 2 to 2,000 characters",
        );
    }
    p.finish(|| s.to_owned())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_session_names_every_problem_and_keeps_what_reads() {
        let today = Date::parse("2026-06-30").unwrap();
        let f: JointReceptionForm = serde_json::from_str(
            r#"{"on": "2026-07-01", "host_unit_id": 3, "unit_ids": [3], "on_duty": [" "]}"#,
        )
        .unwrap();
        let e = NewJointReception::read(f, today).unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, ["on", "place", "unit_ids", "on_duty"]);
        let f: JointReceptionForm = serde_json::from_str(
            r#"{"on": "2026-06-30", "place": "区信访接待中心", "host_unit_id": 3,
                "unit_ids": [3, "5", 5, 7], "on_duty": ["王局长", "", "李科长"]}"#,
        )
        .unwrap();
        let s = NewJointReception::read(f, today).unwrap();
        assert_eq!(s.unit_ids, [5, 7], "the host and repeats dropped");
        assert_eq!(s.on_duty, ["王局长", "李科长"]);
        assert!(read_summary(Some(" ")).is_err());
        assert_eq!(read_summary(Some(" 当场化解3件 ")).unwrap(), "当场化解3件");
    }
}
