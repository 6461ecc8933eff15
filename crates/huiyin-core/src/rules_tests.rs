//! Tests of the time limits and thresholds as data (`rules`).

#![allow(clippy::unwrap_used)]

use super::*;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

#[test]
fn shipped_file_is_valid() {
    let rules = Rules::from_toml(NATIONAL_TOML).unwrap();
    assert_eq!(Rules::national(), rules);
    let national = rules.for_region("110101", d("2026-01-20"));
    assert_eq!(national.id, "cn-2022");
    assert_eq!(national.limits, BUILTIN_NATIONAL.limits);
    assert_eq!(national.effective_from, BUILTIN_NATIONAL.effective_from);
    assert_eq!(BUILTIN_NATIONAL.effective_from.to_string(), "2022-05-01");
    assert_eq!(national.name, "全国默认（《信访工作条例》2022）");
}

#[test]
fn national_defaults_match_requirement_16() {
    let rules = Rules::national();
    let l = &rules.for_region("", d("2026-01-20")).limits;
    assert_eq!(
        (l.disposal, l.acceptance_notice, l.objection),
        (
            Period::calendar(15),
            Period::calendar(15),
            Period::working(5)
        )
    );
    assert_eq!(
        (l.handling, l.extension_max_days),
        (Period::calendar(60), 30)
    );
    for p in [
        l.review_request,
        l.review_decision,
        l.rereview_request,
        l.rereview_decision,
    ] {
        assert_eq!(p, Period::calendar(30));
    }
    assert_eq!(
        (
            l.collective_threshold,
            l.max_representatives,
            l.repeat_window_days,
            l.due_soon_days
        ),
        (5, 5, 365, 3)
    );
    assert_eq!(
        l.handling.extended_by(l.extension_max_days),
        Period::calendar(90)
    );
}

const ZHEJIANG_EXAMPLE: &str = include_str!("../data/rules-example-zhejiang.toml");

#[test]
fn shipped_rules_are_national_only() {
    assert!(Rules::national().sets().iter().all(RuleSet::is_national));
    assert_eq!(
        Rules::national().for_region("330106", d("2026-01-20")).id,
        "cn-2022"
    );
}

#[test]
fn zhejiang_override() {
    let rules = Rules::from_toml(ZHEJIANG_EXAMPLE).unwrap();
    let zj = rules.for_region("330106", d("2026-01-20"));
    assert_eq!(zj.id, "zj-2016");
    assert_eq!(zj.limits.acceptance_notice, Period::working(5));
    assert_eq!(
        (zj.limits.handling, zj.limits.extension_max_days),
        (Period::calendar(30), 60)
    );
    // Other provinces and the national level get the national set.
    assert_eq!(rules.for_region("320102", d("2026-01-20")).id, "cn-2022");
    // Before Zhejiang's 2016 text took effect and before 2022: the earliest national set.
    assert_eq!(rules.for_region("330106", d("2010-01-01")).id, "cn-2022");
}

#[test]
fn picks_longest_prefix_then_latest_in_force() {
    let mut sets = Rules::from_toml(ZHEJIANG_EXAMPLE).unwrap().sets().to_vec();
    let mut later = sets[0].clone();
    (later.id, later.effective_from) = ("cn-2030".into(), d("2030-01-01"));
    let mut city = sets[1].clone();
    (city.id, city.jurisdiction, city.effective_from) =
        ("hz".into(), "3301".into(), d("2025-01-01"));
    sets.extend([later, city]);
    let rules = Rules::new(sets).unwrap();
    assert_eq!(rules.for_region("330106", d("2026-01-01")).id, "hz");
    assert_eq!(rules.for_region("330106", d("2024-12-31")).id, "zj-2016");
    assert_eq!(rules.for_region("330206", d("2031-01-01")).id, "zj-2016");
    assert_eq!(rules.for_region("110000", d("2031-01-01")).id, "cn-2030");
    assert_eq!(rules.for_region("110000", d("2029-12-31")).id, "cn-2022");
}

#[test]
fn round_trip() {
    let rules = Rules::national();
    assert_eq!(Rules::from_toml(&rules.to_toml()).unwrap(), rules);
}

#[test]
fn refuses_bad_rules() {
    let national = Rules::national().sets()[0].clone();
    let with = |f: &dyn Fn(&mut RuleSet)| {
        let mut s = national.clone();
        f(&mut s);
        Rules::new(vec![s]).unwrap_err()
    };
    let errors = [
        with(&|s| s.limits.objection.days = 0),
        with(&|s| s.limits.handling.days = MAX_PERIOD_DAYS + 1),
        with(&|s| s.limits.max_representatives = 0),
        with(&|s| s.name = " ".into()),
        with(&|s| s.jurisdiction = "3".into()),
        Rules::new(vec![national.clone(), national.clone()]).unwrap_err(),
        Rules::new(vec![
            Rules::from_toml(ZHEJIANG_EXAMPLE).unwrap().sets()[1].clone(),
        ])
        .unwrap_err(),
        Rules::from_toml("[[set]]\nid = 1").unwrap_err(),
    ];
    for e in &errors {
        assert_eq!(e.code(), "rules.invalid");
        assert!(!e.zh().is_empty() && !e.en().is_empty());
    }
    assert!(errors[0].zh().contains("objection") && errors[0].zh().contains("cn-2022"));
    assert_eq!(errors[6], RulesError::NoNational);
    // Zero extension and zero due-soon days are allowed.
    let mut s = national.clone();
    (s.limits.extension_max_days, s.limits.due_soon_days) = (0, 0);
    assert!(Rules::new(vec![s]).is_ok());
}
