//! Person names and phone numbers as newtypes that parse (STYLE.md practice 1), and the
//! [`FieldProblem`] that every field check returns.
//!
//! `PhoneNo` is personal data (PRODUCT.md: stored encrypted, shown masked): it has no
//! `Display` or `Serialize`, and its `Debug` is masked; use `as_str()` or `mask()` on purpose.

use std::fmt;

use serde::Serialize;

/// Why one input field was refused or warned about: a stable code plus the Chinese and
/// English texts (STYLE.md practice 9).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct FieldProblem {
    pub code: &'static str,
    pub zh: String,
    pub en: String,
}

impl FieldProblem {
    pub fn new(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> FieldProblem {
        FieldProblem {
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.en)
    }
}

impl std::error::Error for FieldProblem {}

/// Maps full-width digits, letters and punctuation (U+FF01–U+FF5E) and the ideographic space to
/// their ASCII forms; everything else is unchanged.
pub(crate) fn halfwidth(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// The longest name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 50;

/// The separator of transliterated minority and foreign names (U+00B7, 间隔号).
pub const NAME_DOT: char = '·';

/// A person's name: trimmed, inner whitespace collapsed to one space, 1–50 characters,
/// letters (any script) with `·`, space, `-`, `'` and `.`; look-alike dots become `·`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<PersonName, FieldProblem> {
        if raw.trim().chars().any(is_control_or_invisible) {
            return Err(FieldProblem::new(
                "person_name.control_chars",
                "姓名中含有不可见的控制字符",
                "The name contains invisible control characters",
            ));
        }
        let mut name = String::new();
        for word in raw.split_whitespace() {
            if !name.is_empty() {
                name.push(' ');
            }
            name.extend(word.chars().map(normalise_dot));
        }
        if name.is_empty() {
            return Err(FieldProblem::new(
                "person_name.empty",
                "请填写姓名",
                "Enter a name",
            ));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(FieldProblem::new(
                "person_name.too_long",
                format!("姓名不能超过{MAX_NAME_CHARS}个字"),
                format!("A name has at most {MAX_NAME_CHARS} characters"),
            ));
        }
        let allowed = |c: char| {
            c.is_alphabetic()
                || matches!(c, NAME_DOT | ' ' | '-' | '\'' | '.')
                // Rare characters of names (生僻字) are still often keyed in the private use area.
                || ('\u{E000}'..='\u{F8FF}').contains(&c)
        };
        if !name.chars().all(allowed) || !name.chars().any(char::is_alphabetic) {
            return Err(FieldProblem::new(
                "person_name.bad_characters",
                "姓名只能包含文字，少数民族或外国姓名可用“·”分隔",
                "A name contains letters only; use “·” between parts of a transliterated name",
            ));
        }
        Ok(PersonName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// C0/C1 controls (tabs and line breaks included), zero-width characters and bidi overrides.
fn is_control_or_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

fn normalise_dot(c: char) -> char {
    match c {
        '\u{2022}' | '\u{2027}' | '\u{2219}' | '\u{22C5}' | '\u{30FB}' | '\u{FF65}' => NAME_DOT,
        _ => c,
    }
}

/// A mainland phone number: a mobile `1[3-9]` + 9 digits, stored as 11 digits, or a landline
/// with its area code, stored as `0571-88001234` (`010`/`02x` are 3-digit area codes, all other
/// area codes 4 digits; the local number has 7–8 digits and starts with 2–9).
///
/// Parsing accepts full-width digits, spaces, dashes, brackets and a `+86`/`0086` prefix.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PhoneNo(String);

impl PhoneNo {
    pub fn parse(raw: &str) -> Result<PhoneNo, FieldProblem> {
        let mut s: String = raw
            .chars()
            .map(halfwidth)
            .filter(|c| {
                !c.is_whitespace() && !matches!(c, '-' | '\u{2013}' | '\u{2014}' | '(' | ')')
            })
            .collect();
        if s.is_empty() {
            return Err(FieldProblem::new(
                "phone.empty",
                "请填写电话号码",
                "Enter a phone number",
            ));
        }
        if let Some(rest) = s.strip_prefix("+86").or_else(|| s.strip_prefix("0086")) {
            s = if rest.starts_with(['0', '1']) {
                rest.to_owned()
            } else {
                format!("0{rest}")
            };
        } else if s.len() == 13 && s.starts_with("861") {
            s.replace_range(..2, "");
        }
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldProblem::new(
                "phone.bad_characters",
                "电话号码只能包含数字",
                "A phone number contains digits only",
            ));
        }
        if s.starts_with('1') {
            let b = s.as_bytes();
            if b.len() == 11 && (b'3'..=b'9').contains(&b[1]) {
                return Ok(PhoneNo(s));
            }
            return Err(FieldProblem::new(
                "phone.bad_mobile",
                "手机号码应为11位，以13至19开头",
                "A mobile number has 11 digits and starts with 13–19",
            ));
        }
        if s.starts_with('0') {
            let area_len = if s.starts_with("010") || s.starts_with("02") {
                3
            } else {
                4
            };
            let (area, local) = s.split_at(area_len.min(s.len()));
            if area.len() == area_len
                && (7..=8).contains(&local.len())
                && !local.starts_with(['0', '1'])
            {
                return Ok(PhoneNo(format!("{area}-{local}")));
            }
            return Err(FieldProblem::new(
                "phone.bad_landline",
                "固定电话应为区号加7至8位号码，如0571-88001234",
                "A landline is an area code plus 7–8 digits, e.g. 0571-88001234",
            ));
        }
        if (7..=8).contains(&s.len()) {
            return Err(FieldProblem::new(
                "phone.missing_area_code",
                "固定电话请加区号，如0571-88001234",
                "Add the area code to a landline, e.g. 0571-88001234",
            ));
        }
        Err(FieldProblem::new(
            "phone.unrecognised",
            "无法识别的电话号码，请填写手机号码或带区号的固定电话",
            "Not a recognised number: give a mobile number or a landline with area code",
        ))
    }

    /// The normalised number (`13800138000` or `0571-88001234`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_mobile(&self) -> bool {
        self.0.starts_with('1')
    }

    /// `138****8000` for a mobile, `0571-****1234` for a landline.
    pub fn mask(&self) -> String {
        let last4 = &self.0[self.0.len().saturating_sub(4)..];
        match self.0.split_once('-') {
            Some((area, _)) => format!("{area}-****{last4}"),
            None => format!("{}****{last4}", &self.0[..3.min(self.0.len())]),
        }
    }
}

impl fmt::Debug for PhoneNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNo({})", self.mask())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn name(s: &str) -> Result<String, &'static str> {
        PersonName::parse(s)
            .map(|n| n.as_str().to_owned())
            .map_err(|p| p.code)
    }

    fn phone(s: &str) -> Result<String, &'static str> {
        PhoneNo::parse(s)
            .map(|p| p.as_str().to_owned())
            .map_err(|p| p.code)
    }

    #[test]
    fn names_are_trimmed_and_collapsed() {
        assert_eq!(name("  张三 "), Ok("张三".into()));
        assert_eq!(name("John   Smith"), Ok("John Smith".into()));
        assert_eq!(name("\u{3000}李四\u{3000}"), Ok("李四".into()));
    }

    #[test]
    fn minority_names_keep_or_gain_the_middle_dot() {
        assert_eq!(name("买买提·艾力"), Ok("买买提·艾力".into()));
        assert_eq!(name("买买提•艾力"), Ok("买买提·艾力".into()));
        assert_eq!(name("阿依古丽・吐尔逊"), Ok("阿依古丽·吐尔逊".into()));
    }

    #[test]
    fn bad_names_are_refused_with_codes() {
        assert_eq!(name(""), Err("person_name.empty"));
        assert_eq!(name("   "), Err("person_name.empty"));
        assert_eq!(name("张\u{0}三"), Err("person_name.control_chars"));
        assert_eq!(name("张\t三"), Err("person_name.control_chars"));
        assert_eq!(name("张三\r\n"), Ok("张三".into()));
        assert_eq!(name("张\u{202E}三"), Err("person_name.control_chars"));
        assert_eq!(name("张三123"), Err("person_name.bad_characters"));
        assert_eq!(name("<script>"), Err("person_name.bad_characters"));
        assert_eq!(name("··"), Err("person_name.bad_characters"));
        assert_eq!(name(&"张".repeat(50)).map(|s| s.chars().count()), Ok(50));
        assert_eq!(name(&"张".repeat(51)), Err("person_name.too_long"));
    }

    #[test]
    fn field_problems_carry_both_languages() {
        let p = PersonName::parse("").unwrap_err();
        assert_eq!(p.code, "person_name.empty");
        assert!(!p.zh.is_empty() && !p.en.is_empty());
        assert_eq!(p.to_string(), "person_name.empty: Enter a name");
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["code"], "person_name.empty");
    }

    #[test]
    fn mobiles_are_normalised() {
        assert_eq!(phone("13800138000"), Ok("13800138000".into()));
        assert_eq!(phone("138 0013 8000"), Ok("13800138000".into()));
        assert_eq!(phone("138-0013-8000"), Ok("13800138000".into()));
        assert_eq!(phone("１３８００１３８０００"), Ok("13800138000".into()));
        assert_eq!(phone("+86 138 0013 8000"), Ok("13800138000".into()));
        assert_eq!(phone("008613800138000"), Ok("13800138000".into()));
        assert_eq!(phone("8613800138000"), Ok("13800138000".into()));
        assert_eq!(phone("19912345678"), Ok("19912345678".into()));
    }

    #[test]
    fn landlines_keep_their_area_code() {
        assert_eq!(phone("0571-88001234"), Ok("0571-88001234".into()));
        assert_eq!(phone("(0571) 8800 1234"), Ok("0571-88001234".into()));
        assert_eq!(phone("057188001234"), Ok("0571-88001234".into()));
        assert_eq!(phone("010-66096114"), Ok("010-66096114".into()));
        assert_eq!(phone("021 64370000"), Ok("021-64370000".into()));
        assert_eq!(phone("0898-6234567"), Ok("0898-6234567".into()));
        assert_eq!(phone("+86 571 8800 1234"), Ok("0571-88001234".into()));
        assert_eq!(
            phone("０５７１－８８００１２３４"),
            Ok("0571-88001234".into())
        );
    }

    #[test]
    fn bad_phones_are_refused_with_codes() {
        assert_eq!(phone(""), Err("phone.empty"));
        assert_eq!(phone(" - "), Err("phone.empty"));
        assert_eq!(phone("12800138000"), Err("phone.bad_mobile"));
        assert_eq!(phone("1380013800"), Err("phone.bad_mobile"));
        assert_eq!(phone("138001380001"), Err("phone.bad_mobile"));
        assert_eq!(phone("0571-08001234"), Err("phone.bad_landline"));
        assert_eq!(phone("0571-123456"), Err("phone.bad_landline"));
        assert_eq!(phone("0571"), Err("phone.bad_landline"));
        assert_eq!(phone("88001234"), Err("phone.missing_area_code"));
        assert_eq!(phone("12345"), Err("phone.bad_mobile"));
        assert_eq!(phone("95588"), Err("phone.unrecognised"));
        assert_eq!(phone("138x0013800"), Err("phone.bad_characters"));
    }

    #[test]
    fn phones_are_masked() {
        let m = PhoneNo::parse("13800138000").map(|p| (p.mask(), p.is_mobile(), format!("{p:?}")));
        assert_eq!(
            m,
            Ok(("138****8000".into(), true, "PhoneNo(138****8000)".into()))
        );
        let l = PhoneNo::parse("0571-88001234").map(|p| (p.mask(), p.is_mobile()));
        assert_eq!(l, Ok(("0571-****1234".into(), false)));
    }
}
