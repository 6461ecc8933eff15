//! Lookup keys for petitioners (blind indexes): repeat detection matches exact values without
//! reading clear text. With a key ring they are HMAC-SM3 under the index key (DOMAIN.md §10);
//! without one (a store opened without keys) a plain SM3 digest stands in.

use huiyin_crypto::{KeyRing, sm3_hex};

fn digest(ring: Option<&KeyRing>, domain: &str, value: &str) -> String {
    match ring {
        Some(r) => r.blind_index(domain, value),
        None => sm3_hex(format!("huiyin.v1.{domain}\u{0}{value}").as_bytes()),
    }
}

/// Key of an ID number (already normalised to 18 characters where possible).
pub fn id_key(ring: Option<&KeyRing>, id_number: &str) -> String {
    digest(ring, "id", &id_number.trim().to_uppercase())
}

/// Key of a name together with a phone number.
pub fn name_phone_key(ring: Option<&KeyRing>, name: &str, phone: &str) -> String {
    let phone: String = phone.chars().filter(char::is_ascii_digit).collect();
    digest(ring, "name_phone", &format!("{}|{phone}", name.trim()))
}

/// Key of a phone number alone (its digits), for search by phone.
pub fn phone_key(ring: Option<&KeyRing>, phone: &str) -> String {
    let phone: String = phone.chars().filter(char::is_ascii_digit).collect();
    digest(ring, "phone", &phone)
}

/// The full-text index token of a lookup key: [`huiyin_text::KEY_TOKEN_PREFIX`] and the
/// first 32 hex digits (128 bits) of the key, so the index holds neither the number nor its
/// whole key. A search by ID number or phone asks for this token.
pub fn key_token(key: &str) -> String {
    let hex: String = key
        .chars()
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase();
    format!("{}{hex}", huiyin_text::KEY_TOKEN_PREFIX)
}

/// SM3 of an API token (tokens are stored only as digests).
pub fn token_digest(token: &str) -> String {
    sm3_hex(format!("huiyin.v1.token\u{0}{token}").as_bytes())
}

/// Key of a client address, for the portal's rate limits (no address is stored in clear).
pub fn address_key(ring: Option<&KeyRing>, address: &str) -> String {
    digest(ring, "address", address.trim())
}
