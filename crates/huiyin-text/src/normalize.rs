//! Character-level normalisation and the token alphabet.

/// Normalises text for search and comparison.
///
/// * full-width ASCII forms (U+FF01–U+FF5E, e.g. `ＡＢＣ１２３！`) become their
///   half-width counterparts;
/// * the ideographic space U+3000 becomes a space;
/// * every run of whitespace (including newlines) becomes one space, and the
///   result is trimmed.
///
/// Everything else, including Chinese punctuation outside that block such as
/// `。、“”《》【】`, is kept (`，！？：；（）` are full-width forms and become
/// `,!?:;()`). Case is not changed.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        };
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// True for CJK ideographs: the unified ideographs with extension A, the
/// compatibility ideographs and the supplementary-plane extensions B–I
/// (rare characters matter in personal names).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{323AF}')
}

/// The kind of a [`Piece`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Only CJK ideographs.
    Cjk,
    /// Only ASCII letters and digits (not yet lowercased).
    Ascii,
}

/// A maximal run of CJK ideographs or of ASCII alphanumerics inside a word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Piece<'a> {
    pub text: &'a str,
    pub kind: Kind,
    /// Byte offset in the segmented string.
    pub start: usize,
    /// Number of characters.
    pub chars: usize,
}

impl Piece<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

fn kind_of(c: char) -> Option<Kind> {
    if c.is_ascii_alphanumeric() {
        Some(Kind::Ascii)
    } else if is_cjk(c) {
        Some(Kind::Cjk)
    } else {
        None
    }
}

/// Splits `word` (found at byte offset `offset`) into pieces, dropping every
/// character that is neither a CJK ideograph nor an ASCII letter or digit.
pub(crate) fn pieces<'a>(word: &'a str, offset: usize, mut f: impl FnMut(Piece<'a>)) {
    let mut cur: Option<(Kind, usize, usize)> = None; // kind, byte start, chars
    for (i, c) in word.char_indices() {
        let k = kind_of(c);
        match (cur, k) {
            (Some((ck, _, n)), Some(k)) if ck == k => {
                cur = cur.map(|(ck, s, _)| (ck, s, n + 1));
            }
            _ => {
                if let Some((ck, s, n)) = cur.take() {
                    f(Piece {
                        text: &word[s..i],
                        kind: ck,
                        start: offset + s,
                        chars: n,
                    });
                }
                cur = k.map(|k| (k, i, 1));
            }
        }
    }
    if let Some((ck, s, n)) = cur {
        f(Piece {
            text: &word[s..],
            kind: ck,
            start: offset + s,
            chars: n,
        });
    }
}

/// The first `max` characters of `s`.
pub(crate) fn truncate_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Calls `f` with every overlapping two-character substring of `s`, in
/// order (duplicates included).
pub(crate) fn bigrams<'a>(s: &'a str, mut f: impl FnMut(&'a str)) {
    let mut starts = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()));
    let (Some(mut a), Some(mut b)) = (starts.next(), starts.next()) else {
        return;
    };
    for c in starts {
        f(&s[a..c]);
        a = b;
        b = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_width_and_space() {
        // `，` (U+FF0C) and `！` are full-width ASCII forms; `、。“”` are not.
        assert_eq!(
            normalize("  ＡＢＣ１２３！\u{3000}学校\n\n\t收费，  "),
            "ABC123! 学校 收费,"
        );
        assert_eq!(normalize("学校、食堂。“收费”"), "学校、食堂。“收费”");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("\u{3000} \n"), "");
    }

    #[test]
    fn splits_pieces() {
        let mut got = Vec::new();
        pieces("A股-市场3号", 10, |p| {
            got.push((p.text.to_string(), p.kind, p.start, p.chars))
        });
        assert_eq!(
            got,
            vec![
                ("A".to_string(), Kind::Ascii, 10, 1),
                ("股".to_string(), Kind::Cjk, 11, 1),
                ("市场".to_string(), Kind::Cjk, 15, 2),
                ("3".to_string(), Kind::Ascii, 21, 1),
                ("号".to_string(), Kind::Cjk, 22, 1),
            ]
        );
    }

    #[test]
    fn makes_bigrams() {
        let mut got = Vec::new();
        bigrams("学区划分", |b| got.push(b.to_string()));
        assert_eq!(got, ["学区", "区划", "划分"]);
        got.clear();
        bigrams("学", |b| got.push(b.to_string()));
        assert!(got.is_empty());
    }
}
