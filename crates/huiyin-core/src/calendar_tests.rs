//! Tests of the official holiday calendar (`calendar`).

#![allow(clippy::unwrap_used)]

use super::*;

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn year(y: i32, entries: Vec<HolidayEntry>) -> CalendarYear {
    CalendarYear {
        complete: true,
        year: y,
        source: "test".into(),
        entries,
    }
}

#[test]
fn official_file_is_valid() {
    let cal = HolidayCalendar::from_toml(OFFICIAL_TOML).unwrap();
    let years: Vec<i32> = cal.years().iter().map(|y| y.year).collect();
    assert_eq!(
        (years, HolidayCalendar::official()),
        (vec![2024, 2025, 2026], cal.clone())
    );
    assert!(
        cal.years()
            .iter()
            .all(|y| y.source.contains("国务院办公厅"))
    );
    assert!(
        cal.year(2024)
            .unwrap()
            .source
            .contains("国办发明电〔2023〕7号")
    );
    assert!(!cal.has_year(2027));
}

#[test]
fn official_dates_match_domain_8_2() {
    let cal = HolidayCalendar::official();
    let count = |y: i32| {
        let entries = &cal.year(y).unwrap().entries;
        let off = entries.iter().filter(|e| e.kind == DayKind::Off).count();
        (off, entries.len() - off)
    };
    // 2025: 1 + 8 + 3 + 5 + 3 + 8 days off; 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7.
    assert_eq!(
        [count(2024), count(2025), count(2026)],
        [(28, 8), (28, 5), (33, 6)]
    );
    assert_eq!(cal.entry(d("2026-02-15")).unwrap().name, "春节");
    assert_eq!(cal.entry(d("2025-10-08")).unwrap().name, "国庆节、中秋节");
    let makeup = [
        "2025-01-26",
        "2025-02-08",
        "2025-04-27",
        "2025-09-28",
        "2025-10-11",
    ];
    let makeup_2026 = [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ];
    for day in makeup.into_iter().chain(makeup_2026) {
        let entry = cal.entry(d(day)).unwrap();
        assert!(
            entry.kind == DayKind::Workday && cal.is_working_day(d(day)),
            "{day}"
        );
    }
    for (rest, work) in [
        ("2026-10-07", "2026-10-08"),
        ("2026-06-19", "2026-06-22"),
        ("2024-06-10", "2024-06-11"),
    ] {
        assert!(
            cal.is_rest_day(d(rest)) && cal.is_working_day(d(work)),
            "{rest}"
        );
    }
    // Not loaded: only the ordinary week.
    assert!(cal.is_rest_day(d("2027-01-02")) && cal.is_working_day(d("2027-01-01")));
}

#[test]
fn round_trip() {
    let cal = HolidayCalendar::official();
    assert_eq!(HolidayCalendar::from_toml(&cal.to_toml()).unwrap(), cal);
    let name = "元\"旦\\\n\u{7f}".to_owned();
    let odd = year(
        2030,
        vec![HolidayEntry {
            date: d("2030-01-01"),
            kind: DayKind::Off,
            name,
        }],
    );
    let cal = HolidayCalendar::new(vec![odd]).unwrap();
    assert_eq!(HolidayCalendar::from_toml(&cal.to_toml()).unwrap(), cal);
    let empty = HolidayCalendar::empty();
    assert_eq!(HolidayCalendar::from_toml(&empty.to_toml()).unwrap(), empty);
}

#[test]
fn refuses_bad_data_naming_the_entry() {
    let year = |body: &str| format!("[[year]]\nyear = 2026\nsource = 'x'\n{body}");
    let cases = [
        (
            year("off = [{ from = '2025-12-31', name = '元旦' }]"),
            "2025-12-31",
        ),
        (
            year("workdays = [{ date = '2026-01-05', name = '元旦' }]"),
            "2026-01-05",
        ),
        (
            year("off = [{ from = '2026-01-03', to = '2026-01-01', name = '元旦' }]"),
            "2026-01-01",
        ),
        (
            year(
                "off = [{ from = '2026-01-03', name = 'a' }]\nworkdays = [{ date = '2026-01-03', name = 'a' }]",
            ),
            "2026-01-03",
        ),
        (
            year("off = [{ from = '2026-01-01', name = '' }]"),
            "2026-01-01",
        ),
        (year("offf = []"), "offf"),
        (format!("{}\n{}", year(""), year("")), "2026"),
    ];
    for (text, needle) in cases {
        let err = HolidayCalendar::from_toml(&text).unwrap_err();
        assert_eq!(err.code(), "calendar.invalid");
        assert!(
            err.zh().contains(needle) && err.en().contains(needle),
            "{err:?}"
        );
    }
    // A day off on a weekend is fine (2026-01-03 is a Saturday).
    assert!(
        HolidayCalendar::from_toml(&year("off = [{ from = '2026-01-03', name = '元旦' }]")).is_ok()
    );
}

#[test]
fn with_year_adds_or_replaces() {
    let cal = HolidayCalendar::official();
    let more = cal.with_year(year(2027, vec![])).unwrap();
    assert!(more.has_year(2027) && more.entry(d("2026-02-15")).is_some());
    let fewer = cal.with_year(year(2026, vec![])).unwrap();
    assert!(fewer.has_year(2026) && fewer.entry(d("2026-02-15")).is_none());
}
