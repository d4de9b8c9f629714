//! Colours for one line of pretty-printed JSON. Only visible lines are styled,
//! so a long body costs nothing until it is scrolled to.

use ratatui::text::{Line, Span};

use crate::theme::{Role, Theme};

/// Splits a line into styled spans; input is already sanitized.
pub fn highlight(theme: &Theme, line: &str) -> Line<'static> {
    let mut spans = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let role = match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                let rest = line[i..].trim_start();
                if rest.starts_with(':') {
                    Role::JsonKey
                } else {
                    Role::JsonString
                }
            }
            b'-' | b'0'..=b'9' => {
                while i < bytes.len() && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    i += 1;
                }
                Role::JsonNumber
            }
            b't' | b'f' | b'n' => {
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                Role::JsonLiteral
            }
            _ => {
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') {
                    i += 1;
                }
                Role::JsonPunctuation
            }
        };
        // A multi-byte character never starts with the ASCII bytes matched above,
        // but an escape skip could land inside one: widen to a char boundary.
        while i < line.len() && !line.is_char_boundary(i) {
            i += 1;
        }
        spans.push(Span::styled(line[start..i].to_string(), theme.fg(role)));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    const KEY: Style = Style::new().fg(ratatui::style::Color::Cyan);
    const STRING: Style = Style::new().fg(ratatui::style::Color::Green);
    const NUMBER: Style = Style::new().fg(ratatui::style::Color::Yellow);
    const LITERAL: Style = Style::new().fg(ratatui::style::Color::Magenta);
    const PUNCTUATION: Style = Style::new().fg(ratatui::style::Color::Gray);

    fn styled(line: &str) -> Vec<(String, Style)> {
        highlight(&Theme::default(), line)
            .spans
            .into_iter()
            .map(|s| (s.content.into_owned(), s.style))
            .collect()
    }

    #[test]
    fn keys_strings_numbers_literals() {
        assert_eq!(
            styled(r#"  "a\"b": "x y","#),
            vec![
                ("  ".into(), PUNCTUATION),
                (r#""a\"b""#.into(), KEY),
                (": ".into(), PUNCTUATION),
                (r#""x y""#.into(), STRING),
                (",".into(), PUNCTUATION)
            ]
        );
        assert_eq!(styled("-1.5e3")[0], ("-1.5e3".into(), NUMBER));
        assert_eq!(styled("null")[0], ("null".into(), LITERAL));
    }

    #[test]
    fn unicode_and_broken_lines_do_not_panic() {
        for line in ["\"é\\", "\"日本\"", "\\\"", "\"\\é\"", "ñ"] {
            let text: String = highlight(&Theme::default(), line)
                .spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect();
            assert_eq!(text, line);
        }
    }
}
