//! Registration (登记): checking a new petition and the flags it gets on arrival
//! (DOMAIN.md §1.1, §1.3, §5; §12 requirements 1, 2, 6, 15, 24–26, 39).

use std::collections::BTreeSet;

use crate::case::{CaseId, Flag, Status};
use crate::category::CategoryTree;
use crate::date::Date;
use crate::error::DomainError;
use crate::idcard::check_id_number;
use crate::kinds::{Channel, PetitionType};
use crate::org::{OrgTree, UnitId};
use crate::person::{PersonName, PhoneNo};
use crate::rules::TimeLimits;

/// One petitioner as entered.
#[derive(Clone, Debug, Default)]
pub struct PetitionerInput {
    pub name: String,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub representative: bool,
}

/// A petition as entered by a registrar or the online form.
#[derive(Clone, Debug)]
pub struct RegistrationInput {
    pub channel: Channel,
    pub petition_type: PetitionType,
    pub category: String,
    pub title: String,
    pub content: String,
    pub demands: String,
    pub concerned_unit_id: UnitId,
    pub received_on: Date,
    pub petitioners: Vec<PetitionerInput>,
    pub people_count: Option<u32>,
    pub confidential: bool,
    /// The leader's reception day (领导接访日) the visit was received at.
    pub reception_id: Option<i64>,
}

/// A warning that does not block registration (e.g. an ID number that fails its check).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct IntakeWarning {
    pub field: String,
    pub code: String,
    pub zh: String,
    pub en: String,
}

/// A registration that passed every check.
#[derive(Clone, Debug)]
pub struct ValidRegistration {
    pub input: RegistrationInput,
    pub people_count: u32,
    pub warnings: Vec<IntakeWarning>,
    /// A petitioner is under 14 (PIPL Art. 28: all their data is sensitive).
    pub involves_minor: bool,
    /// An accusation by letter or telephone from someone who gave no name (registered as
    /// [`ANONYMOUS_NAME`]).
    pub anonymous: bool,
}

/// The name an anonymous report is registered under.
pub const ANONYMOUS_NAME: &str = "匿名";

/// Whether a petition may come without a name: an accusation (检举控告) by letter or telephone
/// from one unnamed person. Office practice, not statute (DOMAIN.md is silent): such reports are
/// registered and handled, but nobody can be told in writing of acceptance or outcome, follow
/// it online, or ask for 复查/复核 on it — the form says so.
pub fn anonymous_allowed(input: &RegistrationInput) -> bool {
    input.petition_type == PetitionType::Accusation
        && matches!(input.channel, Channel::Letter | Channel::Phone)
        && input.petitioners.len() == 1
}

fn text_field(
    errors: &mut Option<DomainError>,
    field: &str,
    value: &str,
    min: usize,
    max: usize,
) -> String {
    let v = value.trim().to_owned();
    let n = v.chars().count();
    let problem = if n < min {
        Some(("不能为空".to_owned(), "must not be empty".to_owned()))
    } else if n > max {
        Some((
            format!("不能超过{max}个字"),
            format!("at most {max} characters"),
        ))
    } else if v
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        Some((
            "含有不可见的控制字符".to_owned(),
            "contains control characters".to_owned(),
        ))
    } else {
        None
    };
    if let Some((zh, en)) = problem {
        add(errors, field, zh, en);
    }
    v
}

fn add(
    errors: &mut Option<DomainError>,
    field: &str,
    zh: impl Into<String>,
    en: impl Into<String>,
) {
    let e = errors
        .take()
        .unwrap_or_else(|| DomainError::new(crate::error::ErrorCode::Validation));
    *errors = Some(e.with(field, zh, en));
}

/// Checks a registration; every problem is reported at once, per field.
pub fn validate_registration(
    input: RegistrationInput,
    today: Date,
    categories: &CategoryTree,
    org: &OrgTree,
    limits: &TimeLimits,
) -> Result<ValidRegistration, DomainError> {
    let mut errors: Option<DomainError> = None;
    let mut warnings = Vec::new();
    let mut input = input;
    input.title = text_field(&mut errors, "title", &input.title, 1, 200);
    input.content = text_field(&mut errors, "content", &input.content, 1, 20_000);
    input.demands = text_field(&mut errors, "demands", &input.demands, 1, 5_000);
    input.category = input.category.trim().to_owned();
    if categories.get(&input.category).is_none() {
        add(
            &mut errors,
            "category",
            "不是有效的内容分类代码",
            "not a known category code",
        );
    }
    if org.get(input.concerned_unit_id).is_none() {
        add(
            &mut errors,
            "concerned_unit_id",
            "所涉单位不存在",
            "no such unit",
        );
    }
    if input.received_on > today {
        add(
            &mut errors,
            "received_on",
            "收件日期不能晚于今天",
            "cannot be in the future",
        );
    } else if input.received_on < Date::from_ymd(2000, 1, 1).unwrap_or(input.received_on) {
        add(
            &mut errors,
            "received_on",
            "收件日期不能早于2000年",
            "cannot be before 2000",
        );
    }
    if input.petitioners.is_empty() {
        add(
            &mut errors,
            "petitioners",
            "至少填写一名信访人",
            "at least one petitioner is required",
        );
    }
    if input.petitioners.len() > 500 {
        add(
            &mut errors,
            "petitioners",
            "信访人不能超过500名",
            "at most 500 petitioners",
        );
    }
    let mut involves_minor = false;
    let may_be_anonymous = anonymous_allowed(&input);
    let mut anonymous = false;
    for (i, p) in input.petitioners.iter_mut().enumerate() {
        if may_be_anonymous && p.name.trim().is_empty() {
            p.name = ANONYMOUS_NAME.to_owned();
            anonymous = true;
        }
        match PersonName::parse(&p.name) {
            Ok(n) => p.name = n.as_str().to_owned(),
            Err(e) => add(&mut errors, &format!("petitioners[{i}].name"), e.zh, e.en),
        }
        if let Some(raw) = p.id_number.take().filter(|s| !s.trim().is_empty()) {
            let check = check_id_number(&raw, today);
            for problem in &check.problems {
                warnings.push(IntakeWarning {
                    field: format!("petitioners[{i}].id_number"),
                    code: problem.code().to_owned(),
                    zh: problem.zh(),
                    en: problem.en(),
                });
            }
            if let Some(birth) = check.birth_date().filter(|_| check.problems.is_empty()) {
                involves_minor |= age_on(birth, input.received_on) < 14;
            }
            p.id_number = Some(if check.normalized.is_empty() {
                raw.trim().to_owned()
            } else {
                check.normalized
            });
        }
        if let Some(raw) = p.phone.take().filter(|s| !s.trim().is_empty()) {
            match PhoneNo::parse(&raw) {
                Ok(ph) => p.phone = Some(ph.as_str().to_owned()),
                Err(e) => add(&mut errors, &format!("petitioners[{i}].phone"), e.zh, e.en),
            }
        }
        if let Some(a) = p.address.take().filter(|s| !s.trim().is_empty()) {
            p.address = Some(text_field(
                &mut errors,
                &format!("petitioners[{i}].address"),
                &a,
                1,
                500,
            ));
        }
    }
    let listed = u32::try_from(input.petitioners.len()).unwrap_or(u32::MAX);
    let people_count = input.people_count.unwrap_or(listed);
    if people_count < listed || people_count > 100_000 {
        add(
            &mut errors,
            "people_count",
            "人数不能少于列出的信访人数",
            "cannot be fewer than the petitioners listed",
        );
    }
    let reps = input
        .petitioners
        .iter()
        .filter(|p| p.representative)
        .count();
    // Art. 20 ¶3: a visit by many chooses representatives (at most five) to state the matter.
    // Letters signed by many are joint letters (联名信): no representatives are needed.
    let collective_visit =
        input.channel == Channel::Visit && people_count >= limits.collective_threshold;
    if collective_visit && reps == 0 {
        add(
            &mut errors,
            "petitioners",
            format!(
                "{people_count}人集体走访，应推选1至{}名代表并在名单中勾选（《信访工作条例》第二十条第三款）",
                limits.max_representatives
            ),
            format!(
                "a visit by {people_count} people names 1 to {} representatives: tick them in the list (Art. 20 para. 3)",
                limits.max_representatives
            ),
        );
    }
    if people_count >= limits.collective_threshold && reps > limits.max_representatives as usize {
        add(
            &mut errors,
            "petitioners",
            format!(
                "多人走访应推选代表，代表人数不超过{}人（《信访工作条例》第二十条）",
                limits.max_representatives
            ),
            format!(
                "at most {} representatives (Art. 20)",
                limits.max_representatives
            ),
        );
    }
    match errors {
        Some(e) => Err(e),
        None => Ok(ValidRegistration {
            input,
            people_count,
            warnings,
            involves_minor,
            anonymous,
        }),
    }
}

/// Full years from `birth` to `on`.
pub fn age_on(birth: Date, on: Date) -> u32 {
    let (by, bm, bd) = birth.ymd();
    let (y, m, d) = on.ymd();
    let mut age = y - by;
    if (m, d) < (bm, bd) {
        age -= 1;
    }
    u32::try_from(age).unwrap_or(0)
}

/// An earlier case of the same petitioner, as repeat detection sees it.
#[derive(Clone, Debug)]
pub struct EarlierCase {
    pub id: CaseId,
    pub status: Status,
    pub received_on: Date,
    /// About the same unit and category.
    pub same_matter: bool,
    /// Its facts and reasons read like the new petition's (text similarity, huiyin-text).
    pub similar: bool,
}

/// The flags a new petition gets, and the earlier cases it is linked to with the link kind.
pub fn intake_flags(
    reg: &ValidRegistration,
    receiving_unit: UnitId,
    org: &OrgTree,
    limits: &TimeLimits,
    earlier: &[EarlierCase],
) -> (BTreeSet<Flag>, Vec<(CaseId, &'static str)>) {
    let mut flags = BTreeSet::new();
    let mut links = Vec::new();
    if reg.people_count >= limits.collective_threshold {
        flags.insert(Flag::Collective);
    }
    if org.is_skip_level(receiving_unit, reg.input.concerned_unit_id) {
        flags.insert(Flag::SkipLevel);
    }
    if reg.input.confidential {
        flags.insert(Flag::Confidential);
    }
    if reg.involves_minor {
        flags.insert(Flag::Sensitive);
    }
    if reg.input.petition_type == crate::kinds::PetitionType::Accusation {
        flags.insert(Flag::Whistleblower);
    }
    if reg.anonymous {
        flags.insert(Flag::Anonymous);
    }
    let window_start = reg
        .input
        .received_on
        .add_days(-i32::try_from(limits.repeat_window_days).unwrap_or(i32::MAX / 2));
    for e in earlier {
        // Art. 36 ¶3: the same facts and reasons after 复核 are not accepted again. Decided by
        // the text, not by unit and category: a new matter of the same person at the same
        // school is a new petition; the old one reworded, or sent to another unit, is not.
        if e.status == Status::Final {
            if e.similar {
                flags.insert(Flag::AfterFinal);
                links.push((e.id, "after_final"));
            }
        } else if (e.same_matter || e.similar)
            && (!e.status.is_terminal() || e.received_on >= window_start)
        {
            flags.insert(Flag::Repeat);
            links.push((e.id, "repeat"));
        }
    }
    (flags, links)
}
