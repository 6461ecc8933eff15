//! Property tests: no panics, clean tokens, and index/query agreement.

mod common;

use common::{is_clean_token, matches};
use huiyin_text::seg::JIEBA;
use huiyin_text::{
    MAX_QUERY_TERMS, index_name_tokens, index_tokens, is_cjk, parse_query, simhash, to_fts5,
    to_tsquery,
};
use proptest::prelude::*;

/// Characters that stress the tokenizers: CJK, full-width forms, ASCII,
/// punctuation, whitespace, FTS5/tsquery syntax, other scripts, controls.
fn nasty_char() -> impl Strategy<Value = char> {
    prop_oneof![
        any::<char>(),
        proptest::char::range('\u{4E00}', '\u{9FFF}'),
        proptest::char::range('\u{FF01}', '\u{FF5E}'),
        proptest::char::range('\u{20000}', '\u{2000F}'),
        prop::sample::select(
            "\"'()*:&|!<>-^+ \t\n\u{3000}，。、“”：；？！…AZaz09éßКかア한"
                .chars()
                .collect::<Vec<_>>()
        ),
    ]
}

fn nasty_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(nasty_char(), 0..120).prop_map(|v| v.into_iter().collect()),
    ]
}

/// Strings over a small alphabet of common characters, so that jieba finds
/// dictionary words, HMM words and lone characters.
fn small_cjk_string() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> =
        "学区划分收费食堂孩子入学就近的了是老师校长工资教育局张伟明华不合理违规借读"
            .chars()
            .collect();
    prop::collection::vec(prop::sample::select(alphabet), 1..40)
        .prop_map(|v| v.into_iter().collect())
}

fn assert_clean(index: &str) -> Result<(), TestCaseError> {
    if index.is_empty() {
        return Ok(());
    }
    let tokens: Vec<&str> = index.split(' ').collect();
    for t in &tokens {
        prop_assert!(is_clean_token(t), "bad token {:?} in {:?}", t, index);
        prop_assert!(t.chars().count() <= huiyin_text::MAX_TOKEN_CHARS);
    }
    let mut unique = tokens.clone();
    unique.sort_unstable();
    unique.dedup();
    prop_assert_eq!(unique.len(), tokens.len(), "duplicates in {:?}", index);
    Ok(())
}

/// Only tokens, spaces, parentheses, quotes and the operators.
fn assert_clean_syntax(expr: &str, words: &[&str]) -> Result<(), TestCaseError> {
    let mut rest = expr.to_string();
    for w in words {
        rest = rest.replace(w, " ");
    }
    prop_assert!(
        rest.chars().all(|c| c.is_ascii_lowercase()
            || c.is_ascii_digit()
            || is_cjk(c)
            || " ()\"&|".contains(c)),
        "unexpected character in {:?}",
        expr
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn tokens_are_clean_for_any_input(s in nasty_string()) {
        assert_clean(&index_tokens(&s))?;
        assert_clean(&index_name_tokens(&s))?;
        let _ = simhash(&s);
    }

    #[test]
    fn queries_are_clean_for_any_input(s in nasty_string()) {
        let q = parse_query(&s);
        prop_assert!(q.terms.len() <= MAX_QUERY_TERMS);
        for t in &q.terms {
            prop_assert!(is_clean_token(&t.word), "bad word {:?}", t.word);
            for b in &t.bigrams {
                prop_assert!(is_clean_token(b) && b.chars().count() == 2, "bad bigram {:?}", b);
            }
        }
        let fts = to_fts5(&q);
        let tsq = to_tsquery(&q);
        prop_assert_eq!(fts.is_none(), q.terms.is_empty());
        prop_assert_eq!(tsq.is_none(), q.terms.is_empty());
        if let (Some(fts), Some(tsq)) = (fts, tsq) {
            assert_clean_syntax(&fts, &["AND", "OR"])?;
            assert_clean_syntax(&tsq, &[])?;
        }
    }

    /// Every word jieba finds in a text (accurate mode, HMM on or off) is
    /// found by searching for it; two-character words are the common case.
    #[test]
    fn every_jieba_word_finds_its_text(s in small_cjk_string()) {
        let index = index_tokens(&s);
        for hmm in [false, true] {
            for tok in JIEBA.cut(&s, hmm) {
                if tok.word.chars().count() >= 2 {
                    let q = parse_query(tok.word);
                    prop_assert!(
                        matches(&index, &q),
                        "word {:?} (hmm {}) of {:?}\nindex {:?}\nquery {:?}",
                        tok.word, hmm, s, index, q
                    );
                }
            }
        }
    }

    /// A two-character word hidden inside a longer word (`区划` in `学区划分`),
    /// or formed by a character jieba left alone with its neighbour (`张伟`
    /// from `张`/`伟`), is found by searching for it.
    #[test]
    fn bigrams_inside_words_and_around_lone_chars_are_found(s in small_cjk_string()) {
        let index = index_tokens(&s);
        let words = JIEBA.cut(&s, true);
        let chars: Vec<char> = s.chars().collect();
        let mut wanted: Vec<String> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let n = w.end - w.start;
            if n >= 3 {
                for k in w.start..w.end - 1 {
                    wanted.push(chars[k..k + 2].iter().collect());
                }
            }
            if n == 1 {
                if i > 0 {
                    wanted.push(chars[w.start - 1..=w.start].iter().collect());
                }
                if w.end < chars.len() {
                    wanted.push(chars[w.start..=w.end].iter().collect());
                }
            }
        }
        for b in &wanted {
            let q = parse_query(b);
            prop_assert!(
                matches(&index, &q),
                "bigram {:?} of {:?} {:?}\nindex {:?}\nquery {:?}",
                b, s, words.iter().map(|t| t.word).collect::<Vec<_>>(), index, q
            );
        }
    }

    /// Any name of two or more characters is found by searching for it.
    #[test]
    fn every_name_finds_itself(s in small_cjk_string().prop_filter("2+ chars", |s| s.chars().count() >= 2)) {
        let index = index_name_tokens(&s);
        let q = parse_query(&s);
        prop_assert!(matches(&index, &q), "name {:?}\nindex {:?}\nquery {:?}", s, index, q);
    }
}

/// Texts mixing CJK with punctuation, spaces, digits and letters.
fn mixed_string() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> =
        "学区划分收费食堂孩子入学就近的了是老师校长工资教育局作业负担过重张伟，。 、3A5"
            .chars()
            .collect();
    prop::collection::vec(prop::sample::select(alphabet), 1..40)
        .prop_map(|v| v.into_iter().collect())
}

/// The passages of `text` a search must find (issue 12): every substring whose CJK runs have
/// two or more characters each and whose ASCII runs are whole (the index holds a run of
/// letters or digits as one word, and a lone character only where jieba left it alone).
fn passages(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let ascii = |c: char| c.is_ascii_alphanumeric();
    let mut out = Vec::new();
    for a in 0..chars.len() {
        for b in a + 2..=chars.len().min(a + 10) {
            let cut_ascii = (a > 0 && ascii(chars[a - 1]) && ascii(chars[a]))
                || (b < chars.len() && ascii(chars[b - 1]) && ascii(chars[b]));
            if cut_ascii {
                continue;
            }
            let passage: String = chars[a..b].iter().collect();
            let short_run = passage
                .split(|c: char| !is_cjk(c))
                .any(|run| run.chars().count() == 1);
            let searchable = passage.chars().any(|c| is_cjk(c) || ascii(c));
            if !short_run && searchable {
                out.push(passage);
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Search finds what is written: every passage of a text is found by searching for it,
    /// however jieba segmented the text and the query (the substring oracle).
    #[test]
    fn every_passage_finds_its_text(s in mixed_string()) {
        let index = index_tokens(&s);
        for p in passages(&s) {
            let q = parse_query(&p);
            prop_assert!(
                matches(&index, &q),
                "passage {:?} of {:?}\nindex {:?}\nquery {:?}",
                p, s, index, q
            );
        }
    }
}
