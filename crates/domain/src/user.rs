//! Shoppers: invite codes, phone numbers, profile fields.

use crate::validation::{ValidationError, text};
use chrono::{DateTime, Utc};
use rand::Rng;
use serde::Serialize;

/// Invite-code alphabet without look-alikes (no 0/O, 1/I/L), so codes read aloud or typed from a
/// poster survive.
const INVITE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const INVITE_CODE_LEN: usize = 8;

pub fn new_invite_code<R: Rng + ?Sized>(rng: &mut R) -> String {
    (0..INVITE_CODE_LEN).map(|_| INVITE_ALPHABET[rng.random_range(0..INVITE_ALPHABET.len())] as char).collect()
}

/// Normalises an invite code as typed or scanned (case-insensitive); `None` when it cannot be one.
pub fn parse_invite_code(s: &str) -> Option<String> {
    let s = s.trim().to_ascii_uppercase();
    (s.len() == INVITE_CODE_LEN && s.bytes().all(|b| INVITE_ALPHABET.contains(&b))).then_some(s)
}

/// A mainland China mobile number: 11 digits starting with 1, optionally written with +86.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(s: &str) -> Result<Phone, ValidationError> {
        let compact: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let digits = compact.strip_prefix("+86").unwrap_or(&compact);
        let ok = digits.len() == 11 && digits.starts_with('1') && digits.bytes().all(|b| b.is_ascii_digit());
        if ok { Ok(Phone(digits.to_string())) } else { Err(ValidationError::field("phone", "invalid_format")) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `13812345678` → `138****5678`: what every screen shows.
    pub fn masked(&self) -> String {
        mask_phone(&self.0)
    }
}

/// A nickname as other shoppers see it: the first character, then `**` (`张三丰` → `张**`).
pub fn mask_name(n: &str) -> String {
    match n.chars().next() {
        Some(c) => format!("{c}**"),
        None => "**".into(),
    }
}

pub fn mask_phone(p: &str) -> String {
    if p.len() < 7 {
        return "*".repeat(p.len());
    }
    format!("{}****{}", &p[..3], &p[p.len() - 4..])
}

pub fn parse_nickname(s: &str) -> Result<String, ValidationError> {
    text("nickname", s, 32, true)
}

/// Avatars are URLs (https, or a path on our own host); anything else — `javascript:`, data URLs — is
/// refused so a profile can never carry script into a page.
pub fn parse_avatar_url(s: &str) -> Result<String, ValidationError> {
    let v = text("avatar_url", s, 512, false)?;
    if v.is_empty() || v.starts_with("https://") || v.starts_with("http://") || (v.starts_with('/') && !v.starts_with("//")) {
        if v.chars().any(|c| matches!(c, '"' | '\'' | '<' | '>' | ' ')) {
            return Err(ValidationError::field("avatar_url", "invalid_format"));
        }
        Ok(v)
    } else {
        Err(ValidationError::field("avatar_url", "invalid_format"))
    }
}

pub fn parse_consent_version(s: &str) -> Result<String, ValidationError> {
    let v = text("privacy_consent_version", s, 32, true)?;
    if v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')) {
        Ok(v)
    } else {
        Err(ValidationError::field("privacy_consent_version", "invalid_format"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Active,
    Deleted,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> UserStatus {
        if s == "deleted" { UserStatus::Deleted } else { UserStatus::Active }
    }
}

/// A shopper as the services see it. The phone is kept encrypted; only the services decrypt it.
#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub provider: String,
    pub openid: String,
    pub unionid: Option<String>,
    pub nickname: String,
    pub avatar_url: String,
    pub phone_enc: Option<String>,
    pub invite_code: String,
    pub pending_invite_code: Option<String>,
    pub referrer_id: Option<i64>,
    pub is_distributor: bool,
    pub consent_version: Option<String>,
    pub consent_at: Option<DateTime<Utc>>,
    pub status: UserStatus,
    pub created_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invite_codes_are_valid_and_parse_back() {
        let mut rng = rand::rng();
        for _ in 0..100 {
            let c = new_invite_code(&mut rng);
            assert_eq!(parse_invite_code(&c.to_lowercase()).as_deref(), Some(c.as_str()));
        }
        assert_eq!(parse_invite_code("ABC"), None);
        assert_eq!(parse_invite_code("ABCDEFG0"), None);
        assert_eq!(parse_invite_code("' OR 1=1"), None);
    }

    #[test]
    fn names_are_masked_for_other_shoppers() {
        assert_eq!(mask_name("张三丰"), "张**");
        assert_eq!(mask_name(""), "**");
    }

    #[test]
    fn phones_are_parsed_and_masked() {
        assert_eq!(Phone::parse("+86 138-1234-5678").unwrap().masked(), "138****5678");
        assert!(Phone::parse("23812345678").is_err());
        assert!(Phone::parse("1381234567").is_err());
        assert!(Phone::parse("1381234567x").is_err());
    }

    #[test]
    fn avatars_must_be_web_urls() {
        assert!(parse_avatar_url("https://img.example.com/a.png").is_ok());
        assert!(parse_avatar_url("/static/a.png").is_ok());
        assert!(parse_avatar_url("javascript:alert(1)").is_err());
        assert!(parse_avatar_url("//evil.example/x").is_err());
        assert!(parse_avatar_url("https://x/\"onerror=alert(1)").is_err());
    }
}
