//! The Functions pane: every loaded function, an incremental filter, a cursor,
//! and what moving the cursor sets off (details, the function's draft).

use super::{App, Command, LineInput, Mode, Move, Pane};
use crate::action::Action;
use crate::model::FunctionInfo;

/// A filter is a name or part of one; more is a mistake (or a paste gone wrong).
const MAX_FILTER_CHARS: usize = 256;

#[derive(Debug, Default)]
pub struct FunctionList {
    all: Vec<FunctionInfo>,
    /// Lower-cased names, kept beside `all` so a keystroke never re-lowercases.
    names_lower: Vec<String>,
    /// Indices into `all` that match the filter, in load order.
    visible: Vec<usize>,
    filter: String,
    /// Index into `visible`.
    cursor: usize,
    /// Set while pages are still arriving.
    pub loading: bool,
    /// The id of the load whose pages are accepted; older pages are stale.
    pub load_id: u64,
    pub error: Option<String>,
    /// The widest name, in columns, for the pane's width.
    widest_name: u16,
    /// Set while what is shown came from the cache (saved at this time,
    /// Unix ms), until the live list has arrived.
    pub cached_ms: Option<i64>,
    /// A load updates what is shown page by page (after the cache, or on a
    /// refresh), rather than starting from an empty list: the cursor stays.
    merging: bool,
    /// A load has run to its last page: a refresh that fails leaves a
    /// whole list, one cut short an incomplete one.
    pub complete: bool,
    /// Names a merging load has brought so far, with their place in the
    /// live list; the rest go at its end, and the live order is kept.
    seen: std::collections::HashMap<String, usize>,
}

impl FunctionList {
    pub fn widest_name(&self) -> u16 {
        self.widest_name
    }

    pub fn total(&self) -> usize {
        self.all.len()
    }

    pub fn visible_count(&self) -> usize {
        self.visible.len()
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn visible(&self) -> impl ExactSizeIterator<Item = &FunctionInfo> + '_ {
        self.visible.iter().map(|&i| &self.all[i])
    }

    /// The visible rows from `start`, at most `count` of them.
    pub fn visible_window(&self, start: usize, count: usize) -> impl Iterator<Item = &FunctionInfo> + '_ {
        self.visible.iter().skip(start).take(count).map(|&i| &self.all[i])
    }

    pub fn selected(&self) -> Option<&FunctionInfo> {
        self.visible.get(self.cursor).map(|&i| &self.all[i])
    }

    /// Starts a fresh load: the old entries stay on screen until the first page.
    pub fn begin_load(&mut self, id: u64) {
        self.load_id = id;
        self.loading = true;
        self.error = None;
        // A refresh keeps the list on screen and updates it in place.
        self.merging = !self.all.is_empty();
    }

    /// Shows a cached list while the live one loads; a list already there wins.
    pub fn show_cached(&mut self, functions: Vec<FunctionInfo>, saved_ms: i64) {
        // Too late once the live list has ended, even empty: it is the truth.
        if !self.all.is_empty() || functions.is_empty() || !self.loading {
            return;
        }
        self.add_page(functions, true);
        self.cached_ms = Some(saved_ms);
        self.merging = true;
    }

    /// Adds one page of a load; the first page of a load replaces what was
    /// there, unless that came from the cache: then each page updates it in
    /// place (the cursor stays where it is) and `finish_load` removes what
    /// the live list no longer has.
    pub fn add_page(&mut self, functions: Vec<FunctionInfo>, first_page: bool) {
        let keep = self.selected().map(|f| f.name.clone());
        if self.merging {
            if first_page {
                self.seen.clear();
            }
            // By name, built once a page: a 5,000-function account over
            // 100 pages is not 5,000 scans of the list per page.
            let index: std::collections::HashMap<String, usize> =
                self.all.iter().enumerate().map(|(i, f)| (f.name.clone(), i)).collect();
            for function in functions {
                let place = self.seen.len();
                self.seen.insert(function.name.clone(), place);
                self.widest_name = self.widest_name.max(name_width(&function.name));
                match index.get(&function.name) {
                    Some(&at) => self.all[at] = function,
                    None => {
                        self.names_lower.push(function.name.to_lowercase());
                        self.all.push(function);
                    }
                }
            }
            self.refresh_visible();
            self.restore_cursor(keep.as_deref());
            return;
        }
        if first_page {
            self.all.clear();
            self.names_lower.clear();
            self.visible.clear();
            self.widest_name = 0;
        }
        let needle = self.filter.to_lowercase();
        for function in functions {
            let lower = function.name.to_lowercase();
            if lower.contains(&needle) {
                self.visible.push(self.all.len());
            }
            self.names_lower.push(lower);
            self.widest_name = self.widest_name.max(name_width(&function.name));
            self.all.push(function);
        }
        self.restore_cursor(keep.as_deref());
    }

    /// The end of a load: after a cached list, what the live one lacks goes
    /// and the rest takes the live order. When the function under the
    /// cursor went, the cursor stays at its row (on a neighbour) and its
    /// name is returned, to be said.
    pub fn finish_load(&mut self) -> Option<String> {
        self.complete = true;
        self.cached_ms = None;
        if !std::mem::take(&mut self.merging) {
            return None;
        }
        let keep = self.selected().map(|f| f.name.clone());
        let row = self.cursor;
        let seen = std::mem::take(&mut self.seen);
        self.all.retain(|f| seen.contains_key(&f.name));
        self.all
            .sort_by_key(|f| seen.get(&f.name).copied().unwrap_or(usize::MAX));
        self.names_lower = self.all.iter().map(|f| f.name.to_lowercase()).collect();
        self.widest_name = self.all.iter().map(|f| name_width(&f.name)).max().unwrap_or(0);
        self.refresh_visible();
        let keep = keep?;
        if self.select(&keep) {
            return None;
        }
        self.set_cursor(row);
        Some(keep)
    }

    fn refresh_visible(&mut self) {
        let needle = self.filter.to_lowercase();
        self.visible = (0..self.all.len())
            .filter(|&i| self.names_lower[i].contains(&needle))
            .collect();
    }

    /// Everything loaded, for the cache.
    pub fn all(&self) -> &[FunctionInfo] {
        &self.all
    }

    pub fn set_filter(&mut self, filter: &str) {
        let keep = self.selected().map(|f| f.name.clone());
        let needle = filter.to_lowercase();
        // Narrowing a filter only ever removes rows, so only the shown rows need checking.
        let narrowing = needle.contains(&self.filter.to_lowercase()) && !self.filter.is_empty();
        if narrowing {
            let names = &self.names_lower;
            self.visible.retain(|&i| names[i].contains(&needle));
        } else {
            self.visible = (0..self.all.len())
                .filter(|&i| self.names_lower[i].contains(&needle))
                .collect();
        }
        self.filter = filter.to_string();
        self.restore_cursor(keep.as_deref());
    }

    fn restore_cursor(&mut self, name: Option<&str>) {
        if !name.is_some_and(|name| self.select(name)) {
            self.cursor = 0;
        }
    }

    /// Puts the cursor on the shown function `name`; false when it is not shown.
    pub fn select(&mut self, name: &str) -> bool {
        match self.visible.iter().position(|&i| self.all[i].name == name) {
            Some(row) => {
                self.cursor = row;
                true
            }
            None => false,
        }
    }

    pub fn set_cursor(&mut self, index: usize) {
        self.cursor = index.min(self.visible.len().saturating_sub(1));
    }

    pub fn move_cursor(&mut self, step: Move, page: usize) {
        self.cursor = step.apply(self.cursor, self.visible.len(), page);
    }

    pub fn find(&self, name: &str) -> Option<&FunctionInfo> {
        self.all.iter().find(|f| f.name == name)
    }

    /// Every loaded name, filtered or not.
    pub fn all_names(&self) -> impl Iterator<Item = &str> + '_ {
        self.all.iter().map(|f| f.name.as_str())
    }
}

/// A name's width on screen, as drawn (sanitized), for the pane's width.
fn name_width(name: &str) -> u16 {
    unicode_width::UnicodeWidthStr::width(crate::sanitize::sanitize(name).as_ref()).min(u16::MAX as usize) as u16
}

impl App {
    pub(super) fn functions_action(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::Filter => self.mode = Mode::Filter(LineInput::new(self.functions.filter(), MAX_FILTER_CHARS)),
            Action::ClearFilter => return self.change_filter(""),
            Action::ShowEnvironment => match self.functions.selected() {
                Some(f) if !f.environment.is_empty() => self.mode = Mode::Environment(f.name.clone(), 0),
                Some(_) => self.set_info("This function has no environment variables".into()),
                None => {}
            },
            Action::EditPayload if self.functions.selected().is_some() => return self.focus_pane(Pane::Payload),
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn change_filter(&mut self, filter: &str) -> Vec<Command> {
        let before = self.selected_name();
        self.functions.set_filter(filter);
        self.after_cursor_change(before)
    }

    pub(super) fn move_functions(&mut self, step: Move) -> Vec<Command> {
        let before = self.selected_name();
        let page = self.page();
        self.functions.move_cursor(step, page);
        self.after_cursor_change(before)
    }

    pub(super) fn selected_name(&self) -> Option<String> {
        self.functions.selected().map(|f| f.name.clone())
    }

    /// Puts the cursor on `name`, clearing a filter that hides it.
    pub(super) fn select_function(&mut self, name: &str) -> Vec<Command> {
        let before = self.selected_name();
        if before.as_deref() != Some(name) && !self.functions.select(name) {
            self.functions.set_filter("");
            self.functions.select(name);
        }
        self.after_cursor_change(before)
    }

    pub(super) fn on_functions_page(
        &mut self,
        id: u64,
        functions: Vec<FunctionInfo>,
        first: bool,
        last: bool,
    ) -> Vec<Command> {
        if id != self.functions.load_id {
            return Vec::new();
        }
        let before = self.selected_name();
        self.functions.add_page(functions, first);
        self.restore_selection_if_listed();
        let mut commands = Vec::new();
        if last {
            self.functions.loading = false;
            if let Some(gone) = self.functions.finish_load() {
                self.set_info(format!(
                    "{} is gone from this account: the cursor is on its neighbour.",
                    crate::sanitize::one_line(&gone)
                ));
            }
            self.restore_selection = None;
            // The next start shows this list at once, while it loads again.
            commands.push(Command::CacheFunctions {
                place: self.history_place.clone(),
                functions: self.functions.all().to_vec(),
            });
        }
        commands.extend(self.after_cursor_change(before));
        commands
    }

    /// The list the last run saw here, shown until the live one arrives.
    pub(super) fn on_cached_functions(
        &mut self,
        place: String,
        saved_ms: i64,
        functions: Vec<FunctionInfo>,
    ) -> Vec<Command> {
        if place != self.history_place {
            return Vec::new();
        }
        let before = self.selected_name();
        self.functions.show_cached(functions, saved_ms);
        self.restore_selection_if_listed();
        self.after_cursor_change(before)
    }

    pub(super) fn on_functions_failed(&mut self, id: u64, error: String) {
        if id == self.functions.load_id {
            self.functions.loading = false;
            self.functions.error = Some(error);
        }
    }

    pub(super) fn reload_functions(&mut self) -> Command {
        let id = self.next_id();
        self.functions.begin_load(id);
        Command::LoadFunctions { id }
    }

    /// When the function under the cursor changed: its draft comes back and
    /// its details load.
    pub(super) fn after_cursor_change(&mut self, before: Option<String>) -> Vec<Command> {
        let Some(name) = self.selected_name() else {
            self.details = None;
            return Vec::new();
        };
        if before.as_deref() == Some(name.as_str()) && self.details.is_some() {
            return Vec::new();
        }
        self.switch_draft_to(&name);
        let mut commands: Vec<Command> = self.load_details(name).into_iter().collect();
        commands.extend(self.watch_logs_if_shown());
        commands
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(names: &[&str]) -> Vec<FunctionInfo> {
        names
            .iter()
            .map(|n| FunctionInfo {
                name: n.to_string(),
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn filter_is_case_insensitive_and_keeps_the_selection() {
        let mut list = FunctionList::default();
        list.add_page(named(&["Alpha", "beta", "ALPHABET", "gamma"]), true);
        list.move_cursor(Move::Down, 1);
        list.move_cursor(Move::Down, 1);
        assert_eq!(list.selected().unwrap().name, "ALPHABET");
        list.set_filter("alp");
        assert_eq!(list.visible_count(), 2);
        assert_eq!(list.selected().unwrap().name, "ALPHABET");
        list.set_filter("alphab");
        assert_eq!(list.visible_count(), 1);
        list.set_filter("");
        assert_eq!(list.visible_count(), 4);
        assert_eq!(list.selected().unwrap().name, "ALPHABET");
    }

    #[test]
    fn pages_append_under_the_filter_and_a_new_load_replaces() {
        let mut list = FunctionList::default();
        list.set_filter("a");
        list.add_page(named(&["a1", "b1"]), true);
        list.add_page(named(&["a2"]), false);
        assert_eq!((list.visible_count(), list.total()), (2, 3));
        list.add_page(named(&["a9"]), true);
        assert_eq!((list.visible_count(), list.total()), (1, 1));
    }

    #[test]
    fn cursor_is_clamped() {
        let mut list = FunctionList::default();
        list.move_cursor(Move::PageDown, 5);
        assert!(list.selected().is_none());
        list.add_page(named(&["a", "b", "c"]), true);
        list.move_cursor(Move::PageDown, 50);
        assert_eq!(list.cursor(), 2);
        list.move_cursor(Move::PageUp, 50);
        assert_eq!(list.cursor(), 0);
    }
}
