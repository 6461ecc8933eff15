//! A civil calendar day (Beijing time has no daylight saving, so a day is a day).
//!
//! Stored and exchanged as `YYYY-MM-DD`. Arithmetic is over days since 1970-01-01
//! (Howard Hinnant's civil-from-days algorithm), so no date crate is needed.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;
/// Beijing time is UTC+8 all year.
const BEIJING_OFFSET_MS: i64 = 8 * 3_600_000;

/// A day in the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// Monday = 0 … Sunday = 6.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Sat | Weekday::Sun)
    }
    /// Chinese name, 周一 … 周日.
    pub fn zh(self) -> &'static str {
        ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][self as usize]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid date (expected YYYY-MM-DD): {0}")]
pub struct DateParseError(pub String);

impl Date {
    /// Builds a date from year, month (1–12) and day (1–31); `None` if it does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(1..=9999).contains(&year) {
            return None;
        }
        Some(Date(days_from_civil(year, month, day)))
    }

    /// Days since 1970-01-01.
    pub fn from_days(days: i32) -> Date {
        Date(days)
    }

    pub fn days_since_epoch(self) -> i32 {
        self.0
    }

    /// The day of a Unix timestamp (milliseconds) in Beijing time (UTC+8).
    pub fn from_unix_millis_beijing(ms: i64) -> Date {
        Date((ms + BEIJING_OFFSET_MS).div_euclid(DAY_MS) as i32)
    }

    /// The first millisecond of this day in Beijing time (the Beijing-day boundary: every
    /// "before day D" and "from day D" on instants is measured from here).
    pub fn beijing_start_millis(self) -> i64 {
        i64::from(self.0) * DAY_MS - BEIJING_OFFSET_MS
    }

    /// Milliseconds since midnight, Beijing time, of a Unix timestamp.
    pub fn beijing_millis_of_day(ms: i64) -> i64 {
        (ms + BEIJING_OFFSET_MS).rem_euclid(DAY_MS)
    }

    /// A Unix timestamp (milliseconds) as RFC 3339 in Beijing time, `2026-06-30T14:05:09+08:00`.
    pub fn beijing_timestamp(ms: i64) -> String {
        let secs = Date::beijing_millis_of_day(ms) / 1000;
        format!(
            "{}T{:02}:{:02}:{:02}+08:00",
            Date::from_unix_millis_beijing(ms),
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    pub fn add_days(self, n: i32) -> Date {
        Date(self.0 + n)
    }

    /// The first day of this date's month.
    pub fn first_of_month(self) -> Date {
        let (y, m, _) = self.ymd();
        Date(days_from_civil(y, m, 1))
    }

    /// The last day of this date's month.
    pub fn last_of_month(self) -> Date {
        let (y, m, _) = self.ymd();
        Date(days_from_civil(y, m, days_in_month(y, m)))
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i32 {
        other.0 - self.0
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        const ORDER: [Weekday; 7] = [
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
        ];
        ORDER[self.0.rem_euclid(7) as usize]
    }

    pub fn parse(s: &str) -> Result<Date, DateParseError> {
        let err = || DateParseError(s.chars().take(40).collect());
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(err());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, DateParseError> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse::<u32>().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        let y = num(0..4)?;
        let m = num(5..7)?;
        let d = num(8..10)?;
        Date::from_ymd(y as i32, m, d).ok_or_else(err)
    }
}

/// An instant as people and scripts write it, in milliseconds since the epoch: RFC 3339 with
/// an offset (`2026-06-30T14:05:00+08:00`, `…Z`), or a Beijing wall-clock time
/// (`2026-06-30T14:05`, `2026-06-30 14:05:09`). Seconds are optional, fractions ignored.
pub fn parse_instant(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.len() < 16 || !t.is_char_boundary(10) {
        return None;
    }
    let day = Date::parse(&t[..10]).ok()?;
    let rest = &t[10..];
    let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    // The clock part runs to the offset, if any.
    let (clock, offset_min) = match rest.find(['Z', 'z', '+', '-']) {
        None => (rest, 8 * 60),
        Some(i) => {
            let (clock, off) = rest.split_at(i);
            let minutes = match off {
                "Z" | "z" => 0,
                _ => {
                    let sign = if off.starts_with('-') { -1 } else { 1 };
                    let hm = off[1..].replace(':', "");
                    if hm.len() != 4 || !hm.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    let h: i64 = hm[..2].parse().ok()?;
                    let m: i64 = hm[2..].parse().ok()?;
                    if h > 23 || m > 59 {
                        return None;
                    }
                    sign * (h * 60 + m)
                }
            };
            (clock, minutes)
        }
    };
    let clock = clock.split('.').next()?;
    let parts: Vec<&str> = clock.split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2) {
        return None;
    }
    let num = |p: &str| -> Option<i64> {
        p.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| p.parse().ok())
            .flatten()
    };
    let (h, m) = (num(parts[0])?, num(parts[1])?);
    let s = parts.get(2).map_or(Some(0), |p| num(p))?;
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    let utc_midnight = i64::from(day.days_since_epoch()) * DAY_MS;
    Some(utc_midnight + ((h * 60 + m - offset_min) * 60 + s) * 1000)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl std::str::FromStr for Date {
    type Err = DateParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        _ => 28,
    }
}

fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i32;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_month_ends_on_its_last_day() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(d("2026-02-01").last_of_month(), d("2026-02-28"));
        assert_eq!(d("2028-02-01").last_of_month(), d("2028-02-29"));
        assert_eq!(d("2026-12-01").last_of_month(), d("2026-12-31"));
        assert_eq!(d("2026-06-01").last_of_month(), d("2026-06-30"));
        assert_eq!(d("2026-12-31").first_of_month(), d("2026-12-01"));
        assert_eq!(d("2028-02-29").first_of_month(), d("2028-02-01"));
    }

    #[test]
    fn known_days() {
        let d = Date::parse("2026-01-20").unwrap();
        assert_eq!(d.weekday(), Weekday::Tue);
        assert_eq!(d.add_days(15).to_string(), "2026-02-04");
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(
            Date::parse("2024-02-29").unwrap().add_days(1).to_string(),
            "2024-03-01"
        );
    }

    #[test]
    fn rejects_bad_text() {
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "26-01-01",
            "2026/01/01",
            "2026-1-01",
            "",
            "２０２６-01-01",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn instants_in_every_written_form() {
        // 2026-01-02 01:02:03 in Beijing is 2026-01-01T17:02:03Z.
        let want = 1_767_283_200_000 + 3_723_000;
        for text in [
            "2026-01-02T01:02:03+08:00",
            "2026-01-02T01:02:03+0800",
            "2026-01-01T17:02:03Z",
            "2026-01-01T12:02:03-05:00",
            "2026-01-02 01:02:03",
            "2026-01-02T01:02:03.250",
        ] {
            assert_eq!(parse_instant(text), Some(want), "{text}");
        }
        assert_eq!(parse_instant("2026-01-02T01:02"), Some(want - 3_000));
        for bad in [
            "2026-01-02",
            "2026-01-02T25:00",
            "2026-01-02T01:02:03+8",
            "2026-02-30T01:00",
            "2026-01-02X01:02",
            "2026-01-02T1:02",
            "现在",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }

    #[test]
    fn beijing_day_boundary() {
        let d = Date::parse("2026-01-02").unwrap();
        // 2026-01-01T16:00:00Z is 2026-01-02 00:00 in Beijing.
        assert_eq!(d.beijing_start_millis(), 1_767_283_200_000);
        assert_eq!(
            Date::beijing_timestamp(1_767_283_200_000 + 3_723_000),
            "2026-01-02T01:02:03+08:00"
        );
        assert_eq!(Date::from_unix_millis_beijing(d.beijing_start_millis()), d);
        assert_eq!(
            Date::from_unix_millis_beijing(d.beijing_start_millis() - 1),
            Date::parse("2026-01-01").unwrap()
        );
        assert_eq!(
            Date::beijing_millis_of_day(1_767_283_200_000 + 5_000),
            5_000
        );
    }

    #[test]
    fn beijing_day_of_instant() {
        // 2026-01-01T16:00:00Z is 2026-01-02 00:00 in Beijing.
        assert_eq!(
            Date::from_unix_millis_beijing(1_767_283_200_000).to_string(),
            "2026-01-02"
        );
        assert_eq!(
            Date::from_unix_millis_beijing(1_767_283_199_999).to_string(),
            "2026-01-01"
        );
    }

    proptest! {
        #[test]
        fn text_round_trip(days in -700_000i32..2_900_000) {
            let d = Date::from_days(days);
            prop_assert_eq!(Date::parse(&d.to_string()).unwrap(), d);
        }
    }
}
