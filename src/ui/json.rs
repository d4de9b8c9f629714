//! Colours for one line of pretty-printed JSON. Only visible lines are styled,
//! so a long body costs nothing until it is scrolled to.

use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

pub const KEY: Style = Style::new().fg(Color::Cyan);
pub const STRING: Style = Style::new().fg(Color::Green);
pub const NUMBER: Style = Style::new().fg(Color::Yellow);
pub const LITERAL: Style = Style::new().fg(Color::Magenta);
pub const PUNCTUATION: Style = Style::new().fg(Color::Gray);

/// Splits a line into styled spans; input is already sanitized.
pub fn highlight(line: &str) -> Line<'static> {
    let mut spans = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let style = match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(bytes.len());
                let rest = line[i..].trim_start();
                if rest.starts_with(':') { KEY } else { STRING }
            }
            b'-' | b'0'..=b'9' => {
                while i < bytes.len() && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                    i += 1;
                }
                NUMBER
            }
            b't' | b'f' | b'n' => {
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                LITERAL
            }
            _ => {
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') {
                    i += 1;
                }
                PUNCTUATION
            }
        };
        // A multi-byte character never starts with the ASCII bytes matched above,
        // but an escape skip could land inside one: widen to a char boundary.
        while i < line.len() && !line.is_char_boundary(i) {
            i += 1;
        }
        spans.push(Span::styled(line[start..i].to_string(), style));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styled(line: &str) -> Vec<(String, Style)> {
        highlight(line)
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
            let text: String = highlight(line).spans.iter().map(|s| s.content.as_ref()).collect();
            assert_eq!(text, line);
        }
    }
}
