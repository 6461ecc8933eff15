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
        assert_eq!(sm3_hex(b"abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
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
