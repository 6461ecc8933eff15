//! The 2024, 2025 and 2026 notices as published (国办发明电), checked against the shipped
//! calendar (DOMAIN.md §8.2), and the ways a paste goes wrong.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::calendar::HolidayCalendar;

const NOTICE_2026: &str = "国务院办公厅关于2026年部分节假日安排的通知
国办发明电〔2025〕7号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。
国务院办公厅
2025年11月4日";

const NOTICE_2025: &str = "经国务院批准，现将2025年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。";

/// 2024, pasted as one line (line breaks lost), with 星期 and a sentence that only encourages.
const NOTICE_2024: &str = "一、元旦：1月1日放假，与周末连休。二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。五、端午节：6月10日放假，与周末连休。六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。";

fn days(y: &CalendarYear) -> Vec<(String, DayKind)> {
    y.entries
        .iter()
        .map(|e| (e.date.to_string(), e.kind))
        .collect()
}

#[test]
fn the_published_notices_give_the_shipped_calendar() {
    let official = HolidayCalendar::official();
    for (year, text) in [
        (2024, NOTICE_2024),
        (2025, NOTICE_2025),
        (2026, NOTICE_2026),
    ] {
        let notice = parse_notice(year, text).unwrap_or_else(|e| panic!("{year}: {}", e.zh));
        assert!(notice.previous.is_empty(), "{year}");
        let parsed = notice.year;
        assert!(
            !parsed.complete,
            "a pasted year waits for the administrator"
        );
        assert_eq!(days(&parsed), days(official.year(year).unwrap()), "{year}");
    }
    let y = parse_notice(2026, NOTICE_2026).unwrap().year;
    let e = y
        .entries
        .iter()
        .find(|e| e.date.to_string() == "2026-02-14")
        .unwrap();
    assert_eq!((e.kind, e.name.as_str()), (DayKind::Workday, "春节"));
}

#[test]
fn bad_text_is_refused_naming_the_line() {
    let wrong_count = NOTICE_2026.replace("共9天", "共8天");
    let e = parse_notice(2026, &wrong_count).unwrap_err();
    assert_eq!((e.line, e.code()), (6, "calendar.notice_unreadable"));
    assert!(
        e.zh.contains("第6行「春节」") && e.zh.contains("共8天"),
        "{}",
        e.zh
    );

    let wrong_weekday = NOTICE_2026.replace("5月9日（周六）", "5月9日（周日）");
    let e = parse_notice(2026, &wrong_weekday).unwrap_err();
    assert!(
        e.zh.contains("第8行「劳动节」") && e.zh.contains("周六"),
        "{}",
        e.zh
    );

    let e = parse_notice(2026, &NOTICE_2026.replace("2月28日", "2月30日")).unwrap_err();
    assert!(
        e.zh.contains("2月30日") && e.en.contains("line 6"),
        "{}",
        e.en
    );

    let e = parse_notice(2027, NOTICE_2026).unwrap_err();
    assert_eq!(e.line, 0);
    assert!(e.zh.contains("2026年"), "{}", e.zh);

    let e = parse_notice(2026, "元旦放三天").unwrap_err();
    assert!(e.zh.contains("编号条目"), "{}", e.zh);

    let twice = NOTICE_2026.replace(
        "6月19日（周五）至21日（周日）",
        "6月19日（周五）至21日（周日）、5月5日（周二）",
    );
    let e = parse_notice(2026, &twice).unwrap_err();
    assert!(e.zh.contains("第9行「端午节」"), "{}", e.zh);

    let no_days = NOTICE_2026.replace(
        "三、清明节：4月4日（周六）至6日（周一）放假，共3天。",
        "三、清明节：另行通知。",
    );
    let e = parse_notice(2026, &no_days).unwrap_err();
    assert!(
        e.zh.contains("清明节") && e.zh.contains("没有读到"),
        "{}",
        e.zh
    );
}

/// The 2023 notice as published: its 元旦 begins on 2022-12-31, a day the 2022 notice never
/// listed; it is returned apart for the 2022 calendar.
const NOTICE_2023: &str = "国务院办公厅关于2023年部分节假日安排的通知
一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。
三、清明节：4月5日放假，共1天。
四、劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
五、端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。
六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。";

#[test]
fn a_new_year_beginning_in_the_previous_december_gives_that_day_apart() {
    let notice = parse_notice(2023, NOTICE_2023).unwrap();
    let prev: Vec<_> = notice
        .previous
        .iter()
        .map(|e| (e.date.to_string(), e.kind, e.name.as_str()))
        .collect();
    assert_eq!(prev, [("2022-12-31".to_owned(), DayKind::Off, "元旦")]);
    let first: Vec<_> = days(&notice.year).into_iter().take(3).collect();
    assert_eq!(
        first,
        [
            ("2023-01-01".to_owned(), DayKind::Off),
            ("2023-01-02".to_owned(), DayKind::Off),
            ("2023-01-21".to_owned(), DayKind::Off),
        ]
    );
    assert!(notice.year.entries.iter().all(|e| e.date.year() == 2023));
    assert_eq!(
        notice
            .year
            .entries
            .iter()
            .filter(|e| e.kind == DayKind::Off)
            .count(),
        2 + 7 + 1 + 5 + 3 + 8
    );

    // Only the previous December, and only with its year written.
    let e = parse_notice(
        2023,
        &NOTICE_2023.replace("2022年12月31日", "2022年11月30日"),
    )
    .unwrap_err();
    assert!(
        e.zh.contains("第2行「元旦」") && e.zh.contains("不在2023年"),
        "{}",
        e.zh
    );
    let e = parse_notice(2023, &NOTICE_2023.replace("2022年12月31日", "12月31日")).unwrap_err();
    assert!(e.zh.contains("结束早于开始"), "{}", e.zh);
}
