//! Where things are on screen, computed from state alone. Drawing and mouse
//! hit-testing both call these functions, so a click lands on what was drawn.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

use crate::app::fields::StepId;
use crate::app::{form, App, Hit};
use crate::problem::Problem;

pub const SIDEBAR_WIDTH: u16 = 21;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Regions {
    pub title: Rect,
    pub sidebar: Rect,
    pub content: Rect,
    pub preview: Option<Rect>,
    pub status: Rect,
    pub footer: Rect,
}

/// The most rows a status message wraps onto; a longer one is cut with
/// [`STATUS_MORE`] at its end.
const STATUS_MAX_ROWS: usize = 3;

/// The end of a status message too long for its rows: never cut silently.
pub const STATUS_MORE: &str = " … (more not shown)";

fn wrapped_rows(text: &str, width: u16) -> usize {
    ratatui::widgets::Paragraph::new(text)
        .wrap(ratatui::widgets::Wrap { trim: true })
        .line_count(width)
}

/// Rows the status line needs: a long message wraps onto up to three rows
/// instead of being cut.
pub fn status_rows(app: &App, width: u16) -> u16 {
    let rows = app.status().map_or(1, |text| wrapped_rows(text, width));
    rows.clamp(1, STATUS_MAX_ROWS) as u16
}

/// The status message as it fits its rows at `width`: whole, or its longest
/// start that fits followed by [`STATUS_MORE`].
pub fn status_fitted(text: &str, width: u16) -> std::borrow::Cow<'_, str> {
    if wrapped_rows(text, width) <= STATUS_MAX_ROWS {
        return text.into();
    }
    let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    let fits = |n: usize| {
        wrapped_rows(&format!("{}{STATUS_MORE}", &text[..ends[n]]), width) <= STATUS_MAX_ROWS
    };
    // The longest start that fits, by bisection (fitting shrinks with length).
    let (mut low, mut high) = (0, ends.len() - 1);
    while low < high {
        let mid = (low + high).div_ceil(2);
        if fits(mid) {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    format!("{}{STATUS_MORE}", text[..ends[low]].trim_end()).into()
}

pub fn regions(app: &App, area: Rect) -> Regions {
    let rows = Layout::new(
        Direction::Vertical,
        [
            Constraint::Length(1),
            Constraint::Min(5),
            Constraint::Length(status_rows(app, area.width)),
            Constraint::Length(2),
        ],
    )
    .split(area);
    let middle = Layout::new(
        Direction::Horizontal,
        [Constraint::Length(SIDEBAR_WIDTH), Constraint::Min(20)],
    )
    .split(rows[1]);
    let (content, preview) = if app.show_preview() && app.step() != StepId::Review {
        let direction = if middle[1].width >= 100 {
            Direction::Horizontal
        } else {
            Direction::Vertical
        };
        let halves = Layout::new(
            direction,
            [Constraint::Percentage(50), Constraint::Percentage(50)],
        )
        .split(middle[1]);
        (halves[0], Some(halves[1]))
    } else {
        (middle[1], None)
    };
    Regions {
        title: rows[0],
        sidebar: middle[0],
        content,
        preview,
        status: rows[2],
        footer: rows[3],
    }
}

/// Rows the step's intro takes, wrapped at `width`: all of it, so no
/// sentence is cut, but never more than a third of the content area (on a
/// very small screen the help overlay has the full text).
pub fn intro_height(app: &App, content: Rect) -> u16 {
    let text = crate::app::plan_steps::entry_intro(app)
        .unwrap_or_else(|| crate::app::help::for_step(app).to_owned());
    let rows = ratatui::widgets::Paragraph::new(text)
        .wrap(ratatui::widgets::Wrap { trim: true })
        .line_count(content.width);
    (rows as u16).clamp(1, (content.height / 3).max(1))
}

/// The content area of a form step: the intro, the fields, the focused
/// field's help.
pub fn form_area(app: &App, content: Rect) -> (Rect, Rect, Rect) {
    let intro = intro_height(app, content);
    let help = help_height(app, content.width, content.height.saturating_sub(intro));
    let parts = Layout::new(
        Direction::Vertical,
        [
            Constraint::Length(intro),
            Constraint::Min(3),
            Constraint::Length(help),
        ],
    )
    .split(content);
    (parts[0], parts[1], parts[2])
}

/// Rows of the focused field's help box: all its wrapped lines and the
/// border, at least 5, and at most half of what the intro leaves (the fields
/// scroll to the focus, so they can give rows up).
fn help_height(app: &App, width: u16, below_intro: u16) -> u16 {
    let theme = crate::ui::theme::Theme::new(true);
    let needed = crate::ui::screens::form::focused_help(app, &theme).map_or(0, |(_, lines)| {
        crate::ui::safe::paragraph(lines)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .line_count(width)
    }) as u16
        + 1;
    needed.clamp(5, (below_intro / 2).max(5))
}

/// The Start screen: the intro, the list of sources, and the selected item
/// in full below (a label too long for one line is cut there with `…`).
pub fn start_areas(app: &App, content: Rect) -> (Rect, Rect, Rect) {
    let parts = Layout::new(
        Direction::Vertical,
        [
            Constraint::Length(intro_height(app, content)),
            Constraint::Min(3),
            Constraint::Length(3),
        ],
    )
    .split(content);
    (parts[0], parts[1], parts[2])
}

/// The Start items shown: the first and how many (one row fewer when they do
/// not all fit: that row says how many are hidden); the selected one stays
/// in view.
pub fn start_window(app: &App, list_height: u16) -> (usize, usize) {
    let rows = crate::ui::screens::window_rows(app.start().items.len(), list_height.into());
    let first = app.start().selected.saturating_sub(rows.saturating_sub(1));
    (first, rows)
}

/// One line of a form: a field (its index in the step's table), a part of a
/// field (map entry) or a problem under a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormLine {
    Field(usize),
    /// More options of a set field, from option `from` up to `to`: a set
    /// wraps instead of running off a narrow screen.
    SetRow {
        field: usize,
        from: usize,
        to: usize,
    },
    MapEntry {
        field: usize,
        part: usize,
    },
    /// Row `row` of a problem under its field (a long message wraps).
    Problem {
        field: usize,
        problem: usize,
        row: usize,
    },
}

/// Columns before a problem's mark under its field.
pub const PROBLEM_INDENT: usize = 6;

/// A problem as shown at a field, on every screen: its message, and where it
/// is fixed when that is another step.
pub fn problem_text(field: &crate::app::fields::FieldSpec, problem: &Problem) -> String {
    let mark = if problem.is_error() { "✗" } else { "!" };
    match crate::app::form::fixed_at(field, problem) {
        Some(at) => {
            let step = crate::app::fields::locate(at).map_or("another step", |(s, _)| s.title());
            format!("{mark} {} — fixed on {step}: g goes there", problem.message)
        }
        None => format!("{mark} {}", problem.message),
    }
}

pub use crate::text::wrap_words;

/// The rows of a problem under its field, at the current width.
pub fn problem_rows(
    app: &App,
    field: &crate::app::fields::FieldSpec,
    problem: &Problem,
) -> Vec<String> {
    let area = Rect::new(0, 0, app.size().0, app.size().1);
    // Room after the indent; continuation rows are indented past the mark.
    let width = (regions(app, area).content.width as usize).saturating_sub(PROBLEM_INDENT + 2);
    wrap_words(&problem_text(field, problem), width)
}

/// Every line of the current step's form, in order.
pub fn form_lines(app: &App) -> Vec<FormLine> {
    let fields = app.fields();
    let mut lines = Vec::new();
    for index in form::shown(app, app.step()) {
        let field = &fields[index];
        lines.push(FormLine::Field(index));
        if let crate::app::fields::FieldKind::Set(values) = field.kind {
            // The first row goes beside the label, unless an option is too
            // wide for that: then every row goes under it.
            let indent = set_indent(app, values);
            let beside = indent == 2 + crate::ui::screens::LABEL_WIDTH;
            let width = value_width(app) + 2 + crate::ui::screens::LABEL_WIDTH - indent;
            let mut bounds = set_rows(values, width);
            bounds.push(values.len());
            for pair in bounds.windows(2).skip(usize::from(beside)) {
                lines.push(FormLine::SetRow {
                    field: index,
                    from: pair[0],
                    to: pair[1],
                });
            }
        }
        if field.kind == crate::app::fields::FieldKind::Map {
            let entries = form::map_entries(app, field.path).len();
            for part in 0..=entries {
                lines.push(FormLine::MapEntry { field: index, part });
            }
        }
        for (problem, p) in app.problems().iter().enumerate() {
            if form::problems_at(app, app.step(), field)
                .iter()
                .any(|x| std::ptr::eq(*x, p))
            {
                for row in 0..problem_rows(app, field, p).len() {
                    lines.push(FormLine::Problem {
                        field: index,
                        problem,
                        row,
                    });
                }
            }
        }
    }
    lines
}

/// How wide a form value may be: the content area less the marker and label.
pub fn value_width(app: &App) -> usize {
    let area = Rect::new(0, 0, app.size().0, app.size().1);
    (regions(app, area).content.width as usize).saturating_sub(2 + crate::ui::screens::LABEL_WIDTH)
}

/// Where a set's rows of options start: beside the label, or (when an
/// option would not fit there) a little in from the left, under it.
pub fn set_indent(app: &App, values: &[&str]) -> usize {
    let widest = values
        .iter()
        .map(|v| option_width(v) - 2)
        .max()
        .unwrap_or(0);
    if widest > value_width(app) {
        4
    } else {
        2 + crate::ui::screens::LABEL_WIDTH
    }
}

/// The width of one option of a set: `[x] NAME` and two spaces.
pub fn option_width(value: &str) -> usize {
    value.chars().count() + 6
}

/// Where each row of a set's options starts: as many options as fit `width`
/// on each row (at least one).
pub fn set_rows(values: &[&str], width: usize) -> Vec<usize> {
    let mut starts = vec![0];
    let mut used = 0;
    for (i, value) in values.iter().enumerate() {
        // The last option of a row needs no spaces after it.
        let bare = option_width(value) - 2;
        if used > 0 && used + bare > width {
            starts.push(i);
            used = 0;
        }
        used += option_width(value);
    }
    starts
}

/// The first line shown, so the focused field stays in view.
/// The form's window in a list `height` rows high: the first line shown and
/// how many are shown (one row fewer when they do not all fit: that row says
/// how many are hidden).
pub fn form_window(app: &App, lines: &[FormLine], height: usize) -> (usize, usize) {
    let rows = crate::ui::screens::window_rows(lines.len(), height);
    (form_scroll(app, lines, rows), rows)
}

pub fn form_scroll(app: &App, lines: &[FormLine], height: usize) -> usize {
    let focus = form::focused(app)
        .and_then(|f| app.fields().iter().position(|x| x == f))
        .unwrap_or(0);
    let at = lines
        .iter()
        .position(|l| *l == FormLine::Field(focus))
        .unwrap_or(0);
    // Show the focused field with what belongs to it.
    let end = lines[at..]
        .iter()
        .skip(1)
        .position(|l| matches!(l, FormLine::Field(_)))
        .map_or(lines.len(), |n| at + 1 + n);
    if end <= height {
        0
    } else {
        (end - height).min(at)
    }
}

pub fn hit(app: &App, x: u16, y: u16) -> Option<Hit> {
    let area = Rect::new(0, 0, app.size().0, app.size().1);
    let r = regions(app, area);
    let inside = |rect: Rect| {
        x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height
    };
    if inside(r.sidebar) {
        // The sidebar has a border: steps start one row down.
        let row = y.checked_sub(r.sidebar.y + 1)? as usize;
        return StepId::ALL.get(row).copied().map(Hit::Step);
    }
    if !inside(r.content) {
        return None;
    }
    if app.step() == StepId::Start {
        let (_, list, _) = start_areas(app, r.content);
        let row = y.checked_sub(list.y)?;
        if row >= list.height {
            return None;
        }
        let (first, rows) = start_window(app, list.height);
        if row as usize >= rows {
            return None;
        }
        let item = first + row as usize;
        return (item < app.start().items.len()).then_some(Hit::StartItem(item));
    }
    if app.fields().is_empty() {
        return None;
    }
    let (_, list, _) = form_area(app, r.content);
    let lines = form_lines(app);
    let (start, rows) = form_window(app, &lines, list.height as usize);
    let row = y.checked_sub(list.y)? as usize;
    if row >= rows {
        return None;
    }
    match lines.get(start + row)? {
        FormLine::Field(i)
        | FormLine::SetRow { field: i, .. }
        | FormLine::MapEntry { field: i, .. }
        | FormLine::Problem { field: i, .. } => Some(Hit::Field(*i)),
    }
}

#[cfg(test)]
mod wrap_tests {
    use super::wrap_words;

    #[test]
    fn words_wrap_whole_and_long_ones_are_cut_into_rows() {
        assert_eq!(wrap_words("a bb ccc", 20), ["a bb ccc"]);
        assert_eq!(wrap_words("aaaa bbbb cccc", 9), ["aaaa bbbb", "cccc"]);
        assert_eq!(
            wrap_words("x 0123456789abcdef", 8),
            ["x", "01234567", "89abcdef"]
        );
        assert_eq!(wrap_words("", 10), [""]);
        // Every row fits, and nothing is lost but the spaces between rows.
        let text = "SMS MFA needs an SMS configuration (SnsCallerArn) — fixed on Email & SMS: g goes there";
        let rows = wrap_words(text, 17);
        assert!(rows.iter().all(|r| r.chars().count() <= 17), "{rows:?}");
        assert_eq!(rows.join(" "), text);
    }
}

#[cfg(test)]
mod hit_tests {
    use super::*;
    use crate::app::Session;

    #[test]
    fn a_click_on_the_start_list_lands_on_the_item_drawn_there_scrolled_or_not() {
        let mut app = App::new(Session::default());
        app.update(crate::app::Action::Resize(80, 24));
        let area = Rect::new(0, 0, 80, 24);
        let (_, list, _) = start_areas(&app, regions(&app, area).content);
        assert_eq!(hit(&app, list.x + 2, list.y), Some(Hit::StartItem(0)));
        assert_eq!(hit(&app, list.x + 2, list.y + 3), Some(Hit::StartItem(3)));
        // With the account's pools listed the list scrolls; the top row is
        // then a later item.
        let pools = (0..10)
            .map(|i| crate::api::PoolSummary {
                id: format!("us-east-1_P{i}"),
                name: format!("pool-{i}"),
            })
            .collect();
        crate::app::start::pools_listed(&mut app, Ok(pools));
        // Up (wrapping past the first item) to the last.
        let last = app.start().items.len() - 1;
        for _ in 0..=last {
            if app.start().selected == last {
                break;
            }
            app.update(crate::app::Action::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Up,
                crossterm::event::KeyModifiers::NONE,
            )));
        }
        assert_eq!(app.start().selected, last);
        let (first, rows) = start_window(&app, list.height);
        assert!(first > 0, "the list scrolls at 80x24");
        assert_eq!(hit(&app, list.x, list.y), Some(Hit::StartItem(first)));
        // The row after the window says what is hidden: no item there.
        assert!(rows < list.height as usize);
        assert_eq!(hit(&app, list.x, list.y + rows as u16), None);
        // The sidebar's rows are the steps.
        let sidebar = regions(&app, area).sidebar;
        assert_eq!(
            hit(&app, sidebar.x + 1, sidebar.y + 1),
            Some(Hit::Step(StepId::ALL[0]))
        );
    }
}

#[cfg(test)]
mod set_row_tests {
    use super::set_rows;

    #[test]
    fn options_wrap_by_whole_options() {
        let values = ["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"];
        assert_eq!(set_rows(&values, 200), [0]);
        // "[ ] PASSWORD  [ ] EMAIL_OTP" is 27 wide: it fits 27 exactly.
        assert_eq!(set_rows(&values, 27), [0, 2]);
        assert_eq!(set_rows(&values, 26), [0, 1, 3]);
        // An option wider than the row still gets a row of its own.
        assert_eq!(set_rows(&values, 3), [0, 1, 2, 3]);
    }
}
