//! Validation errors carry the field and a message key; the API layer turns them into a 422
//! `validation_failed` problem with messages in the caller's language.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    /// A stable key such as `too_long`, `required`, `invalid_format`.
    pub reason: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ValidationError {
    pub errors: Vec<FieldError>,
}

impl ValidationError {
    pub fn field(field: impl Into<String>, reason: &'static str) -> Self {
        Self { errors: vec![FieldError { field: field.into(), reason }] }
    }

    pub fn push(&mut self, field: impl Into<String>, reason: &'static str) {
        self.errors.push(FieldError { field: field.into(), reason });
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn into_result(self) -> Result<(), ValidationError> {
        if self.errors.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.errors.iter().map(|e| format!("{}: {}", e.field, e.reason)).collect();
        write!(f, "{}", parts.join(", "))
    }
}

impl std::error::Error for ValidationError {}

/// Trims and checks a free-text field: not empty (when required), at most `max` characters, and no
/// control characters.
pub fn text(field: &str, value: &str, max: usize, required: bool) -> Result<String, ValidationError> {
    let v = value.trim();
    if v.is_empty() {
        return if required { Err(ValidationError::field(field, "required")) } else { Ok(String::new()) };
    }
    if v.chars().count() > max {
        return Err(ValidationError::field(field, "too_long"));
    }
    if v.chars().any(|c| c.is_control()) {
        return Err(ValidationError::field(field, "invalid_characters"));
    }
    Ok(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_trims_and_limits() {
        assert_eq!(text("n", "  hi ", 5, true).unwrap(), "hi");
        assert_eq!(text("n", "   ", 5, true).unwrap_err().errors[0].reason, "required");
        assert_eq!(text("n", "", 5, false).unwrap(), "");
        assert_eq!(text("n", "一二三四五六", 5, true).unwrap_err().errors[0].reason, "too_long");
        assert_eq!(text("n", "a\u{0}b", 5, true).unwrap_err().errors[0].reason, "invalid_characters");
    }
}
