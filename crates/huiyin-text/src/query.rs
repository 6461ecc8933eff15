//! Query side: user input to a [`SearchQuery`], rendered for FTS5 or tsquery.

use crate::normalize::{Kind, Piece, bigrams, is_cjk, normalize, pieces, truncate_chars};
use crate::seg::{JIEBA, is_stop_char};
use crate::{MAX_QUERY_CHARS, MAX_QUERY_TERMS, MAX_TOKEN_CHARS};

/// A parsed search: a document matches if it matches every term.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub terms: Vec<QueryTerm>,
}

/// One query term. A document's index tokens (from [`crate::index_tokens`] or
/// [`crate::index_name_tokens`]) match it if they contain `word`, or if
/// `bigrams` is non-empty and they contain all of `bigrams`.
///
/// `bigrams` are the overlapping two-character substrings of `word` when it
/// is a CJK word of three or more characters (so the word is found where the
/// index split it differently or holds it inside a longer word), and empty
/// otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    pub word: String,
    pub bigrams: Vec<String>,
}

impl QueryTerm {
    fn cjk(word: &str) -> Self {
        let mut grams: Vec<String> = Vec::new();
        if word.chars().nth(2).is_some() {
            bigrams(word, |b| {
                if !grams.iter().any(|g| g == b) {
                    grams.push(b.to_string());
                }
            });
        }
        QueryTerm {
            word: truncate_chars(word, MAX_TOKEN_CHARS).to_string(),
            bigrams: grams,
        }
    }

    fn ascii(word: &str) -> Self {
        let word = &word[..word.len().min(MAX_TOKEN_CHARS)];
        QueryTerm {
            word: word.to_ascii_lowercase(),
            bigrams: Vec::new(),
        }
    }
}

impl SearchQuery {
    /// True when there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// Parses user input into a [`SearchQuery`].
///
/// The input is [`normalize`]d, cut to [`MAX_QUERY_CHARS`] characters and
/// segmented with jieba in accurate mode, HMM off. Each CJK word and each ASCII
/// word (lowercased) becomes a term; every other character is dropped.
///
/// Single CJK characters need care, because the index holds a lone character
/// only where jieba left it on its own:
///
/// * two or more adjacent single characters form one term: `张`/`伟` gives
///   the term `张伟`;
/// * a lone character next to a longer word becomes the bigram it forms with
///   that word's nearest character (`借读`/`费` gives `借读` and `读费`), a
///   form the index holds whether the text has `借读费` as one word or as
///   `借读`/`费`;
/// * a lone function character ([`crate::seg::STOP_CHARS`], `的`, `了`, …),
///   and a lone character glued to letters or digits (`费` of `费3000`), is
///   dropped, unless the query has nothing else;
/// * otherwise (a query of one CJK character, or a character standing alone
///   between spaces or punctuation) the character is kept as a term. It only
///   matches texts where jieba also left it on its own, so e.g. `工` does not
///   find `农民工`; callers wanting substring search for such queries must
///   fall back to `LIKE`.
///
/// At most [`MAX_QUERY_TERMS`] terms are kept; duplicate terms are removed.
pub fn parse_query(q: &str) -> SearchQuery {
    let norm = normalize(q);
    let norm = truncate_chars(&norm, MAX_QUERY_CHARS);
    let words = JIEBA.cut(norm, false);
    let mut ps: Vec<Piece<'_>> = Vec::new();
    for w in &words {
        pieces(w.word, w.byte_start, |p| ps.push(p));
    }
    let adjacent = |a: &Piece<'_>, b: &Piece<'_>| {
        a.kind == Kind::Cjk && b.kind == Kind::Cjk && a.end() == b.start
    };

    // (term, droppable)
    let mut cands: Vec<(QueryTerm, bool)> = Vec::new();
    let mut i = 0;
    while i < ps.len() {
        let p = ps[i];
        if p.kind == Kind::Ascii {
            let term = QueryTerm::ascii(p.text);
            // A scope or key token is the store's or the app's, never a word to look for.
            if !crate::is_reserved_word(&term.word) {
                cands.push((term, false));
            }
            i += 1;
            continue;
        }
        if p.chars >= 2 {
            cands.push((QueryTerm::cjk(p.text), false));
            i += 1;
            continue;
        }
        // A run of adjacent single characters starting at `i`.
        let mut j = i + 1;
        while j < ps.len() && ps[j].chars == 1 && adjacent(&ps[j - 1], &ps[j]) {
            j += 1;
        }
        if j - i >= 2 {
            cands.push((QueryTerm::cjk(&norm[p.start..ps[j - 1].end()]), false));
        } else if p.text.chars().any(is_stop_char) {
            cands.push((QueryTerm::cjk(p.text), true));
        } else if i > 0 && adjacent(&ps[i - 1], &p) {
            let prev = norm[..p.start]
                .chars()
                .next_back()
                .map_or(0, char::len_utf8);
            cands.push((QueryTerm::cjk(&norm[p.start - prev..p.end()]), false));
        } else if j < ps.len() && adjacent(&p, &ps[j]) {
            let next = norm[p.end()..].chars().next().map_or(0, char::len_utf8);
            cands.push((QueryTerm::cjk(&norm[p.start..p.end() + next]), false));
        } else {
            // A lone character glued to letters or digits (`费` of `费3000`) is a token
            // only where jieba left it alone in the text: then ask for the rest only.
            cands.push((QueryTerm::cjk(p.text), touches_ascii(&ps, i)));
        }
        i = j;
    }

    let keep_droppable = cands.iter().all(|(_, droppable)| *droppable);
    let mut terms: Vec<QueryTerm> = Vec::new();
    for (term, droppable) in cands {
        if (keep_droppable || !droppable) && !terms.iter().any(|t| t.word == term.word) {
            terms.push(term);
        }
    }
    terms.truncate(MAX_QUERY_TERMS);
    SearchQuery { terms }
}

/// True if the piece at `i` is glued (no space or punctuation between) to an
/// ASCII piece before or after it.
fn touches_ascii(ps: &[Piece<'_>], i: usize) -> bool {
    let p = &ps[i];
    let before = i > 0 && ps[i - 1].kind == Kind::Ascii && ps[i - 1].end() == p.start;
    let after = ps
        .get(i + 1)
        .is_some_and(|n| n.kind == Kind::Ascii && n.start == p.end());
    before || after
}

/// True if `token` can be written into FTS5 or tsquery syntax unescaped: it
/// is non-empty and holds only CJK ideographs and ASCII letters/digits.
fn is_token(token: &str) -> bool {
    !token.is_empty()
        && token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || is_cjk(c))
}

/// Renders the query with `and`/`or` joiners and a token formatter; `None`
/// when no term is usable. Terms from [`parse_query`] always are; a
/// hand-built term whose word is not a valid token is skipped, and its
/// bigram alternative is ignored if any bigram is invalid.
fn render(q: &SearchQuery, and: &str, or: &str, tok: impl Fn(&str) -> String) -> Option<String> {
    let parts: Vec<String> = q
        .terms
        .iter()
        .filter(|t| is_token(&t.word))
        .map(|t| {
            if t.bigrams.is_empty() || !t.bigrams.iter().all(|b| is_token(b)) {
                tok(&t.word)
            } else {
                let all: Vec<String> = t.bigrams.iter().map(|b| tok(b)).collect();
                format!("({}{or}({}))", tok(&t.word), all.join(and))
            }
        })
        .collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join(and))
    }
}

/// The query as an SQLite FTS5 `MATCH` expression, every token in double
/// quotes: `"学区" AND ("学区划分" OR ("学区" AND "区划" AND "划分"))`.
/// `None` when the query has no usable terms (do not run the search).
pub fn to_fts5(q: &SearchQuery) -> Option<String> {
    render(q, " AND ", " OR ", |t| format!("\"{t}\""))
}

/// The query as a PostgreSQL tsquery for `to_tsquery('simple', $1)` (not
/// `plainto_tsquery`, which would ignore the operators):
/// `学区 & (学区划分 | (学区 & 区划 & 划分))`. `None` when the query has no
/// usable terms.
pub fn to_tsquery(q: &SearchQuery) -> Option<String> {
    render(q, " & ", " | ", str::to_string)
}
