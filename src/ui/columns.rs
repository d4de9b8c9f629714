//! Table columns that give way on narrow panes in a stated order, so what
//! is shown is whole and what is left out is chosen, never chopped.

use ratatui::layout::Constraint;
use ratatui::widgets::{Cell, Row};

pub struct Column {
    pub title: &'static str,
    /// 0: the one column that takes what is left.
    pub width: u16,
    /// Lower stays longer when the pane is narrow.
    pub gives_way: u8,
}

/// Which of `columns` fit in `width`, in table order: those that give way
/// last are placed first, the fill column keeping `fill_at_least`.
pub fn fitting(columns: &[Column], width: u16, fill_at_least: u16) -> Vec<bool> {
    let mut order: Vec<usize> = (0..columns.len()).collect();
    order.sort_by_key(|&i| columns[i].gives_way);
    let mut shown = vec![false; columns.len()];
    let mut used = fill_at_least;
    for index in order {
        let needs = match columns[index].width {
            0 => 0,
            width => width + 1,
        };
        if needs > 0 && used + needs > width {
            break;
        }
        used += needs;
        shown[index] = true;
    }
    shown
}

/// The cells of the shown columns, as a row.
pub fn row<'a>(cells: impl IntoIterator<Item = Cell<'a>>, shown: &[bool]) -> Row<'a> {
    Row::new(cells.into_iter().zip(shown).filter(|(_, s)| **s).map(|(cell, _)| cell))
}

/// The header and widths of the shown columns.
pub fn header_and_widths(columns: &[Column], shown: &[bool]) -> (Vec<&'static str>, Vec<Constraint>) {
    columns
        .iter()
        .zip(shown)
        .filter(|(_, s)| **s)
        .map(|(c, _)| {
            let width = if c.width == 0 {
                Constraint::Fill(1)
            } else {
                Constraint::Length(c.width)
            };
            (c.title, width)
        })
        .unzip()
}
