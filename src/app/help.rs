//! The help overlay: every action with its keys, from the action table. Only
//! its scroll position is state; the rows come from the key map when drawn.

use super::{App, Move};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct HelpView {
    /// First row shown.
    pub scroll: usize,
}

impl HelpView {
    /// Scrolls within `total` rows, `visible` of which fit.
    pub fn move_by(&mut self, step: Move, visible: usize, total: usize) {
        let last_start = total.saturating_sub(visible);
        self.scroll = step.apply(self.scroll.min(last_start), last_start + 1, visible.max(1));
    }
}

impl App {
    /// The help's rows at this terminal's width, and how many fit: the
    /// overlay is centred on the screen, with a border. Laid out by the
    /// draw's own code, so scrolling and drawing agree.
    pub fn help_rows(&self) -> (usize, usize) {
        let (lines, _) = crate::ui::help::help_lines(self, self.viewport.0);
        let total = lines.len();
        (total, (total + 2).min(self.viewport.1 as usize).saturating_sub(2))
    }
}
