//! What flows into `App::update` ([`Action`]) and out of it ([`Effect`]).
//! Effects are values: `update` does no I/O; the event loop carries them out
//! and sends their results back as [`Action::Task`].

use std::path::PathBuf;

use crossterm::event::KeyEvent;

use super::fields::StepId;

use crate::api::{ApiResult, PoolSummary, TargetInfo};
use crate::invite;
use crate::invite::groups::Invited;
use crate::model::describe_plan::DescribedSignIn;
use crate::model::load::DescribedPool;
use crate::model::{AdminCreateUserRequest, Plan};
use crate::run::PlanFailure;

/// What a click landed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Step(StepId),
    Field(usize),
    StartItem(usize),
}

/// Identifies one background task, so a late result of a cancelled task is
/// recognised and dropped.
pub type TaskId = u64;

#[derive(Debug)]
pub enum Action {
    Key(KeyEvent),
    /// A left click, already placed on what the last frame drew there (the
    /// loop asks the layout: the app knows nothing of screen positions).
    Click(Hit),
    /// The wheel: `down` or up.
    Scroll {
        down: bool,
    },
    Paste(String),
    Resize(u16, u16),
    /// Animation frame; only sent while something animates.
    Tick,
    Task(TaskId, TaskOutcome),
    /// SIGTERM or SIGHUP: leave now, keeping the autosaved draft.
    Terminate,
}

#[derive(Debug)]
pub enum TaskOutcome {
    Pools(ApiResult<Vec<PoolSummary>>),
    /// A pool to clone, and its clients, domain and groups (described only
    /// when the pool was).
    Described(ApiResult<(DescribedPool, ApiResult<DescribedSignIn>)>),
    Target(TargetInfo),
    /// Pools in the account with the name about to be created.
    SameName(ApiResult<Vec<PoolSummary>>),
    Saved(Result<PathBuf, String>),
    /// A draft saved under a name chosen now (never over an existing file).
    SavedAs(Result<PathBuf, String>),
    /// The chosen name is taken: nothing was written.
    SaveWouldReplace(PathBuf),
    Exported(Result<Vec<PathBuf>, String>),
    /// An export found these files already there and wrote nothing.
    ExportWouldReplace(Vec<PathBuf>),
    /// The form's invitation: the user, and each chosen group's outcome.
    UserCreated(ApiResult<Invited>),
    /// A pool described to shape the invitation form.
    DescribedForInvite(String, ApiResult<DescribedPool>),
    /// Bulk invitations: one event of the run, stamped when it arrived.
    InviteEvent(invite::Event, tokio::time::Instant),
    /// The CSV has been checked (nothing sent yet).
    InvitesChecked(Result<Box<invite::Prepared>, String>),
    /// The run ended: every row is accounted for in the journal and report.
    InvitesFinished(Result<invite::Summary, String>),
    /// A file the operator asked to open was read (or not).
    Opened(PathBuf, Result<String, String>),
    /// A pool described to be changed (DescribeUserPool, GetUserPoolMfaConfig).
    /// The pool, and its app clients, domain and groups (or why not).
    DescribedForChange(
        String,
        ApiResult<(DescribedPool, ApiResult<DescribedSignIn>)>,
    ),
    /// How sending a change ended (described again first, checked after).
    ChangeSent(crate::update::send::Sent),
    /// "Try a sign-in" ended (never with the tokens).
    SignedIn(Result<crate::sign_in::SignInReport, crate::sign_in::SignInError>),
    /// The groups of the pool the invitation form is for.
    GroupsForInvite(String, ApiResult<Vec<String>>),
    /// The import job: one event of the check or the run, stamped when it arrived.
    ImportEvent(crate::import::ImportEvent, tokio::time::Instant),
    /// The CSV is checked and the import files written (nothing uploaded).
    ImportChecked(Result<Box<crate::import::Prepared>, String>),
    /// The run ended: the report and the journal account for every row.
    ImportFinished(Result<crate::import::ImportSummary, String>),
    /// How a pool plan ran: every call done (with the ids made), or how far
    /// it got.
    PlanRan(Result<crate::run::Progress, PlanFailure>),
    /// An export would have written this file, the open draft file: nothing
    /// was written.
    ExportOnDraft(PathBuf),
}

#[derive(Debug, Clone)]
pub enum Effect {
    /// Run a pool plan, skipping the calls `resume` has done already.
    Submit {
        id: TaskId,
        plan: Plan,
        resume: Box<crate::run::Progress>,
    },
    ListPools {
        id: TaskId,
    },
    Describe {
        id: TaskId,
        pool_id: String,
    },
    /// Where a submit would go: at once as configured, then (`account`)
    /// with the account STS names.
    FetchTarget {
        id: TaskId,
        account: bool,
    },
    /// Pools already named like the one about to be created.
    FindSameName {
        id: TaskId,
        name: String,
    },
    DescribeForInvite {
        id: TaskId,
        pool_id: String,
    },
    CreateUser {
        id: TaskId,
        request: AdminCreateUserRequest,
    },
    /// Write a file atomically (temp file, then rename), mode 0600.
    Save {
        id: TaskId,
        path: PathBuf,
        contents: String,
    },
    /// Write the draft to a file named now, only if nothing is there.
    SaveAs {
        id: TaskId,
        path: PathBuf,
        contents: String,
    },
    /// Write several files atomically (an export of a two-call plan); an
    /// existing file is replaced only with `replace` (the operator said so).
    Export {
        id: TaskId,
        files: Vec<(PathBuf, String)>,
        replace: bool,
        /// The open draft file (`--draft`, Save as): no export file may be
        /// it, or the next autosave would turn the export into a draft.
        draft: Option<PathBuf>,
    },
    Open {
        id: TaskId,
        path: PathBuf,
    },
    /// Check a CSV against the pool, reporting problems as events.
    CheckInvites {
        id: TaskId,
        options: Box<invite::InviteOptions>,
    },
    /// Send the checked invitations (rate-limited, journaled).
    SendInvites {
        id: TaskId,
        prepared: Box<invite::Prepared>,
    },
    /// Stop a bulk run gently: rows in flight finish and are journaled.
    StopInvites(TaskId),
    /// Stop a task (Esc on a call in flight).
    Cancel(TaskId),
    /// The autosave is no longer needed (the pool was created, or discarded).
    RemoveFile(PathBuf),
    /// Describe a pool to change it.
    DescribeForChange {
        id: TaskId,
        pool_id: String,
    },
    /// Describe the pool again; only if it is as `loaded`, make the plan's
    /// calls, then describe it once more and check.
    SendChange {
        id: TaskId,
        loaded: Box<crate::update::LivePool>,
        plan: Box<crate::update::UpdatePlan>,
    },
    /// Sign in to the new pool with one of its clients.
    TrySignIn {
        id: TaskId,
        request: Box<crate::sign_in::WizardSignIn>,
    },
    /// AdminCreateUser, then AdminAddUserToGroup for each group.
    CreateUserInGroups {
        id: TaskId,
        request: AdminCreateUserRequest,
        groups: Vec<String>,
    },
    /// The pool's group names (ListGroups), for the invitation form.
    ListGroupsForInvite {
        id: TaskId,
        pool_id: String,
    },
    /// Check a CSV for the import job and write its import files.
    CheckImport {
        id: TaskId,
        options: Box<crate::import::ImportOptions>,
    },
    /// Run the checked import's jobs, one after another.
    RunImport {
        id: TaskId,
        prepared: Box<crate::import::Prepared>,
    },
    /// Ask the running import job to stop (StopUserImportJob).
    StopImport(TaskId),
}
