//! Tests of the deadline arithmetic and its explanation (`deadline`).

#![allow(clippy::unwrap_used)]

use super::*;
use proptest::prelude::*;

#[test]
fn a_deadline_is_met_on_its_day_and_overdue_the_next() {
    let due = Date::parse("2026-12-02").unwrap();
    assert!(!is_overdue(due, due));
    assert!(is_overdue(due, due.add_days(1)));
    assert!(!is_overdue(due, due.add_days(-1)));
    // Statements compare `due < overdue_if_due_before(today)`: the same rule.
    for today in [due.add_days(-1), due, due.add_days(1)] {
        assert_eq!(due < overdue_if_due_before(today), is_overdue(due, today));
    }
}

#[test]
fn due_soon_runs_from_today_through_the_lead_time() {
    let today = Date::parse("2026-12-02").unwrap();
    assert_eq!(due_soon_window(today, 3), (today, today.add_days(3)));
    assert!(is_due_soon(today, today, 3));
    assert!(is_due_soon(today.add_days(3), today, 3));
    assert!(!is_due_soon(today.add_days(4), today, 3));
    assert!(
        !is_due_soon(today.add_days(-1), today, 3),
        "overdue, not due soon"
    );
}

fn d(s: &str) -> Date {
    Date::parse(s).unwrap()
}
fn c(days: u32) -> Period {
    Period::calendar(days)
}
fn w(days: u32) -> Period {
    Period::working(days)
}
fn pause(from: &str, to: &str) -> Pause {
    Pause {
        from: d(from),
        to: d(to),
    }
}
fn due_with(start: &str, period: Period, pauses: &[Pause]) -> Deadline {
    compute_due(d(start), period, &HolidayCalendar::official(), pauses)
}
fn due(start: &str, period: Period) -> Deadline {
    due_with(start, period, &[])
}

#[test]
fn domain_8_3_worked_examples() {
    let rows = [
        ("2026-01-20", c(15), "2026-02-04", "2026-02-04"),
        ("2025-12-20", c(15), "2026-01-04", "2026-01-04"),
        ("2025-12-17", c(60), "2026-02-15", "2026-02-24"),
        ("2025-09-01", c(30), "2025-10-01", "2025-10-09"),
        (
            "2026-03-01",
            c(60).extended_by(30),
            "2026-05-30",
            "2026-06-01",
        ),
        ("2026-09-30", w(5), "2026-10-13", "2026-10-13"),
        ("2026-02-12", w(5), "2026-02-26", "2026-02-26"),
    ];
    for (start, period, raw, expected) in rows {
        let (dl, why) = (due(start, period), format!("{start} {period:?}"));
        assert_eq!(dl.due_on.to_string(), expected, "{why}");
        assert_eq!(dl.explanation.raw_end.to_string(), raw, "{why}");
        assert!(!dl.provisional, "{why}");
        let (zh, en) = (dl.explanation.zh(), dl.explanation.en());
        assert!(zh.contains(expected) && en.contains(expected), "{why}");
    }
}

#[test]
fn explanations_read_well() {
    let zh = |s: &str, p| due(s, p).explanation.zh();
    let head = "（事件当日不计）起算";
    let rows = [
        (
            zh("2026-01-20", c(15)),
            "15个自然日，期满日2026-02-04（周三）为工作日，截止2026-02-04。",
        ),
        (
            zh("2025-12-20", c(15)),
            "15个自然日，期满日2026-01-04（周日）为调休上班日，截止2026-01-04。",
        ),
        (
            zh("2025-12-17", c(60)),
            "60个自然日，期满日2026-02-15（周日，春节）为法定休假日，顺延至其后第一个工作日2026-02-24（周二）。",
        ),
        (
            zh("2026-09-30", w(5)),
            "5个工作日，跳过国庆节（2026-10-01至10-07）及周末1天；2026-10-10（周六）为调休上班日，计入，截止2026-10-13（周二）。",
        ),
        (
            zh("2026-01-05", w(60)),
            "60个工作日，跳过春节（2026-02-15至02-23）及周末19天；2026-02-14（周六）及2026-02-28（周六）为调休上班日，计入，截止2026-04-03（周五）。",
        ),
    ];
    for (text, tail) in rows {
        assert!(
            text.starts_with('自') && text.ends_with(&format!("{head}{tail}")[..]),
            "{text}"
        );
    }
    let en = due("2026-02-12", w(5)).explanation.en();
    assert!(
        en.contains("春节 (2026-02-15 to 02-23)")
            && en.contains("2026-02-14 (Sat) is a make-up working day and counts"),
        "{en}"
    );
    let en = due("2026-03-01", c(90)).explanation.en();
    assert!(
        en.contains(
            "2026-05-30 (Sat), a rest day, so it moves to the next working day, 2026-06-01 (Mon)"
        ),
        "{en}"
    );
}

#[test]
fn unloaded_year_is_provisional() {
    let dl = due("2026-12-20", c(15));
    assert!(dl.provisional && dl.explanation.missing_years == [2027]);
    assert!(
        dl.explanation
            .zh()
            .ends_with("2027年节假日安排未载入，截止日期为暂定。")
    );
    assert!(
        dl.explanation
            .en()
            .contains("No holiday calendar is loaded for 2027")
    );
    // Weekends still rest: 2027-01-09 is a Saturday.
    assert_eq!(due("2026-12-25", c(15)).due_on, d("2027-01-11"));
    assert!(due("2027-03-01", w(5)).provisional && !due("2026-12-01", c(15)).provisional);
    let dl = compute_due(d("2026-01-20"), w(5), &HolidayCalendar::empty(), &[]);
    assert!(dl.provisional && dl.due_on == d("2026-01-27"));
}

#[test]
fn pauses_do_not_count() {
    // 30 days + 10 paused = 2026-04-10 (Fri).
    let dl = due_with("2026-03-01", c(30), &[pause("2026-03-10", "2026-03-19")]);
    assert_eq!(dl.due_on, d("2026-04-10"));
    let run = SkippedRun {
        from: d("2026-03-10"),
        to: d("2026-03-19"),
        reason: SkipReason::Paused,
    };
    assert_eq!(dl.explanation.skipped, [run]);
    assert!(
        dl.explanation
            .zh()
            .contains("跳过暂停计算期间（2026-03-10至03-19）")
    );
    // A pause over the would-be roll-forward day pushes past it.
    let dl = due_with("2026-03-01", c(90), &[pause("2026-06-01", "2026-06-02")]);
    assert_eq!(dl.due_on, d("2026-06-03"));
    // An absurd pause is capped, not looped over.
    let dl = due_with("2026-03-01", c(30), &[pause("2026-03-02", "2099-01-01")]);
    assert!(dl.provisional && dl.explanation.capped && dl.explanation.zh().contains("上限"));
}

fn loaded_start() -> impl Strategy<Value = Date> {
    let (from, to) = (d("2024-01-01"), d("2026-06-30"));
    (from.days_since_epoch()..to.days_since_epoch()).prop_map(Date::from_days)
}

fn period() -> impl Strategy<Value = Period> {
    (1u32..=90, any::<bool>()).prop_map(|(n, working)| if working { w(n) } else { c(n) })
}

proptest! {
    #[test]
    fn due_is_after_start_and_a_working_day(start in loaded_start(), p in period()) {
        let cal = HolidayCalendar::official();
        let dl = compute_due(start, p, &cal, &[]);
        prop_assert!(dl.due_on > start && cal.is_working_day(dl.due_on) && !dl.provisional);
        if p.count == DayCount::Calendar {
            prop_assert!(dl.due_on >= start.add_days(p.days as i32));
        }
    }

    #[test]
    fn working_period_counts_exactly_n(start in loaded_start(), n in 1u32..=60) {
        let cal = HolidayCalendar::official();
        let dl = compute_due(start, w(n), &cal, &[]);
        let days = 1..=start.days_until(dl.due_on);
        prop_assert_eq!(days.filter(|&i| cal.is_working_day(start.add_days(i))).count(), n as usize);
    }

    #[test]
    fn monotonic_in_days(start in loaded_start(), p in period(), extra in 0u32..40) {
        let cal = HolidayCalendar::official();
        let (a, b) = (compute_due(start, p, &cal, &[]), compute_due(start, p.extended_by(extra), &cal, &[]));
        prop_assert!(b.due_on >= a.due_on);
    }

    #[test]
    fn pausing_never_makes_due_earlier(start in loaded_start(), p in period(), off in 0i32..60, len in 0i32..20) {
        let cal = HolidayCalendar::official();
        let pause = Pause { from: start.add_days(off), to: start.add_days(off + len) };
        let (plain, paused) = (compute_due(start, p, &cal, &[]), compute_due(start, p, &cal, &[pause]));
        prop_assert!(paused.due_on >= plain.due_on);
        prop_assert!(paused.due_on < pause.from || paused.due_on > pause.to);
    }
}
