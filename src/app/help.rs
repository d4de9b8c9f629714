//! The help overlay: every action with its keys, from the action table. Only
//! its scroll position is state; the rows come from the key map when drawn.

#[derive(Debug, Clone, PartialEq, Default)]
pub struct HelpView {
    /// First row shown; the draw clamps it to the table's length.
    pub scroll: usize,
}
