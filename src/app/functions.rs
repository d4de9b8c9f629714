//! The functions list: every loaded function, an incremental filter, a cursor.

use crate::model::FunctionInfo;

#[derive(Debug, Default)]
pub struct FunctionList {
    all: Vec<FunctionInfo>,
    /// Lower-cased names, kept beside `all` so a keystroke never re-lowercases.
    names_lower: Vec<String>,
    /// Indices into `all` that match the filter, in load order.
    visible: Vec<usize>,
    filter: String,
    /// Typing goes into the filter while this is set.
    pub filter_editing: bool,
    /// Index into `visible`.
    cursor: usize,
    /// Set while pages are still arriving.
    pub loading: bool,
    /// The id of the load whose pages are accepted; older pages are stale.
    pub load_id: u64,
    pub error: Option<String>,
}

impl FunctionList {
    pub fn total(&self) -> usize {
        self.all.len()
    }

    pub fn shown(&self) -> usize {
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
    }

    /// Adds one page of a load; the first page of a load replaces what was there.
    pub fn add_page(&mut self, functions: Vec<FunctionInfo>, first_page: bool) {
        let keep = self.selected().map(|f| f.name.clone());
        if first_page {
            self.all.clear();
            self.names_lower.clear();
            self.visible.clear();
        }
        let needle = self.filter.to_lowercase();
        for function in functions {
            let lower = function.name.to_lowercase();
            if lower.contains(&needle) {
                self.visible.push(self.all.len());
            }
            self.names_lower.push(lower);
            self.all.push(function);
        }
        self.restore_cursor(keep.as_deref());
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

    /// Moves the cursor by `delta` rows, clamped to the list.
    pub fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            return;
        }
        let last = self.visible.len() - 1;
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    pub fn move_to_start(&mut self) {
        self.cursor = 0;
    }

    pub fn move_to_end(&mut self) {
        self.cursor = self.visible.len().saturating_sub(1);
    }

    pub fn find(&self, name: &str) -> Option<&FunctionInfo> {
        self.all.iter().find(|f| f.name == name)
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
        list.move_by(2);
        assert_eq!(list.selected().unwrap().name, "ALPHABET");
        list.set_filter("alp");
        assert_eq!(list.shown(), 2);
        assert_eq!(list.selected().unwrap().name, "ALPHABET");
        list.set_filter("alphab");
        assert_eq!(list.shown(), 1);
        list.set_filter("");
        assert_eq!(list.shown(), 4);
        assert_eq!(list.selected().unwrap().name, "ALPHABET");
    }

    #[test]
    fn pages_append_under_the_filter_and_a_new_load_replaces() {
        let mut list = FunctionList::default();
        list.set_filter("a");
        list.add_page(named(&["a1", "b1"]), true);
        list.add_page(named(&["a2"]), false);
        assert_eq!((list.shown(), list.total()), (2, 3));
        list.add_page(named(&["a9"]), true);
        assert_eq!((list.shown(), list.total()), (1, 1));
    }

    #[test]
    fn cursor_is_clamped() {
        let mut list = FunctionList::default();
        list.move_by(5);
        assert!(list.selected().is_none());
        list.add_page(named(&["a", "b", "c"]), true);
        list.move_by(50);
        assert_eq!(list.cursor(), 2);
        list.move_by(-50);
        assert_eq!(list.cursor(), 0);
    }
}
