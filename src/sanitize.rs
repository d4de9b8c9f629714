//! Untrusted text (function names, bodies, log lines) made safe for a terminal cell.
//!
//! ratatui drops a lone control character but prints the rest of an escape
//! sequence, and `Cell::set_symbol` filters nothing, so every string that came
//! from a function, a log or the service passes through here first.

use std::borrow::Cow;

/// Width a tab expands to; cells cannot hold a tab.
const TAB: &str = "    ";

/// Returns `text` with every control character, escape introducer and bidi
/// override replaced by a visible, inert stand-in. Newlines are made visible too:
/// callers split lines first when they want them.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| needs_replacing(c) || is_sound_mark(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut previous = None;
    for c in text.chars() {
        if is_sound_mark(c) && !previous.is_some_and(is_halfwidth_katakana) {
            // A stray mark joins the grapheme before it, widening it past two
            // columns, and ratatui then draws nothing of the rest of the span.
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            push_safe(&mut out, c);
        }
        previous = Some(c);
    }
    Cow::Owned(out)
}

/// Halfwidth katakana (han)dakuten: one column each on a terminal, although
/// they extend the grapheme before them.
fn is_sound_mark(c: char) -> bool {
    matches!(c, '\u{FF9E}' | '\u{FF9F}')
}

fn is_halfwidth_katakana(c: char) -> bool {
    matches!(c, '\u{FF66}'..='\u{FF9D}')
}

/// Splits on `\n` (dropping a `\r` before it) and sanitizes each line.
pub fn sanitize_lines(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|line| sanitize(line.strip_suffix('\r').unwrap_or(line)).into_owned())
        .collect()
}

/// Sanitizes text meant for a single line (messages, names): newlines become ⏎.
pub fn one_line(text: &str) -> String {
    sanitize_lines(text.trim_end()).join(" ⏎ ")
}

/// Characters a terminal shows as nothing, or that reorder what follows:
/// the editor draws text as it is, so their number is said beside it.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || is_bidi_control(c) || is_invisible(c)
}

fn needs_replacing(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_invisible(c)
}

/// Bidi embeddings, overrides and isolates can reorder what follows them on screen
/// (the "Trojan Source" trick), so they are shown rather than obeyed.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters that take no room or break lines unseen: zero-width spaces and
/// joiners, the word joiner, the byte-order mark, line and paragraph
/// separators, the soft hyphen and tag characters. They can hide text or
/// make two different names look the same, so they are shown.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{00AD}'
            | '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{180E}'
            | '\u{3164}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

fn push_safe(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str(TAB),
        // C0 controls map onto the Unicode "control pictures" block: ␛ for ESC.
        '\u{0}'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
        '\u{7F}' => out.push('␡'),
        c if c.is_control() || is_bidi_control(c) || is_invisible(c) => {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(sanitize("hello, 世界"), Cow::Borrowed("hello, 世界")));
    }

    #[test]
    fn escape_sequences_become_visible() {
        let s = sanitize("\x1b[2J\x1b]0;pwned\x07red");
        assert_eq!(s, "␛[2J␛]0;pwned␇red");
        assert!(!s.contains('\x1b'));
    }

    #[test]
    fn c1_controls_and_bidi_overrides_are_shown_not_obeyed() {
        assert_eq!(sanitize("a\u{9b}31mb"), "a<U+009B>31mb");
        assert_eq!(sanitize("x\u{202E}cba\u{2066}"), "x<U+202E>cba<U+2066>");
    }

    #[test]
    fn invisible_characters_are_made_visible() {
        assert_eq!(
            sanitize("ad\u{200B}min"),
            "ad<U+200B>min",
            "two names that looked the same"
        );
        assert_eq!(sanitize("a\u{2028}b\u{2029}c"), "a<U+2028>b<U+2029>c");
        assert_eq!(sanitize("\u{FEFF}x\u{00AD}y\u{2060}"), "<U+FEFF>x<U+00AD>y<U+2060>");
        assert_eq!(sanitize("tag\u{E0041}\u{E007F}"), "tag<U+E0041><U+E007F>");
        assert_eq!(sanitize("a\u{200D}b"), "a<U+200D>b");
        assert_eq!(
            sanitize("\u{3164}x\u{115F}\u{180E}\u{2062}"),
            "<U+3164>x<U+115F><U+180E><U+2062>",
            "blank fillers"
        );
    }

    #[test]
    fn stray_halfwidth_sound_marks_are_spelled_out() {
        assert_eq!(sanitize("ｶﾞ"), "ｶﾞ", "a mark on its kana stays");
        assert_eq!(sanitize("xﾞﾞ"), "x<U+FF9E><U+FF9E>");
        assert_eq!(sanitize("ｶﾞﾟ"), "ｶﾞ<U+FF9F>");
    }

    #[test]
    fn tabs_expand_and_lines_split() {
        assert_eq!(sanitize("a\tb"), "a    b");
        assert_eq!(sanitize_lines("one\r\ntwo\x1b"), vec!["one", "two␛"]);
    }

    #[test]
    fn nothing_dangerous_survives_any_input() {
        // A cheap exhaustive sweep over the BMP's control-ish ranges.
        let all: String = (0u32..0x3000)
            .chain(0xE0000..0xE0080)
            .filter_map(char::from_u32)
            .collect();
        let safe = sanitize(&all);
        assert!(safe.chars().all(|c| !needs_replacing(c)));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn no_control_or_bidi_character_survives(text in any::<String>()) {
            let safe = sanitize(&text);
            prop_assert!(safe.chars().all(|c| !needs_replacing(c)));
        }

        #[test]
        fn printable_text_passes_unchanged(text in "[a-zA-Z0-9 {}\\[\\]:,.\"'é日本-]{0,64}") {
            prop_assert_eq!(sanitize(&text), text.as_str());
        }

        #[test]
        fn nothing_visible_is_lost(text in any::<String>()) {
            // Every character that is not replaced appears, in order.
            let kept: String = text.chars().filter(|&c| !needs_replacing(c) && !is_sound_mark(c)).collect();
            let safe = sanitize(&text);
            let mut rest = safe.as_ref();
            for c in kept.chars() {
                let at = rest.find(c);
                prop_assert!(at.is_some());
                rest = &rest[at.unwrap() + c.len_utf8()..];
            }
        }
    }
}
