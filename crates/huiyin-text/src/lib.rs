//! Chinese text handling for Huiyin: normalisation, segmentation into full-text
//! search tokens, search-query parsing and similarity fingerprints.
//!
//! # Search model
//!
//! The database full-text indexes (SQLite FTS5 with `tokenize='unicode61'`,
//! PostgreSQL `to_tsvector('simple', …)`) only split on spaces and
//! punctuation, so all Chinese word segmentation happens here:
//!
//! * at write time, [`index_tokens`] (and [`index_name_tokens`] for the
//!   petitioner-name field) turn text into a space-separated token string that
//!   is stored in the index column;
//! * at query time, [`parse_query`] turns the user's input into a
//!   [`SearchQuery`], rendered for the backend by [`to_fts5`] or
//!   [`to_tsquery`].
//!
//! Tokens only ever contain CJK ideographs and lowercase ASCII letters/digits,
//! so they can be placed in FTS5 or tsquery syntax without escaping and both
//! backends see exactly the same tokens.
//!
//! # Versioning
//!
//! Stored index tokens and [`simhash`] fingerprints depend on the jieba
//! dictionary, the domain words added in [`seg`], the stop lists and the rules
//! in this crate. A change to the token rules bumps [`INDEX_TOKENS_VERSION`]
//! (the store rewrites older rows in the background); a change to the
//! dictionary, the stop lists or the fingerprint bumps [`SEGMENTATION_VERSION`]
//! as well, and stored fingerprints carrying an older version must be
//! recomputed.

mod index;
mod lexicon;
mod normalize;
mod query;
pub mod seg;
mod simhash;
mod similarity;
mod sketch;

pub use index::{index_name_tokens, index_tokens};
pub use lexicon::{Lexicon, LexiconError, LexiconGroup, LexiconHit, lexicon_text};
pub use normalize::{is_cjk, normalize};
pub use query::{QueryTerm, SearchQuery, parse_query, to_fts5, to_tsquery};
pub use seg::segment;
pub use simhash::{fnv1a64, hamming, simhash};
pub use similarity::{SAME_MATTER, Shingles, similarity};
pub use sketch::{SKETCH_MARGIN, SKETCH_SLOTS, SKETCH_VERSION, Sketch};

/// Version of everything that determines stored tokens and fingerprints:
/// the jieba dictionary (jieba-rs 0.11 default dictionary), the domain words,
/// the stop lists, the token rules and the SimHash algorithm.
///
/// Fingerprints and index tokens are persisted, so none of these may change
/// silently: bump this constant, and recompute stored rows whose version
/// differs.
pub const SEGMENTATION_VERSION: u32 = 1;

/// Version of the rules of [`index_tokens`] and [`index_name_tokens`] (with the
/// jieba dictionary they segment with). The store records the version its
/// full-text rows were written with; `huiyin serve` rewrites every row in the
/// background when it differs. 1: words, bigrams inside words of three or
/// more characters and around lone characters; 2: every bigram of every CJK
/// run (issue 12: a passage across word boundaries is found); 3: the store adds
/// a span token ([`span_token`]) to each row (issue 18).
pub const INDEX_TOKENS_VERSION: u32 = 3;

/// Longest token emitted, in characters. Longer CJK words or ASCII runs are
/// cut to this length, identically on the index and query sides. (PostgreSQL
/// refuses lexemes over 2047 bytes; 64 CJK characters are 192 bytes.)
pub const MAX_TOKEN_CHARS: usize = 64;

/// The prefix of the index tokens naming a unit a case is visible to (`hyscope21`). The store
/// adds one per unit of a case's scope, so a search asks the index for a unit's cases and the
/// index intersects the two lists itself; the same word in a text or a query is dropped
/// ([`index_tokens`], [`parse_query`]), so no text can pose as one.
pub const SCOPE_TOKEN_PREFIX: &str = "hyscope";

/// The index token of unit `unit_id`'s scope.
pub fn scope_token(unit_id: i64) -> String {
    format!("{SCOPE_TOKEN_PREFIX}{unit_id}")
}

/// The prefix of the index tokens naming the span of case ids a case's id falls in
/// (`hyspan12`: ids 120,000 to 129,999 at [`SPAN_CASES`] a span). The store adds one to every
/// row, so a search newest first asks the index for "these words in the newest spans" and
/// the index intersects the lists, instead of reading every match to sort it (issue 18).
/// Like scope tokens, the same word in a text or a query is dropped.
pub const SPAN_TOKEN_PREFIX: &str = "hyspan";

/// Case ids per span token.
pub const SPAN_CASES: i64 = 10_000;

/// The index token of the span of `width` case ids that `case_id` falls in.
pub fn span_token(case_id: i64, width: i64) -> String {
    format!("{SPAN_TOKEN_PREFIX}{}", case_id.div_euclid(width.max(1)))
}

/// The prefix of the index tokens standing for a petitioner's ID number or phone number
/// (`hykey` and part of the number's blind-index digest, never the number): the app adds them
/// to a case's row so a search by ID number or phone finds the case through the index with
/// every scope and firewall rule of a text search. Like scope tokens, the same word in a text
/// or a query is dropped.
pub const KEY_TOKEN_PREFIX: &str = "hykey";

/// True for an ASCII word (lowercased) that would read as a token the store or the app adds
/// ([`SCOPE_TOKEN_PREFIX`], [`SPAN_TOKEN_PREFIX`], [`KEY_TOKEN_PREFIX`]).
pub(crate) fn is_reserved_word(lowercase: &str) -> bool {
    lowercase.starts_with(SCOPE_TOKEN_PREFIX)
        || lowercase.starts_with(SPAN_TOKEN_PREFIX)
        || lowercase.starts_with(KEY_TOKEN_PREFIX)
}

/// Longest query considered, in characters after normalisation; the rest is
/// ignored.
pub const MAX_QUERY_CHARS: usize = 256;

/// Most terms a [`SearchQuery`] holds; further terms are ignored.
pub const MAX_QUERY_TERMS: usize = 12;
