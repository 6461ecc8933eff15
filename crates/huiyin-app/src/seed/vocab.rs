//! The demo texts' vocabulary, for `huiyin bench` to search with: drawn from the same
//! templates and name lists the generator fills in, so the benchmark's queries match what
//! the demo database holds (or, for the absent words, certainly do not).

use std::collections::{BTreeMap, BTreeSet};

use super::org::SCHOOL_NAMES;
use super::texts::{GIVEN, GRADES, MONTHS, PLACES, SURNAMES, TEMPLATES};

/// Search terms of the demo data, by how often they occur.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    /// Words (two or more CJK characters, as jieba cuts them) found in the most templates.
    pub common: Vec<String>,
    /// Words found in exactly one template (and in no slot value).
    pub rare: Vec<String>,
    /// Words that occur in no demo text, name or slot value.
    pub absent: Vec<String>,
    /// Four-character phrases of the templates: consecutive whole words, as jieba cuts them.
    pub phrases: Vec<String>,
    /// Person names as the generator makes them (surname and given name).
    pub names: Vec<String>,
    /// Places filled into the templates.
    pub places: Vec<String>,
}

/// Candidates for [`Vocabulary::absent`]; any found in a demo text is dropped.
const ABSENT: &[&str] = &[
    "量子计算",
    "火星探测",
    "区块链",
    "潜水艇",
    "冰川融化",
    "歌剧院",
    "股票期权",
    "熊猫基地",
    "航天员",
    "深海鱼类",
    "古生物",
    "天文台",
];

/// How many templates a word must be in to count as common, at least.
const COMMON_MIN_TEMPLATES: usize = 3;

fn all_cjk(s: &str) -> bool {
    !s.is_empty() && s.chars().all(huiyin_text::is_cjk)
}

/// The vocabulary of the demo generator's texts (deterministic).
pub fn bench_vocabulary() -> Vocabulary {
    // Each template's three texts with the slots blanked out.
    let docs: Vec<String> = TEMPLATES
        .iter()
        .flat_map(|(_, ts)| ts.iter())
        .map(|(t, c, d)| {
            let mut s = format!("{t}。{c}。{d}");
            for slot in [
                "{school}",
                "{place}",
                "{amount}",
                "{grade}",
                "{teacher}",
                "{month}",
            ] {
                s = s.replace(slot, "，");
            }
            s
        })
        .collect();
    let slot_values: Vec<&str> = PLACES
        .iter()
        .chain(GRADES)
        .chain(MONTHS)
        .chain(SCHOOL_NAMES)
        .copied()
        .collect();
    let mut df: BTreeMap<String, usize> = BTreeMap::new();
    let mut phrases = BTreeSet::new();
    for doc in &docs {
        let segmented = huiyin_text::segment(doc);
        let words: BTreeSet<&str> = segmented
            .iter()
            .copied()
            .filter(|w| all_cjk(w) && w.chars().count() >= 2 && !huiyin_text::seg::is_stop_word(w))
            .collect();
        for w in words {
            *df.entry(w.to_owned()).or_default() += 1;
        }
        // Whole consecutive words making four characters (学区 + 划分, 违规 + 收取).
        for (i, _) in segmented.iter().enumerate() {
            let mut phrase = String::new();
            for w in &segmented[i..] {
                if !all_cjk(w) || phrase.chars().count() + w.chars().count() > 4 {
                    break;
                }
                phrase.push_str(w);
            }
            if phrase.chars().count() == 4 {
                phrases.insert(phrase);
            }
        }
    }
    let mut by_count: Vec<(&String, &usize)> = df.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let common = by_count
        .iter()
        .filter(|(_, n)| **n >= COMMON_MIN_TEMPLATES)
        .take(20)
        .map(|(w, _)| (*w).clone())
        .collect();
    let rare = by_count
        .iter()
        .filter(|(w, n)| **n == 1 && !slot_values.iter().any(|v| v.contains(w.as_str())))
        .map(|(w, _)| (*w).clone())
        .collect();
    let names: Vec<String> = SURNAMES
        .iter()
        .flat_map(|s| GIVEN.iter().map(move |g| format!("{s}{g}")))
        .collect();
    let absent = ABSENT
        .iter()
        .filter(|w| {
            !docs.iter().any(|d| d.contains(*w))
                && !slot_values.iter().any(|v| v.contains(*w))
                && !names.iter().any(|n| w.contains(n.as_str()))
        })
        .map(|w| (*w).to_owned())
        .collect();
    Vocabulary {
        common,
        rare,
        absent,
        phrases: phrases.into_iter().collect(),
        names,
        places: PLACES.iter().map(|p| (*p).to_owned()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_filled_and_absent_words_are_absent() {
        let v = bench_vocabulary();
        assert!(v.common.len() >= 5, "{:?}", v.common);
        assert!(v.rare.len() >= 20, "{:?}", v.rare);
        assert!(v.absent.len() >= 8, "{:?}", v.absent);
        assert!(v.phrases.iter().all(|p| p.chars().count() == 4));
        assert!(v.phrases.len() >= 50);
        assert_eq!(v.names.len(), SURNAMES.len() * GIVEN.len());
        assert!(v.common.iter().all(|w| !v.rare.contains(w)));
    }
}
