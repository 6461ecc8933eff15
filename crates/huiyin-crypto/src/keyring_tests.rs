//! Tests of field encryption with a key ring (`keyring`).

use super::*;

#[test]
fn bytes_round_trip_and_tampering_fails() {
    for alg in [Algorithm::Sm4Gcm, Algorithm::Aes256Gcm] {
        let ring = KeyRing::generate(alg).unwrap();
        let file: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
        let sealed = ring.seal_bytes(&file).unwrap();
        assert!(KeyRing::is_sealed_bytes(&sealed));
        assert!(
            !sealed.windows(64).any(|w| w == &file[..64]),
            "not in clear"
        );
        assert_eq!(ring.open_bytes(&sealed).unwrap(), file);
        assert!(ring.is_current_bytes(&sealed));
        let mut next = ring.clone();
        next.rotate(alg).unwrap();
        assert!(!next.is_current_bytes(&sealed) && next.open_bytes(&sealed).is_ok());
        let mut bad = sealed.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(ring.open_bytes(&bad).is_err());
    }
}

#[test]
fn sm4_gcm_matches_rfc_8998() {
    // RFC 8998 Appendix A.1 (SM4-GCM test vector).
    let key = hex::decode("0123456789ABCDEFFEDCBA9876543210").unwrap();
    let nonce = hex::decode("00001234567800000000ABCD").unwrap();
    let aad = hex::decode("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2").unwrap();
    let pt = hex::decode(
        "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA",
    )
    .unwrap();
    let cipher = Sm4Gcm::new_from_slice(&key).unwrap();
    let out = cipher
        .encrypt(
            &Nonce::try_from(&nonce[..]).unwrap(),
            aes_gcm::aead::Payload {
                msg: &pt,
                aad: &aad,
            },
        )
        .unwrap();
    assert!(hex::encode_upper(&out).ends_with("83DE3541E4C2B58177E065A9BF7B62EC"));
}

#[test]
fn seal_and_open_with_both_algorithms_and_rotation() {
    let mut ring = KeyRing::generate(Algorithm::Sm4Gcm).unwrap();
    let a = ring.seal("11010519491231002X").unwrap();
    assert!(a.starts_with("enc1:sm4gcm:k1:"));
    assert!(!a.contains("11010519491231002X"));
    assert_ne!(a, ring.seal("11010519491231002X").unwrap(), "random nonces");
    ring.rotate(Algorithm::Aes256Gcm).unwrap();
    let b = ring.seal("13800138000").unwrap();
    assert!(b.starts_with("enc1:aes256gcm:k2:"));
    assert_eq!(
        ring.open(&a).unwrap(),
        "11010519491231002X",
        "old key still decrypts"
    );
    assert_eq!(ring.open(&b).unwrap(), "13800138000");
    assert!(!ring.is_current(&a) && ring.is_current(&b));
    let reloaded = KeyRing::from_key_file(&ring.to_key_file()).unwrap();
    assert_eq!(reloaded.open(&a).unwrap(), "11010519491231002X");
    assert_eq!(reloaded.blind_index("id", "x"), ring.blind_index("id", "x"));
}

#[test]
fn tampering_and_wrong_keys_are_detected() {
    let ring = KeyRing::generate(Algorithm::Sm4Gcm).unwrap();
    let other = KeyRing::generate(Algorithm::Sm4Gcm).unwrap();
    let s = ring.seal("秘密").unwrap();
    assert_eq!(other.open(&s), Err(CryptoError::Decrypt));
    let mut t = s.clone().into_bytes();
    let last = t.len() - 1;
    t[last] = if t[last] == b'0' { b'1' } else { b'0' };
    assert_eq!(
        ring.open(&String::from_utf8(t).unwrap()),
        Err(CryptoError::Decrypt)
    );
    assert_eq!(ring.open("plain text"), Err(CryptoError::Format));
    assert!(
        KeyRing::from_key_file("active = k9\nindex = 00112233445566778899aabbccddeeff").is_err()
    );
}
