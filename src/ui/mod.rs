//! Drawing. Every function here only reads the [`App`]; nothing changes state.

pub mod json;
pub mod layout;
pub mod safe;
mod screens;
pub mod theme;

use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Wrap};
use ratatui::Frame;

use crate::app::fields::StepId;
use crate::app::keymap;
use crate::app::modal::{Modal, Question};
use crate::app::App;
use crate::problem::Severity;

use theme::Theme;

use crate::app::MIN_SIZE;

const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

/// Draws the whole frame, then [`safe::guard`]s it: nothing drawn can reach
/// the terminal as a control sequence.
pub fn draw(frame: &mut Frame, app: &App) {
    draw_all(frame, app);
    safe::guard(frame.buffer_mut());
}

fn draw_all(frame: &mut Frame, app: &App) {
    let theme = Theme::new(app.no_color());
    let area = frame.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        frame.render_widget(
            safe::paragraph(format!(
                "The terminal is too small ({}×{}): cognito-wizard needs at least {}×{}. Enlarge the window to go on; keys are ignored until then, except Ctrl+C, which quits when the draft is kept (autosaved or saved).",
                area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
            ))
            .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let r = layout::regions(app, area);
    title(frame, app, &theme, r.title);
    sidebar(frame, app, &theme, r.sidebar);
    screens::content(frame, app, &theme, r.content);
    if let Some(preview) = r.preview {
        screens::preview_pane(frame, app, &theme, preview, app.preview_scroll());
    }
    status(frame, app, &theme, r.status);
    footer(frame, app, &theme, r.footer);
    match &app.modal() {
        Some(Modal::Help { scroll }) => help_overlay(frame, app, &theme, area, *scroll),
        Some(Modal::Ask(question)) => ask(frame, app, &theme, area, *question),
        Some(Modal::Prompt(prompt)) => prompt_box(frame, &theme, area, prompt),
        None => {}
    }
}

/// A one-line prompt: its title, the box (after its label, when it has
/// one), and under it the note, hint or export option.
fn prompt_box(frame: &mut Frame, theme: &Theme, area: Rect, prompt: &crate::app::modal::Prompt) {
    let rect = centered(area, 64, 6);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(prompt.title())
        .border_style(theme.accent);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let rows = Layout::new(
        Direction::Vertical,
        [
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ],
    )
    .split(inner);
    let mut text_row = rows[0];
    if let Some(label) = prompt.label() {
        let width = (label.chars().count() as u16).min(text_row.width);
        let label_row = Rect { width, ..text_row };
        frame.render_widget(safe::paragraph(Line::styled(label, theme.dim)), label_row);
        text_row.x += width;
        text_row.width -= width;
    }
    frame.render_widget(&*safe::textarea(&prompt.textarea), text_row);
    if prompt.purpose == crate::app::modal::PromptFor::Export {
        let secrets = if prompt.include_secrets {
            "[x] include secrets (TemporaryPassword, ExternalId)"
        } else {
            "[ ] include secrets (Tab to change; left out by default)"
        };
        frame.render_widget(safe::paragraph(secrets), rows[2]);
    } else if let Some(note) = &prompt.note {
        frame.render_widget(
            safe::paragraph(Line::styled(note.clone(), theme.error))
                .wrap(ratatui::widgets::Wrap { trim: true }),
            rows[1].union(rows[2]),
        );
    } else if let Some(hint) = &prompt.hint {
        frame.render_widget(
            safe::paragraph(Line::styled(hint.clone(), theme.dim))
                .wrap(ratatui::widgets::Wrap { trim: true }),
            rows[1].union(rows[2]),
        );
    }
}

fn title(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let mut spans = vec![
        Span::styled(" cognito-wizard ", theme.title),
        Span::raw("· "),
        Span::styled(app.step().title(), theme.accent),
    ];
    // Change mode acts on a pool that exists: say which, always (its id
    // cut below when the line is too narrow for it and the target).
    let id_at = spans.len();
    if app.change().is_some() {
        spans.push(Span::styled(" · CHANGING ", theme.warning));
        spans.push(Span::raw(""));
    }
    // The pool's name gets what is left after everything else, so where
    // calls go (LOCAL EMULATOR, the account) is never pushed off the line.
    let name_at = spans.len();
    if let Some(call) = &app.call() {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            format!(
                "{} {}… ({})",
                SPINNER[app.frame() % SPINNER.len()],
                call.label,
                keymap::call_cancel_hint(app.screen_context())
            ),
            theme.warning,
        ));
    }
    // Last, so a call in flight stays visible on a narrow screen.
    spans.push(Span::raw(" · "));
    spans.push(match &app.target() {
        // Resolved after the first frame; never guess meanwhile.
        None => Span::styled("…", theme.dim),
        Some(t) if t.is_local() => Span::styled(
            format!(
                "LOCAL EMULATOR {}",
                t.endpoint
                    .as_deref()
                    .unwrap_or("")
                    .trim_start_matches("http://")
            ),
            theme.warning,
        ),
        Some(t) => Span::styled(
            format!(
                "{} · {}",
                t.region.as_deref().unwrap_or("no region"),
                t.account
                    .as_deref()
                    .map_or("account unknown".to_owned(), |a| format!("account {a}"))
            ),
            theme.dim,
        ),
    });
    // On Invite the pool is the one invited into (not always the draft's).
    let name = if app.step() == StepId::Invite && !app.invite().pool_id.is_empty() {
        Some(format!("into {}", app.invite().pool_id))
    } else {
        app.doc().create.pool_name.clone()
    };
    // Where the calls go (the badge, last) is never cut: the id gets what
    // is left after it and keeps its start, the pool's name what is left
    // after the id.
    if let Some(change) = app.change() {
        let used = Line::from(spans.clone()).width();
        let room = usize::from(area.width).saturating_sub(used).max(1);
        let id = crate::sanitize::clean(&change.live.id);
        spans[id_at + 1] = Span::styled(screens::cut(&id, room), theme.warning);
    }
    if let Some(name) = &name {
        let used = Line::from(spans.clone()).width();
        let room = usize::from(area.width).saturating_sub(used + 3);
        if room >= 4 {
            let shown = screens::cut(name, room);
            spans.insert(name_at, Span::styled(format!(" · {shown}"), theme.dim));
        }
    }
    frame.render_widget(safe::paragraph(Line::from(spans)), area);
}

fn sidebar(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let lines: Vec<Line> = StepId::ALL
        .iter()
        .map(|step| {
            let errors = step.edits_pool() && step_has(app, *step, Severity::Error);
            let warnings = step.edits_pool() && step_has(app, *step, Severity::Warning);
            let mark = if errors {
                Span::styled("✗ ", theme.error)
            } else if warnings {
                Span::styled("! ", theme.warning)
            } else {
                Span::raw("  ")
            };
            let style = if *step == app.step() {
                theme.focus
            } else {
                Style::new()
            };
            Line::from(vec![
                mark,
                Span::styled(format!("{:>2} {}", step.index() + 1, step.title()), style),
            ])
        })
        .collect();
    frame.render_widget(
        safe::paragraph(lines).block(Block::default().borders(Borders::ALL).title("Steps")),
        area,
    );
}

/// Whether a step carries a problem of this severity.
pub fn step_has(app: &App, step: StepId, severity: Severity) -> bool {
    app.problems()
        .iter()
        .filter(|p| p.severity == severity)
        .any(|p| crate::app::fields::locate(&p.path).map(|(s, _)| s) == Some(step))
}

fn status(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let problems = if app.step() == StepId::Invite {
        app.invite().problems.as_slice()
    } else {
        app.problems()
    };
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    let line = match &app.status() {
        Some(text) => Line::from(Span::styled(
            layout::status_fitted(text, area.width).into_owned(),
            theme.accent,
        )),
        None => Line::from(vec![
            Span::styled(
                format!(" {errors} error(s)"),
                if errors > 0 { theme.error } else { theme.ok },
            ),
            Span::raw(", "),
            Span::styled(
                format!("{warnings} warning(s)"),
                if warnings > 0 {
                    theme.warning
                } else {
                    theme.dim
                },
            ),
            save_state(app, theme),
        ]),
    };
    frame.render_widget(safe::paragraph(line).wrap(Wrap { trim: true }), area);
}

/// Whether the draft is on disk, in a few words; a failed save in red until
/// one succeeds.
fn save_state(app: &App, theme: &Theme) -> Span<'static> {
    let session = &app.session();
    match (&session.save_failed, session.unsaved) {
        (Some(_), _) => Span::styled("  · NOT SAVED (the last save failed)", theme.error),
        (None, false) => Span::styled("  · saved", theme.dim),
        (None, true) if session.autosave_path.is_some() || session.draft_path.is_some() => {
            Span::styled("  · autosaved", theme.dim)
        }
        (None, true) => Span::styled("  · not saved (Ctrl+S saves)", theme.dim),
    }
}

/// The footer's hints packed into lines by whole `key hint` pairs, so a wrap
/// never separates a key from what it does.
fn footer(frame: &mut Frame, app: &App, theme: &Theme, area: Rect) {
    let width = usize::from(area.width);
    let mut lines = vec![Line::default()];
    let keys = if app.call().is_some() && app.modal().is_none() && app.editor().is_none() {
        keymap::footer_during_call(app.context())
    } else {
        keymap::footer_offered(app.context(), |c| crate::app::screen::offers(app, c))
    };
    for (key, hint) in keys {
        let pair = Line::from(format!("{key} {hint}")).width();
        let line = lines.last_mut().expect("starts with one line");
        if line.width() > 0 && line.width() + 2 + pair > width {
            lines.push(Line::default());
        }
        let line = lines.last_mut().expect("at least one line");
        if line.width() > 0 {
            line.push_span(Span::raw("  "));
        }
        line.push_span(Span::styled(key, theme.key));
        line.push_span(Span::raw(format!(" {hint}")));
    }
    frame.render_widget(safe::paragraph(lines), area);
}

fn help_overlay(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, scroll: u16) {
    let rect = centered(
        area,
        area.width.saturating_sub(6).min(90),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, rect);
    // The step's intro in full first: on a short screen it is cut there.
    let intro = crate::text::wrap_words(
        crate::app::help::for_step(app),
        crate::app::help_width(area.width),
    );
    let mut lines = vec![Line::styled(
        format!("This step: {}", app.step().title()),
        theme.title,
    )];
    lines.extend(intro.into_iter().map(Line::raw));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Keys (generated from the keymap that handles them)",
        theme.title,
    ));
    let mut current = "";
    for (context, keys, hint) in keymap::all() {
        if context != current {
            lines.push(Line::styled(context, theme.accent));
            current = context;
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys:<18}"), theme.key),
            Span::raw(hint),
        ]));
    }
    frame.render_widget(
        safe::paragraph(lines).scroll((scroll, 0)).block(
            Block::default()
                .borders(Borders::ALL)
                .title("Help — Esc closes, ↑↓ PgUp PgDn scroll"),
        ),
        rect,
    );
}

fn ask(frame: &mut Frame, app: &App, theme: &Theme, area: Rect, question: Question) {
    let (title, lines) = match question {
        Question::Quit => (
            "Quit?",
            vec![
                Line::raw(quit_words(app)),
                Line::raw(if app.invite().has_typed_values() {
                    "The values typed in the invitation form are not kept."
                } else {
                    ""
                }),
                keys_line(
                    theme,
                    &[
                        ("y", "quit"),
                        (
                            "d",
                            if app.start().recovered().is_some() {
                                "discard it (and the recovered draft) and quit"
                            } else {
                                "discard the draft and quit"
                            },
                        ),
                        ("n", "stay"),
                    ],
                ),
            ],
        ),
        Question::ReplaceDraft => (
            "Replace the draft?",
            vec![
                Line::raw(match app.start().recovered() {
                    Some(recovered) => format!(
                        "The draft recovered from the last session, {recovered}, is only in the autosave."
                    ),
                    None => format!(
                        "The draft {} has changes that are not in a draft file.",
                        app.doc().create.pool_name.as_deref().unwrap_or("(unnamed)")
                    ),
                }),
                Line::raw("Replacing it keeps it one undo (Ctrl+Z) away until you quit."),
                Line::raw(""),
                keys_line(
                    theme,
                    &[
                        ("y", "replace"),
                        ("s", "save it first"),
                        ("n", "keep editing it"),
                    ],
                ),
            ],
        ),
        Question::StopImport => (
            "Stop the import job?",
            vec![
                Line::raw(
                    "The job is asked to stop (StopUserImportJob); the users it has imported stay.",
                ),
                Line::raw(
                    "The journal records the job and the report says which rows were not imported.",
                ),
                Line::raw(""),
                keys_line(theme, &[("y", "stop the job"), ("n", "let it run")]),
            ],
        ),
        Question::ReplaceDraftFile => (
            "Replace the file?",
            vec![
                Line::raw(format!(
                    "{} exists; nothing was written.",
                    app.pending_draft_file()
                        .map_or(String::new(), |p| crate::sanitize::path(p))
                )),
                Line::raw(""),
                keys_line(
                    theme,
                    &[("y", "replace it with this draft"), ("n", "keep it, choose another name")],
                ),
            ],
        ),
        Question::ReplaceFiles => {
            let mut lines = vec![Line::raw("These files exist; the export wrote nothing:")];
            lines.extend(
                app.export_in_the_way()
                    .iter()
                    .map(|p| Line::raw(format!("  {}", crate::sanitize::path(p)))),
            );
            lines.push(Line::raw(""));
            lines.push(keys_line(
                theme,
                &[
                    ("y", "replace them"),
                    ("n", "keep them (choose another name with e)"),
                ],
            ));
            ("Replace existing files?", lines)
        }
        Question::Submit => {
            let target = app.target().cloned();
            // Until the target is known, say so: a default shown meanwhile
            // ("AWS") could be read as where the pool will go.
            let field = |v: Option<String>, missing: &str| match &target {
                None => "…".to_owned(),
                Some(_) => v.unwrap_or_else(|| missing.to_owned()),
            };
            let change = app.change();
            let calls = change.map_or(screens::plan_retry::calls_to_send(app), |c| {
                c.plan.calls.len()
            });
            let pool = app.doc().create.pool_name.as_deref().unwrap_or("?");
            (
                if change.is_some() {
                    "Change the user pool?"
                } else {
                    screens::plan_retry::title(app)
                },
                vec![
                    Line::raw(format!(
                        "Pool: {}   ({calls} call{})",
                        change.map_or(pool.to_owned(), |c| format!("{pool} ({})", c.live.id)),
                        if calls == 1 { "" } else { "s" }
                    )),
                    Line::raw(format!(
                        "Profile:  {}",
                        field(target.as_ref().and_then(|t| t.profile.clone()), "(default)")
                    )),
                    Line::raw(format!(
                        "Region:   {}",
                        field(
                            target.as_ref().and_then(|t| t.region.clone()),
                            "(none configured: nothing can be sent)"
                        )
                    )),
                    Line::raw(format!(
                        "Endpoint: {}",
                        match &target {
                            Some(t) if t.is_local() => format!(
                                "{} (local emulator, not AWS)",
                                t.endpoint.as_deref().unwrap_or("")
                            ),
                            _ => field(target.as_ref().and_then(|t| t.endpoint.clone()), "AWS"),
                        }
                    )),
                    Line::raw(format!(
                        "Account:  {}",
                        match &target {
                            None => "checking…".to_owned(),
                            Some(t) => field(t.account.clone(), "(not reachable)"),
                        }
                    )),
                    match change {
                        Some(_) => Line::styled(
                            "It is described again first: if it changed since it was loaded, nothing is sent.",
                            theme.dim,
                        ),
                        None => screens::plan_retry::submit_line(app, theme, || {
                            same_name_line(app, theme)
                        }),
                    },
                    Line::raw(""),
                    keys_line(
                        theme,
                        &[
                            (
                                "y",
                                if target.is_none() {
                                    "(wait…)"
                                } else if change.is_some() {
                                    "change it"
                                } else {
                                    "create"
                                },
                            ),
                            ("n", "not now"),
                        ],
                    ),
                ],
            )
        }
    };
    // As tall as the wrapped text, so the line of keys is never cut off.
    let width = 66.min(area.width);
    let rows = ratatui::widgets::Paragraph::new(lines.clone())
        .wrap(Wrap { trim: false })
        .line_count(width.saturating_sub(2));
    let rect = centered(area, width, rows as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        safe::paragraph(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(title)
                .border_style(theme.accent),
        ),
        rect,
    );
}

/// Whether a pool of this name exists already (Cognito allows duplicates,
/// which makes every later "which pool?" harder).
fn same_name_line(app: &App, theme: &Theme) -> Line<'static> {
    let name = app.doc().create.pool_name.clone().unwrap_or_default();
    let mut ids: Vec<String> = app
        .created_here()
        .iter()
        .filter(|p| p.name.as_deref() == Some(name.as_str()))
        .map(|p| p.id.clone())
        .collect();
    if let Some(Ok(pools)) = &app.same_name() {
        for pool in pools {
            if !ids.contains(&pool.id) {
                ids.push(pool.id.clone());
            }
        }
    }
    if !ids.is_empty() {
        return Line::styled(
            format!(
                "⚠ A pool named {name} exists already ({}): this makes another one.",
                ids.join(", ")
            ),
            theme.warning,
        );
    }
    match &app.same_name() {
        None => Line::styled("Checking for a pool of the same name…", theme.dim),
        Some(Err(_)) => Line::styled("(Could not check for a pool of the same name.)", theme.dim),
        Some(Ok(_)) => Line::styled(
            "No pool of that name in this account and region.",
            theme.dim,
        ),
    }
}

/// Where the work is if the operator quits now.
fn quit_words(app: &App) -> String {
    if let Some(error) = &app.session().save_failed {
        return format!("The last save failed ({error}): your latest changes are NOT on disk.");
    }
    if let (None, Some(recovered)) = (&app.session().draft_path, app.start().recovered()) {
        return format!(
            "The draft recovered from the last session, {recovered}, stays in the autosave and is offered again; what you changed since is not saved (Ctrl+S saves it)."
        );
    }
    match (&app.session().draft_path, &app.session().autosave_path) {
        (Some(draft), _) if !app.session().unsaved => {
            format!(
                "Your work is kept in the draft {}.",
                crate::sanitize::path(draft)
            )
        }
        (Some(draft), _) => format!(
            "Your latest changes are being written to the draft {}.",
            crate::sanitize::path(draft)
        ),
        (None, Some(_)) => {
            "Your work is in the autosave and is offered when you start again.".to_owned()
        }
        (None, None) => "Your changes are not saved anywhere: Ctrl+S saves a draft.".to_owned(),
    }
}

/// `key what   key what ...` in the footer's colours.
fn keys_line<'a>(theme: &Theme, keys: &[(&'a str, &'a str)]) -> Line<'a> {
    let mut spans = Vec::new();
    for (key, what) in keys {
        spans.push(Span::styled(*key, theme.key));
        spans.push(Span::raw(format!(" {what}   ")));
    }
    Line::from(spans)
}

/// A rectangle of at most `width`×`height`, centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}
