//! The Invite step's import panel (Cognito's user import job): the check's
//! findings, then the jobs' gauge, then where the report, the journal and
//! the per-row errors are. Also the choice between inviting and importing
//! that the invitation form shows.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Wrap};
use ratatui::Frame;

use crate::app::import::{Import, CHOICES};
use crate::app::keymap::{self, Context};
use crate::app::App;
use crate::import::ImportSummary;
use crate::text::count;
use crate::ui::safe;

use super::super::layout::wrap_words;
use super::super::theme::Theme;

/// The two ways to onboard a CSV, each with its trade-offs: the lines, and
/// how many rows they take at `width` (with the block's top border).
pub fn choice(theme: &Theme, width: u16) -> (Vec<Line<'static>>, u16) {
    let mut rows = 1;
    let lines = CHOICES
        .iter()
        .map(|(key, what, trade_offs)| {
            let text = format!("{key} {what}: {trade_offs}");
            rows += wrap_words(&text, usize::from(width)).len() as u16;
            Line::from(vec![
                Span::styled(*key, theme.key),
                Span::styled(format!(" {what}"), theme.accent),
                Span::raw(format!(": {trade_offs}")),
            ])
        })
        .collect();
    (lines, rows)
}

pub fn draw_choice(frame: &mut Frame, lines: Vec<Line<'static>>, area: Rect) {
    frame.render_widget(
        safe::paragraph(lines).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::TOP)
                .title("Many users from a CSV"),
        ),
        area,
    );
}

pub fn panel(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let gauge = match &app.import().import {
        Import::Running { tally, .. } => {
            let fraction = if tally.rows == 0 {
                0.0
            } else {
                tally.done() as f64 / tally.rows as f64
            };
            Some(
                Gauge::default()
                    .gauge_style(theme.ok)
                    .ratio(fraction.clamp(0.0, 1.0))
                    .label(format!(
                        "{} imported · {} skipped · {} failed · {} left",
                        tally.imported,
                        tally.skipped,
                        tally.failed,
                        tally.rows.saturating_sub(tally.done())
                    )),
            )
        }
        _ => None,
    };
    let list = super::invite::csv_panel(frame, head(app, theme), gauge, area);
    problems(frame, app, theme, list);
}

/// What the panel says above the rows with problems.
fn head<'a>(app: &'a App, theme: &Theme) -> Vec<Line<'a>> {
    let screen = app.import();
    let mut head: Vec<Line> = vec![Line::from(vec![
        Span::styled("Import into pool ", theme.dim),
        Span::styled(app.invite().pool_id.clone(), theme.accent),
        Span::styled(" with Cognito's user import job", theme.dim),
    ])];
    match &screen.import {
        Import::Idle => {}
        Import::Checking { csv } => {
            head.push(Line::raw(format!(
                "Checking every row of {} against the pool's import header…",
                crate::sanitize::path(csv)
            )));
            head.push(Line::styled(
                "Nothing is uploaded until you start.",
                theme.dim,
            ));
        }
        Import::Ready(prepared) => ready(&mut head, prepared, theme),
        Import::Running { csv, status, tally } => {
            head.push(Line::raw(format!(
                "Importing from {} · {}",
                crate::sanitize::path(csv),
                keymap::call_cancel_hint(Context::ImportRunning)
            )));
            if tally.invalid > 0 {
                head.push(Line::styled(
                    format!(
                        "{} skipped as invalid: in no import file; the report lists {}",
                        crate::text::count(tally.invalid, "row"),
                        if tally.invalid == 1 { "it" } else { "them" }
                    ),
                    theme.dim,
                ));
            }
            head.extend(super::invite::status_lines(status, theme));
        }
        Import::Finished(Ok(summary)) => finished(&mut head, summary, theme),
        Import::Finished(Err(error)) => {
            head.push(Line::styled(format!("✗ {error}"), theme.error));
        }
    }
    head
}

fn ready(head: &mut Vec<Line<'_>>, prepared: &crate::import::Prepared, theme: &Theme) {
    let check = prepared.check();
    let options = prepared.options();
    head.push(Line::raw(format!(
        "{}: {}, {} to import in {}, {} invalid",
        crate::sanitize::path(&options.csv),
        count(check.rows, "row"),
        check.valid,
        count(check.parts.len() as u64, "job"),
        check.invalid
    )));
    if let Some(first) = check.files.first() {
        head.push(Line::styled(
            format!(
                "Import file{}: {}{} · skip invalid {}",
                if check.files.len() == 1 { "" } else { "s" },
                crate::sanitize::path(first),
                if check.files.len() > 1 {
                    format!(" (+{} more)", check.files.len() - 1)
                } else {
                    String::new()
                },
                if options.skip_invalid { "on" } else { "off" },
            ),
            theme.dim,
        ));
    }
    if check.mfa_from_pool > 0 {
        head.push(Line::styled(
            format!(
                "! {} no cognito:mfa_enabled: the pool's MFA setting gives it",
                match check.mfa_from_pool {
                    1 => "1 row has".to_owned(),
                    n => format!("{n} rows have"),
                }
            ),
            theme.warning,
        ));
    }
    if check.passwords_ignored {
        head.push(Line::styled(
            "! the temporary_password column is ignored: an import sets no password",
            theme.warning,
        ));
    }
    match prepared.blocker() {
        None => head.push(Line::styled(
            "Ready: s uploads the file and starts the import job.",
            theme.ok,
        )),
        Some(_) => head.push(Line::styled(
            format!(
                "✗ {} (listed below): fix the CSV, or press k to import the valid ones",
                count(check.invalid, "invalid row")
            ),
            theme.error,
        )),
    }
}

fn finished(head: &mut Vec<Line>, summary: &ImportSummary, theme: &Theme) {
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
            format!("Stopped: {}", crate::sanitize::clean(reason)),
            theme.warning,
        ));
    }
    head.push(Line::raw(format!(
        "Report: {} · journal: {}",
        crate::sanitize::path(&summary.report),
        crate::sanitize::path(&summary.journal)
    )));
    let streams: Vec<String> = summary
        .parts
        .iter()
        .filter_map(|p| {
            p.job_id
                .as_ref()
                .map(|id| crate::sanitize::clean(&format!("{id}/{}", p.job_name)).into_owned())
        })
        .collect();
    head.push(Line::raw(format!(
        "Per-row errors: CloudWatch Logs, group {}, stream {}",
        crate::sanitize::clean(&summary.log_group),
        if streams.is_empty() {
            "(no job was created)".to_owned()
        } else {
            streams.join(", ")
        }
    )));
    if !summary.complete() {
        head.push(Line::styled(
            "Import the same CSV again to finish: a job still going is followed; a stopped part gets a new job (users already imported are skipped).",
            theme.dim,
        ));
    }
}

fn problems(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let screen = app.import();
    // A check that failed before any row was read has no rows to count.
    if matches!(screen.import, Import::Finished(Err(_))) && screen.problems.is_empty() {
        return;
    }
    let title = format!("Rows that fail the check: {}", screen.problem_rows);
    super::invite::problem_list(frame, theme, &screen.problems, screen.scroll, title, area);
}
