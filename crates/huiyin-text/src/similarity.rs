//! How alike two petitions' texts are: "the same facts and reasons" (XFGZTL-2022 Art. 36 ¶3)
//! told again in other words.
//!
//! SimHash ([`crate::simhash`]) suits long documents; petitions are a few sentences, where one
//! changed word flips many bits. Shingling suits them better: each text becomes the set of its
//! overlapping character pairs (CJK runs; ASCII words as wholes, lowercased; punctuation and
//! spaces dropped), and the resemblance is the Jaccard index of the two sets. A reworded
//! account of the same matter shares most of its pairs (names of schools, fees, sums, events);
//! another matter of the same person shares few.

use crate::normalize::{is_cjk, normalize};

/// The shingles of one text, each as a number: a pair of CJK characters (or the one character
/// of a run of one) exactly, an ASCII word by a 62-bit hash; sorted and without repeats. Built
/// once, compared with many (the `cluster` signal compares a new petition with up to 300
/// recent ones at every registration: rebuilding the new text's set as strings for each
/// comparison cost more CPU than everything else a registration does).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shingles(Vec<u64>);

const PAIR: u64 = 1 << 62;
const SINGLE: u64 = 2 << 62;
const WORD: u64 = 3 << 62;

/// FNV-1a over the word's bytes, kept to 62 bits below the tag.
fn word_key(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in word.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    WORD | (h & ((1 << 62) - 1))
}

impl Shingles {
    /// The overlapping character pairs of the text's CJK runs and its ASCII words (lowercased;
    /// punctuation and spaces dropped), after normalisation.
    pub fn of(text: &str) -> Shingles {
        let norm = normalize(text);
        let mut out: Vec<u64> = Vec::new();
        let mut run: Vec<char> = Vec::new();
        let mut word = String::new();
        let flush_run = |run: &mut Vec<char>, out: &mut Vec<u64>| {
            if run.len() == 1 {
                out.push(SINGLE | u64::from(run[0]));
            }
            for pair in run.windows(2) {
                out.push(PAIR | (u64::from(pair[0]) << 21) | u64::from(pair[1]));
            }
            run.clear();
        };
        let flush_word = |word: &mut String, out: &mut Vec<u64>| {
            if !word.is_empty() {
                out.push(word_key(word));
                word.clear();
            }
        };
        for c in norm.chars() {
            if is_cjk(c) {
                flush_word(&mut word, &mut out);
                run.push(c);
            } else if c.is_ascii_alphanumeric() {
                flush_run(&mut run, &mut out);
                word.push(c.to_ascii_lowercase());
            } else {
                flush_run(&mut run, &mut out);
                flush_word(&mut word, &mut out);
            }
        }
        flush_run(&mut run, &mut out);
        flush_word(&mut word, &mut out);
        out.sort_unstable();
        out.dedup();
        Shingles(out)
    }

    /// The shingles, sorted and without repeats.
    pub(crate) fn values(&self) -> &[u64] {
        &self.0
    }

    /// The Jaccard index of the two sets, from 0.0 (nothing in common, or either empty) to
    /// 1.0 (the same shingles).
    pub fn similarity(&self, other: &Shingles) -> f64 {
        let (x, y) = (&self.0, &other.0);
        if x.is_empty() || y.is_empty() {
            return 0.0;
        }
        let (mut i, mut j, mut common) = (0, 0, 0usize);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        common as f64 / (x.len() + y.len() - common) as f64
    }
}

/// The resemblance from which two accounts of one person are taken as the same facts and
/// reasons (calibrated on the tests below: two rewordings of one matter score 0.27 and 0.44,
/// another matter of the same person at the same school 0.17). A flag for the clerk, who sees
/// the earlier decision and the score; never a refusal by itself.
pub const SAME_MATTER: f64 = 0.25;

/// The resemblance of two texts, from 0.0 (nothing in common) to 1.0 (the same pairs).
pub fn similarity(a: &str, b: &str) -> f64 {
    Shingles::of(a).similarity(&Shingles::of(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The shingles as strings, as they were built before [`Shingles`]: the oracle.
    fn string_shingles(text: &str) -> HashSet<String> {
        let norm = normalize(text);
        let mut out = HashSet::new();
        let mut run: Vec<char> = Vec::new();
        let mut word = String::new();
        let flush_run = |run: &mut Vec<char>, out: &mut HashSet<String>| {
            if run.len() == 1 {
                out.insert(run[0].to_string());
            }
            for pair in run.windows(2) {
                out.insert(pair.iter().collect());
            }
            run.clear();
        };
        for c in norm.chars() {
            if is_cjk(c) {
                if !word.is_empty() {
                    out.insert(std::mem::take(&mut word));
                }
                run.push(c);
            } else if c.is_ascii_alphanumeric() {
                flush_run(&mut run, &mut out);
                word.push(c.to_ascii_lowercase());
            } else {
                flush_run(&mut run, &mut out);
                if !word.is_empty() {
                    out.insert(std::mem::take(&mut word));
                }
            }
        }
        flush_run(&mut run, &mut out);
        if !word.is_empty() {
            out.insert(word);
        }
        out
    }

    fn string_similarity(a: &str, b: &str) -> f64 {
        let (x, y) = (string_shingles(a), string_shingles(b));
        if x.is_empty() || y.is_empty() {
            return 0.0;
        }
        let common = x.intersection(&y).count();
        common as f64 / (x.len() + y.len() - common) as f64
    }

    #[test]
    fn numeric_shingles_score_exactly_as_the_strings_did() {
        let texts = [
            FEES,
            "我孩子借读于某区第一小学，被学校收了3000元借读费，收费依据从未公示，请求退还借读费。",
            "我是某区第一小学教师，学校拖欠我绩效工资两年，要求补发。",
            "ＡＢＣ收费 abc 收费 Abc123 x y z 学",
            "学",
            "a",
            "",
            "。，！",
            "反映学生作业负担过重 homework 负担 HOMEWORK 2026年9月",
            "食堂卫生差，孩子吃坏肚子（Grade 3 班），要求整改",
        ];
        for a in texts {
            let shingles = Shingles::of(a);
            assert_eq!(shingles.0.len(), string_shingles(a).len(), "{a}");
            for b in texts {
                let (new, old) = (similarity(a, b), string_similarity(a, b));
                assert!((new - old).abs() < 1e-12, "{a} / {b}: {new} vs {old}");
                assert!((shingles.similarity(&Shingles::of(b)) - old).abs() < 1e-12);
            }
        }
    }

    const FEES: &str = "孩子在某区第一小学借读，学校收取借读费3000元，没有公示收费依据，要求退还。";

    #[test]
    fn identical_texts_are_alike_and_empty_ones_are_not() {
        assert!((similarity(FEES, FEES) - 1.0).abs() < 1e-9);
        assert_eq!(similarity("", FEES), 0.0);
        assert_eq!(similarity("。，", "！"), 0.0);
    }

    #[test]
    fn a_reworded_account_is_closer_than_another_matter() {
        let reworded =
            "我孩子借读于某区第一小学，被学校收了3000元借读费，收费依据从未公示，请求退还借读费。";
        let loosely = "反映某区第一小学违规收取借读费三千元的问题，此前已经复核，仍要求退费。孩子在该校借读。";
        let other = "我是某区第一小学教师，学校拖欠我绩效工资两年，要求补发。";
        assert!(similarity(FEES, loosely) >= SAME_MATTER);
        let same = similarity(FEES, reworded);
        let different = similarity(FEES, other);
        assert!(same >= SAME_MATTER, "reworded: {same}");
        assert!(different <= 0.2, "other matter: {different}");
        assert!(same >= 2.0 * different, "{same} vs {different}");
    }

    #[test]
    fn full_width_and_case_do_not_matter() {
        assert!((similarity("ＡＢＣ收费", "abc收费") - 1.0).abs() < 1e-9);
    }
}
