//! Where each pane goes for a terminal size and the state that shapes it.
//! One pure function serves the draw and the state, so page moves, the
//! logs pane's wrapping and a search's scrolling use the sizes the screen
//! really has.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::Pane;

/// Below this the panes cannot show anything useful: a notice says so.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// The lower pane (Response, Invocations or Logs) keeps at least this many
/// rows, borders included: the focused pane is always seen.
const LOWER_AT_LEAST: u16 = 6;
/// From this width, Response and Logs (or Invocations) sit side by side.
pub const WIDE: u16 = 160;

/// What decides the layout besides the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// The pane given the whole body (`z`).
    pub zoomed: Option<Pane>,
    /// The pane in the lower area when only one fits: Response,
    /// Invocations or Logs.
    pub lower: Pane,
    /// On wide screens, the pane beside the Response: Invocations or Logs.
    pub beside: Pane,
    /// The widest function name, in columns.
    pub name_width: u16,
    /// Lines of the payload.
    pub payload_lines: u16,
}

impl Default for Shape {
    fn default() -> Self {
        Shape {
            zoomed: None,
            lower: Pane::Response,
            beside: Pane::Logs,
            name_width: 24,
            payload_lines: 1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub header: Rect,
    pub invoke_bar: Rect,
    /// Everything between the bars; overlays center on it.
    pub body: Rect,
    pub footer: Rect,
    /// Panes not drawn have an empty area.
    pub functions: Rect,
    pub details: Rect,
    pub payload: Rect,
    pub response: Rect,
    pub invocations: Rect,
    pub logs: Rect,
    /// Set when the terminal is too small for the panes.
    pub too_small: bool,
}

impl Areas {
    pub fn of(&self, pane: Pane) -> Rect {
        match pane {
            Pane::Functions => self.functions,
            Pane::Payload => self.payload,
            Pane::Response => self.response,
            Pane::Invocations => self.invocations,
            Pane::Logs => self.logs,
        }
    }

    pub fn shows(&self, pane: Pane) -> bool {
        !self.of(pane).is_empty()
    }
}

/// The Functions pane's columns besides the name (memory, timeout,
/// runtime), their spacing, and its borders.
const FUNCTION_COLUMNS: u16 = 5 + 4 + 15 + 3 + 2;
/// The names keep at least this many columns before another column shows.
pub const NAME_AT_LEAST: u16 = 14;

pub fn areas(screen: Rect, shape: &Shape) -> Areas {
    let [header, invoke_bar, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(screen);
    let mut areas = Areas {
        header,
        invoke_bar,
        body,
        footer,
        ..Areas::default()
    };
    if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
        areas.too_small = true;
        return areas;
    }
    if let Some(pane) = shape.zoomed {
        *areas.pane_mut(pane) = body;
        return areas;
    }
    // As wide as the names need, within a third and two fifths of the
    // screen: the payload and the response need the room more.
    let functions_width =
        (shape.name_width.clamp(NAME_AT_LEAST, 64) + FUNCTION_COLUMNS).clamp(body.width / 3, body.width / 5 * 2);
    let [functions, right] = Layout::horizontal([Constraint::Length(functions_width), Constraint::Fill(1)]).areas(body);
    // The payload grows with its text, up to two fifths of the column; on
    // short screens it and the details give way before the lower pane.
    let room = right.height.saturating_sub(LOWER_AT_LEAST);
    // Tall terminals show the line loaded on request too, and taller ones
    // what else invokes the function (mappings, the policy's grants).
    let details_height = match room {
        34.. => 11,
        24.. => 9,
        _ => 8,
    };
    let details_height = details_height.min(room.saturating_sub(3)).max(3);
    let payload_height = (shape.payload_lines.saturating_add(2))
        .clamp(5, (right.height / 5 * 2).max(5))
        .min(room.saturating_sub(details_height).max(3));
    let [details, payload, lower] = Layout::vertical([
        Constraint::Length(details_height),
        Constraint::Length(payload_height),
        Constraint::Fill(1),
    ])
    .areas(right);
    areas.functions = functions;
    areas.details = details;
    areas.payload = payload;
    if screen.width >= WIDE {
        let [left, beside] = Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(lower);
        areas.response = left;
        *areas.pane_mut(shape.beside) = beside;
    } else {
        *areas.pane_mut(shape.lower) = lower;
    }
    areas
}

impl Areas {
    fn pane_mut(&mut self, pane: Pane) -> &mut Rect {
        match pane {
            Pane::Functions => &mut self.functions,
            Pane::Payload => &mut self.payload,
            Pane::Response => &mut self.response,
            Pane::Invocations => &mut self.invocations,
            Pane::Logs => &mut self.logs,
        }
    }
}

/// The inside of a bordered pane.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(width: u16, height: u16, shape: Shape) -> Areas {
        areas(Rect::new(0, 0, width, height), &shape)
    }

    #[test]
    fn wide_screens_show_the_response_beside_the_logs_and_narrow_ones_one_of_them() {
        let wide = at(200, 60, Shape::default());
        assert!(wide.shows(Pane::Response) && wide.shows(Pane::Logs));
        assert!(!wide.shows(Pane::Invocations));
        assert_eq!(wide.response.y, wide.logs.y);
        let beside_invocations = at(
            200,
            60,
            Shape {
                beside: Pane::Invocations,
                ..Shape::default()
            },
        );
        assert!(beside_invocations.shows(Pane::Invocations) && !beside_invocations.shows(Pane::Logs));
        let narrow = at(
            120,
            36,
            Shape {
                lower: Pane::Logs,
                ..Shape::default()
            },
        );
        assert!(narrow.shows(Pane::Logs) && !narrow.shows(Pane::Response));
    }

    #[test]
    fn any_terminal_size_lays_out_without_overflow() {
        for (width, height) in [
            (0, 0),
            (1, 1),
            (60, 16),
            (40_000, 40_000),
            (u16::MAX, u16::MAX),
            (u16::MAX, 20),
        ] {
            let shape = Shape {
                name_width: u16::MAX,
                payload_lines: u16::MAX,
                ..Shape::default()
            };
            let areas = at(width, height, shape);
            assert!(areas.too_small || areas.functions.width <= width, "{width}x{height}");
        }
    }

    #[test]
    fn a_zoomed_pane_takes_the_body_and_a_tiny_terminal_gets_no_panes() {
        let zoomed = at(
            80,
            24,
            Shape {
                zoomed: Some(Pane::Payload),
                ..Shape::default()
            },
        );
        assert_eq!(zoomed.payload, zoomed.body);
        assert!(!zoomed.shows(Pane::Functions) && !zoomed.shows(Pane::Response));
        let tiny = at(59, 24, Shape::default());
        assert!(tiny.too_small && Pane::ALL.iter().all(|&p| !tiny.shows(p)));
        for lower in [Pane::Response, Pane::Invocations, Pane::Logs] {
            let smallest = at(
                60,
                16,
                Shape {
                    lower,
                    payload_lines: 30,
                    ..Shape::default()
                },
            );
            assert!(
                smallest.of(lower).height >= LOWER_AT_LEAST,
                "{lower:?} is seen: {smallest:?}"
            );
            assert!(smallest.shows(Pane::Functions) && smallest.shows(Pane::Payload));
        }
    }

    #[test]
    fn the_functions_pane_fits_its_names_and_the_payload_its_lines_within_bounds() {
        let width_for = |width: u16, height: u16, name_width: u16| {
            at(
                width,
                height,
                Shape {
                    name_width,
                    ..Shape::default()
                },
            )
            .functions
            .width
        };
        assert_eq!(width_for(120, 36, 6), 43, "names, memory, timeout and runtime");
        assert_eq!(width_for(120, 36, 18), 47);
        assert_eq!(width_for(120, 36, 500), 48, "two fifths at most");
        assert_eq!(width_for(200, 60, 6), 66, "a third at least");
        let one_line = at(120, 36, Shape::default());
        let forty_lines = at(
            120,
            36,
            Shape {
                payload_lines: 40,
                ..Shape::default()
            },
        );
        assert_eq!(one_line.payload.height, 5);
        assert!(forty_lines.payload.height > one_line.payload.height);
        assert!(forty_lines.response.height >= 5, "the response keeps room");
    }
}
