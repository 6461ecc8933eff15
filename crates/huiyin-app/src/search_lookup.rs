//! The search box finds a case by its number, and a petitioner's cases by ID number or phone
//! (issue 12 item 4), through the same list and the same visibility rule as a text search:
//!
//! * a case number (`330100-2026-000123`) is looked up exactly, and the case is listed if the
//!   user may see it (otherwise the list is empty, as for any case out of sight);
//! * an ID number or a phone number becomes its key token (`keys::key_token`: part of the
//!   HMAC-SM3 blind index, never the number), which the full-text rows of the cases of
//!   petitioners with that number carry; the query asks for the token or the text, so a
//!   number that is also written in a case's text is found too. A reporter's numbers are in no
//!   row (`register::case_search_tokens`).

use huiyin_core::Date;
use huiyin_core::idcard::check_id_number;
use huiyin_core::person::PhoneNo;
use huiyin_crypto::KeyRing;

use crate::keys::{id_key, key_token, phone_key};

/// The case number typed, if the query is one: six digits, the year, a sequence of six or
/// more digits, separated by `-` (full-width forms and spaces around it allowed).
pub(crate) fn case_number(text: &str) -> Option<String> {
    let s: String = huiyin_text::normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, min: usize, max: usize| {
        (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    (parts.len() == 3
        && digits(parts[0], 6, 6)
        && digits(parts[1], 4, 4)
        && digits(parts[2], 6, 12))
    .then_some(s)
}

/// The key token of the ID number or phone number the query is, if it is one: 18 characters
/// of digits with a final digit or `X` (or a 15-digit legacy number), normalised as
/// registration stores them; or a number `PhoneNo` accepts, typed with digits, spaces, `-`,
/// `+` and parentheses only.
pub(crate) fn key_token_of(ring: Option<&KeyRing>, text: &str, today: Date) -> Option<String> {
    let trimmed = text.trim();
    let id = check_id_number(trimmed, today);
    let b = id.normalized.as_bytes();
    if b.len() == 18
        && b[..17].iter().all(u8::is_ascii_digit)
        && (b[17].is_ascii_digit() || b[17] == b'X')
    {
        return Some(key_token(&id_key(ring, &id.normalized)));
    }
    let phone_like = !trimmed.is_empty()
        && huiyin_text::normalize(trimmed)
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'));
    if phone_like && let Ok(phone) = PhoneNo::parse(trimmed) {
        return Some(key_token(&phone_key(ring, phone.as_str())));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_are_recognised() {
        assert_eq!(
            case_number(" 330100-2026-000123 ").as_deref(),
            Some("330100-2026-000123")
        );
        assert_eq!(
            case_number("３３０１００－２０２６－０００１２３").as_deref(),
            Some("330100-2026-000123")
        );
        for not in [
            "330100-2026",
            "33010-2026-000123",
            "330100-2026-12",
            "学区-2026-000123",
        ] {
            assert_eq!(case_number(not), None, "{not}");
        }
    }

    #[test]
    fn id_and_phone_numbers_become_key_tokens() {
        let today = Date::from_ymd(2026, 12, 4).unwrap();
        let id = key_token_of(None, "11010519491231002x", today).unwrap();
        assert_eq!(
            key_token_of(None, " 11010519491231002X ", today),
            Some(id.clone())
        );
        assert!(id.starts_with(huiyin_text::KEY_TOKEN_PREFIX));
        assert!(!id.contains("110105"));
        let phone = key_token_of(None, "138-0013-8000", today).unwrap();
        assert_eq!(
            key_token_of(None, "13800138000", today),
            Some(phone.clone())
        );
        assert_ne!(phone, id);
        for not in ["借读费", "3000", "学校13800138000", ""] {
            assert_eq!(key_token_of(None, not, today), None, "{not}");
        }
    }

    #[test]
    fn the_index_holds_key_tokens_never_the_numbers() {
        let today = Date::from_ymd(2026, 12, 4).unwrap();
        let p = huiyin_core::case::Petitioner {
            name: "张伟".into(),
            id_number: Some("11010519491231002X".into()),
            phone: Some("13800138000".into()),
            address: None,
            representative: false,
        };
        let tokens = crate::register::search_tokens(None, "标题", "内容", "诉求", &[&p]);
        assert!(
            !tokens.contains("1380013") && !tokens.contains("19491231"),
            "{tokens}"
        );
        let words: Vec<&str> = tokens.split(' ').collect();
        for q in ["11010519491231002X", "13800138000"] {
            let token = key_token_of(None, q, today).unwrap();
            assert!(words.contains(&token.as_str()), "{q}: {tokens}");
        }
    }
}
