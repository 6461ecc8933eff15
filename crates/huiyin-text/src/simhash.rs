//! SimHash fingerprints for duplicate and similar-petition detection.

use crate::normalize::{Kind, normalize, pieces};
use crate::seg::{JIEBA, is_stop_word};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64-bit, over the bytes of `bytes`. Written out here (rather than
/// taken from `std::hash` or a crate) because fingerprints built on it are
/// persisted and must stay identical across Rust and dependency releases.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// 64-bit SimHash of `text`.
///
/// `text` is [`normalize`]d and segmented with jieba in accurate mode (HMM
/// on); each word is reduced to its CJK and ASCII-alphanumeric runs (ASCII
/// lowercased), and stop words ([`crate::seg::STOP_CHARS`],
/// [`crate::seg::STOP_WORDS`]) are dropped. Every remaining occurrence
/// votes with its [`fnv1a64`] hash (so weights are term frequencies); bit
/// `i` of the result is set when the votes for bit `i` are positive.
/// A text without tokens hashes to 0.
///
/// **Fingerprints are persisted** (as `BIGINT`, `u64 as i64`, with band
/// columns): this algorithm, the dictionary and the stop lists must never
/// change silently. Any change bumps [`crate::SEGMENTATION_VERSION`] and
/// requires recomputing stored fingerprints.
pub fn simhash(text: &str) -> u64 {
    let norm = normalize(text);
    let mut votes = [0i64; 64];
    let mut lower = String::new();
    for word in JIEBA.cut(&norm, true) {
        pieces(word.word, word.byte_start, |p| {
            let token = match p.kind {
                Kind::Cjk => p.text,
                Kind::Ascii => {
                    lower.clear();
                    lower.push_str(p.text);
                    lower.make_ascii_lowercase();
                    &lower
                }
            };
            if is_stop_word(token) {
                return;
            }
            let h = fnv1a64(token.as_bytes());
            for (bit, vote) in votes.iter_mut().enumerate() {
                *vote += if h >> bit & 1 == 1 { 1 } else { -1 };
            }
        });
    }
    votes
        .iter()
        .enumerate()
        .filter(|(_, v)| **v > 0)
        .fold(0u64, |acc, (bit, _)| acc | 1 << bit)
}

/// Hamming distance between two fingerprints: the number of differing bits.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_reference_values() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn hamming_counts_bits() {
        assert_eq!(hamming(0, 0), 0);
        assert_eq!(hamming(0b1011, 0b0001), 2);
        assert_eq!(hamming(0, u64::MAX), 64);
    }

    #[test]
    fn empty_and_punctuation_hash_to_zero() {
        assert_eq!(simhash(""), 0);
        assert_eq!(simhash("，。！  ？"), 0);
        assert_eq!(simhash("的了和"), 0);
    }
}
