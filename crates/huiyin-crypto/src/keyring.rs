//! Field encryption with a key ring: one active key encrypts, every listed key decrypts.
//!
//! Stored form: `enc1:<alg>:<key id>:<hex(nonce ‖ ciphertext ‖ tag)>`. The key id and algorithm
//! travel with the value, so a rotation re-encrypts rows in the background while old rows stay
//! readable.

use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, AesGcm, KeyInit, Nonce};
use std::collections::BTreeMap;

type Sm4Gcm = AesGcm<sm4::Sm4, aes_gcm::aead::consts::U12>;

const PREFIX: &str = "enc1";

/// The AEAD used for new values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// SM4-GCM (GB/T 32907 block cipher in GCM, RFC 8998), the default for 密评.
    Sm4Gcm,
    /// AES-256-GCM (faster with AES-NI).
    Aes256Gcm,
}

impl Algorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Sm4Gcm => "sm4gcm",
            Algorithm::Aes256Gcm => "aes256gcm",
        }
    }
    pub fn parse(s: &str) -> Option<Algorithm> {
        match s {
            "sm4gcm" | "sm4-gcm" => Some(Algorithm::Sm4Gcm),
            "aes256gcm" | "aes-256-gcm" => Some(Algorithm::Aes256Gcm),
            _ => None,
        }
    }
    fn key_len(self) -> usize {
        match self {
            Algorithm::Sm4Gcm => 16,
            Algorithm::Aes256Gcm => 32,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("the operating system's random source failed")]
    Random,
    #[error("key {0:?} is not in the key ring")]
    UnknownKey(String),
    #[error("key {id:?} must be {expected} bytes for {alg}")]
    KeyLength {
        id: String,
        alg: &'static str,
        expected: usize,
    },
    #[error("stored value is not in the encrypted format")]
    Format,
    #[error("decryption failed: wrong key or tampered value")]
    Decrypt,
    #[error("key file: {0}")]
    KeyFile(String),
}

#[derive(Clone)]
struct Key {
    alg: Algorithm,
    bytes: Vec<u8>,
}

/// Encryption keys (by id) with the active one, and the blind-index key.
#[derive(Clone)]
pub struct KeyRing {
    keys: BTreeMap<String, Key>,
    active: String,
    index_key: Vec<u8>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        f.debug_struct("KeyRing")
            .field("active", &self.active)
            .field("keys", &self.keys.keys())
            .finish()
    }
}

impl KeyRing {
    /// A ring with one fresh random key of `alg` and a fresh index key (tests, first start).
    pub fn generate(alg: Algorithm) -> Result<KeyRing, CryptoError> {
        let mut bytes = super::random_bytes::<32>()?.to_vec();
        bytes.truncate(alg.key_len());
        let index_key = super::random_bytes::<32>()?.to_vec();
        let mut keys = BTreeMap::new();
        keys.insert("k1".to_owned(), Key { alg, bytes });
        Ok(KeyRing {
            keys,
            active: "k1".into(),
            index_key,
        })
    }

    /// Parses a key file: `index = <hex>`, `active = <id>`, and one line per key
    /// `key.<id> = <alg>:<hex>`; `#` starts a comment.
    pub fn from_key_file(text: &str) -> Result<KeyRing, CryptoError> {
        let mut keys = BTreeMap::new();
        let mut active = None;
        let mut index_key = None;
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let bad = || CryptoError::KeyFile(format!("line {}: expected `name = value`", n + 1));
            let (name, value) = line.split_once('=').ok_or_else(bad)?;
            let (name, value) = (name.trim(), value.trim().trim_matches('"'));
            if name == "active" {
                active = Some(value.to_owned());
            } else if name == "index" {
                index_key = Some(hex::decode(value).map_err(|_| {
                    CryptoError::KeyFile(format!("line {}: index is not hex", n + 1))
                })?);
            } else if let Some(id) = name.strip_prefix("key.") {
                let (alg, hexkey) = value.split_once(':').ok_or_else(bad)?;
                let alg = Algorithm::parse(alg).ok_or_else(|| {
                    CryptoError::KeyFile(format!("line {}: unknown algorithm {alg}", n + 1))
                })?;
                let bytes = hex::decode(hexkey)
                    .map_err(|_| CryptoError::KeyFile(format!("line {}: key is not hex", n + 1)))?;
                if bytes.len() != alg.key_len() {
                    return Err(CryptoError::KeyLength {
                        id: id.to_owned(),
                        alg: alg.as_str(),
                        expected: alg.key_len(),
                    });
                }
                keys.insert(id.to_owned(), Key { alg, bytes });
            } else {
                return Err(CryptoError::KeyFile(format!(
                    "line {}: unknown setting {name}",
                    n + 1
                )));
            }
        }
        let active =
            active.ok_or_else(|| CryptoError::KeyFile("no `active = <key id>` line".into()))?;
        if !keys.contains_key(&active) {
            return Err(CryptoError::UnknownKey(active));
        }
        let index_key = index_key
            .filter(|k| k.len() >= 16)
            .ok_or_else(|| CryptoError::KeyFile("no `index = <hex, ≥16 bytes>` line".into()))?;
        Ok(KeyRing {
            keys,
            active,
            index_key,
        })
    }

    /// The key file text of this ring.
    pub fn to_key_file(&self) -> String {
        let mut out = String::from(
            "# Huiyin key file. Keep it outside the database and its backups; mode 0600.\n",
        );
        out.push_str(&format!(
            "active = {}\nindex = {}\n",
            self.active,
            hex::encode(&self.index_key)
        ));
        for (id, k) in &self.keys {
            out.push_str(&format!(
                "key.{id} = {}:{}\n",
                k.alg.as_str(),
                hex::encode(&k.bytes)
            ));
        }
        out
    }

    /// Adds a fresh key of `alg` and makes it active; returns its id.
    pub fn rotate(&mut self, alg: Algorithm) -> Result<String, CryptoError> {
        let n = self.keys.len() + 1;
        let mut id = format!("k{n}");
        let mut i = n;
        while self.keys.contains_key(&id) {
            i += 1;
            id = format!("k{i}");
        }
        let mut bytes = super::random_bytes::<32>()?.to_vec();
        bytes.truncate(alg.key_len());
        self.keys.insert(id.clone(), Key { alg, bytes });
        self.active = id.clone();
        Ok(id)
    }

    pub fn active_id(&self) -> &str {
        &self.active
    }

    /// Encrypts `plain` with the active key.
    pub fn seal(&self, plain: &str) -> Result<String, CryptoError> {
        let key = self
            .keys
            .get(&self.active)
            .ok_or_else(|| CryptoError::UnknownKey(self.active.clone()))?;
        let nonce_bytes = super::random_bytes::<12>()?;
        let nonce = Nonce::try_from(&nonce_bytes[..]).map_err(|_| CryptoError::Format)?;
        let ct = match key.alg {
            Algorithm::Sm4Gcm => Sm4Gcm::new_from_slice(&key.bytes)
                .map_err(|_| CryptoError::Format)?
                .encrypt(&nonce, plain.as_bytes()),
            Algorithm::Aes256Gcm => Aes256Gcm::new_from_slice(&key.bytes)
                .map_err(|_| CryptoError::Format)?
                .encrypt(&nonce, plain.as_bytes()),
        }
        .map_err(|_| CryptoError::Format)?;
        let mut blob = nonce_bytes.to_vec();
        blob.extend_from_slice(&ct);
        Ok(format!(
            "{PREFIX}:{}:{}:{}",
            key.alg.as_str(),
            self.active,
            hex::encode(blob)
        ))
    }

    /// Decrypts a value made by [`seal`](Self::seal) with any key of the ring.
    pub fn open(&self, stored: &str) -> Result<String, CryptoError> {
        let mut parts = stored.splitn(4, ':');
        let (Some(PREFIX), Some(alg), Some(id), Some(body)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(CryptoError::Format);
        };
        let alg = Algorithm::parse(alg).ok_or(CryptoError::Format)?;
        let key = self
            .keys
            .get(id)
            .ok_or_else(|| CryptoError::UnknownKey(id.to_owned()))?;
        if key.alg != alg {
            return Err(CryptoError::Decrypt);
        }
        let blob = hex::decode(body).map_err(|_| CryptoError::Format)?;
        if blob.len() < 12 + 16 {
            return Err(CryptoError::Format);
        }
        let nonce = Nonce::try_from(&blob[..12]).map_err(|_| CryptoError::Format)?;
        let plain = match alg {
            Algorithm::Sm4Gcm => Sm4Gcm::new_from_slice(&key.bytes)
                .map_err(|_| CryptoError::Format)?
                .decrypt(&nonce, &blob[12..]),
            Algorithm::Aes256Gcm => Aes256Gcm::new_from_slice(&key.bytes)
                .map_err(|_| CryptoError::Format)?
                .decrypt(&nonce, &blob[12..]),
        }
        .map_err(|_| CryptoError::Decrypt)?;
        String::from_utf8(plain).map_err(|_| CryptoError::Decrypt)
    }

    /// Encrypts bytes (a file) with the active key: `enc1:<alg>:<key id>:` then the nonce and
    /// the ciphertext, raw (no hex: files are large).
    pub fn seal_bytes(&self, plain: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let key = self
            .keys
            .get(&self.active)
            .ok_or_else(|| CryptoError::UnknownKey(self.active.clone()))?;
        let nonce_bytes = super::random_bytes::<12>()?;
        let nonce = Nonce::try_from(&nonce_bytes[..]).map_err(|_| CryptoError::Format)?;
        let ct = match key.alg {
            Algorithm::Sm4Gcm => Sm4Gcm::new_from_slice(&key.bytes)
                .map_err(|_| CryptoError::Format)?
                .encrypt(&nonce, plain),
            Algorithm::Aes256Gcm => Aes256Gcm::new_from_slice(&key.bytes)
                .map_err(|_| CryptoError::Format)?
                .encrypt(&nonce, plain),
        }
        .map_err(|_| CryptoError::Format)?;
        let mut out = format!("{PREFIX}:{}:{}:", key.alg.as_str(), self.active).into_bytes();
        out.extend_from_slice(&nonce_bytes);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// Decrypts bytes made by [`seal_bytes`](Self::seal_bytes) with any key of the ring.
    pub fn open_bytes(&self, stored: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let head_end = stored
            .iter()
            .take(128)
            .enumerate()
            .filter(|(_, b)| **b == b':')
            .nth(2)
            .map(|(i, _)| i)
            .ok_or(CryptoError::Format)?;
        let head = std::str::from_utf8(&stored[..head_end]).map_err(|_| CryptoError::Format)?;
        let mut parts = head.splitn(3, ':');
        let (Some(PREFIX), Some(alg), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(CryptoError::Format);
        };
        let alg = Algorithm::parse(alg).ok_or(CryptoError::Format)?;
        let key = self
            .keys
            .get(id)
            .ok_or_else(|| CryptoError::UnknownKey(id.to_owned()))?;
        if key.alg != alg {
            return Err(CryptoError::Decrypt);
        }
        let blob = &stored[head_end + 1..];
        if blob.len() < 12 + 16 {
            return Err(CryptoError::Format);
        }
        let nonce = Nonce::try_from(&blob[..12]).map_err(|_| CryptoError::Format)?;
        match alg {
            Algorithm::Sm4Gcm => Sm4Gcm::new_from_slice(&key.bytes)
                .map_err(|_| CryptoError::Format)?
                .decrypt(&nonce, &blob[12..]),
            Algorithm::Aes256Gcm => Aes256Gcm::new_from_slice(&key.bytes)
                .map_err(|_| CryptoError::Format)?
                .decrypt(&nonce, &blob[12..]),
        }
        .map_err(|_| CryptoError::Decrypt)
    }

    /// Whether stored bytes are sealed with the active key.
    pub fn is_current_bytes(&self, stored: &[u8]) -> bool {
        let head: Vec<&[u8]> = stored
            .get(..stored.len().min(128))
            .unwrap_or_default()
            .splitn(4, |b| *b == b':')
            .collect();
        head.len() == 4 && head[0] == PREFIX.as_bytes() && head[2] == self.active.as_bytes()
    }

    /// Whether stored bytes are in the sealed format of [`seal_bytes`](Self::seal_bytes).
    pub fn is_sealed_bytes(stored: &[u8]) -> bool {
        stored.starts_with(b"enc1:")
    }

    /// Whether a stored value is already sealed with the active key.
    pub fn is_current(&self, stored: &str) -> bool {
        stored.split(':').nth(2) == Some(self.active.as_str()) && stored.starts_with(PREFIX)
    }

    /// Whether a stored value is in the sealed format at all.
    pub fn is_sealed(stored: &str) -> bool {
        stored.starts_with("enc1:")
    }

    /// The blind index of a normalised value (HMAC-SM3 under the index key).
    pub fn blind_index(&self, domain: &str, value: &str) -> String {
        super::hmac_sm3_hex(&self.index_key, format!("{domain}\u{0}{value}").as_bytes())
    }
}

#[cfg(test)]
#[path = "keyring_tests.rs"]
mod tests;
