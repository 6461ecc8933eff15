//! The signals a registration raises, judged from what the registration already knows (its
//! flags, its size, where it was received, the person's earlier petitions, the lexicon's
//! matches), so they can be written in the registration's own transaction and never be lost.
//! Signals that need history across cases (`cluster`, `spike`) come from the scan job.

use std::collections::BTreeSet;

use super::{WarningKind, WarningLevel, WarningRules};
use crate::case::Flag;

/// Terms of one lexicon group found in a petition's texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SensitiveMatch {
    /// The group's name (`self_harm`, `beijing`, …).
    pub group: String,
    pub level: WarningLevel,
    pub terms: Vec<String>,
}

/// The name of the lexicon group whose words say the petitioner will go to Beijing.
pub const BEIJING_GROUP: &str = "beijing";

/// What a registration knows that the signals read.
#[derive(Clone, Debug)]
pub struct RegistrationFacts<'a> {
    pub flags: &'a BTreeSet<Flag>,
    pub people_count: u32,
    /// Received by a national body (the ministry): a Beijing petition (进京访).
    pub received_at_ministry: bool,
    pub receiving_unit: &'a str,
    pub concerned_unit: &'a str,
    pub category: &'a str,
    /// The person's earlier petitions on the same matter (those that made it a repeat).
    pub same_matter_before: u32,
    pub sensitive: &'a [SensitiveMatch],
}

/// One signal, with the explanation a clerk reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RaisedSignal {
    pub kind: WarningKind,
    pub level: WarningLevel,
    pub zh: String,
    pub en: String,
}

fn terms_of(matches: &[&SensitiveMatch]) -> (String, String) {
    let zh = matches
        .iter()
        .map(|m| m.terms.join("、"))
        .collect::<Vec<_>>()
        .join("；");
    let en = matches
        .iter()
        .map(|m| format!("{}: {}", m.group, m.terms.join(", ")))
        .collect::<Vec<_>>()
        .join("; ");
    (zh, en)
}

/// The signals of one registration, at most one per kind.
pub fn signals_at_registration(f: &RegistrationFacts, rules: &WarningRules) -> Vec<RaisedSignal> {
    use WarningLevel::*;
    let mut out = Vec::new();
    let about = format!("{}，{}", f.concerned_unit, f.category);
    let about_en = format!("{}, {}", f.concerned_unit, f.category);
    if f.flags.contains(&Flag::Collective) {
        out.push(RaisedSignal {
            kind: WarningKind::Collective,
            level: rules.collective_level(f.people_count),
            zh: format!("集体访：{}人，{about}", f.people_count),
            en: format!("Collective visit: {} people, {about_en}", f.people_count),
        });
    }
    let (beijing, sensitive): (Vec<&SensitiveMatch>, Vec<&SensitiveMatch>) =
        f.sensitive.iter().partition(|m| m.group == BEIJING_GROUP);
    if f.received_at_ministry || !beijing.is_empty() {
        let (zh, en) = if f.received_at_ministry {
            (
                format!("进京访：{}受理，{about}", f.receiving_unit),
                format!(
                    "Beijing petition: received by {}, {about_en}",
                    f.receiving_unit
                ),
            )
        } else {
            let (t, te) = terms_of(&beijing);
            (
                format!("信访人表示将进京（{t}），{about}"),
                format!("The petitioner speaks of going to Beijing ({te}), {about_en}"),
            )
        };
        let level = beijing.iter().map(|m| m.level).max().unwrap_or(Orange);
        out.push(RaisedSignal {
            kind: WarningKind::Beijing,
            level: if f.received_at_ministry { Red } else { level },
            zh,
            en,
        });
    }
    if f.flags.contains(&Flag::SkipLevel) && !f.received_at_ministry {
        out.push(RaisedSignal {
            kind: WarningKind::SkipLevel,
            level: Yellow,
            zh: format!("越级访：向{}反映{about}", f.receiving_unit),
            en: format!(
                "Skip-level petition: brought to {} about {about_en}",
                f.receiving_unit
            ),
        });
    }
    let minor = f.flags.contains(&Flag::Sensitive);
    if !sensitive.is_empty() || minor {
        let (mut zh, mut en) = terms_of(&sensitive);
        if minor {
            if !zh.is_empty() {
                zh.push('；');
                en.push_str("; ");
            }
            zh.push_str("涉及未成年人");
            en.push_str("involves a minor");
        }
        let level = sensitive.iter().map(|m| m.level).max().unwrap_or(Yellow);
        out.push(RaisedSignal {
            kind: WarningKind::Sensitive,
            level,
            zh: format!("敏感信息：{zh}，{about}"),
            en: format!("Sensitive content ({en}), {about_en}"),
        });
    }
    if f.flags.contains(&Flag::AfterFinal) {
        out.push(RaisedSignal {
            kind: WarningKind::Repeat,
            level: Yellow,
            zh: format!("复核终结后就同一事实和理由再次信访，{about}"),
            en: format!("Petitions again on facts and reasons final after re-review, {about_en}"),
        });
    } else if f.flags.contains(&Flag::Repeat) {
        let n = f.same_matter_before;
        let habitual = n >= rules.habitual_after;
        out.push(RaisedSignal {
            kind: WarningKind::Repeat,
            level: if habitual { Yellow } else { Blue },
            zh: format!(
                "重复信访：同一事项此前已反映{n}次{}，{about}",
                if habitual { "（多次重复）" } else { "" }
            ),
            en: format!("Repeat petition: {n} earlier on the same matter, {about_en}"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(
        flags: &'a BTreeSet<Flag>,
        sensitive: &'a [SensitiveMatch],
    ) -> RegistrationFacts<'a> {
        RegistrationFacts {
            flags,
            people_count: 1,
            received_at_ministry: false,
            receiving_unit: "某市教育局",
            concerned_unit: "某区第一小学",
            category: "收费",
            same_matter_before: 0,
            sensitive,
        }
    }

    fn kinds(s: &[RaisedSignal]) -> Vec<(WarningKind, WarningLevel)> {
        s.iter().map(|s| (s.kind, s.level)).collect()
    }

    #[test]
    fn an_ordinary_petition_raises_nothing() {
        let flags = BTreeSet::new();
        assert!(signals_at_registration(&facts(&flags, &[]), &WarningRules::default()).is_empty());
    }

    #[test]
    fn a_collective_visit_is_levelled_by_size_and_explained() {
        let flags = BTreeSet::from([Flag::Collective]);
        let mut f = facts(&flags, &[]);
        f.people_count = 12;
        let s = signals_at_registration(&f, &WarningRules::default());
        assert_eq!(
            kinds(&s),
            vec![(WarningKind::Collective, WarningLevel::Yellow)]
        );
        assert!(s[0].zh.contains("12人") && s[0].zh.contains("某区第一小学"));
    }

    #[test]
    fn lexicon_groups_split_into_beijing_and_sensitive() {
        let flags = BTreeSet::new();
        let m = vec![
            SensitiveMatch {
                group: "self_harm".into(),
                level: WarningLevel::Red,
                terms: vec!["跳楼".into()],
            },
            SensitiveMatch {
                group: BEIJING_GROUP.into(),
                level: WarningLevel::Orange,
                terms: vec!["进京".into()],
            },
        ];
        let s = signals_at_registration(&facts(&flags, &m), &WarningRules::default());
        assert_eq!(
            kinds(&s),
            vec![
                (WarningKind::Beijing, WarningLevel::Orange),
                (WarningKind::Sensitive, WarningLevel::Red)
            ]
        );
        assert!(s[1].zh.contains("跳楼"));
    }

    #[test]
    fn received_at_the_ministry_is_a_red_beijing_petition_not_a_skip_level_one() {
        let flags = BTreeSet::from([Flag::SkipLevel]);
        let mut f = facts(&flags, &[]);
        f.received_at_ministry = true;
        let s = signals_at_registration(&f, &WarningRules::default());
        assert_eq!(kinds(&s), vec![(WarningKind::Beijing, WarningLevel::Red)]);
    }

    #[test]
    fn repeats_become_habitual_and_a_minor_is_sensitive() {
        let flags = BTreeSet::from([Flag::Repeat, Flag::Sensitive, Flag::SkipLevel]);
        let mut f = facts(&flags, &[]);
        f.same_matter_before = 3;
        let s = signals_at_registration(&f, &WarningRules::default());
        assert_eq!(
            kinds(&s),
            vec![
                (WarningKind::SkipLevel, WarningLevel::Yellow),
                (WarningKind::Sensitive, WarningLevel::Yellow),
                (WarningKind::Repeat, WarningLevel::Yellow)
            ]
        );
        f.same_matter_before = 1;
        let s = signals_at_registration(&f, &WarningRules::default());
        assert_eq!(s[2].level, WarningLevel::Blue);
    }
}
