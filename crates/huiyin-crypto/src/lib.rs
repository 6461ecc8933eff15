//! Huiyin's cryptography (DOMAIN.md §10; GB/T 39786 level 3 application and data layer):
//!
//! - personal data at rest: SM4-GCM by default or AES-256-GCM, 96-bit random nonces, the
//!   algorithm and key id stored with each value so keys can be rotated;
//! - blind indexes: HMAC-SM3 of normalised values, for exact lookups without clear text;
//! - SM3 digests for hash chains and token digests.
//!
//! Pure functions over keys; reading key files is the binary's job.

mod keyring;

pub use keyring::{Algorithm, CryptoError, KeyRing};

use hmac::{KeyInit, Mac, SimpleHmac};
use sm3::{Digest, Sm3};

/// SM3 of `data`, hex.
pub fn sm3_hex(data: &[u8]) -> String {
    hex::encode(Sm3::digest(data))
}

/// HMAC-SM3 of `data` under `key`, hex.
pub fn hmac_sm3_hex(key: &[u8], data: &[u8]) -> String {
    // HMAC accepts keys of any length, so construction cannot fail.
    match <SimpleHmac<Sm3> as KeyInit>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => sm3_hex(&[key, data].concat()),
    }
}

/// Random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).map_err(|_| CryptoError::Random)?;
    Ok(b)
}

/// Compares two byte strings in time independent of where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sm3_standard_vector() {
        // GB/T 32905-2016 example 1.
        assert_eq!(
            sm3_hex(b"abc"),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }

    #[test]
    fn hmac_depends_on_key_and_data() {
        let a = hmac_sm3_hex(b"k1", b"110105194912310021");
        assert_eq!(a.len(), 64);
        assert_ne!(a, hmac_sm3_hex(b"k2", b"110105194912310021"));
        assert_ne!(a, hmac_sm3_hex(b"k1", b"110105194912310022"));
        assert_eq!(a, hmac_sm3_hex(b"k1", b"110105194912310021"));
    }

    #[test]
    fn constant_time_comparison() {
        assert!(constant_time_eq(b"123456", b"123456"));
        assert!(!constant_time_eq(b"123456", b"123457"));
        assert!(!constant_time_eq(b"12345", b"123456"));
    }
}

/// RFC 6238 time-based one-time passwords (HMAC-SHA1, 30-second steps, 6 digits), the
/// variant every authenticator app implements.
pub mod totp {
    use hmac::{KeyInit, Mac, SimpleHmac};

    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// RFC 4648 base32 without padding.
    pub fn base32(bytes: &[u8]) -> String {
        let mut out = String::new();
        let (mut buf, mut bits) = (0u32, 0);
        for b in bytes {
            buf = (buf << 8) | u32::from(*b);
            bits += 8;
            while bits >= 5 {
                out.push(ALPHABET[((buf >> (bits - 5)) & 31) as usize] as char);
                bits -= 5;
            }
        }
        if bits > 0 {
            out.push(ALPHABET[((buf << (5 - bits)) & 31) as usize] as char);
        }
        out
    }

    pub fn base32_decode(s: &str) -> Option<Vec<u8>> {
        let (mut buf, mut bits, mut out) = (0u32, 0, Vec::new());
        for c in s.chars().filter(|c| !c.is_whitespace() && *c != '=') {
            let v = ALPHABET
                .iter()
                .position(|a| *a as char == c.to_ascii_uppercase())? as u32;
            buf = (buf << 5) | v;
            bits += 5;
            if bits >= 8 {
                out.push((buf >> (bits - 8)) as u8);
                bits -= 8;
            }
        }
        Some(out)
    }

    /// The code for a Unix time (seconds).
    pub fn code_at(secret: &[u8], unix_secs: i64) -> String {
        let counter = (unix_secs.max(0) / 30) as u64;
        let Ok(mut mac) = <SimpleHmac<sha1::Sha1> as KeyInit>::new_from_slice(secret) else {
            return String::new();
        };
        mac.update(&counter.to_be_bytes());
        let h = mac.finalize().into_bytes();
        let off = (h[h.len() - 1] & 0x0f) as usize;
        let bin = (u32::from(h[off] & 0x7f) << 24)
            | (u32::from(h[off + 1]) << 16)
            | (u32::from(h[off + 2]) << 8)
            | u32::from(h[off + 3]);
        format!("{:06}", bin % 1_000_000)
    }

    /// Accepts the code of the current step or one step either side (clock drift).
    pub fn verify(secret_b32: &str, code: &str, unix_secs: i64) -> bool {
        let Some(secret) = base32_decode(secret_b32) else {
            return false;
        };
        let code = code.trim();
        [-30, 0, 30].iter().any(|d| {
            super::constant_time_eq(code_at(&secret, unix_secs + d).as_bytes(), code.as_bytes())
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn rfc_6238_sha1_vectors() {
            // RFC 6238 Appendix B, SHA-1 seed "12345678901234567890" (last 6 of the 8 digits).
            let seed = b"12345678901234567890";
            assert_eq!(code_at(seed, 59), "287082");
            assert_eq!(code_at(seed, 1_111_111_109), "081804");
            assert_eq!(code_at(seed, 2_000_000_000), "279037");
        }

        #[test]
        fn base32_round_trip_and_verify() {
            let secret = b"12345678901234567890";
            let b32 = base32(secret);
            assert_eq!(b32, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
            assert_eq!(base32_decode(&b32).unwrap(), secret);
            assert!(verify(&b32, "287082", 59));
            assert!(verify(&b32, "287082", 80), "one step of drift");
            assert!(!verify(&b32, "287083", 59));
            assert!(!verify(&b32, "287082", 200));
        }
    }
}
