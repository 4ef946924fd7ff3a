//! The headless commands. They share the model, validation and plan runner with
//! the wizard; output goes to the writers given, so tests can read it.
//!
//! Exit status: 0 done, 1 the request has errors, 2 unreadable input, 3 the
//! service call failed, 4 a local file (journal, report) could not be
//! written. Exit 3 means a call failed and nothing else. `update-pool`
//! (which writes no local file) adds its own: 4 `--dry-run` found changes,
//! 5 the pool changed since it was loaded, 6 a member did not take the value
//! sent.

use std::io::{Read, Write};
use std::path::Path;

use crate::api::{CognitoApi, ErrorKind};
use crate::cli::FileArgs;
use crate::model::load::{self, LoadError, LoadOutcome, Loaded};
use crate::model::preview::{self, Layout, Secrets};
use crate::model::{Call, Plan};
use crate::problem::{has_errors, Problem, Severity};
use crate::run::{run_plan, PlanFailure, Progress};
use crate::validate::{self, PoolFacts};

pub const EXIT_OK: i32 = 0;
pub const EXIT_INVALID: i32 = 1;
pub const EXIT_UNREADABLE: i32 = 2;
pub const EXIT_FAILED: i32 = 3;
/// A local file (the journal, the report) could not be written: not a
/// service failure, so not 3.
pub const EXIT_LOCAL_FILE: i32 = 4;
/// `update-pool --dry-run` found changes to make (like `terraform plan
/// -detailed-exitcode`). update-pool writes no local file, so 4 cannot mean
/// [`EXIT_LOCAL_FILE`] there.
pub const EXIT_CHANGES: i32 = 4;
/// `update-pool`: the pool changed between loading it and sending; nothing sent.
pub const EXIT_POOL_CHANGED: i32 = 5;
/// `update-pool`: the calls succeeded but a member does not have the value sent.
pub const EXIT_NOT_TAKEN: i32 = 6;

pub struct Output<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

/// The most a request file may hold. The API's own payloads are far
/// smaller; anything over this is refused before it is parsed, so that
/// `validate /dev/zero` ends at once instead of filling memory.
pub const MAX_REQUEST_BYTES: usize = 1 << 20;

/// Drives `work` to its end while handing each event that arrives to
/// `on_event`, then those still queued: the bulk commands' check phases.
pub async fn drain_while<T, E>(
    work: impl std::future::Future<Output = T>,
    events: &mut tokio::sync::mpsc::UnboundedReceiver<E>,
    mut on_event: impl FnMut(&E),
) -> T {
    tokio::pin!(work);
    let result = loop {
        tokio::select! {
            result = &mut work => break result,
            Some(event) = events.recv() => on_event(&event),
        }
    };
    while let Ok(event) = events.try_recv() {
        on_event(&event);
    }
    result
}

/// Ctrl-C presses, forwarded as messages so that none is missed between
/// polls; abort the handle when the run is over.
pub fn interrupts() -> (
    tokio::task::JoinHandle<()>,
    tokio::sync::mpsc::UnboundedReceiver<()>,
) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let listener = tokio::spawn(async move {
        while tokio::signal::ctrl_c().await.is_ok() {
            if tx.send(()).is_err() {
                break;
            }
        }
    });
    (listener, rx)
}

/// Reads a path, or standard input for `-`, at most [`MAX_REQUEST_BYTES`].
pub fn read_input(path: &Path) -> std::io::Result<String> {
    if path == Path::new("-") {
        read_bounded(std::io::stdin().lock())
    } else {
        read_file(path)
    }
}

/// [`read_input`] for a named file only (`-` is a file called `-`). A FIFO,
/// device or directory is refused without blocking (a FIFO's read would
/// wait for a writer forever: a blank screen, a command that never ends).
pub fn read_file(path: &Path) -> std::io::Result<String> {
    read_bounded(crate::files::open_regular(path)?)
}

fn read_bounded(input: impl Read) -> std::io::Result<String> {
    let invalid = |message: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, message);
    let mut bytes = Vec::new();
    input
        .take(MAX_REQUEST_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_REQUEST_BYTES {
        return Err(invalid(
            "the file is over 1 MiB; no request is that long, so it is not read",
        ));
    }
    String::from_utf8(bytes).map_err(|_| invalid("stream did not contain valid UTF-8"))
}

/// Reads and loads a request file; on failure, says why and gives the exit
/// status (1 a request that does not fit, 2 unreadable).
pub fn load_file(file: &FileArgs, io: &mut Output<'_>) -> Result<LoadOutcome, i32> {
    let text = read_file_text(file, io)?;
    load_text(&text, file, io)
}

/// The file's text (or standard input's); on failure, says why (exit 2).
pub fn read_file_text(file: &FileArgs, io: &mut Output<'_>) -> Result<String, i32> {
    read_input(&file.file).map_err(|e| {
        let _ = writeln!(
            io.err,
            "error: cannot read {}: {e}",
            crate::sanitize::path(&file.file)
        );
        EXIT_UNREADABLE
    })
}

/// [`load_file`] for a file's text already read (`update-pool` reads its
/// describe output's `Id`, which the loader drops).
pub fn load_text(text: &str, file: &FileArgs, io: &mut Output<'_>) -> Result<LoadOutcome, i32> {
    load::load_str(text, file.operation).map_err(|e| match e {
        LoadError::Shape { .. } | LoadError::Invalid(_) => {
            for problem in e.problems() {
                let _ = writeln!(io.out, "{problem}");
            }
            EXIT_INVALID
        }
        other => {
            let _ = writeln!(
                io.err,
                "error: {}: {other}",
                crate::sanitize::path(&file.file)
            );
            EXIT_UNREADABLE
        }
    })
}

/// A loaded and validated file: its plan and every problem found.
struct Checked {
    loaded: Loaded,
    plan: Plan,
    problems: Vec<Problem>,
}

fn check(file: &FileArgs, io: &mut Output<'_>) -> Result<Checked, i32> {
    check_for_pool(file, None, io)
}

/// [`check`], with an AdminCreateUser request's pool id replaced before it
/// is validated (`create-user --user-pool-id`).
fn check_for_pool(
    file: &FileArgs,
    user_pool_id: Option<&str>,
    io: &mut Output<'_>,
) -> Result<Checked, i32> {
    let LoadOutcome {
        mut loaded, notes, ..
    } = load_file(file, io)?;
    if let (Loaded::User(request), Some(id)) = (&mut loaded, user_pool_id) {
        request.user_pool_id = Some(id.to_owned());
    }
    let (plan, mut problems) = match &loaded {
        Loaded::Pool(doc) => (doc.plan(), validate::validate_pool(doc)),
        Loaded::User(request) => (
            Plan::single(Call::AdminCreateUser(request.clone())),
            validate::validate_user(request, None),
        ),
        Loaded::Mfa(request) => (
            Plan::single(Call::SetUserPoolMfaConfig(request.clone())),
            validate::validate_mfa_alone(request),
        ),
        Loaded::Call(call) => (
            Plan::single(call.clone()),
            validate::validate_call_alone(call),
        ),
    };
    problems.extend(notes);
    Ok(Checked {
        loaded,
        plan,
        problems,
    })
}

/// Errors to standard output (one line each), warnings to standard error.
pub fn report(problems: &[Problem], io: &mut Output<'_>) {
    for problem in problems {
        let _ = match problem.severity {
            Severity::Error => writeln!(io.out, "{problem}"),
            Severity::Warning => writeln!(io.err, "warning: {problem}"),
        };
    }
}

pub fn validate(file: &FileArgs, io: &mut Output<'_>) -> i32 {
    match check(file, io) {
        Ok(checked) => {
            report(&checked.problems, io);
            if has_errors(&checked.problems) {
                EXIT_INVALID
            } else {
                EXIT_OK
            }
        }
        Err(code) => code,
    }
}

pub fn preview(file: &FileArgs, compact: bool, include_secrets: bool, io: &mut Output<'_>) -> i32 {
    let checked = match check(file, io) {
        Ok(c) => c,
        Err(code) => return code,
    };
    report(&checked.problems, io);
    if has_errors(&checked.problems) {
        return EXIT_INVALID;
    }
    print_plan(&checked.plan, compact, include_secrets, io);
    EXIT_OK
}

fn print_plan(plan: &Plan, compact: bool, include_secrets: bool, io: &mut Output<'_>) {
    let layout = if compact {
        Layout::Compact
    } else {
        Layout::Pretty
    };
    // What is printed here gets saved and replayed: a masked value would be
    // sent as the password, so secrets are left out (and said so) instead.
    let secrets = if include_secrets {
        Secrets::Reveal
    } else {
        Secrets::Omit
    };
    let total = plan.calls.len();
    for call in &plan.calls {
        if !include_secrets {
            for member in preview::secret_members(call) {
                let _ = writeln!(
                    io.err,
                    "note: {member} is a secret and is left out; --include-secrets includes it"
                );
            }
        }
    }
    // Pretty output is saved and read back: several calls make one plan document.
    if !compact && total > 1 {
        let _ = writeln!(
            io.err,
            "note: {total} calls, printed as one plan document ({}); cognito-wizard reads it back. For the AWS CLI, export from the wizard or use --compact (one call per line)",
            plan.calls.iter().map(|c| c.operation().name()).collect::<Vec<_>>().join(", ")
        );
        let document = preview::plan_document(plan, secrets);
        let _ = writeln!(io.out, "{}", crate::sanitize::json(&document));
        return;
    }
    for (i, call) in plan.calls.iter().enumerate() {
        if total > 1 {
            let _ = writeln!(
                io.err,
                "# call {} of {total}: {} (aws cognito-idp {} --cli-input-json)",
                i + 1,
                call.operation().name(),
                call.operation().cli_command()
            );
        }
        let json = preview::call_json(call, layout, secrets);
        let _ = writeln!(io.out, "{}", crate::sanitize::json(&json));
    }
}

/// Runs a pool plan. With `resume` (the JSON an earlier run printed), the
/// calls that run did are skipped and the plan starts at the one that failed.
pub async fn create_pool(
    file: &FileArgs,
    dry_run: bool,
    resume: Option<&Path>,
    api: Option<&dyn CognitoApi>,
    io: &mut Output<'_>,
) -> i32 {
    let checked = match check(file, io) {
        Ok(c) => c,
        Err(code) => return code,
    };
    match checked.loaded {
        Loaded::User(_) => {
            let _ = writeln!(
                io.err,
                "error: this is an AdminCreateUser request; use create-user"
            );
            return EXIT_INVALID;
        }
        Loaded::Mfa(_) => {
            let _ = writeln!(
                io.err,
                "error: this is the SetUserPoolMfaConfig call alone; create-pool takes a CreateUserPool request or the plan document (NAME.plan.json); for an existing pool, send it with aws cognito-idp set-user-pool-mfa-config --cli-input-json"
            );
            return EXIT_INVALID;
        }
        Loaded::Call(call) => {
            let _ = writeln!(
                io.err,
                "error: this is the {} call alone; create-pool takes a CreateUserPool request or the plan document (NAME.plan.json); for an existing pool, send it with aws cognito-idp {} --cli-input-json",
                call.operation().name(),
                call.operation().cli_command()
            );
            return EXIT_INVALID;
        }
        Loaded::Pool(_) => {}
    }
    let progress = match resume
        .map(|path| read_progress(path, &checked.plan))
        .transpose()
    {
        Ok(progress) => progress.unwrap_or_default(),
        Err(message) => {
            let _ = writeln!(io.err, "error: --resume: {message}");
            return EXIT_UNREADABLE;
        }
    };
    if let Some(code) = stop_before_sending(&checked.problems, &checked.plan, dry_run, io) {
        return code;
    }
    let Some(api) = api else { return EXIT_FAILED };
    match run_plan(api, &checked.plan, progress).await {
        Ok(progress) => {
            print_json(&progress, io);
            EXIT_OK
        }
        Err(failure) => {
            report_failure(&failure, &checked.plan, io);
            EXIT_FAILED
        }
    }
}

/// What exists and what does not after a failed plan: the calls done, the
/// one that failed, the ones not run; on standard output the progress as
/// JSON, which `--resume` reads to start again at the failed call.
fn report_failure(failure: &PlanFailure, plan: &Plan, io: &mut Output<'_>) {
    let _ = writeln!(io.err, "error: {failure}");
    for line in crate::run::failure_account(failure, plan) {
        let _ = writeln!(io.err, "{line}");
    }
    let progress = &failure.progress;
    if progress.pool.is_some() {
        let _ = writeln!(
            io.err,
            "note: what is done stays; save standard output and run create-pool --resume FILE with the same plan to start at the failed call"
        );
        print_json(progress, io);
    }
}

/// The progress an earlier run of this plan printed: it must name the pool
/// it made, and that pool must be the one this plan creates (by name).
fn read_progress(path: &Path, plan: &Plan) -> Result<Progress, String> {
    let text =
        read_file(path).map_err(|e| format!("cannot read {}: {e}", crate::sanitize::path(path)))?;
    let not_output = |why: String| {
        format!(
            "{} is not the output of create-pool: {}",
            crate::sanitize::path(path),
            crate::sanitize::clean(&why)
        )
    };
    let progress: Progress = serde_json::from_str(&text).map_err(|e| not_output(e.to_string()))?;
    let Some(pool) = &progress.pool else {
        return Err(not_output("it names no pool (Id)".into()));
    };
    let planned = plan.calls.first().map(Call::subject).unwrap_or_default();
    match &pool.name {
        Some(name) if *name != planned => Err(format!(
            "{} is the progress of the pool {}; this plan creates {planned:?}",
            crate::sanitize::path(path),
            crate::sanitize::clean(&format!("{name:?}"))
        )),
        _ => match progress.refusal(plan) {
            Some(why) => Err(not_output(why)),
            None => Ok(progress),
        },
    }
}

pub async fn create_user(
    file: &FileArgs,
    user_pool_id: Option<&str>,
    dry_run: bool,
    api: Option<&dyn CognitoApi>,
    io: &mut Output<'_>,
) -> i32 {
    let checked = match check_for_pool(file, user_pool_id, io) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let Loaded::User(request) = checked.loaded else {
        let _ = writeln!(io.err, "error: this is a pool request; use create-pool");
        return EXIT_INVALID;
    };
    let mut problems = checked.problems;
    // A request the API refuses anyway is refused before any call.
    if has_errors(&problems) {
        report(&problems, io);
        return EXIT_INVALID;
    }
    // Against the pool's own settings, when it can be described.
    if let (Some(api), Some(pool_id)) = (api, request.user_pool_id.clone()) {
        match api.describe_user_pool(pool_id).await {
            Ok(described) => {
                if let Ok(LoadOutcome {
                    loaded: Loaded::Pool(doc),
                    ..
                }) = load::from_described(&described)
                {
                    let facts = PoolFacts::from_request(&doc.create);
                    problems = validate::validate_user(&request, Some(&facts));
                }
            }
            // The endpoint does not answer: the create would wait as long.
            Err(error) if matches!(error.kind, ErrorKind::Timeout | ErrorKind::Network) => {
                let _ = writeln!(
                    io.err,
                    "error: DescribeUserPool failed: {error}; nothing was sent"
                );
                return EXIT_FAILED;
            }
            Err(error) => {
                let _ = writeln!(
                    io.err,
                    "warning: DescribeUserPool failed ({error}): the user is checked against the API's rules only, not the pool's"
                );
            }
        }
    }
    if let Some(code) = stop_before_sending(&problems, &checked.plan, dry_run, io) {
        return code;
    }
    let Some(api) = api else { return EXIT_FAILED };
    match api.admin_create_user(request).await {
        Ok(user) => {
            print_json(&user, io);
            EXIT_OK
        }
        Err(error) => {
            let _ = writeln!(io.err, "error: AdminCreateUser failed: {error}");
            EXIT_FAILED
        }
    }
}

/// Reports the problems; the exit status when nothing should be sent (errors,
/// or a dry run, which shows what would have been sent).
fn stop_before_sending(
    problems: &[Problem],
    plan: &Plan,
    dry_run: bool,
    io: &mut Output<'_>,
) -> Option<i32> {
    report(problems, io);
    if has_errors(problems) {
        return Some(EXIT_INVALID);
    }
    if dry_run {
        let _ = writeln!(io.err, "dry run: nothing sent; it would send:");
        print_plan(plan, false, false, io);
        return Some(EXIT_OK);
    }
    None
}

fn print_json(value: &impl serde::Serialize, io: &mut Output<'_>) {
    let json = serde_json::to_string_pretty(value).unwrap_or_default();
    let _ = writeln!(io.out, "{}", crate::sanitize::json(&json));
}

/// `test-sign-in`: 0 sign-in works, 1 the client allows no password flow
/// or the new password does not meet the pool's policy (not sent),
/// 2 no password given, 3 the service refused (or a call failed).
pub async fn test_sign_in(
    args: &crate::cli::SignInArgs,
    api: &dyn CognitoApi,
    password: &mut (dyn FnMut(&str) -> Option<String> + Send),
    io: &mut Output<'_>,
) -> i32 {
    use crate::sign_in::{self, SignInError, SignInTarget};
    let target = SignInTarget {
        user_pool_id: args.user_pool_id.clone(),
        client_id: args.client_id.clone(),
        username: args.username.clone(),
    };
    match sign_in::test_sign_in(api, &target, password, args.show_tokens).await {
        Ok(report) => {
            print_json(&report, io);
            if report.tokens_received.is_empty() {
                EXIT_FAILED
            } else {
                EXIT_OK
            }
        }
        Err(error) => {
            let _ = writeln!(io.err, "error: sign-in: {error}");
            match error {
                SignInError::NoFlow(_) | SignInError::Refused(_) => EXIT_INVALID,
                SignInError::NoPassword(_) => EXIT_UNREADABLE,
                SignInError::Failed(_) => EXIT_FAILED,
            }
        }
    }
}
