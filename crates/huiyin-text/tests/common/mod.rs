//! Helpers shared by the integration tests.

use std::collections::HashSet;

use huiyin_text::{SearchQuery, is_cjk};

/// Evaluates `q` against index tokens as the database would: every term must
/// match, a term matching if its word is a token or, when it has bigrams, all
/// of them are tokens.
pub fn matches(index: &str, q: &SearchQuery) -> bool {
    let tokens: HashSet<&str> = index.split(' ').filter(|t| !t.is_empty()).collect();
    !q.terms.is_empty()
        && q.terms.iter().all(|t| {
            tokens.contains(t.word.as_str())
                || (!t.bigrams.is_empty() && t.bigrams.iter().all(|b| tokens.contains(b.as_str())))
        })
}

/// True if `token` holds only CJK ideographs, lowercase ASCII letters and
/// ASCII digits, and is not empty.
pub fn is_clean_token(token: &str) -> bool {
    !token.is_empty()
        && token
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || is_cjk(c))
}
