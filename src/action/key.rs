//! Keys as the terminal sends them and as the config file names them.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers, normalised so that what a terminal sends and what
/// a config file names compare equal: a character carries its own case (no
/// Shift), Ctrl with a letter is lower case, Shift-Tab is BackTab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const MODIFIERS: KeyModifiers = KeyModifiers::CONTROL
    .union(KeyModifiers::ALT)
    .union(KeyModifiers::SHIFT);

/// Named keys, as the config file spells them (case does not matter).
const NAMED: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Space", KeyCode::Char(' ')),
];

/// Other spellings people write.
const ALIASES: &[(&str, KeyCode)] = &[
    ("return", KeyCode::Enter),
    ("escape", KeyCode::Esc),
    ("del", KeyCode::Delete),
    ("ins", KeyCode::Insert),
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
    ("pgdown", KeyCode::PageDown),
    ("backtab", KeyCode::BackTab),
];

/// Longer names are mistakes (or attacks on the parser), not keys.
const MAX_KEY_NAME: usize = 64;

/// A character a key can be: one that shows, not a control, a space other
/// than Space, or an invisible format character.
fn is_visible(c: char) -> bool {
    use unicode_width::UnicodeWidthChar;
    c == ' '
        || (!c.is_whitespace()
            && c.width().is_some_and(|w| w > 0)
            && crate::sanitize::sanitize(c.encode_utf8(&mut [0; 4])) == c.to_string())
}

pub const KEY_NAME_HELP: &str = "a single character, or Enter, Esc, Tab, Backspace, Delete, Insert, Home, End, PageUp, PageDown, Up, Down, Left, Right, Space, F1 to F24, each with optional Ctrl-, Alt- or Shift- in front";

impl Key {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Key {
        Key::normalised(code, modifiers)
    }

    pub fn from_event(event: &KeyEvent) -> Key {
        Key::normalised(event.code, event.modifiers)
    }

    fn normalised(code: KeyCode, modifiers: KeyModifiers) -> Key {
        let mut modifiers = modifiers & MODIFIERS;
        let code = match code {
            KeyCode::Char(c) => {
                modifiers.remove(KeyModifiers::SHIFT);
                if modifiers.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, modifiers }
    }

    /// Parses `Ctrl-R`, `f5`, `x`, `Shift-Tab`, `enter`, `PageUp`... Names and
    /// modifiers ignore case; a lone character keeps it (`V` is not `v`).
    pub fn parse(text: &str) -> Result<Key, String> {
        if text.len() > MAX_KEY_NAME {
            return Err(format!(
                "a key name is at most {MAX_KEY_NAME} bytes: use {KEY_NAME_HELP}"
            ));
        }
        let mut rest = text.trim();
        let mut modifiers = KeyModifiers::NONE;
        loop {
            let found = [
                ("ctrl-", KeyModifiers::CONTROL),
                ("control-", KeyModifiers::CONTROL),
                ("alt-", KeyModifiers::ALT),
                ("shift-", KeyModifiers::SHIFT),
            ]
            .into_iter()
            .find(|(prefix, _)| {
                rest.len() > prefix.len() && rest.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix))
            });
            match found {
                Some((prefix, modifier)) => {
                    modifiers |= modifier;
                    rest = &rest[prefix.len()..];
                }
                None => break,
            }
        }
        let shown = crate::sanitize::one_line(text);
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err(format!("an empty key name: use {KEY_NAME_HELP}")),
            (Some(c), None) if !is_visible(c) => {
                return Err(format!(
                    "`{shown}` is not a key a terminal sends: a character key must be visible; use {KEY_NAME_HELP}"
                ));
            }
            (Some(c), None) if modifiers.contains(KeyModifiers::SHIFT) => {
                let mut upper = c.to_uppercase();
                match (upper.next(), upper.next()) {
                    (Some(u), None) if c.is_lowercase() && u != c => {
                        modifiers.remove(KeyModifiers::SHIFT);
                        KeyCode::Char(u)
                    }
                    _ => {
                        return Err(format!(
                            "`{shown}`: write the character Shift gives instead (for example `!` or `V`)"
                        ));
                    }
                }
            }
            (Some(c), None) => KeyCode::Char(c),
            _ => Key::named(rest).ok_or_else(|| {
                format!(
                    "unknown key name `{}`: use {KEY_NAME_HELP}",
                    crate::sanitize::one_line(rest)
                )
            })?,
        };
        let key = Key::normalised(code, modifiers);
        if let Some(sent) = key.sent_as() {
            return Err(format!(
                "`{key}` reaches the console as {sent} in most terminals: bind {sent} instead"
            ));
        }
        Ok(key)
    }

    /// Ctrl with these letters is what a terminal sends for another key.
    fn sent_as(self) -> Option<&'static str> {
        if self.modifiers != KeyModifiers::CONTROL {
            return None;
        }
        match self.code {
            KeyCode::Char('i') => Some("Tab"),
            KeyCode::Char('m') | KeyCode::Char('j') => Some("Enter"),
            KeyCode::Char('h') => Some("Backspace"),
            KeyCode::Char('[') => Some("Esc"),
            _ => None,
        }
    }

    fn named(name: &str) -> Option<KeyCode> {
        let lower = name.to_ascii_lowercase();
        if let Some(number) = lower.strip_prefix('f')
            && !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit())
            && let Ok(n) = number.parse::<u8>()
        {
            return (1..=24).contains(&n).then_some(KeyCode::F(n));
        }
        NAMED
            .iter()
            .chain(ALIASES)
            .find(|(n, _)| n.eq_ignore_ascii_case(&lower))
            .map(|(_, code)| *code)
    }

    /// True for a key that types a character in a text field.
    pub fn types_text(self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.modifiers.contains(KeyModifiers::CONTROL) => {
                write!(f, "{}", c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => write!(f, "{c}"),
            code => match NAMED.iter().find(|(_, named)| *named == code) {
                Some((name, _)) => f.write_str(name),
                None => write!(f, "{code:?}"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        Key::parse(text).unwrap()
    }

    #[test]
    fn key_names_parse_in_any_case_and_print_back() {
        assert_eq!(key("ctrl-r"), key("Ctrl-R"));
        assert_eq!(key("CTRL-r"), Key::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
        assert_eq!(key("f5"), Key::new(KeyCode::F(5), KeyModifiers::NONE));
        assert_eq!(key("shift-tab"), Key::new(KeyCode::BackTab, KeyModifiers::NONE));
        assert_eq!(key("pageup"), key("PgUp"));
        assert_eq!(key("ESC"), Key::new(KeyCode::Esc, KeyModifiers::NONE));
        assert_eq!(key("space"), Key::new(KeyCode::Char(' '), KeyModifiers::NONE));
        assert_eq!(key("shift-v"), key("V"));
        assert_ne!(key("v"), key("V"), "a lone character keeps its case");
        assert_eq!(key("-"), Key::new(KeyCode::Char('-'), KeyModifiers::NONE));
        assert_eq!(key("alt--"), Key::new(KeyCode::Char('-'), KeyModifiers::ALT));
        for text in [
            "Ctrl-R",
            "F5",
            "Shift-Tab",
            "Enter",
            "PageDown",
            "Space",
            "V",
            "?",
            "Alt-x",
            "Ctrl-Alt-Delete",
        ] {
            assert_eq!(key(text).to_string(), text);
            assert_eq!(key(&key(text).to_string()), key(text));
        }
        assert!(
            Key::parse("hyper-x")
                .unwrap_err()
                .contains("unknown key name `hyper-x`")
        );
        assert!(Key::parse("f25").is_err());
        assert!(Key::parse("").is_err());
        assert!(Key::parse("shift-1").unwrap_err().contains("write the character"));
        assert!(
            Key::parse("Shift-ß").unwrap_err().contains("write the character"),
            "no silent SS"
        );
        assert!(Key::parse("F+5").is_err());
        assert!(Key::parse("Ctrl-I").unwrap_err().contains("as Tab"));
        assert!(Key::parse("Ctrl-M").unwrap_err().contains("as Enter"));
        for invisible in ["\u{200B}", "\u{FEFF}", "\u{202E}", "\u{301}", "\u{1b}"] {
            let error = Key::parse(invisible).unwrap_err();
            assert!(
                error.contains("must be visible") && !error.contains('\u{1b}'),
                "{error}"
            );
        }
        assert!(Key::parse(&"ctrl-".repeat(40_000)).unwrap_err().contains("at most 64"));
    }

    #[test]
    fn terminal_events_match_config_names() {
        let event = |code, modifiers| Key::from_event(&KeyEvent::new(code, modifiers));
        assert_eq!(event(KeyCode::Char('V'), KeyModifiers::SHIFT), key("V"));
        assert_eq!(event(KeyCode::Char('?'), KeyModifiers::SHIFT), key("?"));
        assert_eq!(event(KeyCode::BackTab, KeyModifiers::SHIFT), key("Shift-Tab"));
        assert_eq!(event(KeyCode::Tab, KeyModifiers::SHIFT), key("Shift-Tab"));
        assert_eq!(event(KeyCode::Char('r'), KeyModifiers::CONTROL), key("Ctrl-R"));
    }
}
