//! A lexicon of words that mark a text for attention (the sensitive-word lexicon of issue 13:
//! self-harm, extreme acts, gathering, media exposure, minors' safety), matched in one pass over
//! the text with an Aho–Corasick automaton.
//!
//! The lexicon is data, in a line format an office can edit:
//!
//! ```text
//! # comment
//! [self_harm red]
//! 自杀
//! 跳楼
//! ```
//!
//! A header `[name tag]` opens a group (`name`: lowercase ASCII letters, digits and `_`; `tag`:
//! one word the caller gives meaning to, such as a warning level); each following non-blank line
//! is one term of that group. Terms and texts are compared in the same form ([`lexicon_text`]):
//! normalised, without whitespace, ASCII lowercased — so `跳 楼` and `ＴＶ` match `跳楼` and `tv`.

use std::fmt;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::normalize;

/// The longest term, in characters.
pub const MAX_TERM_CHARS: usize = 32;

/// The form in which terms and texts are compared.
pub fn lexicon_text(s: &str) -> String {
    normalize(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// One group of terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconGroup {
    pub name: String,
    pub tag: String,
    pub terms: Vec<String>,
}

/// A term found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconHit {
    /// Index into [`Lexicon::groups`].
    pub group: usize,
    pub term: String,
}

/// Why a lexicon file does not parse: the line (1-based) and what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexiconError {
    pub line: usize,
    pub zh: String,
    pub en: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.en)
    }
}

impl std::error::Error for LexiconError {}

/// A parsed lexicon with its automaton.
#[derive(Clone, Debug)]
pub struct Lexicon {
    groups: Vec<LexiconGroup>,
    /// For each automaton pattern: its group and its term as written.
    patterns: Vec<(usize, String)>,
    automaton: AhoCorasick,
}

fn err(line: usize, zh: impl Into<String>, en: impl Into<String>) -> LexiconError {
    LexiconError {
        line,
        zh: zh.into(),
        en: en.into(),
    }
}

fn header(line_no: usize, line: &str) -> Result<LexiconGroup, LexiconError> {
    let inner = line
        .strip_prefix('[')
        .and_then(|l| l.strip_suffix(']'))
        .ok_or_else(|| {
            err(
                line_no,
                "分组标题应为 [名称 标记]，以]结尾",
                "a group header reads [name tag] and ends with ]",
            )
        })?;
    let words: Vec<&str> = inner.split_whitespace().collect();
    let [name, tag] = words.as_slice() else {
        return Err(err(
            line_no,
            "分组标题应为 [名称 标记]，两个词",
            "a group header reads [name tag]: two words",
        ));
    };
    let name_ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !name_ok {
        return Err(err(
            line_no,
            format!("分组名称“{name}”只能用小写字母、数字和下划线"),
            format!("group name `{name}`: lowercase letters, digits and _ only"),
        ));
    }
    Ok(LexiconGroup {
        name: (*name).to_owned(),
        tag: (*tag).to_owned(),
        terms: Vec::new(),
    })
}

impl Lexicon {
    /// Reads a lexicon; every group needs at least one term, every term belongs to a group.
    pub fn parse(text: &str) -> Result<Lexicon, LexiconError> {
        let mut groups: Vec<LexiconGroup> = Vec::new();
        let mut last_header = 0;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') {
                if let Some(g) = groups.last().filter(|g| g.terms.is_empty()) {
                    return Err(err(
                        last_header,
                        format!("分组“{}”没有词条", g.name),
                        format!("group `{}` has no terms", g.name),
                    ));
                }
                let g = header(line_no, line)?;
                if groups.iter().any(|o| o.name == g.name) {
                    return Err(err(
                        line_no,
                        format!("分组“{}”重复", g.name),
                        format!("group `{}` appears twice", g.name),
                    ));
                }
                groups.push(g);
                last_header = line_no;
                continue;
            }
            let Some(group) = groups.last_mut() else {
                return Err(err(
                    line_no,
                    "词条之前应先有分组标题 [名称 标记]",
                    "a term before any group header [name tag]",
                ));
            };
            let term = lexicon_text(line);
            if term.chars().count() > MAX_TERM_CHARS {
                return Err(err(
                    line_no,
                    format!("词条过长（最多{MAX_TERM_CHARS}字）"),
                    format!("term too long (at most {MAX_TERM_CHARS} characters)"),
                ));
            }
            if !group.terms.contains(&term) {
                group.terms.push(term);
            }
        }
        match groups.last() {
            None => return Err(err(1, "词库没有任何分组", "the lexicon has no group")),
            Some(g) if g.terms.is_empty() => {
                return Err(err(
                    last_header,
                    format!("分组“{}”没有词条", g.name),
                    format!("group `{}` has no terms", g.name),
                ));
            }
            Some(_) => {}
        }
        let patterns: Vec<(usize, String)> = groups
            .iter()
            .enumerate()
            .flat_map(|(gi, g)| g.terms.iter().map(move |t| (gi, t.clone())))
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns.iter().map(|(_, t)| t.as_str()))
            .map_err(|e| err(1, "词库无法编译", e.to_string()))?;
        Ok(Lexicon {
            groups,
            patterns,
            automaton,
        })
    }

    pub fn groups(&self) -> &[LexiconGroup] {
        &self.groups
    }

    /// Every distinct term of the lexicon found in `text` (overlapping matches included), in
    /// the order of the groups and then of first occurrence.
    pub fn find(&self, text: &str) -> Vec<LexiconHit> {
        let text = lexicon_text(text);
        let mut seen = vec![false; self.patterns.len()];
        let mut hits: Vec<(usize, usize, LexiconHit)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(&text) {
            let p = m.pattern().as_usize();
            if seen[p] {
                continue;
            }
            seen[p] = true;
            let (group, term) = &self.patterns[p];
            hits.push((
                *group,
                m.start(),
                LexiconHit {
                    group: *group,
                    term: term.clone(),
                },
            ));
        }
        hits.sort_by_key(|(g, start, _)| (*g, *start));
        hits.into_iter().map(|(_, _, h)| h).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# test\n[self_harm red]\n自杀\n跳楼\n\n[media yellow]\n曝光\nTV\n";

    #[test]
    fn finds_terms_across_spacing_width_and_case() {
        let lx = Lexicon::parse(SAMPLE).expect("parses");
        let hits = lx.find("如果不解决我就去跳 楼，还要找ｔｖ曝光");
        let found: Vec<(&str, &str)> = hits
            .iter()
            .map(|h| (lx.groups()[h.group].name.as_str(), h.term.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![("self_harm", "跳楼"), ("media", "tv"), ("media", "曝光")]
        );
        assert!(lx.find("孩子入学划片问题").is_empty());
    }

    #[test]
    fn overlapping_terms_are_all_found_once() {
        let lx = Lexicon::parse("[a x]\n自杀\n杀人\n").expect("parses");
        let hits = lx.find("自杀人自杀");
        assert_eq!(hits.len(), 2);
    }

    #[test]
    fn bad_files_name_the_line() {
        let cases = [
            ("自杀\n", 1),
            ("[self_harm]\n自杀\n", 1),
            ("[Self red]\n自杀\n", 1),
            ("[a red]\n[b red]\n自杀\n", 1),
            ("[a red]\n自杀\n[a red]\n跳楼\n", 3),
            ("# nothing\n", 1),
            ("[a red]\n自杀\n[b red\n", 3),
            ("[a red]\n自杀\n[b red]\n", 3),
        ];
        for (text, line) in cases {
            let e = Lexicon::parse(text).expect_err(text);
            assert_eq!(e.line, line, "{text}: {e}");
            assert!(!e.zh.is_empty());
        }
        let long = format!("[a red]\n{}\n", "字".repeat(MAX_TERM_CHARS + 1));
        assert_eq!(Lexicon::parse(&long).expect_err("long").line, 2);
    }
}
