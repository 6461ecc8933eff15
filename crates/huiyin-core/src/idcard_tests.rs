//! Tests of 公民身份号码 parsing and the check character (`idcard`).

#![allow(clippy::unwrap_used)]

use super::*;
use proptest::prelude::*;

fn today() -> Date {
    Date::parse("2026-11-28").unwrap()
}

fn problems(raw: &str) -> Vec<IdProblem> {
    check_id_number(raw, today()).problems
}

#[test]
fn published_vectors_are_valid() {
    for v in [
        "11010519491231002X",
        "440524188001010014",
        "370101190102039973",
    ] {
        let id = IdCardNo::parse(v, today()).unwrap();
        assert_eq!(id.as_str(), v);
    }
}

#[test]
fn input_is_normalised() {
    let c = check_id_number(" 110105 19491231 002x ", today());
    assert_eq!(c.normalized, "11010519491231002X");
    assert!(c.is_valid());
    let c = check_id_number("１１０１０５１９４９１２３１００２ｘ", today());
    assert_eq!(c.normalized, "11010519491231002X");
    assert!(c.is_valid());
}

#[test]
fn legacy_15_digit_numbers_are_converted() {
    let c = check_id_number("110105491231002", today());
    assert_eq!(c.normalized, "11010519491231002X");
    assert!(c.is_valid());
    let c = check_id_number("370101010203997", today());
    assert_eq!(c.normalized, "370101190102039973");
    assert_eq!(c.birth_date(), Some(Date::parse("1901-02-03").unwrap()));
    // A 15-digit number with an impossible date converts, and the date is reported.
    let c = check_id_number("110105491331002", today());
    assert_eq!(c.normalized.len(), 18);
    assert_eq!(c.problems, vec![IdProblem::BadBirthDate]);
    assert_eq!(c.birth_date(), None);
}

#[test]
fn structural_problems_are_reported() {
    assert_eq!(problems(""), vec![IdProblem::WrongLength]);
    assert_eq!(problems("1101051949123100"), vec![IdProblem::WrongLength]);
    assert_eq!(
        problems("1101051949123100A"),
        vec![IdProblem::WrongLength, IdProblem::BadCharacters]
    );
    assert_eq!(
        problems("11010519491231002Y"),
        vec![IdProblem::BadCharacters]
    );
    assert_eq!(
        problems("1101051949123100X2"),
        vec![IdProblem::BadCharacters]
    );
    assert_eq!(
        problems("11010519491231002中"),
        vec![IdProblem::BadCharacters]
    );
}

#[test]
fn birth_date_problems_are_reported() {
    let feb30 = generate_valid("110105", Date::parse("2000-02-28").unwrap(), 12)
        .replacen("20000228", "20000230", 1);
    assert!(problems(&feb30).contains(&IdProblem::BadBirthDate));
    let future = generate_valid("110105", Date::parse("2027-01-01").unwrap(), 12);
    assert_eq!(problems(&future), vec![IdProblem::BirthInFuture]);
    let born_today = generate_valid("110105", today(), 12);
    assert_eq!(problems(&born_today), vec![]);
}

#[test]
fn wrong_check_character_names_the_expected_one() {
    let p = problems("110105194912310021");
    assert_eq!(p, vec![IdProblem::BadCheckDigit { expected: 'X' }]);
    assert_eq!(p[0].code(), "id_number.check_digit");
    assert!(p[0].zh().contains('X'));
    let json = serde_json::to_value(p[0]).unwrap();
    assert_eq!(json["code"], "id_number.check_digit");
}

#[test]
fn unknown_region_codes_are_no_problem() {
    let id = generate_valid("999999", Date::parse("1990-05-06").unwrap(), 31);
    assert_eq!(problems(&id), vec![]);
}

#[test]
fn helpers_read_the_number() {
    let id = IdCardNo::parse("11010519491231002X", today()).unwrap();
    assert_eq!(id.birth_date(), Date::parse("1949-12-31").unwrap());
    assert!(!id.is_male());
    assert_eq!(id.address_code(), "110105");
    assert_eq!(id.mask(), "110105********002X");
    assert_eq!(format!("{id:?}"), "IdCardNo(110105********002X)");
    assert_eq!(id.age_on(Date::parse("1999-12-30").unwrap()), 49);
    assert_eq!(id.age_on(Date::parse("1999-12-31").unwrap()), 50);
    assert_eq!(id.age_on(Date::parse("1940-01-01").unwrap()), 0);
    let man = IdCardNo::parse("440524188001010014", today()).unwrap();
    assert!(man.is_male());
}

#[test]
fn generated_numbers_carry_their_inputs() {
    let birth = Date::parse("2008-09-01").unwrap();
    let s = generate_valid("330106", birth, 1234);
    assert_eq!(&s[..17], "33010620080901234");
    let id = IdCardNo::parse(&s, today()).unwrap();
    assert_eq!(id.birth_date(), birth);
    assert_eq!(generate_valid("33-01", birth, 7)[..6], *"330100");
}

fn valid_number() -> impl Strategy<Value = String> {
    // Births from 1900-01-01 to 2026-11-28.
    ("[0-9]{6}", -25_567i32..=20_785, 0u16..1000)
        .prop_map(|(region, days, seq)| generate_valid(&region, Date::from_days(days), seq))
}

proptest! {
    #[test]
    fn generated_numbers_are_valid(id in valid_number()) {
        prop_assert_eq!(problems(&id), vec![]);
    }

    #[test]
    fn any_single_digit_change_breaks_the_check(
        id in valid_number(), pos in 0usize..17, delta in 1u8..10,
    ) {
        let mut b = id.into_bytes();
        b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
        let changed = String::from_utf8(b).unwrap();
        let found = problems(&changed);
        prop_assert!(
            found.iter().any(|p| matches!(p, IdProblem::BadCheckDigit { .. })),
            "{changed}: {found:?}"
        );
    }
}
