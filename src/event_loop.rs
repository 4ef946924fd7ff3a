//! The event loop: terminal events, task results and (only while something
//! animates) ticks arrive as [`Action`]s; `App::update` turns them into
//! [`Effect`]s, which run here as tokio tasks. The input stream is a parameter,
//! so tests drive this very loop with scripted keys on a `TestBackend`.
//!
//! Drawing happens once the queue is drained: a burst of keys or results
//! collapses into one frame.

use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::{Event, MouseButton, MouseEventKind};
use std::task::Poll;

use futures::{Stream, StreamExt};
use ratatui::backend::Backend;
use ratatui::Terminal;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use crate::api::SharedApi;
use crate::app::draft::write_atomic;
use crate::app::{Action, App, Effect, TaskId, TaskOutcome};
use crate::invite;
use crate::run::run_plan;
use crate::ui;

type Results = mpsc::UnboundedSender<(TaskId, TaskOutcome)>;

/// Runs until the app quits or the input ends. `on_frame` sees each drawn
/// frame (tests read the screen through it).
pub async fn run<B, I, S>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    api: SharedApi,
    initial: Vec<Effect>,
    mut input: I,
    mut signals: S,
    mut on_frame: impl FnMut(&Terminal<B>),
) -> io::Result<()>
where
    B: Backend,
    I: Stream<Item = io::Result<Event>> + Unpin,
    S: Stream<Item = ()> + Unpin,
{
    let (results, mut inbox) = mpsc::unbounded_channel();
    let mut runner = Runner::new(api, results);
    runner.run_all(initial);
    let mut ticks = tokio::time::interval(Duration::from_millis(120));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    // The input ending (the tests' key stream closing) ends the loop the
    // same way wherever it is seen: it is not a quit the operator chose.
    'frames: loop {
        terminal.draw(|frame| ui::draw(frame, app))?;
        on_frame(terminal);
        if app.quit() {
            break;
        }
        let first = tokio::select! {
            event = input.next() => match event {
                Some(event) => to_action(app, event?),
                None => break,
            },
            Some((id, outcome)) = inbox.recv() => Some(Action::Task(id, outcome)),
            _ = ticks.tick(), if app.animating() => Some(Action::Tick),
            Some(()) = signals.next() => Some(Action::Terminate),
        };
        let mut next = first;
        // Handle everything already queued before drawing again.
        loop {
            if let Some(action) = next.take() {
                debug_panic(&action);
                let effects = app.update(action);
                runner.run_all(effects);
            }
            if app.quit() {
                break;
            }
            // Poll with this task's own waker (not `now_or_never`'s no-op one):
            // crossterm's EventStream remembers the waker of a pending poll, and
            // a no-op one would leave the loop asleep with input waiting.
            if let Poll::Ready(event) = futures::poll!(input.next()) {
                match event {
                    Some(event) => next = to_action(app, event?),
                    None => break 'frames,
                }
                continue;
            }
            match inbox.try_recv() {
                Ok((id, outcome)) => next = Some(Action::Task(id, outcome)),
                Err(_) => break,
            }
        }
    }
    runner.stop().await;
    Ok(())
}

/// A terminal event as the app's action; a click is placed on what the last
/// frame drew there.
fn to_action(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) => Some(Action::Key(key)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                ui::layout::hit(app, mouse.column, mouse.row).map(Action::Click)
            }
            MouseEventKind::ScrollDown => Some(Action::Scroll { down: true }),
            MouseEventKind::ScrollUp => Some(Action::Scroll { down: false }),
            _ => None,
        },
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}

/// In debug builds, with `COGNITO_WIZARD_DEBUG_PANIC` set, F12 panics: the
/// terminal-restore tests use it to prove the panic path restores the terminal.
fn debug_panic(action: &Action) {
    if cfg!(debug_assertions) {
        if let Action::Key(key) = action {
            if key.code == crossterm::event::KeyCode::F(12)
                && std::env::var_os("COGNITO_WIZARD_DEBUG_PANIC").is_some()
            {
                panic!("debug panic requested with F12");
            }
        }
    }
}

/// File writes in order, the last of a burst winning, so an older autosave
/// never lands after a newer one.
enum FileOp {
    Write(TaskId, PathBuf, String),
    Remove(PathBuf),
}

/// Carries out effects as tasks and keeps their abort handles.
struct Runner {
    api: SharedApi,
    results: Results,
    tasks: HashMap<TaskId, AbortHandle>,
    /// Bulk runs, stopped gently rather than aborted.
    runs: HashMap<TaskId, invite::StopHandle>,
    files: Option<mpsc::UnboundedSender<FileOp>>,
    writer: Option<tokio::task::JoinHandle<()>>,
}

impl Runner {
    fn new(api: SharedApi, results: Results) -> Self {
        let (files, queue) = mpsc::unbounded_channel();
        let writer = tokio::spawn(write_files(queue, results.clone()));
        Self {
            api,
            results,
            tasks: HashMap::new(),
            runs: HashMap::new(),
            files: Some(files),
            writer: Some(writer),
        }
    }

    fn run_all(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            self.run(effect);
        }
    }

    fn spawn<F>(&mut self, id: TaskId, work: F)
    where
        F: std::future::Future<Output = TaskOutcome> + Send + 'static,
    {
        let results = self.results.clone();
        let handle = tokio::spawn(async move {
            let outcome = work.await;
            let _ = results.send((id, outcome));
        });
        self.tasks.retain(|_, h| !h.is_finished());
        self.tasks.insert(id, handle.abort_handle());
    }

    fn run(&mut self, effect: Effect) {
        let api = self.api.clone();
        match effect {
            Effect::Submit { id, plan, resume } => self.spawn(id, async move {
                TaskOutcome::PlanRan(run_plan(&*api, &plan, *resume).await)
            }),
            Effect::ListPools { id } => self.spawn(id, async move {
                TaskOutcome::Pools(api.list_user_pools().await)
            }),
            Effect::Describe { id, pool_id } => self.spawn(id, async move {
                let described = match api.describe_user_pool(pool_id.clone()).await {
                    Ok(pool) => Ok((pool, api.describe_sign_in(pool_id).await)),
                    Err(e) => Err(e),
                };
                TaskOutcome::Described(described)
            }),
            Effect::DescribeForInvite { id, pool_id } => self.spawn(id, async move {
                let result = api.describe_user_pool(pool_id.clone()).await;
                TaskOutcome::DescribedForInvite(pool_id, result)
            }),
            Effect::FetchTarget { id, account } => self.spawn(id, async move {
                TaskOutcome::Target(if account {
                    api.target().await
                } else {
                    api.configured_target().await
                })
            }),
            Effect::FindSameName { id, name } => self.spawn(id, async move {
                let pools = api.list_user_pools().await;
                TaskOutcome::SameName(
                    pools.map(|all| all.into_iter().filter(|p| p.name == name).collect()),
                )
            }),
            Effect::CreateUser { id, request } => self.spawn(id, async move {
                TaskOutcome::UserCreated(invite::groups::invite_one(&*api, request, &[]).await)
            }),
            Effect::Save { id, path, contents } => self.file(FileOp::Write(id, path, contents)),
            Effect::RemoveFile(path) => self.file(FileOp::Remove(path)),
            Effect::SaveAs { id, path, contents } => self.spawn(id, async move {
                let files = vec![(path.clone(), contents)];
                let written =
                    tokio::task::spawn_blocking(move || crate::files::write_set(&files, false))
                        .await;
                match written {
                    Ok(Ok(_)) => TaskOutcome::SavedAs(Ok(path)),
                    Ok(Err(crate::files::SetError::Exist(_))) => {
                        TaskOutcome::SaveWouldReplace(path)
                    }
                    Ok(Err(crate::files::SetError::Io(e))) => TaskOutcome::SavedAs(Err(e)),
                    Err(e) => TaskOutcome::SavedAs(Err(e.to_string())),
                }
            }),
            Effect::Export {
                id,
                files,
                replace,
                draft,
            } => self.spawn(id, async move {
                let on_draft = files.iter().find_map(|(path, _)| {
                    draft
                        .as_deref()
                        .filter(|d| crate::files::same_file(path, d))
                        .map(|_| path.clone())
                });
                if let Some(path) = on_draft {
                    return TaskOutcome::ExportOnDraft(path);
                }
                let written = tokio::task::spawn_blocking(move || {
                    let belongs = crate::model::preview::is_export_suffix;
                    crate::files::write_export_set(&files, replace, &belongs)
                })
                .await;
                match written {
                    Ok(Ok(paths)) => TaskOutcome::Exported(Ok(paths)),
                    Ok(Err(crate::files::SetError::Exist(paths))) => {
                        TaskOutcome::ExportWouldReplace(paths)
                    }
                    Ok(Err(crate::files::SetError::Io(e))) => TaskOutcome::Exported(Err(e)),
                    Err(e) => TaskOutcome::Exported(Err(e.to_string())),
                }
            }),
            Effect::Open { id, path } => self.spawn(id, async move {
                let file = path.clone();
                let text = tokio::task::spawn_blocking(move || crate::headless::read_file(&file))
                    .await
                    .map_err(|e| e.to_string())
                    .and_then(|read| read.map_err(|e| e.to_string()));
                TaskOutcome::Opened(path, text)
            }),
            Effect::CheckInvites { id, options } => {
                let results = self.results.clone();
                self.spawn(id, async move {
                    let (events, inbox) = invite::channel();
                    let check = async move {
                        let checked = invite::prepare(api.as_ref(), *options, &events).await;
                        drop(events);
                        checked
                    };
                    let (checked, ()) =
                        tokio::join!(check, forward(id, inbox, results, TaskOutcome::InviteEvent));
                    TaskOutcome::InvitesChecked(checked.map(Box::new).map_err(|e| e.in_words()))
                })
            }
            Effect::SendInvites { id, prepared } => {
                let stop = invite::StopHandle::new();
                self.runs.insert(id, stop.clone());
                let results = self.results.clone();
                let bulk = api.for_bulk();
                self.spawn(id, async move {
                    let (events, inbox) = invite::channel();
                    let run = tokio::spawn(invite::send(bulk, *prepared, events, stop));
                    forward(id, inbox, results, TaskOutcome::InviteEvent).await;
                    let finished = match run.await {
                        Ok(result) => result.map_err(|e| e.to_string()),
                        Err(e) => Err(e.to_string()),
                    };
                    TaskOutcome::InvitesFinished(finished)
                })
            }
            Effect::StopInvites(id) => {
                if let Some(stop) = self.runs.remove(&id) {
                    stop.stop("you pressed Esc in the wizard");
                }
            }
            Effect::Cancel(id) => {
                if let Some(handle) = self.tasks.remove(&id) {
                    handle.abort();
                }
            }
            Effect::DescribeForChange { id, pool_id } => self.spawn(id, async move {
                let result = match api.describe_user_pool(pool_id.clone()).await {
                    Ok(pool) => Ok((pool, api.describe_sign_in(pool_id.clone()).await)),
                    Err(e) => Err(e),
                };
                TaskOutcome::DescribedForChange(pool_id, result)
            }),
            Effect::SendChange { id, loaded, plan } => self.spawn(id, async move {
                TaskOutcome::ChangeSent(
                    crate::update::send::send_checked(&*api, &loaded, &plan).await,
                )
            }),
            Effect::TrySignIn { id, request } => self.spawn(id, async move {
                TaskOutcome::SignedIn(crate::sign_in::wizard_sign_in(&*api, *request).await)
            }),
            Effect::CreateUserInGroups {
                id,
                request,
                groups,
            } => self.spawn(id, async move {
                TaskOutcome::UserCreated(invite::groups::invite_one(&*api, request, &groups).await)
            }),
            Effect::ListGroupsForInvite { id, pool_id } => self.spawn(id, async move {
                let names = api.list_group_names(pool_id.clone()).await;
                TaskOutcome::GroupsForInvite(pool_id, names)
            }),
            Effect::CheckImport { id, options } => {
                let results = self.results.clone();
                self.spawn(id, async move {
                    let (events, inbox) = crate::import::channel();
                    let check = async move {
                        let checked = crate::import::prepare(api.as_ref(), *options, &events).await;
                        drop(events);
                        checked
                    };
                    let (checked, ()) =
                        tokio::join!(check, forward(id, inbox, results, TaskOutcome::ImportEvent));
                    TaskOutcome::ImportChecked(checked.map(Box::new).map_err(|e| e.to_string()))
                })
            }
            Effect::RunImport { id, prepared } => {
                let stop = invite::StopHandle::new();
                self.runs.insert(id, stop.clone());
                let results = self.results.clone();
                self.spawn(id, async move {
                    let (events, inbox) = crate::import::channel();
                    let run = tokio::spawn(crate::import::run(api, *prepared, events, stop));
                    forward(id, inbox, results, TaskOutcome::ImportEvent).await;
                    let finished = match run.await {
                        Ok(result) => result.map_err(|e| e.to_string()),
                        Err(e) => Err(e.to_string()),
                    };
                    TaskOutcome::ImportFinished(finished)
                })
            }
            // The same gentle stop as a bulk invite's: the run asks the job
            // to stop (StopUserImportJob) and ends when it has.
            Effect::StopImport(id) => {
                if let Some(stop) = self.runs.remove(&id) {
                    stop.stop("you asked in the wizard (Esc, then y)");
                }
            }
        }
    }

    fn file(&self, op: FileOp) {
        if let Some(files) = &self.files {
            let _ = files.send(op);
        }
    }

    /// Stops the calls in flight, then lets queued file writes finish: the
    /// last autosave must land before the process exits.
    async fn stop(&mut self) {
        for (_, run) in self.runs.drain() {
            run.stop("the wizard is closing");
        }
        for (_, handle) in self.tasks.drain() {
            handle.abort();
        }
        self.files = None;
        if let Some(writer) = self.writer.take() {
            let _ = tokio::time::timeout(Duration::from_secs(10), writer).await;
        }
    }
}

async fn write_files(mut queue: mpsc::UnboundedReceiver<FileOp>, results: Results) {
    while let Some(first) = queue.recv().await {
        // Take everything queued; keep only the last operation per path.
        let mut batch = vec![first];
        while let Ok(more) = queue.try_recv() {
            batch.push(more);
        }
        let mut last: Vec<FileOp> = Vec::new();
        for op in batch {
            let path = match &op {
                FileOp::Write(_, p, _) | FileOp::Remove(p) => p.clone(),
            };
            last.retain(|o| !matches!(o, FileOp::Write(_, p, _) | FileOp::Remove(p) if *p == path));
            last.push(op);
        }
        for op in last {
            match op {
                FileOp::Write(id, path, contents) => {
                    let target = path.clone();
                    let written =
                        tokio::task::spawn_blocking(move || write_atomic(&target, &contents)).await;
                    let outcome = match written {
                        Ok(Ok(())) => Ok(path),
                        Ok(Err(e)) => Err(e.to_string()),
                        Err(e) => Err(e.to_string()),
                    };
                    let _ = results.send((id, TaskOutcome::Saved(outcome)));
                }
                FileOp::Remove(path) => {
                    let _ = tokio::fs::remove_file(&path).await;
                }
            }
        }
    }
}

/// Passes a bulk run's (or an import's) events to the app as they come,
/// stamped with their arrival time (the gauge's rate and ETA are computed
/// from them).
async fn forward<E>(
    id: TaskId,
    mut inbox: mpsc::UnboundedReceiver<E>,
    results: Results,
    wrap: fn(E, tokio::time::Instant) -> TaskOutcome,
) {
    while let Some(event) = inbox.recv().await {
        let _ = results.send((id, wrap(event, tokio::time::Instant::now())));
    }
}
