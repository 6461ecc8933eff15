//! One row of an import file checked: its values read (dates, vocabularies, units by name or
//! id, categories by code or name) and then the same intake checks as a registration
//! (`intake::validate_registration`); every problem by column, Chinese first.

use std::collections::HashMap;
use std::sync::Arc;

use csv::StringRecord;
use huiyin_core::Date;
use huiyin_core::case::Status;
use huiyin_core::category::CategoryTree;
use huiyin_core::intake::{PetitionerInput, RegistrationInput, ValidRegistration};
use huiyin_core::kinds::{Channel, PetitionType};
use huiyin_core::org::{OrgTree, UnitId};
use huiyin_core::rules::TimeLimits;

use super::Problem;
use super::columns::{Col, Mapping};

/// The statuses a case may be imported in: still to be handled, in handling, or closed.
/// Stages that carry a decision (opinions, reviews) are not imported: their documents are
/// not in a spreadsheet.
pub const IMPORTABLE: [Status; 3] = [Status::Registered, Status::Accepted, Status::Closed];

/// A row that passed every check.
#[derive(Clone, Debug)]
pub struct Checked {
    pub row: u32,
    pub number: String,
    pub reg: ValidRegistration,
    pub receiving_unit_id: UnitId,
    pub handling_unit_id: UnitId,
    pub status: Status,
}

/// What rows are checked against.
pub struct Lookup {
    pub org: Arc<OrgTree>,
    pub categories: Arc<CategoryTree>,
    pub today: Date,
    units_by_name: HashMap<String, Vec<UnitId>>,
    categories_by_name: HashMap<String, String>,
}

impl Lookup {
    pub fn new(org: Arc<OrgTree>, categories: Arc<CategoryTree>, today: Date) -> Lookup {
        let mut units_by_name: HashMap<String, Vec<UnitId>> = HashMap::new();
        for u in org.units() {
            units_by_name.entry(u.name.clone()).or_default().push(u.id);
        }
        let categories_by_name = categories
            .all()
            .iter()
            .map(|c| (c.name_zh.clone(), c.code.clone()))
            .collect();
        Lookup {
            org,
            categories,
            today,
            units_by_name,
            categories_by_name,
        }
    }

    /// A unit by its id or its exact name.
    fn unit(&self, text: &str) -> Result<UnitId, (String, String)> {
        if let Ok(id) = text.parse::<UnitId>()
            && self.org.get(id).is_some()
        {
            return Ok(id);
        }
        match self.units_by_name.get(text).map(Vec::as_slice) {
            Some([id]) => Ok(*id),
            Some(many) => Err((
                format!(
                    "单位名称“{text}”不唯一（{}个单位同名），请填写单位编号",
                    many.len()
                ),
                format!("{} units are named “{text}”: give the unit id", many.len()),
            )),
            None => Err((
                format!("单位“{text}”不存在（应为本系统中的单位名称或编号）"),
                format!("unknown unit “{text}” (expected a unit name or id of this system)"),
            )),
        }
    }
}

/// A date as YYYY-MM-DD; `/`, `.` and 年月日 are read too, and a time after it is ignored.
pub fn parse_date(text: &str) -> Option<Date> {
    let day = text.split([' ', 'T']).next()?;
    let parts: Vec<&str> = day
        .trim_end_matches('日')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4 {
        return None;
    }
    Date::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn channel(text: &str) -> Option<Channel> {
    Channel::parse(text).or_else(|| Channel::ALL.iter().copied().find(|c| c.zh() == text))
}

fn petition_type(text: &str) -> Option<PetitionType> {
    PetitionType::parse(text).or_else(|| {
        PetitionType::ALL
            .iter()
            .copied()
            .find(|t| t.zh() == text || t.zh().trim_end_matches('类') == text)
    })
}

fn status(text: &str) -> Option<Status> {
    Status::parse(text).or_else(|| Status::ALL.iter().copied().find(|s| s.zh() == text))
}

/// The column a field of `validate_registration` is entered in.
fn column_of(field: &str) -> Col {
    match field {
        "title" => Col::Title,
        "content" => Col::Content,
        "demands" => Col::Demands,
        "category" => Col::Category,
        "concerned_unit_id" => Col::ConcernedUnit,
        "received_on" => Col::ReceivedOn,
        "people_count" => Col::People,
        f if f.ends_with(".id_number") => Col::IdNumber,
        f if f.ends_with(".phone") => Col::Phone,
        f if f.ends_with(".address") => Col::Address,
        _ => Col::Name,
    }
}

/// Checks one row; `Err` holds every problem found in it, `warnings` gets what does not block
/// (an ID number failing its check, as at registration).
pub fn check_row(
    look: &Lookup,
    limits_for: &dyn Fn(UnitId, Date) -> TimeLimits,
    map: &Mapping,
    row: u32,
    rec: &StringRecord,
    warnings: &mut Vec<Problem>,
) -> Result<Checked, Vec<Problem>> {
    let get = |c: Col| {
        map.at
            .get(&c)
            .and_then(|i| rec.get(*i))
            .map_or("", str::trim)
    };
    let mut problems = Vec::new();
    let mut bad = |c: Col, zh: String, en: String| problems.push(Problem::at(row, c, zh, en));
    let number = get(Col::Number).to_owned();
    if number.is_empty() {
        bad(Col::Number, "不能为空".into(), "must not be empty".into());
    } else if number.chars().count() > 64 {
        bad(
            Col::Number,
            "不能超过64个字".into(),
            "at most 64 characters".into(),
        );
    }
    let received_on = parse_date(get(Col::ReceivedOn));
    if received_on.is_none() {
        bad(
            Col::ReceivedOn,
            "日期格式应为YYYY-MM-DD".into(),
            "expected YYYY-MM-DD".into(),
        );
    }
    let vocab = |c: Col, zh_list: String, en_list: String| {
        (
            format!("“{}”不是可用的值（可填：{zh_list}）", get(c)),
            format!("“{}” is not a known value (use one of: {en_list})", get(c)),
        )
    };
    let ch = channel(get(Col::Channel));
    if ch.is_none() {
        let (zh, en) = vocab(
            Col::Channel,
            Channel::ALL
                .iter()
                .map(|c| c.zh())
                .collect::<Vec<_>>()
                .join("、"),
            Channel::ALL
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
        bad(Col::Channel, zh, en);
    }
    let pt = petition_type(get(Col::PetitionType));
    if pt.is_none() {
        let (zh, en) = vocab(
            Col::PetitionType,
            PetitionType::ALL
                .iter()
                .map(|t| t.zh())
                .collect::<Vec<_>>()
                .join("、"),
            PetitionType::ALL
                .iter()
                .map(|t| t.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        );
        bad(Col::PetitionType, zh, en);
    }
    let raw_category = get(Col::Category);
    let category = if look.categories.get(raw_category).is_some() {
        Some(raw_category.to_owned())
    } else {
        look.categories_by_name.get(raw_category).cloned()
    };
    if category.is_none() {
        bad(
            Col::Category,
            format!("问题分类“{raw_category}”不存在（应为分类代码或名称）"),
            format!("unknown category “{raw_category}” (expected a category code or name)"),
        );
    }
    let mut unit = |c: Col| match get(c) {
        "" if c == Col::ReceivingUnit => None,
        text => match look.unit(text) {
            Ok(id) => Some(id),
            Err((zh, en)) => {
                bad(c, zh, en);
                None
            }
        },
    };
    let concerned = unit(Col::ConcernedUnit);
    let handling = unit(Col::HandlingUnit);
    let receiving = unit(Col::ReceivingUnit).or(handling);
    let st = match get(Col::Status) {
        "" => Some(Status::Registered),
        text => status(text),
    };
    match st {
        Some(s) if IMPORTABLE.contains(&s) => {}
        _ => {
            let (zh, en) = vocab(
                Col::Status,
                IMPORTABLE
                    .iter()
                    .map(|s| s.zh())
                    .collect::<Vec<_>>()
                    .join("、"),
                IMPORTABLE
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            bad(Col::Status, zh, en);
        }
    }
    let people = match get(Col::People) {
        "" => None,
        text => match text.parse::<u32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                bad(
                    Col::People,
                    "应为正整数".into(),
                    "expected a positive number".into(),
                );
                None
            }
        },
    };
    let (Some(received_on), Some(ch), Some(pt), Some(category), Some(concerned), Some(handling)) =
        (received_on, ch, pt, category, concerned, handling)
    else {
        return Err(problems);
    };
    let (Some(receiving), Some(status)) = (receiving, st) else {
        return Err(problems);
    };
    let opt = |c: Col| Some(get(c).to_owned()).filter(|s| !s.is_empty());
    let input = RegistrationInput {
        channel: ch,
        petition_type: pt,
        category,
        title: get(Col::Title).to_owned(),
        content: get(Col::Content).to_owned(),
        demands: get(Col::Demands).to_owned(),
        concerned_unit_id: concerned,
        received_on,
        petitioners: vec![PetitionerInput {
            name: get(Col::Name).to_owned(),
            id_number: opt(Col::IdNumber),
            phone: opt(Col::Phone),
            address: opt(Col::Address),
            // The one petitioner named for a petition of many is its representative.
            representative: people.is_some_and(|n| n > 1),
        }],
        people_count: people,
        confidential: false,
        reception_id: None,
    };
    let limits = limits_for(receiving, received_on);
    match huiyin_core::intake::validate_registration(
        input,
        look.today,
        &look.categories,
        &look.org,
        &limits,
    ) {
        Ok(reg) if problems.is_empty() => {
            for w in &reg.warnings {
                warnings.push(Problem::at(
                    row,
                    column_of(&w.field),
                    w.zh.clone(),
                    w.en.clone(),
                ));
            }
            Ok(Checked {
                row,
                number,
                reg,
                receiving_unit_id: receiving,
                handling_unit_id: handling,
                status,
            })
        }
        Ok(_) => Err(problems),
        Err(e) => {
            for (field, m) in e.fields {
                problems.push(Problem::at(row, column_of(&field), m.zh, m.en));
            }
            Err(problems)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_usual_spellings() {
        let d = Date::parse("2024-03-05").unwrap();
        for t in [
            "2024-03-05",
            "2024/3/5",
            "2024.03.05",
            "2024年3月5日",
            "2024-03-05 00:00:00",
        ] {
            assert_eq!(parse_date(t), Some(d), "{t}");
        }
        for t in ["2024-02-30", "24-3-5", "昨天", ""] {
            assert_eq!(parse_date(t), None, "{t}");
        }
    }

    #[test]
    fn vocabularies_by_wire_name_or_label() {
        assert_eq!(channel("来信"), Some(Channel::Letter));
        assert_eq!(channel("visit"), Some(Channel::Visit));
        assert_eq!(petition_type("检举控告"), Some(PetitionType::Accusation));
        assert_eq!(status("已办结"), Some(Status::Closed));
        assert_eq!(channel("飞鸽"), None);
    }
}
