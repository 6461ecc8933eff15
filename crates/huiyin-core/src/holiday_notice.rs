//! Reading the State Council's holiday notice (国务院办公厅关于……部分节假日安排的通知) as pasted
//! by an administrator (issue 12 item 9): its numbered items ("二、春节：2月15日（农历腊月二十八、
//! 周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。")
//! become days off and make-up working days of one year. The year loaded this way is not complete
//! until an administrator says so. Anything unreadable or inconsistent (a date that does not
//! exist, a weekday that does not match, a count of days that does not add up, a day listed
//! twice) is refused naming the line and item.
//!
//! A notice's 元旦 may begin in the previous December ("元旦：2022年12月31日至2023年1月2日放假调休，
//! 共3天。"): those days are returned apart, in [`Notice::previous`], for the previous year's
//! calendar. The previous year's own notice never lists them, so an office loads them while that
//! year is already complete; the app adds them to it (see `App::load_calendar_notice`).

use crate::calendar::{CalendarYear, DayKind, HolidayEntry};
use crate::date::Date;

/// Why a pasted notice was refused; the stable code is `calendar.notice_unreadable`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeError {
    /// 1-based line of the pasted text (0: the text as a whole).
    pub line: usize,
    pub zh: String,
    pub en: String,
}

impl NoticeError {
    pub fn code(&self) -> &'static str {
        "calendar.notice_unreadable"
    }
    fn at(line: usize, item: &str, zh: String, en: String) -> NoticeError {
        NoticeError {
            line,
            zh: format!("第{line}行「{item}」：{zh}"),
            en: format!("line {line} ({item}): {en}"),
        }
    }
}

const NUMERALS: &str = "一二三四五六七八九十";

/// One numbered item: its line, its name (春节) and the text after the colon.
struct Item<'a> {
    line: usize,
    name: &'a str,
    body: &'a str,
}

fn items(text: &str) -> Vec<Item<'_>> {
    let mut starts = Vec::new();
    let mut depth = 0i32;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ => {}
        }
        let boundary = prev.is_none_or(|p| p.is_whitespace() || "。：:；;".contains(p));
        if depth == 0 && boundary && NUMERALS.contains(c) {
            let rest = &text[i..];
            let digits = rest.chars().take_while(|d| NUMERALS.contains(*d)).count();
            let after: String = rest.chars().skip(digits).take(14).collect();
            if after.starts_with('、') && after.chars().skip(1).any(|d| d == '：' || d == ':') {
                let head: String = after
                    .chars()
                    .take_while(|d| *d != '：' && *d != ':')
                    .collect();
                if !head.contains('。') {
                    starts.push(i);
                }
            }
        }
        prev = Some(c);
    }
    let mut out = Vec::new();
    for (n, start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(text.len());
        let mut chunk = &text[*start..end];
        if let Some(nl) = chunk.find('\n') {
            chunk = &chunk[..nl];
        }
        let Some(colon) = chunk.find(['：', ':']) else {
            continue;
        };
        let head = &chunk[..colon];
        let name = head.split_once('、').map_or(head, |(_, n)| n).trim();
        let body = chunk[colon..].trim_start_matches(['：', ':']);
        let line = text[..*start].matches('\n').count() + 1;
        out.push(Item { line, name, body });
    }
    out
}

/// A date as written: the day, the weekday in its parentheses if any, and whether 至 follows.
struct Token {
    date: Date,
    weekday: Option<usize>,
    to_next: bool,
    text: String,
}

fn weekday_in(paren: &str) -> Option<usize> {
    let s = paren.replace("星期", "周");
    let at = s.find('周')?;
    let c = s[at + '周'.len_utf8()..].chars().next()?;
    "一二三四五六日天".find(c).map(|b| (b / 3).min(6))
}

fn tokens(sentence: &str, year: i32, month: &mut u32) -> Result<Vec<Token>, (String, String)> {
    let chars: Vec<char> = sentence.chars().collect();
    let mut out: Vec<Token> = Vec::new();
    let mut i = 0;
    let num = |i: &mut usize| -> Option<u32> {
        let start = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
        chars[start..*i].iter().collect::<String>().parse().ok()
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '（' || c == '(' {
            let start = i;
            while i < chars.len() && chars[i] != '）' && chars[i] != ')' {
                i += 1;
            }
            let paren: String = chars[start..i.min(chars.len())].iter().collect();
            if let Some(last) = out.last_mut().filter(|l| l.weekday.is_none()) {
                last.weekday = weekday_in(&paren);
            }
            i += 1;
            continue;
        }
        if c == '至' {
            if let Some(last) = out.last_mut() {
                last.to_next = true;
            }
            i += 1;
            continue;
        }
        if !c.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut y = year;
        let mut n = num(&mut i);
        if chars.get(i) == Some(&'年') {
            y = n.and_then(|v| i32::try_from(v).ok()).unwrap_or(year);
            i += 1;
            n = num(&mut i);
        }
        if chars.get(i) == Some(&'月') {
            *month = n.unwrap_or(0);
            i += 1;
            n = num(&mut i);
        }
        if chars.get(i) != Some(&'日') {
            continue; // a number that is not a date (共9天)
        }
        i += 1;
        let text: String = chars[start..i].iter().collect();
        let day = n.unwrap_or(0);
        let Some(date) = Date::from_ymd(y, *month, day) else {
            return Err((
                format!("「{text}」不是有效日期"),
                format!("\"{text}\" is not a valid date"),
            ));
        };
        if y != year && !(y == year - 1 && *month == 12) {
            return Err((
                format!("「{text}」不在{year}年"),
                format!("\"{text}\" is not in {year}"),
            ));
        }
        out.push(Token {
            date,
            weekday: None,
            to_next: false,
            text,
        });
    }
    Ok(out)
}

fn total_days(sentence: &str) -> Option<i32> {
    let at = sentence.find('共')?;
    let digits: String = sentence[at + '共'.len_utf8()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The notice's own year (关于2026年部分节假日安排 / 现将2026年……), if it names one.
fn notice_year(text: &str) -> Option<i32> {
    for key in ["关于", "现将"] {
        if let Some(at) = text.find(key) {
            let digits: String = text[at + key.len()..].chars().take(4).collect();
            if digits.chars().all(|c| c.is_ascii_digit())
                && text[at + key.len()..].chars().nth(4) == Some('年')
            {
                return digits.parse().ok();
            }
        }
    }
    None
}

/// A notice read: the days of its year (not yet complete) and the days it gives in the
/// previous December (元旦 beginning on 12月31日), date order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub year: CalendarYear,
    pub previous: Vec<HolidayEntry>,
}

/// Reads a pasted notice into the days of `year` (not yet complete) and of the previous
/// December. Only the previous December may be named besides `year` (with its year written).
pub fn parse_notice(year: i32, text: &str) -> Result<Notice, NoticeError> {
    let whole = |zh: String, en: String| NoticeError { line: 0, zh, en };
    if let Some(y) = notice_year(text).filter(|y| *y != year) {
        return Err(whole(
            format!("通知是{y}年的安排，不是{year}年"),
            format!("the notice is for {y}, not {year}"),
        ));
    }
    let found = items(text);
    if found.is_empty() {
        return Err(whole(
            "未找到“一、元旦：1月1日……放假”这样的编号条目".into(),
            "no numbered item such as \"一、元旦：1月1日……放假\" was found".into(),
        ));
    }
    let mut entries: Vec<HolidayEntry> = Vec::new();
    for item in &found {
        let fail = |(zh, en): (String, String)| NoticeError::at(item.line, item.name, zh, en);
        let mut month = 1;
        let mut offs = 0;
        for sentence in item.body.split(['。', '；', ';']) {
            let work = sentence.contains("上班");
            let off = sentence.contains("放假");
            let toks = tokens(sentence, year, &mut month).map_err(fail)?;
            for t in &toks {
                if let Some(w) = t.weekday.filter(|w| *w != t.date.weekday() as usize) {
                    let says = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][w];
                    return Err(fail((
                        format!("{}是{}，不是{says}", t.text, t.date.weekday().zh()),
                        format!("{} is a {}, not {says}", t.text, t.date.weekday().zh()),
                    )));
                }
            }
            let mut days: Vec<(Date, DayKind)> = Vec::new();
            if work {
                days.extend(toks.iter().map(|t| (t.date, DayKind::Workday)));
            } else if off {
                let mut k = 0;
                while k < toks.len() {
                    let from = toks[k].date;
                    let to = if toks[k].to_next && k + 1 < toks.len() {
                        k += 1;
                        toks[k].date
                    } else {
                        from
                    };
                    if to < from {
                        return Err(fail((
                            format!("{}至{}：结束早于开始", toks[k - 1].text, toks[k].text),
                            format!(
                                "{} to {}: the end is before the start",
                                toks[k - 1].text,
                                toks[k].text
                            ),
                        )));
                    }
                    let mut d = from;
                    while d <= to {
                        days.push((d, DayKind::Off));
                        d = d.add_days(1);
                    }
                    k += 1;
                }
                let n = i32::try_from(days.len()).unwrap_or(i32::MAX);
                if let Some(total) = total_days(sentence).filter(|t| *t != n) {
                    return Err(fail((
                        format!("写明共{total}天，日期却是{n}天"),
                        format!("it says {total} days but the dates give {n}"),
                    )));
                }
            }
            for (date, kind) in days {
                if entries.iter().any(|e| e.date == date) {
                    return Err(fail((
                        format!("{date}已在前面列出"),
                        format!("{date} is listed twice"),
                    )));
                }
                if kind == DayKind::Off {
                    offs += 1;
                }
                entries.push(HolidayEntry {
                    date,
                    kind,
                    name: item.name.to_owned(),
                });
            }
        }
        if offs == 0 {
            return Err(fail((
                "没有读到放假日期".into(),
                "no days off were read".into(),
            )));
        }
    }
    entries.sort_by_key(|e| e.date);
    let (previous, entries) = entries.into_iter().partition(|e| e.date.year() < year);
    Ok(Notice {
        year: CalendarYear {
            year,
            source: format!("国务院办公厅关于{year}年部分节假日安排的通知"),
            entries,
            complete: false,
        },
        previous,
    })
}

#[cfg(test)]
#[path = "holiday_notice_tests.rs"]
mod tests;
