//! Query codes, PINs and their digests.
//!
//! - A query code is 16 base32 characters from the operating system's RNG: 80 bits.
//! - A PIN is 6 digits, stored only as a keyed digest (HMAC-SM3 under the index key when the
//!   store has keys, SM3 otherwise) bound to its code, and compared in constant time.
//! - For idempotent retries, code and PIN are sealed under a pad derived from the client's
//!   idempotency key and the request fingerprint: the database alone cannot reveal them.

use huiyin_core::error::ErrorCode;
use huiyin_crypto::{KeyRing, constant_time_eq, hmac_sm3_hex, random_bytes, sm3_hex};

use crate::error::{AppError, Result};

/// Length of a query code in characters (5 bits each).
pub const CODE_LEN: usize = 16;
/// Digits of a PIN.
pub const PIN_LEN: usize = 6;

const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

fn internal<E>(_: E) -> AppError {
    AppError::code(ErrorCode::Internal)
}

/// A fresh query code: 16 characters of a 32-letter alphabet without look-alikes (0/O, 1/I).
pub fn new_code() -> Result<String> {
    let bytes = random_bytes::<CODE_LEN>().map_err(internal)?;
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b & 31)] as char)
        .collect())
}

/// A fresh 6-digit PIN (rejection sampling keeps the digits uniform).
pub fn new_pin() -> Result<String> {
    let mut pin = String::with_capacity(PIN_LEN);
    while pin.len() < PIN_LEN {
        for b in random_bytes::<16>().map_err(internal)? {
            if b < 250 && pin.len() < PIN_LEN {
                pin.push(char::from(b'0' + b % 10));
            }
        }
    }
    Ok(pin)
}

/// Normalises what a person typed: upper case, spaces and dashes dropped.
pub fn normalize_code(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .take(64)
        .collect()
}

fn digest(ring: Option<&KeyRing>, domain: &str, value: &str) -> String {
    match ring {
        Some(r) => r.blind_index(domain, value),
        None => sm3_hex(format!("huiyin.v1.{domain}\u{0}{value}").as_bytes()),
    }
}

/// The lookup key of a query code.
pub fn code_key(ring: Option<&KeyRing>, code: &str) -> String {
    digest(ring, "portal_code", code)
}

/// The stored digest of a PIN, bound to its code.
pub fn pin_hash(ring: Option<&KeyRing>, code: &str, pin: &str) -> String {
    digest(ring, "portal_pin", &format!("{code}|{pin}"))
}

/// Whether `pin` matches `stored`, in constant time.
pub fn pin_matches(ring: Option<&KeyRing>, code: &str, pin: &str, stored: &str) -> bool {
    constant_time_eq(pin_hash(ring, code, pin).as_bytes(), stored.as_bytes())
}

/// The stored form of a client's idempotency key.
pub fn idem_key(key: &str) -> String {
    sm3_hex(format!("huiyin.v1.portal_idem\u{0}{key}").as_bytes())
}

fn pad(key: &str, fingerprint: &str) -> Vec<u8> {
    hex::decode(hmac_sm3_hex(key.as_bytes(), fingerprint.as_bytes())).unwrap_or_default()
}

/// Seals `code` and `pin` for a retry with the same key and request.
pub fn seal(key: &str, fingerprint: &str, code: &str, pin: &str) -> String {
    let plain = format!("{code}{pin}");
    let pad = pad(key, fingerprint);
    hex::encode(
        plain
            .bytes()
            .zip(pad.iter().cycle())
            .map(|(a, b)| a ^ b)
            .collect::<Vec<u8>>(),
    )
}

/// Opens a seal; `None` when the key or request differ.
pub fn open(key: &str, fingerprint: &str, sealed: &str) -> Option<(String, String)> {
    let bytes = hex::decode(sealed).ok()?;
    let pad = pad(key, fingerprint);
    let plain: Vec<u8> = bytes
        .iter()
        .zip(pad.iter().cycle())
        .map(|(a, b)| a ^ b)
        .collect();
    let text = String::from_utf8(plain).ok()?;
    if text.len() != CODE_LEN + PIN_LEN || !text.is_ascii() {
        return None;
    }
    let (code, pin) = text.split_at(CODE_LEN);
    Some((code.to_owned(), pin.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_pins_have_their_shape() {
        let c = new_code().unwrap_or_default();
        assert_eq!(c.len(), CODE_LEN);
        assert!(c.bytes().all(|b| ALPHABET.contains(&b)));
        let p = new_pin().unwrap_or_default();
        assert_eq!(p.len(), PIN_LEN);
        assert!(p.bytes().all(|b| b.is_ascii_digit()));
        assert_ne!(new_code().ok(), new_code().ok());
    }

    #[test]
    fn seal_opens_only_with_the_same_key_and_request() {
        let s = seal("key-1", "fp", "ABCDEFGHJKLMNPQR", "123456");
        assert_eq!(
            open("key-1", "fp", &s),
            Some(("ABCDEFGHJKLMNPQR".into(), "123456".into()))
        );
        assert_eq!(open("key-2", "fp", &s), None);
        assert_eq!(open("key-1", "other", &s), None);
    }

    #[test]
    fn pins_compare_by_digest() {
        let h = pin_hash(None, "CODE", "123456");
        assert!(pin_matches(None, "CODE", "123456", &h));
        assert!(!pin_matches(None, "CODE", "123457", &h));
        assert!(!pin_matches(None, "CODF", "123456", &h));
        assert_eq!(normalize_code(" abcd-efgh "), "ABCDEFGH");
    }
}
