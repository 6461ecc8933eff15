//! A change to one day of the official holiday calendar (节假日), as the API's JSON body and
//! the calendar page's form send it, read into one [`DayEditForm`] and converted once into a
//! [`DayEdit`]; applying it to a year gives the year the calendar then holds.

use serde::Deserialize;

use crate::calendar::{CalendarYear, DayKind, HolidayEntry};
use crate::date::Date;
use crate::error::DomainError;
use crate::wire::{Field, FromWire, Problems};

impl FromWire for DayKind {
    fn from_wire(text: &str) -> Option<DayKind> {
        match text {
            "off" => Some(DayKind::Off),
            "workday" => Some(DayKind::Workday),
            _ => None,
        }
    }
}

/// What to do with the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayEditOp {
    /// List the day (replacing what was listed for it).
    Set,
    /// Take the day off the list: it is an ordinary day again.
    Remove,
}

impl FromWire for DayEditOp {
    fn from_wire(text: &str) -> Option<DayEditOp> {
        match text {
            "set" => Some(DayEditOp::Set),
            "remove" => Some(DayEditOp::Remove),
            _ => None,
        }
    }
}

/// Characters a holiday's name may have.
pub const MAX_HOLIDAY_NAME: usize = 40;

/// One day's change as submitted. Unknown fields are ignored.
#[derive(Clone, Debug, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DayEditForm {
    /// set | remove
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub op: Field<DayEditOp>,
    /// YYYY-MM-DD
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub date: Field<Date>,
    /// off (放假) | workday (调休上班); for `set`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub kind: Field<DayKind>,
    /// The holiday the day belongs to, 1 to 40 characters; for `set`.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub name: Field<String>,
    /// The notice the year's calendar follows (国务院办公厅通知); kept when absent.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub source: Field<String>,
}

/// A change to one day the domain can apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DayEdit {
    Set {
        entry: HolidayEntry,
        source: Option<String>,
    },
    Remove {
        date: Date,
    },
}

impl DayEdit {
    /// The day changed.
    pub fn date(&self) -> Date {
        match self {
            DayEdit::Set { entry, .. } => entry.date,
            DayEdit::Remove { date } => *date,
        }
    }

    /// `year` (the calendar's year of the day, or `None` when it has none yet) after the change.
    pub fn apply(self, year: Option<&CalendarYear>) -> CalendarYear {
        let date = self.date();
        // A year begun by one day is not official until an administrator marks it complete.
        let mut y = year.cloned().unwrap_or(CalendarYear {
            year: date.year(),
            source: String::new(),
            entries: Vec::new(),
            complete: false,
        });
        y.entries.retain(|e| e.date != date);
        if let DayEdit::Set { entry, source } = self {
            if let Some(source) = source {
                y.source = source;
            }
            y.entries.push(entry);
            y.entries.sort_by_key(|e| e.date);
        }
        y
    }
}

impl TryFrom<DayEditForm> for DayEdit {
    type Error = DomainError;

    /// Every problem, by field, at once; then the change.
    fn try_from(f: DayEditForm) -> Result<DayEdit, DomainError> {
        let mut p = Problems::default();
        let op = f.op.given().copied();
        if op.is_none() {
            p.add(
                "op",
                "操作应为 set（设置）或 remove（恢复为普通日）",
                "op must be set or remove",
            );
        }
        let date = f.date.given().copied();
        if date.is_none() {
            p.add("date", "日期格式应为 YYYY-MM-DD", "a date YYYY-MM-DD");
        }
        let name = f.name.into_given().unwrap_or_default();
        if op == Some(DayEditOp::Set) {
            if f.kind.given().is_none() {
                p.add(
                    "kind",
                    "请选择类别（放假或调休上班）",
                    "choose a kind: off or workday",
                );
            }
            if name.is_empty() || name.chars().count() > MAX_HOLIDAY_NAME {
                p.add("name", "节日名称应为1至40个字", "1 to 40 characters");
            }
        }
        p.finish(|| ())?;
        match (op, date, f.kind.into_given()) {
            (Some(DayEditOp::Remove), Some(date), _) => Ok(DayEdit::Remove { date }),
            (Some(DayEditOp::Set), Some(date), Some(kind)) => Ok(DayEdit::Set {
                entry: HolidayEntry { date, kind, name },
                source: f.source.into_given(),
            }),
            // Each case was reported just above.
            _ => Err(DomainError::new(crate::error::ErrorCode::Validation)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn edit(json: &str) -> Result<DayEdit, DomainError> {
        DayEdit::try_from(serde_json::from_str::<DayEditForm>(json).unwrap())
    }

    #[test]
    fn a_set_without_kind_or_name_reports_both() {
        let e = edit(r#"{"op": "set", "date": "2027-10-01"}"#).unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, ["kind", "name"]);
        let e = edit(r#"{"op": "move", "date": "10/01"}"#).unwrap_err();
        let fields: Vec<&str> = e.fields.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, ["op", "date"]);
    }

    #[test]
    fn setting_replaces_the_day_and_removing_restores_it() {
        let set =
            edit(r#"{"op": "set", "date": "2027-10-08", "kind": "workday", "name": "国庆节"}"#)
                .unwrap();
        let year = set.apply(None);
        assert_eq!(year.year, 2027);
        assert_eq!(year.entries.len(), 1);
        let off = edit(r#"{"op": "set", "date": "2027-10-08", "kind": "off", "name": "国庆节", "source": "国办发明电〔2026〕1号"}"#)
            .unwrap()
            .apply(Some(&year));
        assert_eq!(off.entries.len(), 1, "one entry per day");
        assert_eq!(off.entries[0].kind, DayKind::Off);
        assert_eq!(off.source, "国办发明电〔2026〕1号");
        let removed = edit(r#"{"op": "remove", "date": "2027-10-08"}"#)
            .unwrap()
            .apply(Some(&off));
        assert!(removed.entries.is_empty());
        assert_eq!(removed.source, off.source);
    }
}
