//! The invitation form.

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Wrap};
use ratatui::Frame;

use crate::app::bulk::Bulk;
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
    let scroll = focus_line.saturating_sub(parts[1].height.saturating_sub(2) as usize) as u16;
    frame.render_widget(safe::paragraph(lines).scroll((scroll, 0)), parts[1]);
    frame.render_widget(
        safe::paragraph(last).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::TOP)
                .title("Last invitation"),
        ),
        parts[3],
    );
}

/// The CSV panel: the check's findings, then the run's gauge, then its summary.
fn bulk(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let screen = &app.bulk();
    let parts = Layout::new(
        Direction::Vertical,
        [Constraint::Length(7), Constraint::Min(3)],
    )
    .split(area);
    let mut head: Vec<Line> = vec![Line::from(vec![
        Span::styled("Pool ", theme.dim),
        Span::styled(app.invite().pool_id.clone(), theme.accent),
    ])];
    match &screen.bulk {
        Bulk::Idle => {}
        Bulk::Checking { csv } => {
            head.push(Line::raw(format!(
                "Checking every row of {} against the pool…",
                crate::sanitize::path(csv)
            )));
            head.push(Line::styled("Nothing is sent until you start.", theme.dim));
        }
        Bulk::Ready(prepared) => {
            let check = prepared.check();
            let options = prepared.options();
            head.push(Line::raw(format!(
                "{}: {} rows, {} to invite, {} already done, {} invalid",
                crate::sanitize::path(&options.csv),
                check.rows,
                check.to_send,
                check.done,
                check.invalid
            )));
            let preflight = prepared.preflight();
            head.push(Line::raw(format!(
                "Would email {} and text {} invitations · message action {} · skip invalid {}",
                preflight.emails,
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
        Bulk::Running { csv, tally, status } => {
            head.push(Line::raw(format!(
                "Inviting from {} · Esc stops after the rows in flight",
                crate::sanitize::path(csv)
            )));
            head.push(Line::styled(status.clone(), theme.accent));
            let inner = Rect::new(parts[0].x, parts[0].y + 3, parts[0].width, 1);
            frame.render_widget(safe::paragraph(head), parts[0]);
            frame.render_widget(
                Gauge::default()
                    .gauge_style(theme.ok)
                    .ratio(tally.fraction().clamp(0.0, 1.0))
                    .label(format!(
                        "{} done · {} failed · {} left",
                        tally.done(),
                        tally.failed,
                        tally.remaining()
                    )),
                inner,
            );
            problems(frame, app, theme, parts[1]);
            return;
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
    frame.render_widget(safe::paragraph(head).wrap(Wrap { trim: true }), parts[0]);
    problems(frame, app, theme, parts[1]);
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
    problem_list(frame, theme, &screen.problems, title, area);
}

/// Rows with problems, one a line, under a titled rule (the bulk invite's
/// panel and the import's).
pub(super) fn problem_list(
    frame: &mut Frame,
    theme: &Theme,
    problems: &[String],
    title: String,
    area: Rect,
) {
    let lines: Vec<Line> = problems
        .iter()
        .map(|p| Line::styled(p.clone(), theme.error))
        .collect();
    frame.render_widget(
        safe::paragraph(lines)
            .wrap(Wrap { trim: true })
            .block(Block::default().borders(Borders::TOP).title(title)),
        area,
    );
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
