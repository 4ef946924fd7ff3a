//! Starting the interactive wizard: resolve the API, restore or offer drafts,
//! take over the terminal, run the loop, give the terminal back.

use std::path::Path;
use std::sync::Arc;

use crossterm::event::EventStream;
use futures::StreamExt;

use crate::api::{Deferred, SharedApi, TargetInfo, Unavailable};
use crate::app::draft::{self, autosave_path};
use crate::app::fields::StepId;
use crate::app::{start, App, Effect, Outcome, Session};
use crate::aws::SdkApi;
use crate::cli::{Global, WizardArgs};
use crate::model::load::{load_str, Loaded};

/// Builds the app for the given start-up options: the effects it returns run
/// first (cloning a pool with `--from-pool`). File reads here happen before the
/// loop starts, so `update` itself stays free of I/O.
pub fn prepare(
    args: &WizardArgs,
    autosave: Option<std::path::PathBuf>,
) -> Result<(App, Vec<Effect>), String> {
    let session = Session {
        draft_path: args.draft.clone(),
        autosave_path: if args.draft.is_some() { None } else { autosave },
        unsaved: false,
        sample_csv: std::env::var_os(SAMPLE_CSV)
            .map(std::path::PathBuf::from)
            .filter(|p| p.is_file()),
        sample_import_csv: std::env::var_os(SAMPLE_IMPORT_CSV)
            .map(std::path::PathBuf::from)
            .filter(|p| p.is_file()),
        ..Session::default()
    };
    // Temporary files of a wizard killed while saving.
    for path in [&session.draft_path, &session.autosave_path]
        .into_iter()
        .flatten()
    {
        crate::files::clean_stale_temps(path);
    }
    let mut app = App::new(session);
    app.set_no_color(std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()));
    let mut effects = Vec::new();
    if let Some(path) = &args.draft {
        if path.exists() {
            let text = read(path)?;
            let mut restored = draft::decode(&text)
                .map_err(|e| format!("{}: {e}", crate::sanitize::path(path)))?;
            match restored.change_pool.take() {
                Some(pool) => {
                    crate::app::change::resume(&mut app, pool, restored, None, &mut effects)
                }
                None => app.load(restored.doc, restored.raw, restored.step),
            }
        }
    } else if let Some(path) = &app.session().autosave_path {
        if let Ok(text) = crate::headless::read_file(path) {
            app.offer_resume(text);
        }
    }
    if let Some(path) = &args.from_file {
        let text = read(path)?;
        let outcome =
            load_str(&text, None).map_err(|e| format!("{}: {e}", crate::sanitize::path(path)))?;
        match outcome.loaded {
            Loaded::Pool(doc) => {
                app.load(doc, Default::default(), StepId::SignIn);
                if let Some(status) = start::notes_status(&outcome.notes) {
                    app.set_status(status);
                }
            }
            other => {
                return Err(format!(
                    "{}: {}",
                    crate::sanitize::path(path),
                    other.not_a_pool().unwrap_or_default()
                ))
            }
        }
    }
    if let Some(pool_id) = &args.from_pool {
        start::describe(&mut app, pool_id.clone(), &mut effects);
    }
    if let Some(pool_id) = &args.pool {
        crate::app::change::open(&mut app, pool_id.clone(), &mut effects);
    }
    Ok((app, effects))
}

fn read(path: &Path) -> Result<String, String> {
    crate::headless::read_file(path)
        .map_err(|e| format!("cannot read {}: {e}", crate::sanitize::path(path)))
}

/// Runs the wizard in the real terminal; returns the process exit status.
pub async fn run(global: &Global, args: &WizardArgs) -> i32 {
    let (mut app, mut effects) = match prepare(args, autosave_path()) {
        Ok(prepared) => prepared,
        Err(e) => {
            eprintln!("error: {}", crate::sanitize::clean(&e.to_string()));
            return 2;
        }
    };
    let api = deferred_sdk(global);
    // Where calls go, for the title: resolved in a task, after the first frame.
    app.fetch_target(&mut effects);
    let (mut terminal, guard) = match crate::tui::init() {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "error: cannot use this terminal: {}",
                crate::sanitize::clean(&e.to_string())
            );
            return 1;
        }
    };
    if let Ok(size) = terminal.size() {
        app.update(crate::app::Action::Resize(size.width, size.height));
    }
    // Benchmark hook (scripts/bench.sh): with COGNITO_WIZARD_EXIT_AFTER_FIRST_FRAME=1
    // the input ends at once, so the loop draws the first frame and stops as it
    // does when the terminal closes: nothing is sent, saved or removed.
    let events = if exit_after_first_frame() {
        0
    } else {
        usize::MAX
    };
    let input = EventStream::new().take(events);
    let result = crate::event_loop::run(
        &mut terminal,
        &mut app,
        api,
        effects,
        input,
        termination_signals(),
        |_| {},
    )
    .await;
    drop(guard);
    if let Err(e) = result {
        eprintln!("error: {}", crate::sanitize::clean(&e.to_string()));
        return 1;
    }
    if let Some(Outcome::Created(pool)) = &app.outcome() {
        let json = serde_json::to_string_pretty(pool).unwrap_or_default();
        println!("{}", crate::sanitize::json(&json));
    }
    0
}

/// A users CSV to offer first when inviting from a CSV: `scripts/try.sh` sets
/// it to a fresh copy of `assets/sample-users.csv` (so the journal and report
/// written beside it stay out of the project).
const SAMPLE_CSV: &str = "COGNITO_WIZARD_SAMPLE_CSV";

/// The CSV to offer first for an import (`m`): `scripts/try.sh` sets it to a
/// copy of `assets/sample-import-users.csv`, which has the `email_verified`
/// column the import job needs where the pool auto-verifies email.
const SAMPLE_IMPORT_CSV: &str = "COGNITO_WIZARD_SAMPLE_IMPORT_CSV";

/// The SDK adapter, set up by the first call's task: the configuration
/// chain may wait on the network (instance metadata) and must not delay the
/// first frame.
fn deferred_sdk(global: &Global) -> SharedApi {
    let target = global.target();
    let policy = global.policy();
    Arc::new(Deferred::new(Arc::new(move || {
        let target = target.clone();
        Box::pin(async move {
            match SdkApi::connect(&target, policy).await {
                Ok(api) => Arc::new(api) as SharedApi,
                Err(e) => {
                    let asked = TargetInfo {
                        profile: target.profile.clone(),
                        region: target.region.clone(),
                        endpoint: target.endpoint_url.clone(),
                        account: None,
                    };
                    Arc::new(Unavailable(e, asked)) as SharedApi
                }
            }
        })
    })))
}

/// `COGNITO_WIZARD_EXIT_AFTER_FIRST_FRAME=1`: quit right after the first frame
/// is on screen: how `scripts/bench.sh` times start-up (README.md, Performance).
fn exit_after_first_frame() -> bool {
    std::env::var_os("COGNITO_WIZARD_EXIT_AFTER_FIRST_FRAME").is_some_and(|v| v == "1")
}

/// SIGTERM, SIGHUP and SIGINT, as a stream.
fn termination_signals() -> impl futures::Stream<Item = ()> + Unpin {
    use tokio::signal::unix::{signal, SignalKind};
    let kinds = [
        SignalKind::terminate(),
        SignalKind::hangup(),
        SignalKind::interrupt(),
    ];
    let streams: Vec<_> = kinds
        .into_iter()
        .filter_map(|kind| signal(kind).ok())
        .map(|s| {
            futures::stream::unfold(s, |mut s| async move { s.recv().await.map(|()| ((), s)) })
                .boxed()
        })
        .collect();
    futures::stream::select_all(streams)
}
