//! The payload draft: JSON validation with a position, pretty-formatting, limits.

/// Lambda's request limits; checked before sending so the user learns at once.
pub const SYNC_PAYLOAD_LIMIT: usize = 6 * 1024 * 1024;
pub const ASYNC_PAYLOAD_LIMIT: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Validity {
    /// Whitespace only: sent as no payload at all.
    Empty,
    Valid,
    /// 1-based line and column of the first error, as the user sees them.
    Invalid {
        line: usize,
        column: usize,
        message: String,
    },
}

impl Validity {
    pub fn describe(&self) -> String {
        match self {
            Validity::Empty => "empty payload (none is sent)".to_string(),
            Validity::Valid => "valid JSON".to_string(),
            Validity::Invalid { line, column, message } => {
                format!("invalid JSON at line {line}, column {column}: {message}")
            }
        }
    }
}

pub fn validate(text: &str) -> Validity {
    if text.trim().is_empty() {
        return Validity::Empty;
    }
    match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Ok(_) => Validity::Valid,
        Err(err) => Validity::Invalid {
            line: err.line().max(1),
            column: err.column().max(1),
            message: error_message_without_position(&err),
        },
    }
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn error_message_without_position(err: &serde_json::Error) -> String {
    let full = err.to_string();
    match full.rfind(" at line ") {
        Some(cut) => full[..cut].to_string(),
        None => full,
    }
}

/// Pretty-prints valid JSON with two-space indents, keeping key order; the
/// error says why not.
pub fn pretty(text: &str) -> Result<String, String> {
    match validate(text) {
        Validity::Empty => Ok(String::new()),
        // Valid JSON can still be too deep to build as a Value (serde_json
        // stops at 128 levels rather than overflow the stack): say so.
        Validity::Valid => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(value) => Ok(serde_json::to_string_pretty(&value).unwrap_or_else(|_| text.to_string())),
            Err(_) => Err("the JSON is nested deeper than 128 levels; it is valid and can still be sent".into()),
        },
        invalid => Err(invalid.describe()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_whitespace_are_allowed() {
        assert_eq!(validate(""), Validity::Empty);
        assert_eq!(validate("  \n "), Validity::Empty);
    }

    #[test]
    fn errors_name_line_and_column() {
        let v = validate("{\n  \"a\": 1,\n  \"b\": }\n");
        match v {
            Validity::Invalid { line, column, message } => {
                assert_eq!((line, column), (3, 8));
                assert!(message.contains("expected value"), "{message}");
            }
            other => panic!("expected invalid, got {other:?}"),
        }
    }

    #[test]
    fn very_deep_json_is_valid_and_neither_formatting_nor_checking_overflows() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(validate(&deep), Validity::Valid);
        let refused = pretty(&deep).unwrap_err();
        assert!(
            refused.contains("nested deeper than 128 levels") && refused.contains("can still be sent"),
            "{refused}"
        );
        assert!(matches!(
            crate::model::BodyView::from_bytes(deep.as_bytes()),
            crate::model::BodyView::Text(_)
        ));
    }

    #[test]
    fn pretty_keeps_key_order() {
        assert_eq!(
            pretty("{\"z\":1,\"a\":[true]}").unwrap(),
            "{\n  \"z\": 1,\n  \"a\": [\n    true\n  ]\n}"
        );
        assert!(pretty("{").is_err());
    }
}
