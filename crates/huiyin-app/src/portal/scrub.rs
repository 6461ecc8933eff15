//! The personal-information scrub applied before a typical case is published (issue 4, item
//! 5). Hand-written scanners, deliberately simple; a person reviews every draft anyway.
//!
//! What is detected and masked:
//! - ID numbers (GB 11643): 17 digits and a check character (digit or X), not inside a longer
//!   run of digits → the first 6 and last 4 kept: `110105********002X`.
//! - Mobile phones: `1[3-9]` and 9 more digits, not inside a longer run → `138****8000`.
//! - Landlines: `0` + 2–3 digit area code, an optional `-` or space, 7–8 digits (or a bare
//!   run of 10–12 digits starting with `0`) → area code (or the first 3 digits of a bare run)
//!   kept, the rest starred but the last 2 digits: `010-******78`.
//! - The case's own petitioner names, wherever they occur → surname kept: `张**`.
//! - A name right after a person word (家长, 学生, 老师, 信访人, …): a common single-character
//!   surname and one or two more Chinese characters, stopping early at characters that usually
//!   begin the next word (反, 说, 称, 向, 的, …) → surname kept. Over-masking is preferred to
//!   under-masking. Not detected: 15-digit old ID numbers, compound surnames after a person
//!   word, names written without a person word that are not petitioners of the case.

use serde::Serialize;

/// What a masked span was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PiiKind {
    IdNumber,
    Mobile,
    Landline,
    /// A petitioner of the case.
    PetitionerName,
    /// A name after a person word (家长张三): a guess, for the reviewer to check.
    TitledName,
}

impl PiiKind {
    pub fn zh(self) -> &'static str {
        match self {
            PiiKind::IdNumber => "身份证号码",
            PiiKind::Mobile => "手机号码",
            PiiKind::Landline => "固定电话",
            PiiKind::PetitionerName => "信访人姓名",
            PiiKind::TitledName => "疑似姓名",
        }
    }
}

/// One masked span: where it was (characters from the start of the original text), what it
/// was and what replaced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MaskedSpan {
    pub kind: PiiKind,
    pub start: usize,
    pub original: String,
    pub masked: String,
}

/// Words after which a Chinese name often follows.
const PERSON_WORDS: &[&str] = &[
    "信访人",
    "反映人",
    "举报人",
    "投诉人",
    "当事人",
    "家长",
    "学生",
    "老师",
    "教师",
    "校长",
    "班主任",
    "同学",
    "先生",
    "女士",
    "患者",
    "幼儿",
];

/// Common single-character surnames (the most frequent ~100).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

/// Characters that usually start the word after a name: a guessed name stops before them.
const STOPS: &str =
    "反说称表向在于的等和与及了到被把对因提要来去是也都已将曾为同称讲诉等告请并就从让给";

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn stars(n: usize) -> String {
    "*".repeat(n)
}

/// Keeps the first character of a name and stars the rest.
fn mask_name(name: &[char]) -> String {
    let mut s: String = name.iter().take(1).collect();
    s.push_str(&stars(name.len().saturating_sub(1)));
    s
}

fn mask_keep(chars: &[char], head: usize, tail: usize) -> String {
    let n = chars.len();
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < head || i + tail >= n || !c.is_ascii_digit() {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// Number spans in `chars`: (start, end, kind) for ID numbers, mobiles and landlines.
fn number_spans(chars: &[char]) -> Vec<(usize, usize, PiiKind)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let mut end = i;
        let run = end - start;
        // An ID number's check character may be X.
        if run == 17
            && matches!(chars.get(end), Some('X' | 'x'))
            && !chars.get(end + 1).is_some_and(char::is_ascii_alphanumeric)
        {
            end += 1;
            out.push((start, end, PiiKind::IdNumber));
            i = end;
            continue;
        }
        let d = |k: usize| chars[start + k];
        if run == 18 {
            out.push((start, end, PiiKind::IdNumber));
        } else if run == 11 && d(0) == '1' && ('3'..='9').contains(&d(1)) {
            out.push((start, end, PiiKind::Mobile));
        } else if d(0) == '0' && (3..=4).contains(&run) && matches!(chars.get(end), Some('-' | ' '))
        {
            let local_start = end + 1;
            let mut j = local_start;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            if (7..=8).contains(&(j - local_start)) {
                out.push((start, j, PiiKind::Landline));
                i = j;
            }
        } else if d(0) == '0' && (10..=12).contains(&run) {
            out.push((start, end, PiiKind::Landline));
        }
    }
    out
}

/// Guessed names after person words: (start, end) of each.
fn titled_names(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for word in PERSON_WORDS {
        let w: Vec<char> = word.chars().collect();
        let mut i = 0;
        while i + w.len() <= chars.len() {
            if chars[i..i + w.len()] != w[..] {
                i += 1;
                continue;
            }
            let s = i + w.len();
            i = s;
            if !chars.get(s).is_some_and(|c| SURNAMES.contains(*c)) {
                continue;
            }
            let mut e = s + 1;
            while e < chars.len() && e < s + 3 && is_cjk(chars[e]) && !STOPS.contains(chars[e]) {
                e += 1;
            }
            if e > s + 1 {
                out.push((s, e));
            }
        }
    }
    out
}

/// Masks personal information in `text`. `names` are the case's petitioner names (masked
/// wherever they occur). Answers the masked text and every masked span, in text order.
pub fn scrub(text: &str, names: &[String]) -> (String, Vec<MaskedSpan>) {
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<(usize, usize, PiiKind)> = number_spans(&chars);
    let mut names: Vec<Vec<char>> = names
        .iter()
        .map(|n| n.trim().chars().collect::<Vec<char>>())
        .filter(|n| n.len() >= 2)
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for name in &names {
        let mut i = 0;
        while i + name.len() <= chars.len() {
            if chars[i..i + name.len()] == name[..] {
                spans.push((i, i + name.len(), PiiKind::PetitionerName));
                i += name.len();
            } else {
                i += 1;
            }
        }
    }
    spans.extend(
        titled_names(&chars)
            .into_iter()
            .map(|(s, e)| (s, e, PiiKind::TitledName)),
    );
    // Earlier first; at one start the longer span; drop spans overlapping a kept one.
    spans.sort_by_key(|(s, e, _)| (*s, std::cmp::Reverse(*e)));
    let mut kept: Vec<(usize, usize, PiiKind)> = Vec::new();
    for sp in spans {
        if kept.last().is_none_or(|k| sp.0 >= k.1) {
            kept.push(sp);
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut found = Vec::with_capacity(kept.len());
    let mut at = 0;
    for (s, e, kind) in kept {
        out.extend(&chars[at..s]);
        let piece = &chars[s..e];
        let masked = match kind {
            PiiKind::IdNumber => mask_keep(piece, 6, 4),
            PiiKind::Mobile => mask_keep(piece, 3, 4),
            PiiKind::Landline => {
                let area = piece
                    .iter()
                    .position(|c| *c == '-' || *c == ' ')
                    .map(|p| p + 1)
                    .unwrap_or(3);
                mask_keep(piece, area, 2)
            }
            PiiKind::PetitionerName | PiiKind::TitledName => mask_name(piece),
        };
        out.push_str(&masked);
        found.push(MaskedSpan {
            kind,
            start: s,
            original: piece.iter().collect(),
            masked,
        });
        at = e;
    }
    out.extend(&chars[at..]);
    (out, found)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn kinds(spans: &[MaskedSpan]) -> Vec<PiiKind> {
        spans.iter().map(|s| s.kind).collect()
    }

    #[test]
    fn id_numbers_are_masked() {
        let (t, s) = scrub(
            "身份证号11010519491231002X，另一个110105194912310021。",
            &[],
        );
        assert_eq!(t, "身份证号110105********002X，另一个110105********0021。");
        assert_eq!(kinds(&s), vec![PiiKind::IdNumber, PiiKind::IdNumber]);
        assert_eq!(s[0].original, "11010519491231002X");
        // Not inside a longer run of digits.
        let (t, s) = scrub("编号1101051949123100212", &[]);
        assert_eq!(t, "编号1101051949123100212");
        assert!(s.is_empty());
    }

    #[test]
    fn phones_are_masked() {
        let (t, s) = scrub(
            "手机13812348000，座机010-12345678，或0571 8765432，或01087654321。",
            &[],
        );
        assert_eq!(
            t,
            "手机138****8000，座机010-******78，或0571 *****32，或010******21。"
        );
        assert_eq!(
            kinds(&s),
            vec![
                PiiKind::Mobile,
                PiiKind::Landline,
                PiiKind::Landline,
                PiiKind::Landline
            ]
        );
        // 12 digits starting with 1 are not a mobile number.
        let (t, _) = scrub("单号138123480001", &[]);
        assert_eq!(t, "单号138123480001");
    }

    #[test]
    fn names_are_masked() {
        let names = vec!["李秀英".to_owned()];
        let (t, s) = scrub(
            "李秀英反映，其子在校受到欺凌。家长张伟反映情况，班主任王芳称已处理；李秀英不满意。",
            &names,
        );
        assert_eq!(
            t,
            "李**反映，其子在校受到欺凌。家长张*反映情况，班主任王*称已处理；李**不满意。"
        );
        assert_eq!(
            kinds(&s),
            vec![
                PiiKind::PetitionerName,
                PiiKind::TitledName,
                PiiKind::TitledName,
                PiiKind::PetitionerName
            ]
        );
        assert_eq!(s[1].original, "张伟");
        assert_eq!(s[1].masked, "张*");
    }

    #[test]
    fn ordinary_text_is_untouched() {
        let text = "2025年9月起，学校每学期收取资料费500元，家长反映未公示收费依据；\
                    学生表示课后服务时间过长。经核查，责令退还，共计12000元。案件编号110105-2025-0012。";
        let (t, s) = scrub(text, &["王小明".to_owned()]);
        assert_eq!(t, text);
        assert!(s.is_empty(), "{s:?}");
    }

    #[test]
    fn overlapping_findings_are_masked_once() {
        let (t, s) = scrub("信访人张三丰电话13912345678", &["张三丰".to_owned()]);
        assert_eq!(t, "信访人张**电话139****5678");
        assert_eq!(kinds(&s), vec![PiiKind::PetitionerName, PiiKind::Mobile]);
    }
}
