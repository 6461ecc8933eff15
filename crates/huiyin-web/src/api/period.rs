//! The period and unit a figure or a list covers (`unit_id`, `from`, `to`): every problem
//! named by field, the period defaulting to this year so far.

use huiyin_core::Date;
use huiyin_core::error::DomainError;

use crate::error::ApiError;

fn given(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|x| !x.is_empty())
}

/// The query's raw `unit_id`, `from` and `to`, read into a unit (none: everything the caller
/// sees) and a period (default: 1 January of this year to today).
pub fn read_period(
    unit_id: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    today: Date,
    lang: crate::Lang,
) -> Result<(Option<i64>, Date, Date), ApiError> {
    let mut e = DomainError::new(huiyin_core::error::ErrorCode::Validation);
    let mut date = |v: Option<&str>, field: &str, default: Date| match given(v) {
        None => default,
        Some(x) => Date::parse(x).unwrap_or_else(|_| {
            e = e
                .clone()
                .with(field, "日期格式应为YYYY-MM-DD", "expected YYYY-MM-DD");
            default
        }),
    };
    let from = date(
        from,
        "from",
        Date::from_ymd(today.year(), 1, 1).unwrap_or(today),
    );
    let to = date(to, "to", today);
    let unit = match given(unit_id) {
        None => None,
        Some(x) => match x.parse::<i64>() {
            Ok(u) => Some(u),
            Err(_) => {
                e = e.with("unit_id", "应为单位编号", "expected a unit id");
                None
            }
        },
    };
    if e.fields.is_empty() && from > to {
        e = e.with(
            "from",
            "起始日期不能晚于截止日期",
            "from must not be after to",
        );
    }
    if e.fields.is_empty() {
        Ok((unit, from, to))
    } else {
        Err(ApiError::domain(e, lang))
    }
}
