//! Staff roles, usernames and passwords.

use crate::validation::ValidationError;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    SuperAdmin,
    Operator,
    Finance,
    Support,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::SuperAdmin, Role::Operator, Role::Finance, Role::Support];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::SuperAdmin => "super_admin",
            Role::Operator => "operator",
            Role::Finance => "finance",
            Role::Support => "support",
        }
    }

    pub fn parse(s: &str) -> Result<Role, ValidationError> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| ValidationError::field("role", "unknown_role"))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A staff username: 3–32 characters of ASCII letters, digits, `_`, `-`, `.`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(s: &str) -> Result<Username, ValidationError> {
        let s = s.trim();
        let ok_len = (3..=32).contains(&s.len());
        let ok_chars = s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !ok_len {
            return Err(ValidationError::field("username", "length_3_to_32"));
        }
        if !ok_chars {
            return Err(ValidationError::field("username", "invalid_characters"));
        }
        Ok(Username(s.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new staff password: 10–128 characters with at least a letter and a digit.
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(s: &str) -> Result<NewPassword, ValidationError> {
        let n = s.chars().count();
        if !(10..=128).contains(&n) {
            return Err(ValidationError::field("password", "length_10_to_128"));
        }
        if !s.chars().any(|c| c.is_alphabetic()) || !s.chars().any(|c| c.is_ascii_digit()) {
            return Err(ValidationError::field("password", "needs_letter_and_digit"));
        }
        Ok(NewPassword(s.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()).unwrap(), r);
        }
        assert!(Role::parse("root").is_err());
    }

    #[test]
    fn usernames_are_checked_and_lowercased() {
        assert_eq!(Username::parse(" Alice_1 ").unwrap().as_str(), "alice_1");
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse("a b c").is_err());
        assert!(Username::parse("x'; drop table admins;--").is_err());
    }

    #[test]
    fn passwords_need_length_letters_and_digits() {
        assert!(NewPassword::parse("short1").is_err());
        assert!(NewPassword::parse("onlyletters").is_err());
        assert!(NewPassword::parse("1234567890").is_err());
        assert!(NewPassword::parse("goodpassw0rd").is_ok());
        assert_eq!(format!("{:?}", NewPassword::parse("goodpassw0rd").unwrap()), "NewPassword(***)");
    }
}
