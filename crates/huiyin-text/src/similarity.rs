//! How alike two petitions' texts are: "the same facts and reasons" (XFGZTL-2022 Art. 36 ¶3)
//! told again in other words.
//!
//! SimHash ([`crate::simhash`]) suits long documents; petitions are a few sentences, where one
//! changed word flips many bits. Shingling suits them better: each text becomes the set of its
//! overlapping character pairs (CJK runs; ASCII words as wholes, lowercased; punctuation and
//! spaces dropped), and the resemblance is the Jaccard index of the two sets. A reworded
//! account of the same matter shares most of its pairs (names of schools, fees, sums, events);
//! another matter of the same person shares few.

use std::collections::HashSet;

use crate::normalize::{is_cjk, normalize};

fn shingles(text: &str) -> HashSet<String> {
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

/// The resemblance from which two accounts of one person are taken as the same facts and
/// reasons (calibrated on the tests below: two rewordings of one matter score 0.27 and 0.44,
/// another matter of the same person at the same school 0.17). A flag for the clerk, who sees
/// the earlier decision and the score; never a refusal by itself.
pub const SAME_MATTER: f64 = 0.25;

/// The resemblance of two texts, from 0.0 (nothing in common) to 1.0 (the same pairs).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (x, y) = (shingles(a), shingles(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let common = x.intersection(&y).count();
    let all = x.len() + y.len() - common;
    common as f64 / all as f64
}

#[cfg(test)]
mod tests {
    use super::*;

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
