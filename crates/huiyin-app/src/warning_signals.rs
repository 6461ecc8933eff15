//! The signals a registration raises, as warnings written in its own transaction: the
//! sensitive-word lexicon (data: `huiyin-core/data/sensitive_lexicon.txt`, or the office's own
//! file) matched over the petition's texts, and the facts the registration already has.

use std::collections::BTreeSet;

use huiyin_core::case::{CaseId, Flag};
use huiyin_core::error::{DomainError, ErrorCode};
use huiyin_core::org::{OrgTree, UnitId, UnitKind};
use huiyin_core::policy::body_above_walls;
use huiyin_core::warning::{
    RegistrationFacts, SensitiveMatch, WarningLevel, WarningRules, signals_at_registration,
};
use huiyin_store::NewWarning;
use huiyin_text::Lexicon;

/// The lexicon shipped with Huiyin.
pub const DEFAULT_LEXICON: &str = include_str!("../../huiyin-core/data/sensitive_lexicon.txt");

/// A lexicon whose every group carries a warning level.
#[derive(Clone, Debug)]
pub struct SensitiveLexicon {
    lexicon: Lexicon,
    levels: Vec<WarningLevel>,
}

impl SensitiveLexicon {
    /// Reads a lexicon file; a file that does not parse, or a group whose tag is not a level,
    /// is `lexicon.invalid` with the line.
    pub fn parse(text: &str) -> Result<SensitiveLexicon, DomainError> {
        let invalid = |line: usize, zh: &str, en: &str| {
            DomainError::new(ErrorCode::LexiconInvalid).with(
                "lexicon",
                format!("第{line}行：{zh}"),
                format!("line {line}: {en}"),
            )
        };
        let lexicon = Lexicon::parse(text).map_err(|e| invalid(e.line, &e.zh, &e.en))?;
        let mut levels = Vec::new();
        for g in lexicon.groups() {
            let Some(level) = WarningLevel::parse(&g.tag) else {
                let line = text
                    .lines()
                    .position(|l| l.trim().starts_with('[') && l.contains(&g.name))
                    .map_or(1, |i| i + 1);
                return Err(invalid(
                    line,
                    &format!(
                        "分组“{}”的级别“{}”应为 blue、yellow、orange 或 red",
                        g.name, g.tag
                    ),
                    &format!(
                        "group `{}`: level `{}` is not blue, yellow, orange or red",
                        g.name, g.tag
                    ),
                ));
            };
            levels.push(level);
        }
        Ok(SensitiveLexicon { lexicon, levels })
    }

    /// The groups found in `text`, each with its terms.
    pub fn find(&self, text: &str) -> Vec<SensitiveMatch> {
        let mut out: Vec<SensitiveMatch> = Vec::new();
        for hit in self.lexicon.find(text) {
            let g = &self.lexicon.groups()[hit.group];
            match out.iter_mut().find(|m| m.group == g.name) {
                Some(m) => m.terms.push(hit.term),
                None => out.push(SensitiveMatch {
                    group: g.name.clone(),
                    level: self.levels[hit.group],
                    terms: vec![hit.term],
                }),
            }
        }
        out
    }
}

/// What a registration tells the signals about itself.
pub(crate) struct Registering<'a> {
    pub flags: &'a BTreeSet<Flag>,
    pub people_count: u32,
    pub receiving_unit_id: UnitId,
    pub concerned_unit_id: UnitId,
    pub category_label: &'a str,
    pub texts: &'a str,
    pub repeats: usize,
    /// The accused unit of an accusation (the whistleblower firewall's wall).
    pub accused_unit_id: Option<UnitId>,
}

/// The warnings of one registration, each owned by the receiving unit's body and due for
/// acknowledgement by its level's deadline.
pub(crate) fn registration_warnings(
    r: &Registering,
    org: &OrgTree,
    lexicon: &SensitiveLexicon,
    rules: &WarningRules,
    now_ms: i64,
) -> Vec<NewWarning> {
    let name = |id: UnitId| org.get(id).map(|u| u.name.clone()).unwrap_or_default();
    let body = org
        .competent_body(r.receiving_unit_id)
        .map_or(r.receiving_unit_id, |u| u.id);
    // An accusation's warning is never owned by the accused unit (nor a unit inside it): it
    // goes to the first body above the wall, which is who may handle the case.
    let accused: Vec<UnitId> = r.accused_unit_id.into_iter().collect();
    let body = body_above_walls(org, body, &accused);
    let sensitive = lexicon.find(r.texts);
    let receiving = name(body);
    let concerned = name(r.concerned_unit_id);
    let facts = RegistrationFacts {
        flags: r.flags,
        people_count: r.people_count,
        received_at_ministry: org.get(body).is_some_and(|u| u.kind == UnitKind::Ministry),
        receiving_unit: &receiving,
        concerned_unit: &concerned,
        category: r.category_label,
        same_matter_before: u32::try_from(r.repeats).unwrap_or(u32::MAX),
        sensitive: &sensitive,
    };
    signals_at_registration(&facts, rules)
        .into_iter()
        .map(|s| NewWarning {
            kind: s.kind,
            level: s.level,
            unit_id: body,
            explanation_zh: s.zh,
            explanation_en: s.en,
            acknowledge_due_at: now_ms + rules.acknowledge_within_ms(s.level),
            other_case_ids: Vec::new(),
            join_warning_id: None,
            join_move: None,
            unique_key: None,
            notify: Vec::new(),
        })
        .collect()
}

/// The key of a warning raised once per case and kind after registration.
pub(crate) fn case_key(case_id: CaseId, kind: &str) -> String {
    format!("case:{case_id}:{kind}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_parses() {
        let lx = SensitiveLexicon::parse(DEFAULT_LEXICON).expect("the shipped lexicon parses");
        let found = lx.find("再不解决我就从教学楼跳楼，还要找记者曝光");
        let groups: Vec<&str> = found.iter().map(|m| m.group.as_str()).collect();
        assert_eq!(groups, vec!["self_harm", "media"]);
        assert_eq!(found[0].level, WarningLevel::Red);
    }

    #[test]
    fn bullying_is_found_without_the_compound_word() {
        // The benchmark's ordinary history says "在校遭受欺凌"; the lexicon once held only
        // "校园欺凌" and missed it (issue 13 item 6).
        let lx = SensitiveLexicon::parse(DEFAULT_LEXICON).expect("the shipped lexicon parses");
        for text in [
            "反映孩子在校遭受欺凌",
            "孩子多次被同学欺凌",
            "学校发生校园欺凌",
        ] {
            let found = lx.find(text);
            let groups: Vec<&str> = found.iter().map(|m| m.group.as_str()).collect();
            assert_eq!(groups, vec!["minor_safety"], "{text}");
        }
    }

    #[test]
    fn a_group_without_a_level_names_its_line() {
        let e = SensitiveLexicon::parse("[a red]\n自杀\n\n[b urgent]\n曝光\n").expect_err("bad");
        assert_eq!(e.code, ErrorCode::LexiconInvalid);
        let (field, msg) = &e.fields[0];
        assert_eq!(field, "lexicon");
        assert!(msg.en.starts_with("line 4:"), "{}", msg.en);
    }
}
