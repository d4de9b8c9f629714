//! Moves in whatever has the keyboard, and the order a search looks in.

use crate::action::Action;

/// A move in whatever has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
}

impl Move {
    pub(super) fn from_action(action: Action) -> Option<Move> {
        Some(match action {
            Action::Up => Move::Up,
            Action::Down => Move::Down,
            Action::PageUp => Move::PageUp,
            Action::PageDown => Move::PageDown,
            Action::Top => Move::Top,
            Action::Bottom => Move::Bottom,
            _ => return None,
        })
    }

    /// A new index in a list of `len` rows, `page` rows a page.
    pub fn apply(self, index: usize, len: usize, page: usize) -> usize {
        let last = len.saturating_sub(1);
        match self {
            Move::Up => index.saturating_sub(1),
            Move::Down => index.saturating_add(1).min(last),
            Move::PageUp => index.saturating_sub(page),
            Move::PageDown => index.saturating_add(page).min(last),
            Move::Top => 0,
            Move::Bottom => last,
        }
    }
}

/// The indices a search looks at, each once: after `current` (or from
/// `start` when there is no current match) to the end and round again;
/// backwards, before it down to the first and round from the last.
pub fn search_order(
    len: usize,
    current: Option<usize>,
    start: usize,
    forward: bool,
) -> Box<dyn Iterator<Item = usize>> {
    if forward {
        let first = current.map_or(start, |c| c + 1).min(len);
        Box::new((first..len).chain(0..first))
    } else {
        let first = current.unwrap_or(start).min(len);
        Box::new((0..first).rev().chain((first..len).rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::search_order;

    #[test]
    fn a_search_looks_at_every_line_once_from_where_it_is() {
        let order = |current, start, forward| search_order(5, current, start, forward).collect::<Vec<_>>();
        assert_eq!(order(Some(2), 0, true), [3, 4, 0, 1, 2]);
        assert_eq!(order(Some(2), 0, false), [1, 0, 4, 3, 2]);
        assert_eq!(order(None, 3, true), [3, 4, 0, 1, 2]);
        assert_eq!(order(None, 5, false), [4, 3, 2, 1, 0]);
        assert_eq!(
            order(Some(9), 0, true),
            [0, 1, 2, 3, 4],
            "a match past the end starts over"
        );
        assert!(search_order(0, None, 0, true).next().is_none());
    }
}
