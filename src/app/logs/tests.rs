//! The logs pane's windowing, following, scrolling and search, unit by unit.
use super::line::tests::line;
use super::*;

fn events(range: std::ops::Range<usize>) -> Vec<LogEvent> {
    range
        .map(|i| LogEvent {
            timestamp: i as i64,
            stream: "s".into(),
            message: format!("line {i}"),
            event_id: i.to_string(),
        })
        .collect()
}

#[test]
fn the_buffer_is_bounded_and_counts_what_it_dropped() {
    let mut view = LogsView {
        capacity: 100,
        ..Default::default()
    };
    view.append(&events(0..250));
    assert_eq!(view.lines.len(), 100);
    assert_eq!(view.dropped, 150);
    assert_eq!(view.lines[0].text, "line 150");
}

/// A pane of `height` rows and `width` columns.
fn pane(height: u16, width: u16) -> Size {
    Size::new(width, height)
}

#[test]
fn scrolling_freezes_and_search_jumps_only_when_the_match_is_out_of_view() {
    let mut view = LogsView::default();
    view.append(&events(0..50));
    view.move_by(Move::Up, pane(10, 80));
    assert!(!view.follow);
    assert_eq!(view.top_line, 39);
    view.move_by(Move::PageUp, pane(10, 80));
    assert_eq!(view.top_line, 29);
    view.set_search(Some("line 3".into()));
    assert!(view.find_next(pane(10, 80)), "line 30 is in view");
    assert_eq!((view.top_line, view.match_line), (29, Some(30)));
    assert!(view.find_next(pane(10, 80)), "line 31 next");
    assert_eq!(view.match_line, Some(31));
    view.set_search(Some("line 7".into()));
    assert!(view.find_next(pane(10, 80)));
    assert_eq!(view.top_line, 7, "out of view: brought to the top");
    view.set_search(Some("nowhere".into()));
    assert!(!view.find_next(pane(10, 80)));
    // Down stops where the last line reaches the bottom.
    view.move_by(Move::Bottom, pane(10, 80));
    view.move_by(Move::Up, pane(10, 80));
    for _ in 0..5 {
        view.move_by(Move::Down, pane(10, 80));
    }
    assert_eq!(view.top_line, 40);
}

fn window(start: usize, end: usize, skip_rows: usize) -> LogWindow {
    LogWindow { start, end, skip_rows }
}

#[test]
fn following_fills_the_pane_from_the_newest_line_up() {
    let mut view = LogsView::default();
    view.append(&events(0..50));
    assert_eq!(view.window(pane(10, 80)), window(40, 50, 0));
    assert_eq!(view.window(pane(0, 80)), LogWindow::default());
    view.move_by(Move::Top, pane(10, 80));
    assert_eq!(view.window(pane(10, 80)), window(0, 10, 0));
    view.top_line = 45;
    assert_eq!(view.window(pane(10, 80)), window(45, 50, 0));
}

#[test]
fn wrapped_lines_take_their_rows_and_every_row_can_be_reached() {
    let mut view = LogsView {
        wrap: true,
        ..Default::default()
    };
    // 20 columns of prefix (time 13, stream tail 6, a space) and 60 of text: 80 in all.
    view.append(&[line(&"a".repeat(60)), line(&"b".repeat(60)), line("short")]);
    assert_eq!(view.lines[0].widths().sum::<usize>(), 80);
    // At 40 columns the long lines take 2 rows each and the short one 1.
    assert_eq!(view.window(pane(5, 40)), window(0, 3, 0));
    assert_eq!(view.window(pane(4, 40)), window(0, 3, 1));
    assert_eq!(view.window(pane(3, 40)), window(1, 3, 0));
    // Frozen, the view moves a row at a time, into the middle of a line.
    view.move_by(Move::Top, pane(2, 40));
    assert_eq!(view.window(pane(2, 40)), window(0, 1, 0));
    view.move_by(Move::Down, pane(2, 40));
    assert_eq!((view.top_line, view.top_row), (0, 1));
    assert_eq!(view.window(pane(2, 40)), window(0, 2, 1));
    view.move_by(Move::Down, pane(2, 40));
    assert_eq!((view.top_line, view.top_row), (1, 0));
    view.move_by(Move::PageDown, pane(2, 40));
    assert_eq!(
        (view.top_line, view.top_row),
        (1, 1),
        "the last page: b's second row and short"
    );
    view.move_by(Move::Down, pane(2, 40));
    assert_eq!((view.top_line, view.top_row), (1, 1), "no further");
    view.move_by(Move::Up, pane(2, 40));
    view.move_by(Move::Up, pane(2, 40));
    assert_eq!(
        (view.top_line, view.top_row),
        (0, 1),
        "up into the first line's last row"
    );
    view.wrap = false;
    assert_eq!(view.window(pane(3, 40)), window(0, 3, 0));
}

#[test]
fn a_search_match_deep_in_a_wrapped_line_is_brought_into_view() {
    let mut view = LogsView {
        wrap: true,
        ..Default::default()
    };
    let long = format!("{} NEEDLE {}", "x".repeat(200), "y".repeat(200));
    view.append(&[line("first"), line(&long), line("last")]);
    view.set_search(Some("NEEDLE".into()));
    view.move_by(Move::Top, pane(2, 40));
    assert!(view.find_next(pane(2, 40)));
    // 20 columns of prefix and 201 of x: the match starts on row 5 of that line.
    assert_eq!((view.top_line, view.top_row), (1, 5));
}
