//! Index side: text to the space-separated token string stored in the
//! full-text index.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::MAX_TOKEN_CHARS;
use crate::normalize::{Kind, Piece, bigrams, is_cjk, normalize, pieces, truncate_chars};
use crate::seg::JIEBA;

/// Collects tokens once each, in first-seen order, into a space-separated
/// string.
struct Sink<'a> {
    seen: HashSet<Cow<'a, str>>,
    out: String,
}

impl<'a> Sink<'a> {
    fn new(capacity: usize) -> Self {
        Sink {
            seen: HashSet::new(),
            out: String::with_capacity(capacity),
        }
    }

    fn push(&mut self, token: Cow<'a, str>) {
        if token.is_empty() || self.seen.contains(token.as_ref()) {
            return;
        }
        if !self.out.is_empty() {
            self.out.push(' ');
        }
        self.out.push_str(&token);
        self.seen.insert(token);
    }

    fn push_ascii(&mut self, piece: &'a str) {
        let piece = &piece[..piece.len().min(MAX_TOKEN_CHARS)];
        if crate::is_scope_word(&piece.to_ascii_lowercase()) {
            // Reserved for the store's scope tokens.
        } else if piece.bytes().any(|b| b.is_ascii_uppercase()) {
            self.push(Cow::Owned(piece.to_ascii_lowercase()));
        } else {
            self.push(Cow::Borrowed(piece));
        }
    }

    /// A CJK run: itself (cut to [`MAX_TOKEN_CHARS`]) and, from three
    /// characters on, all its overlapping bigrams.
    fn push_cjk_word(&mut self, piece: &Piece<'a>) {
        self.push(Cow::Borrowed(truncate_chars(piece.text, MAX_TOKEN_CHARS)));
        if piece.chars >= 3 {
            bigrams(piece.text, |b| self.push(Cow::Borrowed(b)));
        }
    }
}

/// Tokens of `text` for the full-text index, space-separated.
///
/// `text` is [`normalize`]d, then segmented with jieba in search mode (HMM
/// on). The tokens are:
///
/// 1. every search-mode word, reduced to its runs of CJK ideographs and of
///    ASCII letters/digits (ASCII lowercased); punctuation, whitespace and
///    all other characters are dropped;
/// 2. for every CJK run of three or more characters, all its overlapping
///    bigrams, so that a two-character word hidden inside a longer word
///    (`区划` in `学区划分`) still matches;
/// 3. for every CJK character that jieba left on its own, the bigrams it
///    forms with the CJK characters right before and after it, so that
///    names and words jieba split into single characters (`张`/`伟`) are
///    found by the bigram query terms of [`crate::parse_query`].
///
/// Each token appears once. Tokens contain only CJK ideographs and `[a-z0-9]`
/// and are at most [`MAX_TOKEN_CHARS`] characters long, so the string can be
/// fed to an FTS5 `unicode61` table or to `to_tsvector('simple', …)` as is.
pub fn index_tokens(text: &str) -> String {
    let norm = normalize(text);
    let words = JIEBA.cut_for_search(&norm, true);
    let mut sink = Sink::new(norm.len() * 2);
    for word in &words {
        pieces(word.word, word.byte_start, |p| match p.kind {
            Kind::Ascii => sink.push_ascii(p.text),
            Kind::Cjk => {
                sink.push_cjk_word(&p);
                if p.chars == 1 {
                    push_neighbour_bigrams(&mut sink, &norm, &p);
                }
            }
        });
    }
    sink.out
}

/// Rule 3 of [`index_tokens`]: the bigrams a lone CJK character forms with its
/// CJK neighbours in `text`.
fn push_neighbour_bigrams<'a>(sink: &mut Sink<'a>, text: &'a str, p: &Piece<'a>) {
    if let Some(prev) = text[..p.start].chars().next_back().filter(|&c| is_cjk(c)) {
        sink.push(Cow::Borrowed(&text[p.start - prev.len_utf8()..p.end()]));
    }
    if let Some(next) = text[p.end()..].chars().next().filter(|&c| is_cjk(c)) {
        sink.push(Cow::Borrowed(&text[p.start..p.end() + next.len_utf8()]));
    }
}

/// Tokens of a petitioner-name field for the full-text index, space-separated.
///
/// The field may hold several names separated by punctuation or spaces
/// (`张伟、欧阳明华`). Each CJK name is emitted whole and, from three
/// characters on, with all its bigrams: `欧阳明华` gives `欧阳明华 欧阳 阳明
/// 明华`, `张伟` gives `张伟`. Whatever part of a name a user types, a query from
/// [`crate::parse_query`] then matches. ASCII names are emitted as lowercase
/// words.
///
/// The result can be appended (with a space) to the [`index_tokens`] of the
/// case text in the same index column.
pub fn index_name_tokens(name: &str) -> String {
    let norm = normalize(name);
    let mut sink = Sink::new(norm.len() * 3);
    pieces(&norm, 0, |p| match p.kind {
        Kind::Ascii => sink.push_ascii(p.text),
        Kind::Cjk => sink.push_cjk_word(&p),
    });
    sink.out
}
