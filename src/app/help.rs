//! The help overlay: every action with its keys, from the action table. Only
//! its scroll position is state; the rows come from the key map when drawn.

use super::{App, Move};
use crate::action::{ACTIONS, Scope};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct HelpView {
    /// First row shown.
    pub scroll: usize,
}

impl HelpView {
    /// A heading for each scope, then its actions.
    pub const ROWS: usize = ACTIONS.len() + Scope::ALL.len();

    /// Scrolls within the rows, `visible` of which fit.
    pub fn move_by(&mut self, step: Move, visible: usize) {
        let last_start = HelpView::ROWS.saturating_sub(visible);
        self.scroll = step.apply(self.scroll.min(last_start), last_start + 1, visible.max(1));
    }
}

impl App {
    /// How many help rows fit: the overlay is centred on the screen, with a border.
    pub fn help_rows_visible(&self) -> usize {
        (HelpView::ROWS + 2).min(self.viewport.1 as usize).saturating_sub(2)
    }
}
