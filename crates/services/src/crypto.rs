//! Encryption of personal fields at rest (phone numbers): AES-256-GCM with a random nonce per value,
//! stored as `v1:<base64(nonce ‖ ciphertext)>`. A keyed SHA-256 "blind index" lets risk control
//! match equal phones without decrypting them.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub struct FieldCipher {
    cipher: Aes256Gcm,
    index_key: [u8; 32],
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CipherError {
    #[error("the data key must be 32 bytes, base64-encoded")]
    BadKey,
    #[error("ciphertext is malformed or was not made with this key")]
    BadCiphertext,
}

impl FieldCipher {
    /// `key_b64` is the base64 of 32 random bytes (`FENXIAO_DATA_KEY`).
    pub fn from_base64(key_b64: &str) -> Result<Self, CipherError> {
        let raw = STANDARD.decode(key_b64.trim()).map_err(|_| CipherError::BadKey)?;
        let key: [u8; 32] = raw.try_into().map_err(|_| CipherError::BadKey)?;
        Ok(Self::from_bytes(key))
    }

    pub fn from_bytes(key: [u8; 32]) -> Self {
        // Separate keys for encryption and the blind index, both derived from the one secret.
        let enc: [u8; 32] = Sha256::new().chain_update(b"fenxiao-enc").chain_update(key).finalize().into();
        let idx: [u8; 32] = Sha256::new().chain_update(b"fenxiao-idx").chain_update(key).finalize().into();
        Self { cipher: Aes256Gcm::new(&Key::<Aes256Gcm>::from(enc)), index_key: idx }
    }

    pub fn encrypt(&self, plain: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let ct = self.cipher.encrypt(&Nonce::from(nonce), plain.as_bytes()).expect("AES-GCM encryption cannot fail for short input");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        format!("v1:{}", STANDARD.encode(out))
    }

    pub fn decrypt(&self, stored: &str) -> Result<String, CipherError> {
        let b64 = stored.strip_prefix("v1:").ok_or(CipherError::BadCiphertext)?;
        let raw = STANDARD.decode(b64).map_err(|_| CipherError::BadCiphertext)?;
        if raw.len() < 12 + 16 {
            return Err(CipherError::BadCiphertext);
        }
        let (n, ct) = raw.split_at(12);
        let nonce: [u8; 12] = n.try_into().map_err(|_| CipherError::BadCiphertext)?;
        let pt = self.cipher.decrypt(&Nonce::from(nonce), ct).map_err(|_| CipherError::BadCiphertext)?;
        String::from_utf8(pt).map_err(|_| CipherError::BadCiphertext)
    }

    pub fn blind_index(&self, plain: &str) -> String {
        hex::encode(Sha256::new().chain_update(self.index_key).chain_update(plain.as_bytes()).finalize())
    }
}

/// SHA-256 hex of a bearer token: what the sessions table stores.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A new bearer token: `fx_` + 32 random bytes, base64url.
pub fn new_token() -> String {
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    format!("fx_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_tampering() {
        let c = FieldCipher::from_bytes([7; 32]);
        let e1 = c.encrypt("13812345678");
        let e2 = c.encrypt("13812345678");
        assert_ne!(e1, e2, "a fresh nonce per value");
        assert!(!e1.contains("13812345678"));
        assert_eq!(c.decrypt(&e1).unwrap(), "13812345678");
        let mut bad = e1.clone();
        bad.replace_range(10..11, if &e1[10..11] == "A" { "B" } else { "A" });
        assert_eq!(c.decrypt(&bad), Err(CipherError::BadCiphertext));
        let other = FieldCipher::from_bytes([8; 32]);
        assert_eq!(other.decrypt(&e1), Err(CipherError::BadCiphertext));
        assert_eq!(c.blind_index("1"), c.blind_index("1"));
        assert_ne!(c.blind_index("1"), other.blind_index("1"));
    }

    #[test]
    fn keys_must_be_32_bytes() {
        assert_eq!(FieldCipher::from_base64("c2hvcnQ=").err(), Some(CipherError::BadKey));
        assert!(FieldCipher::from_base64(&STANDARD.encode([1u8; 32])).is_ok());
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token();
        assert!(a.starts_with("fx_") && a.len() > 40);
        assert_ne!(a, new_token());
        assert_eq!(token_hash(&a).len(), 64);
    }
}
