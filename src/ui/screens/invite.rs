//! The invitation form.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Wrap};
use ratatui::Frame;

use crate::app::bulk::Bulk;
use crate::app::keymap::{self, Context};
use crate::app::App;
use crate::invite::groups::{GroupResult, Invited};
use crate::ui::safe;

use super::super::layout::{wrap_words, PROBLEM_INDENT};
use super::super::theme::Theme;
use super::{fit, LABEL_WIDTH};

pub fn invite(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    if app.bulk().is_active() {
        return bulk(frame, app, theme, area);
    }
    if app.import().is_active() {
        return super::import::panel(frame, app, theme, area);
    }
    let screen = &app.invite();
    let (choice, choice_rows) = super::import::choice(theme, area.width);
    let last = last_lines(app, theme);
    let last_rows = last_height(&last, area.width, area.height);
    let parts = Layout::new(
        Direction::Vertical,
        [
            Constraint::Length(2),
            Constraint::Min(3),
            Constraint::Length(choice_rows),
            Constraint::Length(last_rows),
        ],
    )
    .split(area);
    super::import::draw_choice(frame, choice, parts[2]);
    let policy = screen.facts.as_ref().map(|f| {
        let p = &f.password_policy;
        let mut needs = vec![format!("≥{}", p.minimum_length.unwrap_or(8))];
        for (on, what) in [
            (p.require_uppercase, "upper"),
            (p.require_lowercase, "lower"),
            (p.require_numbers, "digit"),
            (p.require_symbols, "symbol"),
        ] {
            if on {
                needs.push(what.to_owned());
            }
        }
        needs.join(" ")
    });
    frame.render_widget(
        safe::paragraph(vec![
            Line::from(vec![
                Span::styled("Pool ", theme.dim),
                Span::styled(screen.pool_id.clone(), theme.accent),
                Span::styled("   (* required by the pool)", theme.dim),
            ]),
            // On a line of its own: at 80 columns it did not fit beside the id.
            Line::styled(
                format!("passwords: {}", policy.unwrap_or_else(|| "unknown".into())),
                theme.dim,
            ),
        ]),
        parts[0],
    );
    let mut lines = Vec::new();
    for i in 0..screen.fields.len() {
        let focus = i == screen.focus;
        let label = fit(&screen.label(i), LABEL_WIDTH);
        let value = screen.display(i, app.reveal_secrets());
        lines.push(Line::from(vec![
            Span::styled(if focus { "▶ " } else { "  " }, theme.accent),
            Span::styled(label, theme.accent),
            Span::styled(value, if focus { theme.focus } else { Style::new() }),
        ]));
        // A problem wraps under its field, as on the form steps.
        let width = usize::from(parts[1].width).saturating_sub(PROBLEM_INDENT + 2);
        for p in screen.problems_at(i) {
            let style = if p.is_error() {
                theme.error
            } else {
                theme.warning
            };
            let mark = if p.is_error() { "✗" } else { "!" };
            for (row, text) in wrap_words(&format!("{mark} {}", p.message), width)
                .into_iter()
                .enumerate()
            {
                let indent = if row == 0 {
                    PROBLEM_INDENT
                } else {
                    PROBLEM_INDENT + 2
                };
                lines.push(Line::styled(format!("{:indent$}{text}", ""), style));
            }
        }
    }
    let focus_line = lines
        .iter()
        .position(|l| l.spans.first().is_some_and(|s| s.content == "▶ "))
        .unwrap_or(0);
    let list = parts[1];
    // The focused field stays in view, one row above the bottom: that row
    // says how many fields are hidden above and below (Tab reaches them), as
    // on the form steps.
    let scroll = focus_line.saturating_sub(list.height.saturating_sub(2) as usize);
    let total = lines.len();
    if scroll == 0 && total <= usize::from(list.height) {
        frame.render_widget(safe::paragraph(lines), list);
    } else {
        let rows = list.height.saturating_sub(1);
        let shown = Rect {
            height: rows,
            ..list
        };
        frame.render_widget(safe::paragraph(lines).scroll((scroll as u16, 0)), shown);
        let below = total.saturating_sub(scroll + usize::from(rows));
        let row = Rect::new(list.x, list.y + rows, list.width, 1);
        super::more_line(frame, theme, row, scroll, below);
    }
    frame.render_widget(
        safe::paragraph(last).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::TOP)
                .title("Last invitation"),
        ),
        parts[3],
    );
}

/// A CSV panel's parts (the bulk invite's and the import's): the head
/// takes the rows its wrapped lines need (long paths wrap at 80 columns),
/// leaving the list at least 3; the gauge one row while a run goes; the
/// list the rest, whose area is returned.
pub(super) fn csv_panel(
    frame: &mut Frame,
    head: Vec<Line>,
    gauge: Option<Gauge>,
    area: Rect,
) -> Rect {
    let head = safe::paragraph(head).wrap(Wrap { trim: true });
    let gauge_rows = u16::from(gauge.is_some());
    let rows = u16::try_from(head.line_count(area.width)).unwrap_or(u16::MAX);
    let rows = rows.min(area.height.saturating_sub(3 + gauge_rows));
    let parts = Layout::new(
        Direction::Vertical,
        [
            Constraint::Length(rows),
            Constraint::Length(gauge_rows),
            Constraint::Min(3),
        ],
    )
    .split(area);
    frame.render_widget(head, parts[0]);
    if let Some(gauge) = gauge {
        frame.render_widget(gauge, parts[1]);
    }
    parts[2]
}

/// A run's status, one line per line of it (counts, then rate and ETA).
pub(super) fn status_lines<'a>(status: &'a str, theme: &Theme) -> impl Iterator<Item = Line<'a>> {
    let style = theme.accent;
    status.lines().map(move |l| Line::styled(l, style))
}

/// The CSV panel: the check's findings, then the run's gauge, then its summary.
fn bulk(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let screen = &app.bulk();
    let mut head: Vec<Line> = vec![Line::from(vec![
        Span::styled("Pool ", theme.dim),
        Span::styled(app.invite().pool_id.clone(), theme.accent),
    ])];
    let mut gauge = None;
    match &screen.bulk {
        Bulk::Idle => {}
        Bulk::Checking { csv } => {
            head.push(Line::raw(format!(
                "Checking every row of {} against the pool…",
                crate::sanitize::path(csv)
            )));
            head.push(Line::styled("Nothing is sent until you start.", theme.dim));
        }
        Bulk::Ready(prepared) => ready(&mut head, prepared, theme),
        Bulk::Running { csv, tally, status } => {
            head.push(Line::raw(format!(
                "Inviting from {} · {}",
                crate::sanitize::path(csv),
                keymap::call_cancel_hint(Context::InviteBulkRunning)
            )));
            head.extend(status_lines(status, theme));
            gauge = Some(
                Gauge::default()
                    .gauge_style(theme.ok)
                    .ratio(tally.fraction().clamp(0.0, 1.0))
                    .label(format!(
                        "{} done · {} failed · {} left",
                        tally.done(),
                        tally.failed,
                        tally.remaining()
                    )),
            );
        }
        Bulk::Finished(Ok(summary)) => {
            head.push(Line::styled(
                summary.to_string(),
                if summary.complete() {
                    theme.ok
                } else {
                    theme.warning
                },
            ));
            if let Some(reason) = &summary.stopped {
                head.push(Line::styled(
                    format!("✗ Stopped early: {}", crate::sanitize::clean(reason)),
                    theme.error,
                ));
            }
            head.push(Line::raw(format!(
                "Report: {} · journal: {}",
                crate::sanitize::path(&summary.report),
                crate::sanitize::path(&summary.journal)
            )));
            head.push(Line::styled(
                "Run it again on the same CSV to retry the failed rows; done rows are skipped.",
                theme.dim,
            ));
        }
        Bulk::Finished(Err(error)) => {
            head.push(Line::styled(format!("✗ {error}"), theme.error));
        }
    }
    let list = csv_panel(frame, head, gauge, area);
    problems(frame, app, theme, list);
}

/// What a checked CSV would do, and what stops it.
fn ready(head: &mut Vec<Line>, prepared: &crate::invite::Prepared, theme: &Theme) {
    let check = prepared.check();
    let options = prepared.options();
    // Every row that fails the check is invalid, as the summary and the
    // report count them; those an earlier run skipped are said apart.
    let skipped = match check.accepted_invalid {
        0 => String::new(),
        n => format!(" ({n} of them skipped by an earlier run)"),
    };
    head.push(Line::raw(format!(
        "{}: {}, {} to invite, {} already done, {} invalid{skipped}",
        crate::sanitize::path(&options.csv),
        crate::text::count(check.rows, "row"),
        check.to_send,
        check.done,
        check.invalid + check.accepted_invalid
    )));
    let preflight = prepared.preflight();
    head.push(Line::raw(format!(
        // An upper bound: a row whose user turns out to exist (a run
        // retried after a failed group addition, say) is sent nothing.
        "Up to {} by email, {} by SMS (none to users that exist) · message action {} · skip invalid {}",
        crate::text::count(preflight.emails, "invitation"),
        preflight.texts,
        options.message_action.as_deref().unwrap_or("(send)"),
        if options.skip_invalid { "on" } else { "off" },
    )));
    for warning in &preflight.warnings {
        head.push(Line::styled(format!("! {warning}"), theme.warning));
    }
    let blockers = prepared.blockers();
    if blockers.is_empty() {
        head.push(Line::styled("Ready: s starts the invitations.", theme.ok));
    }
    for blocker in blockers {
        let text = blocker.describe(crate::invite::WaysOut::Keys);
        head.push(Line::styled(format!("✗ {text}"), theme.error));
    }
}

fn problems(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let screen = &app.bulk();
    let mut title = format!(
        "Rows with problems: {} invalid, {} failed",
        screen.problem_rows, screen.failed_rows
    );
    if screen.failed_groups > 0 {
        title.push_str(&format!(
            " ({} group additions failed)",
            screen.failed_groups
        ));
    }
    problem_list(frame, theme, &screen.problems, screen.scroll, title, area);
}

/// Rows with problems under a titled rule (the bulk invite's panel and the
/// import's), each wrapped, from line `scroll` of them on; when they do not
/// all fit, the last row says how many are above and below.
pub(super) fn problem_list(
    frame: &mut Frame,
    theme: &Theme,
    problems: &[String],
    scroll: usize,
    title: String,
    area: Rect,
) {
    let block = Block::default().borders(Borders::TOP).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    let first = scroll.min(problems.len().saturating_sub(1));
    let wrapped: Vec<Vec<String>> = problems[first.min(problems.len())..]
        .iter()
        .map(|p| wrap_words(p, width))
        .collect();
    let all_fit = first == 0 && wrapped.iter().map(Vec::len).sum::<usize>() <= height;
    let room = if all_fit {
        height
    } else {
        height.saturating_sub(1)
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut shown = 0;
    for rows in wrapped {
        // A problem longer than the window still shows its start.
        if lines.len() + rows.len() > room && shown > 0 {
            break;
        }
        lines.extend(rows.into_iter().map(|r| Line::styled(r, theme.error)));
        shown += 1;
    }
    lines.truncate(room);
    let list = Rect {
        height: room as u16,
        ..inner
    };
    frame.render_widget(safe::paragraph(lines), list);
    if !all_fit && height > 0 {
        let row = Rect::new(inner.x, inner.bottom() - 1, inner.width, 1);
        let below = problems.len().saturating_sub(first + shown);
        super::more_line(frame, theme, row, first, below);
    }
}

/// After a user created without an invitation (SUPPRESS) with a temporary
/// password: nothing reached them, so the operator hands the password over.
/// The last invitation's outcome, or what `s` does before there is one.
fn last_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    match &app.invite().last {
        None => vec![Line::styled(
            "s sends the invitation; g generates a password that fits the policy",
            theme.dim,
        )],
        Some(Ok(invited)) => invited_lines(app, invited, theme),
        Some(Err(error)) => {
            let mut lines = vec![Line::styled(
                format!("✗ {}", error.code.as_deref().unwrap_or("Failed")),
                theme.error,
            )];
            lines.push(Line::raw(error.message.clone()));
            if let Some(hint) = &error.hint {
                lines.push(Line::styled(format!("What to do: {hint}"), theme.warning));
            }
            lines
        }
    }
}

/// Rows for the last invitation's panel: its lines as wrapped at `width`
/// (a failed group or the password to hand over must not be cut off), at
/// least the usual five, at most half the screen.
fn last_height(lines: &[Line], width: u16, area_height: u16) -> u16 {
    let width = width.max(1) as usize;
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(width)).sum();
    (rows as u16 + 1).clamp(5, (area_height / 2).max(5))
}

/// The last invitation that created its user: named as it was sent (the
/// service answers with the `sub` when email or phone is the username),
/// then the groups it joined and those that failed.
fn invited_lines(app: &App, invited: &Invited, theme: &Theme) -> Vec<Line<'static>> {
    let user = &invited.user;
    let added: Vec<&str> = invited
        .groups
        .iter()
        .filter(|g| g.is_added())
        .map(|g| g.group.as_str())
        .collect();
    let mut lines = vec![Line::styled(
        format!(
            "✓ Invited {}: {}{}{}",
            invited.username,
            user.status.as_deref().unwrap_or("created"),
            if user.enabled { ", enabled" } else { "" },
            if added.is_empty() {
                String::new()
            } else {
                format!("; added to {}", added.join(", "))
            }
        ),
        theme.ok,
    )];
    let failed: Vec<String> = invited
        .groups
        .iter()
        .filter_map(|g| match &g.result {
            GroupResult::Added => None,
            GroupResult::Failed { code, message } => {
                Some(format!("{}: {code}: {message}", g.group))
            }
        })
        .collect();
    if !failed.is_empty() {
        lines.push(Line::styled(
            format!("✗ Not added to {}", failed.join("; ")),
            theme.error,
        ));
    }
    // Before the attributes: the panel is short, and this one matters.
    lines.extend(handed_over_line(app, &invited.username, theme));
    let attributes: Vec<String> = user
        .attributes
        .iter()
        .filter(|(k, _)| k != "sub")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if !attributes.is_empty() {
        lines.push(Line::raw(attributes.join("  ")));
    }
    lines
}

fn handed_over_line(app: &App, username: &str, theme: &Theme) -> Option<Line<'static>> {
    let password = app.invite().handed_over.as_ref()?;
    let shown = if app.reveal_secrets() {
        password.0.clone()
    } else {
        format!("{} (r shows it)", crate::model::values::MASK)
    };
    Some(Line::styled(
        format!("No invitation was sent (SUPPRESS): give {username} the temporary password yourself: {shown}"),
        theme.warning,
    ))
}
