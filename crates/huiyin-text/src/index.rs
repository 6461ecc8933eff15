//! Index side: text to the space-separated token string stored in the
//! full-text index.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::MAX_TOKEN_CHARS;
use crate::normalize::{Kind, Piece, bigrams, normalize, pieces, truncate_chars};
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
        if crate::is_reserved_word(&piece.to_ascii_lowercase()) {
            // Reserved for the scope and key tokens.
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
/// 2. every overlapping bigram of every run of CJK ideographs in the text,
///    whatever jieba made of it: across word boundaries too (`业负` in
///    `作业负担过重`, which jieba cuts `作业`/`负担`/`过重`).
///
/// Rule 2 is what makes search find what is written: every CJK query term of
/// two or more characters is matched by its bigrams ([`crate::parse_query`]),
/// and every bigram of a passage of the text is a token, so any passage of
/// two or more characters is found however the query and the text were
/// segmented (the property test `every_passage_finds_its_text` and the demo
/// oracle in `huiyin-testkit` check it). Lone characters are tokens only
/// where jieba left them alone (rule 1).
///
/// Each token appears once. Tokens contain only CJK ideographs and `[a-z0-9]`
/// and are at most [`MAX_TOKEN_CHARS`] characters long, so the string can be
/// fed to an FTS5 `unicode61` table or to `to_tsvector('simple', …)` as is.
/// Changing these rules changes stored tokens: bump
/// [`crate::INDEX_TOKENS_VERSION`].
pub fn index_tokens(text: &str) -> String {
    let norm = normalize(text);
    let words = JIEBA.cut_for_search(&norm, true);
    let mut sink = Sink::new(norm.len() * 3);
    for word in &words {
        pieces(word.word, word.byte_start, |p| match p.kind {
            Kind::Ascii => sink.push_ascii(p.text),
            Kind::Cjk => sink.push(Cow::Borrowed(truncate_chars(p.text, MAX_TOKEN_CHARS))),
        });
    }
    pieces(&norm, 0, |p| {
        if p.kind == Kind::Cjk {
            bigrams(p.text, |b| sink.push(Cow::Borrowed(b)));
        }
    });
    sink.out
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
