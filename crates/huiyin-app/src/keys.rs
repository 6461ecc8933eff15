//! Lookup keys for petitioners: SM3 digests of normalised identity, so repeat detection can
//! match exact values without scanning clear text. (Issue 5 replaces these with a keyed
//! HMAC-SM3 blind index and encrypts the clear values.)

use sm3::{Digest, Sm3};

fn digest(domain: &str, value: &str) -> String {
    let mut h = Sm3::new();
    h.update(b"huiyin.v1.");
    h.update(domain.as_bytes());
    h.update([0u8]);
    h.update(value.as_bytes());
    hex::encode(h.finalize())
}

/// Key of an ID number (already normalised to 18 characters where possible).
pub fn id_key(id_number: &str) -> String {
    digest("id", &id_number.trim().to_uppercase())
}

/// Key of a name together with a phone number.
pub fn name_phone_key(name: &str, phone: &str) -> String {
    let phone: String = phone.chars().filter(char::is_ascii_digit).collect();
    digest("name_phone", &format!("{}|{phone}", name.trim()))
}

/// SM3 of an API token (tokens are stored only as digests).
pub fn token_digest(token: &str) -> String {
    digest("token", token)
}
