//! Comparing two invocations (`d` marks one, `d` on another compares): their
//! figures side by side and their bodies, pretty-printed, as a line diff,
//! the older on the `-` side.

use std::time::Duration;

use super::invocations::{Invocation, InvocationState};
use super::{App, Mode};
use crate::model::BodyView;

/// Bodies are compared up to this much each, and the diff gives up (showing
/// what it has) after this long: a 6 MB body must not stall the screen.
const MAX_COMPARED_BYTES: usize = 1024 * 1024;
const DIFF_TIMEOUT: Duration = Duration::from_millis(300);
const MAX_DIFF_LINES: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffKind {
    Same,
    Removed,
    Added,
    /// A heading or a figure's row.
    Note,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DiffView {
    /// The two compared (older, newer): one still in flight is compared
    /// again when it answers.
    pub ids: (u64, u64),
    pub title: String,
    /// Each line with its kind; the text already carries its `-`/`+` marker.
    pub lines: Vec<(DiffKind, String)>,
    pub scroll: usize,
}

impl App {
    /// `d` in the Invocations pane: marks the invocation under the cursor,
    /// or compares it with the one marked.
    pub(super) fn compare_invocation(&mut self, index: usize) {
        let id = self.invocations.list[index].id;
        match self.invocations.marked {
            None => {
                self.invocations.marked = Some(id);
                let label = self.key_label(crate::action::Action::Compare);
                self.set_info(format!(
                    "Marked {}: {label} on another invocation compares the two.",
                    self.invocations.list[index].request.target()
                ));
            }
            Some(marked) if marked == id => {
                self.invocations.marked = None;
                self.set_info("Unmarked.".into());
            }
            Some(marked) => {
                let Some(other) = self.invocations.list.iter().position(|i| i.id == marked) else {
                    self.invocations.marked = Some(id);
                    self.set_info("The marked invocation is gone: this one is marked now.".into());
                    return;
                };
                self.invocations.marked = None;
                // Oldest first in the list: the lower index is the older.
                let (older, newer) = (index.min(other), index.max(other));
                let view = compare(&self.invocations.list[older], &self.invocations.list[newer]);
                self.mode = Mode::Diff(Box::new(view));
            }
        }
    }

    /// An invocation answered: a comparison open on it is made again, where
    /// it was read.
    pub(super) fn refresh_diff(&mut self, id: u64) {
        let Mode::Diff(diff) = &self.mode else { return };
        if diff.ids.0 != id && diff.ids.1 != id {
            return;
        }
        let find = |id: u64| self.invocations.list.iter().find(|i| i.id == id);
        if let (Some(older), Some(newer)) = (find(diff.ids.0), find(diff.ids.1)) {
            let view = DiffView {
                scroll: diff.scroll,
                ..compare(older, newer)
            };
            self.mode = Mode::Diff(Box::new(view));
        }
    }

    /// `n` / `N` in a comparison: the first line of the next (or previous)
    /// run of changed lines comes to the top.
    pub(super) fn jump_to_change(&mut self, forward: bool) {
        let Mode::Diff(diff) = &mut self.mode else {
            let label = self.key_label(crate::action::Action::Compare);
            self.set_info(format!(
                "n and N move between changes in a comparison ({label} opens one)."
            ));
            return;
        };
        let changed = |kind: DiffKind| matches!(kind, DiffKind::Removed | DiffKind::Added);
        let starts: Vec<usize> = (0..diff.lines.len())
            .filter(|&i| changed(diff.lines[i].0) && (i == 0 || !changed(diff.lines[i - 1].0)))
            .collect();
        let next = if forward {
            starts.iter().copied().find(|&i| i > diff.scroll)
        } else {
            starts.iter().rev().copied().find(|&i| i < diff.scroll)
        };
        match next {
            Some(line) => {
                diff.scroll = line;
                let at = starts.iter().position(|&s| s == line).unwrap_or(0) + 1;
                self.set_info(format!("Change {at} of {}.", starts.len()));
            }
            None => {
                let which = if forward { "after" } else { "before" };
                self.set_info(format!("No change {which} this one."));
            }
        }
    }
}

fn compare(older: &Invocation, newer: &Invocation) -> DiffView {
    let title = format!(
        "- {} sent {}   + {} sent {}",
        older.request.target(),
        sent(older),
        newer.request.target(),
        sent(newer)
    );
    let mut lines = vec![(DiffKind::Note, "Figures".to_string())];
    for (name, old, new) in figures(older, newer) {
        if old == new {
            lines.push((DiffKind::Same, format!("  {name:<17} {old}")));
        } else {
            lines.push((DiffKind::Removed, format!("- {name:<17} {old}")));
            lines.push((DiffKind::Added, format!("+ {name:<17} {new}")));
        }
    }
    lines.push((DiffKind::Note, String::new()));
    lines.push((DiffKind::Note, "Body".to_string()));
    let (old_body, new_body) = (body_text(older), body_text(newer));
    let in_flight = [older, newer]
        .iter()
        .any(|i| matches!(i.state, InvocationState::InFlight));
    if in_flight {
        lines.push((
            DiffKind::Note,
            "(one is still in flight: this comparison is made again when it answers)".to_string(),
        ));
    } else if old_body == new_body {
        lines.push((DiffKind::Note, "(the bodies are the same)".to_string()));
    }
    let diff = similar::TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_lines(&old_body, &new_body);
    for change in diff.iter_all_changes().take(MAX_DIFF_LINES) {
        let (kind, marker) = match change.tag() {
            similar::ChangeTag::Equal => (DiffKind::Same, ' '),
            similar::ChangeTag::Delete => (DiffKind::Removed, '-'),
            similar::ChangeTag::Insert => (DiffKind::Added, '+'),
        };
        let text = change.value().trim_end_matches('\n');
        lines.push((kind, format!("{marker} {}", crate::sanitize::sanitize(text))));
    }
    DiffView {
        ids: (older.id, newer.id),
        title,
        lines,
        scroll: 0,
    }
}

fn sent(invocation: &Invocation) -> String {
    let millis = invocation
        .sent_wall
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    crate::model::time_of_day(millis, true)
}

/// (name, older, newer) for each figure the two can differ in.
fn figures(older: &Invocation, newer: &Invocation) -> Vec<(&'static str, String, String)> {
    let each = |f: &dyn Fn(&Invocation) -> String| (f(older), f(newer));
    let rows: [(&'static str, (String, String)); 7] = [
        ("status", each(&status)),
        ("type", each(&|i| i.request.invoke_type.as_str().to_string())),
        (
            "executed version",
            each(&|i| outcome_field(i, |o| o.executed_version.clone())),
        ),
        (
            "duration",
            each(&|i| report_field(i, |r| r.duration_ms.map(|d| format!("{d:.2} ms")))),
        ),
        (
            "billed",
            each(&|i| report_field(i, |r| r.billed_duration_ms.map(|d| format!("{d} ms")))),
        ),
        (
            "max memory used",
            each(&|i| report_field(i, |r| r.max_memory_used_mb.map(|m| format!("{m} MB")))),
        ),
        (
            "init duration",
            each(&|i| report_field(i, |r| r.init_duration_ms.map(|d| format!("{d:.2} ms")))),
        ),
    ];
    rows.into_iter().map(|(name, (old, new))| (name, old, new)).collect()
}

fn status(invocation: &Invocation) -> String {
    match &invocation.state {
        InvocationState::InFlight => "in flight".into(),
        InvocationState::Failed(why) => format!("call failed: {}", crate::sanitize::one_line(why)),
        InvocationState::Done(o) => match &o.function_error {
            Some(error) => format!(
                "HTTP {} {} {}",
                o.status_code,
                error.kind,
                error.error_type.as_deref().unwrap_or("")
            ),
            None => format!("HTTP {}", o.status_code),
        },
    }
}

fn outcome_field(invocation: &Invocation, get: impl Fn(&crate::model::InvokeOutcome) -> Option<String>) -> String {
    match &invocation.state {
        InvocationState::Done(o) => get(o).unwrap_or_else(|| "-".into()),
        _ => "-".into(),
    }
}

fn report_field(invocation: &Invocation, get: impl Fn(&crate::report::Report) -> Option<String>) -> String {
    let report = match &invocation.state {
        InvocationState::Done(o) => o.report.as_ref().or(invocation.async_report.as_ref()),
        _ => None,
    };
    report.and_then(get).unwrap_or_else(|| "-".into())
}

/// The body as the Response pane reads it: pretty JSON, or the text.
fn body_text(invocation: &Invocation) -> String {
    let InvocationState::Done(outcome) = &invocation.state else {
        return String::new();
    };
    let joined = |lines: &crate::model::Lines| {
        let mut text = lines.iter().collect::<Vec<_>>().join("\n");
        text.truncate(text.floor_char_boundary(MAX_COMPARED_BYTES));
        text
    };
    match &outcome.body {
        BodyView::Json(lines) => joined(lines),
        BodyView::Dropped { bytes } => format!("({bytes} bytes, no longer kept)"),
        _ => {
            let raw = &outcome.raw_body[..outcome.raw_body.len().min(MAX_COMPARED_BYTES)];
            String::from_utf8_lossy(raw).into_owned()
        }
    }
}
