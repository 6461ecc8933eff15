//! Time limits and thresholds as data, keyed by jurisdiction and effective date (DOMAIN.md
//! §1.10, requirement 16). The shipped sets live in `data/rules.toml`, which documents every
//! field with its article.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// The shipped rule sets, checked by the test `shipped_file_is_valid`.
const NATIONAL_TOML: &str = include_str!("../data/rules.toml");

/// The longest period a rule may set; petition periods are at most 90 days.
pub const MAX_PERIOD_DAYS: u32 = 1000;

/// How a period counts days (DOMAIN.md §8.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayCount {
    /// 日 / 自然日: every day counts; a period ending on a rest day moves to the next working day.
    Calendar,
    /// 工作日: only working days count.
    Working,
}

impl DayCount {
    pub fn zh(self) -> &'static str {
        match self {
            DayCount::Calendar => "自然日",
            DayCount::Working => "工作日",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            DayCount::Calendar => "calendar days",
            DayCount::Working => "working days",
        }
    }
}

/// A time limit: so many days, counted so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub days: u32,
    pub count: DayCount,
}

impl Period {
    pub const fn calendar(days: u32) -> Period {
        Period {
            days,
            count: DayCount::Calendar,
        }
    }
    pub const fn working(days: u32) -> Period {
        Period {
            days,
            count: DayCount::Working,
        }
    }
    /// The same period lengthened by `days`, e.g. handling + extension (Art. 34: "60 + 30").
    pub const fn extended_by(self, days: u32) -> Period {
        Period {
            days: self.days.saturating_add(days),
            count: self.count,
        }
    }
}

/// Every limit and threshold of one rule set; `data/rules.toml` explains each with its article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimits {
    /// Routing by the receiving office: 15 days (Arts. 22, 23 ¶1–2).
    pub disposal: Period,
    /// Acceptance notice by the body a petition was forwarded to: 15 days (Art. 23 ¶3).
    pub acceptance_notice: Period,
    /// Objection that the matter is outside the receiver's remit: 5 working days (Art. 23 ¶3).
    pub objection: Period,
    /// Handling from acceptance: 60 days (Art. 34; for types other than Art. 31(6) an office default).
    pub handling: Period,
    /// The one extension of handling, at most 30 days (Art. 34).
    pub extension_max_days: u32,
    /// 复查 request window: 30 days (Art. 35).
    pub review_request: Period,
    /// 复查 decision: 30 days (Art. 35).
    pub review_decision: Period,
    /// 复核 request window: 30 days (Art. 36 ¶1).
    pub rereview_request: Period,
    /// 复核 decision: 30 days, hearing time excluded (Art. 36 ¶1–2).
    pub rereview_decision: Period,
    /// People on one matter from which a visit is collective: 5 (practice, DOMAIN.md §5).
    pub collective_threshold: u32,
    /// Representatives of a joint visit: at most 5 (Art. 20 ¶3).
    pub max_representatives: u32,
    /// Window for linking repeat petitions: 365 days (office setting).
    pub repeat_window_days: u32,
    /// Deadlines this close are shown as due soon: 3 days (office setting).
    pub due_soon_days: u32,
}

/// One rule set: limits for a jurisdiction from a date on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    pub id: String,
    /// Shown to users, e.g. 全国默认（《信访工作条例》2022）.
    pub name: String,
    /// GB/T 2260 region-code prefix: "" = national, "33" = Zhejiang, "3301" = Hangzhou.
    pub jurisdiction: String,
    pub effective_from: Date,
    pub source: String,
    pub limits: TimeLimits,
}

impl RuleSet {
    pub fn is_national(&self) -> bool {
        self.jurisdiction.is_empty()
    }
}

/// All rule sets in use. Always holds at least one national set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    sets: Vec<RuleSet>,
}

/// Why rule data was refused. Every variant has the stable code `rules.invalid`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    #[error("the rules are not valid TOML of the expected shape: {0}")]
    Syntax(String),
    #[error("no national rule set (jurisdiction \"\") is given")]
    NoNational,
    #[error("rule set id {0:?} is used twice")]
    DuplicateId(String),
    #[error("rule sets {first:?} and {second:?} have the same jurisdiction and effective date")]
    DuplicateKey { first: String, second: String },
    #[error("rule set {id:?}: {field} is empty")]
    MissingText { id: String, field: &'static str },
    #[error(
        "rule set {id:?}: jurisdiction {jurisdiction:?} is not a region-code prefix of 2, 4 or 6 digits"
    )]
    BadJurisdiction { id: String, jurisdiction: String },
    #[error("rule set {id:?}: {field} must be between 1 and {max}")]
    OutOfRange {
        id: String,
        field: &'static str,
        max: u32,
    },
}

impl RulesError {
    /// The stable error code.
    pub fn code(&self) -> &'static str {
        "rules.invalid"
    }

    /// The message for users, naming the rule set at fault.
    pub fn zh(&self) -> String {
        match self {
            RulesError::Syntax(e) => format!("时限规则数据格式有误：{e}"),
            RulesError::NoNational => "缺少全国通用的规则（jurisdiction 为空）".to_owned(),
            RulesError::DuplicateId(id) => format!("规则编号 {id} 重复"),
            RulesError::DuplicateKey { first, second } => {
                format!("规则 {first} 与 {second} 的适用地区和生效日期相同")
            }
            RulesError::MissingText { id, field } => format!("规则 {id} 的 {field} 不能为空"),
            RulesError::BadJurisdiction { id, jurisdiction } => {
                format!("规则 {id} 的适用地区“{jurisdiction}”不是2、4或6位行政区划代码前缀")
            }
            RulesError::OutOfRange { id, field, max } => {
                format!("规则 {id} 的 {field} 须在1至{max}之间")
            }
        }
    }

    pub fn en(&self) -> String {
        self.to_string()
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    set: Vec<RuleSet>,
}

/// The national 2022 set, in code: the fallback that keeps `Rules` total even if the embedded
/// file were broken. A test checks it equals the national set of `data/rules.toml`.
static BUILTIN_NATIONAL: LazyLock<RuleSet> = LazyLock::new(|| RuleSet {
    id: "cn-2022".to_owned(),
    name: "全国默认（《信访工作条例》2022）".to_owned(),
    jurisdiction: String::new(),
    effective_from: Date::from_days(19_113), // 2022-05-01
    source: "《信访工作条例》（2022年5月1日起施行）".to_owned(),
    limits: TimeLimits {
        disposal: Period::calendar(15),
        acceptance_notice: Period::calendar(15),
        objection: Period::working(5),
        handling: Period::calendar(60),
        extension_max_days: 30,
        review_request: Period::calendar(30),
        review_decision: Period::calendar(30),
        rereview_request: Period::calendar(30),
        rereview_decision: Period::calendar(30),
        collective_threshold: 5,
        max_representatives: 5,
        repeat_window_days: 365,
        due_soon_days: 3,
    },
});

impl Rules {
    /// The shipped rules (`data/rules.toml`): the national 2022 set and the Zhejiang example.
    ///
    /// Cannot panic: the embedded file is parsed by a unit test; if parsing failed anyway the
    /// result holds only the national 2022 set built into the code.
    pub fn national() -> Rules {
        Rules::from_toml(NATIONAL_TOML).unwrap_or_else(|_| Rules {
            sets: vec![BUILTIN_NATIONAL.clone()],
        })
    }

    /// Validates and wraps rule sets (see [`Rules::from_toml`] for what is refused).
    pub fn new(sets: Vec<RuleSet>) -> Result<Rules, RulesError> {
        if !sets.iter().any(RuleSet::is_national) {
            return Err(RulesError::NoNational);
        }
        for (i, s) in sets.iter().enumerate() {
            validate(s)?;
            for earlier in &sets[..i] {
                if earlier.id == s.id {
                    return Err(RulesError::DuplicateId(s.id.clone()));
                }
                if earlier.jurisdiction == s.jurisdiction
                    && earlier.effective_from == s.effective_from
                {
                    return Err(RulesError::DuplicateKey {
                        first: earlier.id.clone(),
                        second: s.id.clone(),
                    });
                }
            }
        }
        Ok(Rules { sets })
    }

    /// Parses the format of `data/rules.toml`. Refused: bad TOML or unknown keys, no national
    /// set, a repeated id or (jurisdiction, effective date), empty texts, a jurisdiction that is
    /// not "" or 2/4/6 digits, a period of 0 or more than [`MAX_PERIOD_DAYS`] days, a zero
    /// threshold or repeat window.
    pub fn from_toml(text: &str) -> Result<Rules, RulesError> {
        let file: RulesFile =
            toml::from_str(text).map_err(|e| RulesError::Syntax(e.to_string()))?;
        Rules::new(file.set)
    }

    /// Writes the rules in the format of `data/rules.toml` (comments are not kept);
    /// `from_toml(&rules.to_toml())` gives back equal rules.
    pub fn to_toml(&self) -> String {
        toml::to_string(&RulesFile {
            set: self.sets.clone(),
        })
        .unwrap_or_default()
    }

    pub fn sets(&self) -> &[RuleSet] {
        &self.sets
    }

    /// The set for a body in `region_code` (GB/T 2260) on day `on`: among the sets in force
    /// (`effective_from <= on`) whose jurisdiction is a prefix of the code, the longest prefix,
    /// then the latest effective date. If none is in force, the earliest national set.
    pub fn for_region(&self, region_code: &str, on: Date) -> &RuleSet {
        self.sets
            .iter()
            .filter(|s| region_code.starts_with(s.jurisdiction.as_str()) && s.effective_from <= on)
            .max_by_key(|s| (s.jurisdiction.len(), s.effective_from))
            .or_else(|| {
                self.sets
                    .iter()
                    .filter(|s| s.is_national())
                    .min_by_key(|s| s.effective_from)
            })
            .unwrap_or(&BUILTIN_NATIONAL)
    }
}

fn validate(s: &RuleSet) -> Result<(), RulesError> {
    let id = || s.id.clone();
    for (field, text) in [("id", &s.id), ("name", &s.name), ("source", &s.source)] {
        if text.trim().is_empty() {
            return Err(RulesError::MissingText { id: id(), field });
        }
    }
    let j = &s.jurisdiction;
    if !(j.is_empty() || (matches!(j.len(), 2 | 4 | 6) && j.bytes().all(|b| b.is_ascii_digit()))) {
        return Err(RulesError::BadJurisdiction {
            id: id(),
            jurisdiction: j.clone(),
        });
    }
    let l = &s.limits;
    let periods = [
        ("disposal", l.disposal),
        ("acceptance_notice", l.acceptance_notice),
        ("objection", l.objection),
        ("handling", l.handling),
        ("review_request", l.review_request),
        ("review_decision", l.review_decision),
        ("rereview_request", l.rereview_request),
        ("rereview_decision", l.rereview_decision),
    ];
    let counts = [
        (
            "extension_max_days",
            l.extension_max_days.max(1),
            MAX_PERIOD_DAYS,
        ),
        ("collective_threshold", l.collective_threshold, 10_000),
        ("max_representatives", l.max_representatives, 10_000),
        ("repeat_window_days", l.repeat_window_days, 3660),
        ("due_soon_days", l.due_soon_days.max(1), 365),
    ];
    let all = periods
        .iter()
        .map(|(f, p)| (*f, p.days, MAX_PERIOD_DAYS))
        .chain(counts);
    for (field, value, max) in all {
        if value == 0 || value > max {
            return Err(RulesError::OutOfRange {
                id: id(),
                field,
                max,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
