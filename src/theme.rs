//! Colours of named roles, from the config file's `[theme]`. With NO_COLOR
//! there is no colour at all: focus, selection and errors stay visible through
//! bold, reverse and underline. The state side needs it too (the editor's
//! styles), so it lives beside both rather than inside `ui`.

use ratatui::style::{Color, Modifier, Style};

macro_rules! roles {
    ($($variant:ident $name:literal $colour:ident $help:literal;)*) => {
        /// What a colour means on screen.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Role { $($variant),* }

        impl Role {
            pub const ALL: &[Role] = &[$(Role::$variant),*];

            /// The name in the config file's `[theme]`.
            pub fn name(self) -> &'static str {
                match self { $(Role::$variant => $name),* }
            }

            pub fn default_colour(self) -> Color {
                match self { $(Role::$variant => Color::$colour),* }
            }

            pub fn help(self) -> &'static str {
                match self { $(Role::$variant => $help),* }
            }
        }
    };
}

roles! {
    Accent "accent" Cyan "the title badge, spinners, calls in flight, informative messages, overlay borders";
    Focus "focus" Cyan "the border and title of the pane that has the keyboard";
    Selection "selection" Cyan "the background of the selected row in the focused list";
    Highlight "highlight" Yellow "the qualifier, the chosen invocation type, the filter, the endpoint";
    Ok "ok" Green "success: a function that succeeded, valid JSON, following logs";
    Error "error" Red "failure: errors, function errors, failed calls";
    Warning "warning" Yellow "waiting or degraded: queued, retry due, throttled, frozen logs";
    Dim "dim" DarkGray "labels, hints, borders of panes without focus";
    JsonKey "json_key" Cyan "JSON object keys";
    JsonString "json_string" Green "JSON strings";
    JsonNumber "json_number" Yellow "JSON numbers";
    JsonLiteral "json_literal" Magenta "JSON true, false and null";
    JsonPunctuation "json_punctuation" Gray "JSON brackets, commas and colons";
    LogStart "log_start" DarkGray "START and END lines";
    LogReport "log_report" Cyan "REPORT lines";
    LogError "log_error" Red "error lines and REPORT lines with a failed status";
    LogWarn "log_warn" Yellow "warning lines";
    LogDebug "log_debug" DarkGray "debug lines";
    RequestId "request_id" Magenta "request ids in log lines";
    SearchMatch "search_match" Yellow "the background of a search match";
}

impl Role {
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.iter().copied().find(|r| r.name() == name)
    }
}

/// Colour names the config file accepts, besides `#rrggbb`.
pub const COLOUR_NAMES: &[(&str, Color)] = &[
    ("default", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("darkgray", Color::DarkGray),
    ("lightred", Color::LightRed),
    ("lightgreen", Color::LightGreen),
    ("lightyellow", Color::LightYellow),
    ("lightblue", Color::LightBlue),
    ("lightmagenta", Color::LightMagenta),
    ("lightcyan", Color::LightCyan),
    ("white", Color::White),
];

/// Parses a colour name (`red`, `dark-gray`, `DarkGray`) or `#rrggbb`.
pub fn parse_colour(text: &str) -> Result<Color, String> {
    let text = text.trim();
    if let Some(hex) = text.strip_prefix('#') {
        if hex.len() == 6
            && let Ok(value) = u32::from_str_radix(hex, 16)
        {
            return Ok(Color::Rgb((value >> 16) as u8, (value >> 8) as u8, value as u8));
        }
        return Err(format!("`{text}` is not a colour: write #rrggbb with six hex digits"));
    }
    let squashed: String = text
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' '))
        .collect::<String>()
        .to_ascii_lowercase();
    let squashed = squashed.replace("grey", "gray");
    COLOUR_NAMES
        .iter()
        .find(|(name, _)| *name == squashed)
        .map(|(_, colour)| *colour)
        .ok_or_else(|| {
            let names: Vec<&str> = COLOUR_NAMES.iter().map(|(n, _)| *n).collect();
            format!("unknown colour `{text}`: use {}, or #rrggbb", names.join(", "))
        })
}

/// The config file's spelling of a colour.
pub fn colour_name(colour: Color) -> String {
    match colour {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        other => COLOUR_NAMES
            .iter()
            .find(|(_, c)| *c == other)
            .map(|(n, _)| n.to_string())
            .unwrap_or_else(|| format!("{other}").to_ascii_lowercase()),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    colours: Vec<Color>,
    /// NO_COLOR: modifiers only.
    pub no_color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            colours: Role::ALL.iter().map(|r| r.default_colour()).collect(),
            no_color: false,
        }
    }
}

impl Theme {
    /// This theme, colourless when NO_COLOR is set (to anything but empty).
    pub fn honouring_no_color(self) -> Theme {
        Theme {
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            ..self
        }
    }

    pub fn colour(&self, role: Role) -> Color {
        self.colours[Role::ALL.iter().position(|&r| r == role).unwrap_or(0)]
    }

    pub fn set_colour(&mut self, role: Role, colour: Color) {
        if let Some(i) = Role::ALL.iter().position(|&r| r == role) {
            self.colours[i] = colour;
        }
    }

    /// Text in the role's colour; without colour, the role's emphasis.
    pub fn fg(&self, role: Role) -> Style {
        if self.no_color {
            return match role {
                Role::Focus => Style::new().add_modifier(Modifier::BOLD),
                Role::Error | Role::LogError => Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                Role::Selection | Role::SearchMatch => Style::new().add_modifier(Modifier::REVERSED),
                Role::Dim | Role::LogStart | Role::LogDebug => Style::new().add_modifier(Modifier::DIM),
                _ => Style::new(),
            };
        }
        Style::new().fg(self.colour(role))
    }

    /// Dark text on the role's colour (the selected row, a badge); reversed
    /// without colour.
    pub fn filled(&self, role: Role) -> Style {
        if self.no_color {
            return Style::new().add_modifier(Modifier::REVERSED);
        }
        Style::new().fg(Color::Black).bg(self.colour(role))
    }

    pub fn dim(&self) -> Style {
        self.fg(Role::Dim)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_by_name_or_hex_and_print_back() {
        assert_eq!(parse_colour("Dark-Grey"), Ok(Color::DarkGray));
        assert_eq!(parse_colour("#1a2B3c"), Ok(Color::Rgb(0x1a, 0x2b, 0x3c)));
        assert!(parse_colour("#12345").unwrap_err().contains("six hex digits"));
        let error = parse_colour("mauve").unwrap_err();
        assert!(
            error.contains("unknown colour `mauve`") && error.contains("lightcyan"),
            "{error}"
        );
        for (name, colour) in COLOUR_NAMES {
            assert_eq!(colour_name(*colour), *name);
            assert_eq!(parse_colour(&colour_name(*colour)), Ok(*colour));
        }
        assert_eq!(colour_name(Color::Rgb(1, 2, 255)), "#0102ff");
    }

    #[test]
    fn without_colour_focus_selection_and_errors_stay_visible() {
        let theme = Theme {
            no_color: true,
            ..Theme::default()
        };
        for role in Role::ALL {
            assert_eq!(theme.fg(*role).fg, None, "{}", role.name());
            assert_eq!(theme.filled(*role).bg, None, "{}", role.name());
        }
        assert!(theme.fg(Role::Focus).add_modifier.contains(Modifier::BOLD));
        assert!(theme.filled(Role::Selection).add_modifier.contains(Modifier::REVERSED));
        assert!(theme.fg(Role::Error).add_modifier.contains(Modifier::UNDERLINED));
        let names: std::collections::HashSet<&str> = Role::ALL.iter().map(|r| r.name()).collect();
        assert_eq!(names.len(), Role::ALL.len(), "role names are unique");
    }
}
