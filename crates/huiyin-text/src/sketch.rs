//! A compact, stored estimate of a text's shingles (issue 13 item 6): a b-bit MinHash.
//!
//! The `cluster` signal compares a new petition with up to 300 recent ones about the same unit.
//! Those it has not seen since the server started (the cases of a database it did not write,
//! or written by another instance) it had to read in full and shingle: at a million cases the
//! reads of scattered rows cost a third of intake on an ordinary day. A sketch is kept beside
//! each case in the index the candidates are read from, so most candidates are judged without
//! their texts.
//!
//! The sketch is [`SKETCH_SLOTS`] independent minimum hashes of the shingle set, each kept to
//! its lowest eight bits (Li & König, "b-Bit Minwise Hashing", 2010). Two sets agree in a slot
//! with probability J + (1 − J)/256, J their Jaccard index, so the share of slots that agree
//! estimates J with a standard deviation of about √(J(1 − J)/128) — 0.04 at J = 0.3.
//!
//! It is a filter, not the judge: a candidate whose estimate is [`SKETCH_MARGIN`] or more below
//! the signal's threshold is taken as unlike (3.7 standard deviations at the threshold of 0.3:
//! about one truly alike case in 10,000 is passed over, and a cluster needs several); every
//! other candidate is compared exactly, from its shingles. The stored form starts with a
//! version byte: a sketch of another version or length is ignored (its case is compared from
//! its text, as before), so the hashing may change by bumping [`SKETCH_VERSION`].

use crate::similarity::Shingles;

/// Minimum hashes per sketch.
pub const SKETCH_SLOTS: usize = 128;

/// The version of the hashing below, stored as the first byte.
pub const SKETCH_VERSION: u8 = 1;

/// How far below a threshold an estimate must fall for its case to be taken as unlike without
/// an exact comparison.
pub const SKETCH_MARGIN: f64 = 0.15;

/// The probability that two unrelated slots agree (eight bits kept).
const CHANCE: f64 = 1.0 / 256.0;

/// SplitMix64's output function (Steele, Lea & Flood 2014): a bijection of 64-bit values whose
/// every output bit depends on every input bit.
const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// One seed per slot: SplitMix64's sequence from a fixed start.
const SEEDS: [u64; SKETCH_SLOTS] = {
    let mut seeds = [0u64; SKETCH_SLOTS];
    let mut state: u64 = 0x4875_6979_696e_2031; // "Huiyin 1"
    let mut i = 0;
    while i < SKETCH_SLOTS {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        seeds[i] = mix(state);
        i += 1;
    }
    seeds
};

/// The b-bit MinHash of a text's shingles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sketch([u8; SKETCH_SLOTS]);

impl Shingles {
    /// The sketch of these shingles (`None` for an empty set, which resembles nothing).
    pub fn sketch(&self) -> Option<Sketch> {
        if self.values().is_empty() {
            return None;
        }
        let mut least = [u64::MAX; SKETCH_SLOTS];
        for &value in self.values() {
            let base = mix(value);
            for (slot, seed) in least.iter_mut().zip(SEEDS.iter()) {
                *slot = (*slot).min(mix(base ^ seed));
            }
        }
        let mut out = [0u8; SKETCH_SLOTS];
        for (byte, slot) in out.iter_mut().zip(least) {
            *byte = (slot & 0xff) as u8;
        }
        Some(Sketch(out))
    }
}

impl Sketch {
    /// The stored form: the version byte, then the slots.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(SKETCH_SLOTS + 1);
        out.push(SKETCH_VERSION);
        out.extend_from_slice(&self.0);
        out
    }

    /// A sketch from its stored form; `None` when it is of another version or length.
    pub fn from_bytes(bytes: &[u8]) -> Option<Sketch> {
        let (&version, slots) = bytes.split_first()?;
        if version != SKETCH_VERSION {
            return None;
        }
        Some(Sketch(slots.try_into().ok()?))
    }

    /// A sketch from its stored form written in hexadecimal (either case); `None` when the
    /// text is not hexadecimal or the sketch is of another version or length.
    pub fn from_hex(hex: &str) -> Option<Sketch> {
        let digits = hex.as_bytes();
        if !digits.len().is_multiple_of(2) {
            return None;
        }
        let bytes: Option<Vec<u8>> = digits
            .chunks_exact(2)
            .map(|pair| {
                let high = char::from(pair[0]).to_digit(16)?;
                let low = char::from(pair[1]).to_digit(16)?;
                u8::try_from(high * 16 + low).ok()
            })
            .collect();
        Sketch::from_bytes(&bytes?)
    }

    /// The estimated Jaccard index of the two texts' shingles, from 0.0 to 1.0.
    pub fn resemblance(&self, other: &Sketch) -> f64 {
        let agree = self
            .0
            .iter()
            .zip(other.0.iter())
            .filter(|(a, b)| a == b)
            .count();
        let share = agree as f64 / SKETCH_SLOTS as f64;
        ((share - CHANCE) / (1.0 - CHANCE)).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
#[path = "sketch_tests.rs"]
mod tests;
