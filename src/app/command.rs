//! The `:` command line, as in k9s: `:profile NAME`, `:region NAME`,
//! `:fn NAME`, `:type sync|event|dry`, `:q`. Tab completes the command and
//! its argument; each command is an action of the table.

use super::{App, Command, LineInput, Mode};
use crate::action::Action;
use crate::model::InvokeType;
use crate::sanitize::one_line;

/// The longest command line: a function name is at most 140 characters.
const MAX_COMMAND_CHARS: usize = 256;

/// Regions offered by completion; any other well-formed name is taken too.
pub const REGIONS: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
];

/// The command words, the action each is, and what follows it.
pub const COMMANDS: &[(&str, Action, &str)] = &[
    ("profile", Action::SwitchProfile, "NAME"),
    ("region", Action::SwitchRegion, "NAME"),
    ("fn", Action::GoToFunction, "NAME"),
    ("type", Action::SetType, "sync|event|dry"),
    ("q", Action::Quit, ""),
];

#[derive(Debug, Clone, PartialEq)]
pub struct CommandLine {
    pub input: LineInput,
    /// The matches a Tab offered, and which one the line holds now: Tab
    /// again takes the next.
    pub matches: Vec<String>,
    pub chosen: usize,
    /// Why the last command was refused; the line stays to fix it.
    pub error: Option<String>,
}

impl CommandLine {
    pub fn new(text: &str) -> CommandLine {
        let mut input = LineInput::new(text, MAX_COMMAND_CHARS);
        // Text it opens with is to be added to, not replaced.
        input.selected = false;
        CommandLine {
            input,
            matches: Vec::new(),
            chosen: 0,
            error: None,
        }
    }
}

impl App {
    /// `:`, or a command's own key: the line, with the command typed.
    pub(super) fn open_command_line(&mut self, action: Action) {
        let text = COMMANDS
            .iter()
            .find(|(_, a, _)| *a == action)
            .map(|(word, _, _)| format!("{word} "))
            .unwrap_or_default();
        // The AWS files may have gained a profile since the console started.
        if !self.local {
            for name in crate::aws::profiles::profile_names() {
                if !self.known_profiles.contains(&name) {
                    self.known_profiles.push(name);
                }
            }
            self.known_profiles.sort();
        }
        self.mode = Mode::Command(CommandLine::new(&text));
    }

    /// What can follow the command word: profiles, regions, functions, types.
    fn candidates(&self, word: &str) -> Vec<String> {
        match word {
            "profile" => self.known_profiles.clone(),
            "region" => REGIONS.iter().map(|r| r.to_string()).collect(),
            "fn" => self.functions.all_names().map(str::to_string).collect(),
            "type" => InvokeType::ALL.iter().map(|t| t.short_name().to_string()).collect(),
            _ => Vec::new(),
        }
    }

    /// Tab: completes the word under the cursor; again, the next match.
    pub(super) fn complete_command(&mut self) {
        let Mode::Command(line) = &self.mode else { return };
        let text = line.input.text.clone();
        let again = !line.matches.is_empty()
            && line
                .matches
                .get(line.chosen)
                .is_some_and(|m| text.ends_with(m.as_str()));
        let (head, partial) = match text.split_once(' ') {
            Some((word, rest)) => (format!("{word} "), rest.trim_start().to_string()),
            None => (String::new(), text.clone()),
        };
        let matches: Vec<String> = if again {
            line.matches.clone()
        } else if head.is_empty() {
            COMMANDS
                .iter()
                .map(|(word, _, _)| word.to_string())
                .filter(|w| w.starts_with(&partial))
                .collect()
        } else {
            let lower = partial.to_lowercase();
            let mut found: Vec<String> = self
                .candidates(head.trim())
                .into_iter()
                .filter(|c| c.to_lowercase().starts_with(&lower))
                .collect();
            found.truncate(200);
            found
        };
        let Mode::Command(line) = &mut self.mode else { return };
        line.error = None;
        if matches.is_empty() {
            line.matches.clear();
            line.error = Some("nothing matches".into());
            return;
        }
        let chosen = if again { (line.chosen + 1) % matches.len() } else { 0 };
        let word = &matches[chosen];
        // A lone match ends its word; several wait for another Tab.
        let ending = if head.is_empty() && matches.len() == 1 { " " } else { "" };
        line.input.text = format!("{head}{word}{ending}");
        line.chosen = chosen;
        line.matches = if matches.len() > 1 { matches } else { Vec::new() };
    }

    /// Enter: runs the command; a refused one stays on the line with why.
    pub(super) fn run_command(&mut self, mut line: CommandLine) -> Vec<Command> {
        let text = line.input.text.trim().to_string();
        let (word, argument) = match text.split_once(char::is_whitespace) {
            Some((word, rest)) => (word.to_string(), rest.trim().to_string()),
            None => (text.clone(), String::new()),
        };
        let word = word.trim_start_matches(':');
        let action = COMMANDS.iter().find(|(w, _, _)| *w == word).map(|(_, a, _)| *a);
        let result = match (action, argument.is_empty()) {
            (Some(Action::Quit), _) => {
                self.quit_or_ask();
                return Vec::new();
            }
            (Some(_), true) => Err(format!("{word} needs {}", needs(word))),
            (Some(Action::SwitchProfile), false) => self.switch_profile(&argument),
            (Some(Action::SwitchRegion), false) => self.switch_region(&argument),
            (Some(Action::GoToFunction), false) => self.go_to_function(&argument),
            (Some(Action::SetType), false) => match InvokeType::parse(&argument) {
                Some(kind) => {
                    self.invoke_type = kind;
                    Ok(Vec::new())
                }
                None => Err(format!(
                    "{} is not a type: sync, event, dry, stream or url",
                    one_line(&argument)
                )),
            },
            _ if text.is_empty() => Ok(Vec::new()),
            _ => Err(format!(
                "no command {}: {}",
                one_line(word),
                COMMANDS.iter().map(|(w, _, _)| *w).collect::<Vec<_>>().join(", ")
            )),
        };
        match result {
            Ok(commands) => commands,
            Err(why) => {
                line.error = Some(why);
                line.matches.clear();
                // Typing replaces the refused line, as a fresh one would.
                line.input.selected = true;
                self.mode = Mode::Command(line);
                Vec::new()
            }
        }
    }

    fn go_to_function(&mut self, name: &str) -> Result<Vec<Command>, String> {
        let wanted = self
            .functions
            .all_names()
            .find(|n| *n == name)
            .or_else(|| {
                let mut close = self.functions.all_names().filter(|n| n.eq_ignore_ascii_case(name));
                close.next().filter(|_| close.next().is_none())
            })
            .map(str::to_string)
            .ok_or_else(|| format!("no function {} in the list", one_line(name)))?;
        // A filter that hides it gives way.
        let mut commands = Vec::new();
        if !self.functions.filter().is_empty() {
            commands.extend(self.change_filter(""));
        }
        commands.extend(self.select_function(&wanted));
        Ok(commands)
    }
}

fn needs(word: &str) -> &'static str {
    COMMANDS
        .iter()
        .find(|(w, _, _)| *w == word)
        .map(|(_, _, argument)| *argument)
        .unwrap_or("")
}
