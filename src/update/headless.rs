//! `cognito-wizard update-pool --user-pool-id ID FILE [--dry-run]`.
//!
//! Standard output: one line per changed member (`Path: before -> after`,
//! secrets masked); with `--dry-run`, then each call as
//! `# call N of M: Operation (aws cognito-idp command --cli-input-json)`
//! followed by its wire body on one line (secrets left out, as in
//! `preview`); without it, `done: Operation` per call sent. Refusals and
//! errors are `Path: message` lines, warnings go to standard error (the
//! file's before the diff).
//!
//! A request or plan document changes exactly the members it writes: one
//! it leaves out, at any depth inside a structure, keeps the pool's value;
//! a list or map it writes is the new value, whole. Describe output is a
//! whole pool (see [`super::state::desired`]).
//!
//! Exit status: 0 no change (or applied and checked), 1 invalid or would
//! need a new pool, 2 unreadable file, 3 a call failed, 4 `--dry-run` found
//! changes, 5 the pool changed since it was loaded (nothing sent), 6 a
//! member did not take the value sent.

use crate::api::CognitoApi;
use crate::cli::FileArgs;
use crate::headless::{
    load_text, read_file_text, report, Output, EXIT_CHANGES, EXIT_FAILED, EXIT_INVALID,
    EXIT_NOT_TAKEN, EXIT_OK, EXIT_POOL_CHANGED,
};
use crate::model::load::{InputKind, Loaded};
use crate::model::preview::{Layout, Secrets};
use crate::problem::{has_errors, Problem};

use super::apply::describe;
use super::send::{send_checked, Sent};
use super::{check, plan_update_written, LivePool, UpdatePlan};
use crate::model::written::Written;

/// What `update-pool` was asked to do besides the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateFlags {
    /// `--dry-run`: print the diff and the calls, send nothing.
    pub dry_run: bool,
    /// `--other-pool`: describe output of another pool (its `Id` differs
    /// from `--user-pool-id`) is applied to this one; without it, refused.
    pub other_pool: bool,
}

pub async fn update_pool(
    pool_id: &str,
    file: &FileArgs,
    dry_run: bool,
    api: &dyn CognitoApi,
    io: &mut Output<'_>,
) -> i32 {
    let flags = UpdateFlags {
        dry_run,
        other_pool: false,
    };
    update_pool_with(pool_id, file, flags, api, io).await
}

/// The file as a pool document, with what it writes; `None` (said on
/// `io`) when it is not one `update-pool` takes.
fn update_document(
    outcome: &mut crate::model::load::LoadOutcome,
    text: &str,
    pool_id: &str,
    flags: UpdateFlags,
    io: &mut Output<'_>,
) -> Option<(crate::model::PoolDocument, Option<Written>)> {
    let file_pool = match &outcome.loaded {
        Loaded::Pool(_) if outcome.kind == InputKind::DescribeUserPool => {
            let described: Option<serde_json::Value> = serde_json::from_str(text).ok();
            described
                .as_ref()
                .and_then(|v| v.pointer("/UserPool/Id"))
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        }
        Loaded::Mfa(request) => request.user_pool_id.clone(),
        _ => None,
    };
    if let Some(id) = file_pool.filter(|id| id != pool_id && !flags.other_pool) {
        let _ = writeln!(
            io.err,
            "error: the file is for pool {} but --user-pool-id is {}; nothing sent. To apply it to {} anyway, add --other-pool",
            crate::sanitize::clean(&id),
            crate::sanitize::clean(pool_id),
            crate::sanitize::clean(pool_id)
        );
        return None;
    }
    match &outcome.loaded {
        Loaded::Pool(doc) => Some((doc.clone(), outcome.written.take())),
        // SetUserPoolMfaConfig alone: only the MFA settings it writes change.
        Loaded::Mfa(request) => {
            let written = Written {
                create: serde_json::Map::new(),
                mfa: serde_json::from_str(text).ok(),
                ..Written::default()
            };
            let doc = crate::model::PoolDocument {
                mfa: Some(request.clone()),
                ..Default::default()
            };
            Some((doc, Some(written)))
        }
        // A user, or one later call of a plan (a client, a group…) alone.
        Loaded::User(_) | Loaded::Call(_) => {
            let _ = writeln!(
                io.err,
                "error: update-pool takes a pool request, a SetUserPoolMfaConfig request, a plan document or describe-user-pool output"
            );
            None
        }
    }
}

/// [`update_pool`] with every flag.
pub async fn update_pool_with(
    pool_id: &str,
    file: &FileArgs,
    flags: UpdateFlags,
    api: &dyn CognitoApi,
    io: &mut Output<'_>,
) -> i32 {
    if let Some(problem) = crate::validate::user_pool_id(pool_id) {
        let _ = writeln!(io.err, "error: --user-pool-id: {problem}");
        return EXIT_INVALID;
    }
    let text = match read_file_text(file, io) {
        Ok(text) => text,
        Err(code) => return code,
    };
    let mut outcome = match load_text(&text, file, io) {
        Ok(outcome) => outcome,
        Err(code) => return code,
    };
    let Some((doc, written)) = update_document(&mut outcome, &text, pool_id, flags, io) else {
        return EXIT_INVALID;
    };
    let dry_run = flags.dry_run;
    let live = match describe(api, pool_id).await {
        Ok(live) => live,
        Err(error) => {
            let _ = writeln!(io.err, "error: DescribeUserPool failed: {error}");
            return EXIT_FAILED;
        }
    };
    let live = with_sign_in(api, live, &doc).await;
    let written = written.as_ref();
    let plan = plan_update_written(&live, &doc, written);
    // What the loader says about the file, first: but not that the SDK
    // sends `false` for a member the file leaves out inside a structure the
    // pool has; the pool's value is sent for it.
    let notes: Vec<Problem> = outcome
        .notes
        .into_iter()
        .filter(|n| !plan.carries(&n.path))
        .collect();
    report(&notes, io);
    print_diff(&plan, io);
    let mut problems = notes;
    let refused = plan.refused.iter().cloned();
    let mut checked = if plan.refused.is_empty() {
        check(&plan)
    } else {
        Vec::new()
    };
    // With nothing to send, a warning about what the pool already has is
    // about no change: not said.
    if !plan.has_changes() {
        checked.retain(Problem::is_error);
    }
    let found: Vec<Problem> = refused.chain(checked).collect();
    report(&found, io);
    problems.extend(found);
    if has_errors(&problems) {
        let _ = writeln!(io.err, "error: the change is refused; nothing sent");
        return EXIT_INVALID;
    }
    if !plan.has_changes() {
        let _ = writeln!(
            io.err,
            "no change: the pool already has every value the file sets; nothing to send"
        );
        return EXIT_OK;
    }
    if dry_run {
        let _ = writeln!(io.err, "dry run: nothing sent; it would send:");
        print_calls(&plan, io);
        return EXIT_CHANGES;
    }
    send(api, &live, &plan, (&doc, written), io).await
}

/// The pool with its app clients, resource servers, domain and groups, when
/// the file adds any (to refuse a duplicate by name); else they are not read.
async fn with_sign_in(
    api: &dyn CognitoApi,
    live: LivePool,
    doc: &crate::model::PoolDocument,
) -> LivePool {
    let adds = !(doc.clients.is_empty()
        && doc.resource_servers.is_empty()
        && doc.domain.is_none()
        && doc.branding.is_none()
        && doc.groups.is_empty());
    if !adds {
        return live;
    }
    let described = api
        .describe_sign_in(live.id.clone())
        .await
        .map_err(|e| e.to_string());
    live.with_sign_in(described.as_ref().map_err(String::as_str))
}

/// Describes again, sends, describes once more and checks.
async fn send(
    api: &dyn CognitoApi,
    loaded: &LivePool,
    plan: &UpdatePlan,
    (doc, written): (&crate::model::PoolDocument, Option<&Written>),
    io: &mut Output<'_>,
) -> i32 {
    let print_done = |done: &[String], io: &mut Output<'_>| {
        for call in done {
            let _ = writeln!(io.out, "done: {}", crate::sanitize::clean(call));
        }
    };
    match send_checked(api, loaded, plan).await {
        Sent::NotChecked(error) => {
            let _ = writeln!(
                io.err,
                "error: DescribeUserPool failed: {error}; nothing sent"
            );
            EXIT_FAILED
        }
        Sent::PoolChanged { now, .. } => {
            let _ = writeln!(
                io.err,
                "error: the pool changed since it was loaded (someone else edited it); nothing was sent. What changed meanwhile (as loaded -> as it is now):"
            );
            // The wizard's comparison: every member (the schema too, the
            // app clients, domain and groups).
            for change in super::apply::meanwhile(loaded, &now) {
                let _ = writeln!(io.err, "  {}", crate::sanitize::clean(&change.line()));
            }
            let _ = writeln!(io.err, "The change against the pool as it is now:");
            print_diff(&plan_update_written(&now, doc, written), io);
            EXIT_POOL_CHANGED
        }
        Sent::Failed(failure) => {
            print_done(&failure.done, io);
            let _ = writeln!(io.err, "error: {failure}");
            EXIT_FAILED
        }
        Sent::Applied {
            done,
            after: Err(error),
            ..
        } => {
            print_done(&done, io);
            let _ = writeln!(
                io.err,
                "error: the calls were made, but DescribeUserPool failed afterwards, so the result is unchecked: {error}"
            );
            EXIT_FAILED
        }
        Sent::Applied { done, missed, .. } => {
            print_done(&done, io);
            if missed.is_empty() {
                let _ = writeln!(
                    io.err,
                    "note: described again: every member has the value sent"
                );
                return EXIT_OK;
            }
            let _ = writeln!(
                io.err,
                "error: the calls succeeded, but {} member(s) do not have the value they should have now:",
                missed.len()
            );
            for change in &missed {
                let _ = writeln!(
                    io.out,
                    "{}",
                    crate::sanitize::clean(&change.not_taken_line())
                );
            }
            EXIT_NOT_TAKEN
        }
    }
}

fn print_diff(plan: &UpdatePlan, io: &mut Output<'_>) {
    // Paths name app clients and groups (from the file or the service).
    for line in plan.diff_lines() {
        let _ = writeln!(io.out, "{}", crate::sanitize::clean(&line));
    }
}

/// Each call: a header line, then its wire body (secrets left out).
fn print_calls(plan: &UpdatePlan, io: &mut Output<'_>) {
    let total = plan.calls.len();
    for (i, call) in plan.calls.iter().enumerate() {
        for member in call.secret_members() {
            let _ = writeln!(
                io.err,
                "note: {member} is a secret and is left out of what is shown"
            );
        }
        let _ = writeln!(
            io.out,
            "# call {} of {total}: {} (aws cognito-idp {} --cli-input-json)",
            i + 1,
            call.operation(),
            call.cli_command()
        );
        let json = call.json(Layout::Compact, Secrets::Omit);
        let _ = writeln!(io.out, "{}", crate::sanitize::json(&json));
    }
}
