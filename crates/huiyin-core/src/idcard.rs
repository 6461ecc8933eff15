//! 公民身份号码 (GB 11643-1999): structure, birth date and the ISO 7064 MOD 11-2 check
//! character (DOMAIN.md §9.1, requirement 39; DEPENDENCIES.md §14).
//!
//! A bad number is a warning, never a refusal: registration stores the normalised text with the
//! problems found. The address code is not looked up: a number keeps the code in force when it
//! was issued, and codes change every year, so an unknown code is no problem.
//!
//! `IdCardNo` is personal data: no `Display` or `Serialize`, and `Debug` is masked.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::date::Date;
use crate::person::{FieldProblem, halfwidth};

/// Weights of positions 1–17: 2^(17−i) mod 11.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder of the weighted sum mod 11.
const CHECK_CHARS: &[u8; 11] = b"10X98765432";
/// Birth years before this are taken as typing errors (the oldest test vector is from 1880).
const MIN_BIRTH_YEAR: i32 = 1800;

/// One thing wrong with an ID number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdProblem {
    /// Neither 18 characters nor a 15-digit legacy number.
    WrongLength,
    /// Not 17 digits followed by a digit or `X`.
    BadCharacters,
    /// Positions 7–14 are not a real date `YYYYMMDD` (or lie before 1800).
    BadBirthDate,
    /// The birth date is after today.
    BirthInFuture,
    /// The 18th character does not match the first 17 digits.
    BadCheckDigit { expected: char },
}

impl IdProblem {
    /// The stable code (STYLE.md practice 9).
    pub fn code(self) -> &'static str {
        match self {
            IdProblem::WrongLength => "id_number.wrong_length",
            IdProblem::BadCharacters => "id_number.bad_characters",
            IdProblem::BadBirthDate => "id_number.bad_birth_date",
            IdProblem::BirthInFuture => "id_number.birth_in_future",
            IdProblem::BadCheckDigit { .. } => "id_number.check_digit",
        }
    }

    pub fn zh(self) -> String {
        match self {
            IdProblem::WrongLength => "身份证号码应为18位（旧号码为15位）".to_owned(),
            IdProblem::BadCharacters => "身份证号码应由数字组成，仅最后一位可以是X".to_owned(),
            IdProblem::BadBirthDate => "身份证号码中的出生日期不存在".to_owned(),
            IdProblem::BirthInFuture => "身份证号码中的出生日期晚于今天".to_owned(),
            IdProblem::BadCheckDigit { expected } => {
                format!("身份证号码校验位不符（按前17位应为{expected}），请核对")
            }
        }
    }

    pub fn en(self) -> String {
        match self {
            IdProblem::WrongLength => {
                "An ID number has 18 characters (15 digits for an old number)".to_owned()
            }
            IdProblem::BadCharacters => {
                "An ID number is digits only; just the last character may be X".to_owned()
            }
            IdProblem::BadBirthDate => "The birth date in the ID number does not exist".to_owned(),
            IdProblem::BirthInFuture => {
                "The birth date in the ID number is in the future".to_owned()
            }
            IdProblem::BadCheckDigit { expected } => format!(
                "The check character does not match (the first 17 digits give {expected}); please check the number"
            ),
        }
    }

    pub fn to_field_problem(self) -> FieldProblem {
        FieldProblem::new(self.code(), self.zh(), self.en())
    }
}

impl fmt::Display for IdProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

/// Serialised as `{"code", "zh", "en"}`, like [`FieldProblem`].
impl Serialize for IdProblem {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_field_problem().serialize(s)
    }
}

/// The result of checking an ID number: what to store, and what to warn about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdCheck {
    /// Whitespace removed, full-width characters made ASCII, `x` made `X`, a 15-digit legacy
    /// number converted to 18 characters.
    pub normalized: String,
    /// Empty when the number is valid.
    pub problems: Vec<IdProblem>,
}

impl IdCheck {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }

    /// The birth date written in the number, if it has 18 characters and a real date there
    /// (even when other problems were found).
    pub fn birth_date(&self) -> Option<Date> {
        if self.normalized.len() == 18 {
            birth_of(self.normalized.as_bytes())
        } else {
            None
        }
    }
}

/// Checks an ID number as typed. Never fails: the caller stores `normalized` and shows the
/// problems as warnings.
pub fn check_id_number(raw: &str, today: Date) -> IdCheck {
    let mut s: String = raw
        .chars()
        .map(halfwidth)
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == 'x' { 'X' } else { c })
        .collect();
    if s.len() == 15 && s.bytes().all(|b| b.is_ascii_digit()) {
        s = upgrade_legacy(&s);
    }
    let mut problems = Vec::new();
    let b = s.as_bytes();
    let digits_and_x = s.bytes().all(|c| c.is_ascii_digit() || c == b'X');
    if b.len() != 18 || !s.is_ascii() {
        if s.chars().count() != 18 {
            problems.push(IdProblem::WrongLength);
        }
        if !digits_and_x {
            problems.push(IdProblem::BadCharacters);
        }
        return IdCheck {
            normalized: s,
            problems,
        };
    }
    if !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
        problems.push(IdProblem::BadCharacters);
        return IdCheck {
            normalized: s,
            problems,
        };
    }
    match birth_of(b) {
        None => problems.push(IdProblem::BadBirthDate),
        Some(birth) if birth > today => problems.push(IdProblem::BirthInFuture),
        Some(_) => {}
    }
    let expected = check_char(&b[..17]);
    if b[17] != expected {
        problems.push(IdProblem::BadCheckDigit {
            expected: char::from(expected),
        });
    }
    IdCheck {
        normalized: s,
        problems,
    }
}

/// A valid 18-character ID number (uppercase `X`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdCardNo(String);

impl IdCardNo {
    /// The number if it has no problem at all; otherwise the check, for storing and warning.
    pub fn parse(raw: &str, today: Date) -> Result<IdCardNo, IdCheck> {
        let check = check_id_number(raw, today);
        if check.is_valid() {
            Ok(IdCardNo(check.normalized))
        } else {
            Err(check)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 6-digit address code (GB/T 2260) in force when the number was issued.
    pub fn address_code(&self) -> &str {
        &self.0[..6]
    }

    pub fn birth_date(&self) -> Date {
        // `parse` checked the date, so the fallback is never taken.
        birth_of(self.0.as_bytes()).unwrap_or(Date::from_days(0))
    }

    /// The sequence code is odd for men and even for women.
    pub fn is_male(&self) -> bool {
        self.0.as_bytes()[16] % 2 == 1
    }

    /// Completed years of age on `day` (0 before the birth date).
    pub fn age_on(&self, day: Date) -> u32 {
        let (by, bm, bd) = self.birth_date().ymd();
        let (y, m, d) = day.ymd();
        let years = y - by - i32::from((m, d) < (bm, bd));
        u32::try_from(years).unwrap_or(0)
    }

    /// `110105********002X`: the address code and the last four characters.
    pub fn mask(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }
}

impl fmt::Debug for IdCardNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdCardNo({})", self.mask())
    }
}

/// A valid 18-character number for demo data: `region6` (6 digits; other characters are dropped
/// and missing digits filled with `0`), the birth date, and `seq` mod 1000 (odd = male).
pub fn generate_valid(region6: &str, birth: Date, seq: u16) -> String {
    let mut region: String = region6
        .chars()
        .filter(char::is_ascii_digit)
        .take(6)
        .collect();
    while region.len() < 6 {
        region.push('0');
    }
    let (y, m, d) = birth.ymd();
    let mut s = format!(
        "{region}{:04}{m:02}{d:02}{:03}",
        y.clamp(0, 9999),
        seq % 1000
    );
    let check = check_char(&s.as_bytes()[..17]);
    s.push(char::from(check));
    s
}

/// The MOD 11-2 check character of 17 ASCII digits.
fn check_char(first17: &[u8]) -> u8 {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b.wrapping_sub(b'0')) * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// GB 11643-1989 → 1999: insert the century `19` and append the check character.
fn upgrade_legacy(old: &str) -> String {
    let mut s = format!("{}19{}", &old[..6], &old[6..]);
    let check = check_char(s.as_bytes());
    s.push(char::from(check));
    s
}

/// The birth date at positions 7–14 of an 18-character number, if it is a real date.
fn birth_of(b: &[u8]) -> Option<Date> {
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let year = i32::try_from(num(6..10)?).ok()?;
    if year < MIN_BIRTH_YEAR {
        return None;
    }
    Date::from_ymd(year, num(10..12)?, num(12..14)?)
}

#[cfg(test)]
#[path = "idcard_tests.rs"]
mod tests;
