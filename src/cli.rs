//! Command-line arguments. Global flags mirror the AWS CLI's.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::aws::{CallPolicy, Target};
use crate::model::Operation;

#[derive(Debug, Parser)]
#[command(
    name = "cognito-wizard",
    version,
    about = "Create Amazon Cognito user pools and onboard their users",
    long_about = "Without a command, opens the interactive wizard. The commands below work headless, for scripts and CI."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(flatten)]
    pub wizard: WizardArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How the interactive wizard starts.
#[derive(Debug, Clone, Default, Args)]
pub struct WizardArgs {
    /// Open this draft (if it exists) and save to it as you go.
    #[arg(long, value_name = "FILE")]
    pub draft: Option<PathBuf>,
    /// Start from an existing pool (DescribeUserPool), to create one like it.
    #[arg(long, value_name = "POOL_ID", conflicts_with = "from_file")]
    pub from_pool: Option<String>,
    /// Start from an exported request file or describe-user-pool output.
    #[arg(long, value_name = "FILE")]
    pub from_file: Option<PathBuf>,
    /// Change an existing pool: its settings fill the steps, Review shows
    /// the diff against the live pool and the calls that make it.
    #[arg(long, value_name = "POOL_ID", conflicts_with_all = ["from_pool", "from_file"])]
    pub pool: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Use this profile from the shared AWS config and credentials files.
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// The AWS region (overrides AWS_REGION and the profile's region).
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Send calls to this endpoint instead of AWS (an emulator, a VPC endpoint).
    #[arg(long, global = true)]
    pub endpoint_url: Option<String>,
    /// Give up on a call after this many seconds, retries included.
    #[arg(long, global = true, default_value_t = 60, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
}

impl Global {
    pub fn target(&self) -> Target {
        Target {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
        }
    }

    pub fn policy(&self) -> CallPolicy {
        CallPolicy::default().with_timeout(Duration::from_secs(self.timeout.max(1)))
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a request file; exit 1 with one "<Field.Path>: <message>" line per problem.
    Validate(FileArgs),
    /// Validate, then print each call of the plan as JSON.
    Preview {
        #[command(flatten)]
        file: FileArgs,
        /// Print the exact wire bytes, one call per line.
        #[arg(long)]
        compact: bool,
        /// Show secrets (TemporaryPassword, SMS ExternalId) instead of masking them.
        #[arg(long)]
        include_secrets: bool,
    },
    /// Run a pool plan; print the new pool's Id and Arn, and every call
    /// done (with a client's id), as JSON.
    CreatePool {
        #[command(flatten)]
        file: FileArgs,
        /// Validate and show what would be sent, without sending it.
        #[arg(long)]
        dry_run: bool,
        /// The JSON a failed run printed: skip the calls it did and start at
        /// the one that failed (same plan file).
        #[arg(long, value_name = "FILE")]
        resume: Option<PathBuf>,
    },
    /// Send one AdminCreateUser request; print the user's status as JSON.
    CreateUser {
        #[command(flatten)]
        file: FileArgs,
        /// Validate (against the pool, when reachable) without sending.
        #[arg(long)]
        dry_run: bool,
        /// The pool to create the user in, instead of the file's UserPoolId
        /// (one request file then serves any pool: assets/sample-user.json).
        #[arg(long, value_name = "POOL_ID")]
        user_pool_id: Option<String>,
    },
    /// Invite users from a CSV: every row checked against the pool first, then
    /// one AdminCreateUser per row, rate-limited, journaled and resumable.
    Invite(InviteArgs),
    /// Change an existing pool: a diff against the live pool, then exactly
    /// the calls that make the change (UpdateUserPool with every current
    /// value carried, AddCustomAttributes, SetUserPoolMfaConfig, tag calls).
    /// A request or plan document changes the members it writes: one it
    /// leaves out, at any depth inside a structure, keeps the pool's value;
    /// a list or map it writes (Schema aside) is the new value, whole.
    /// Describe output is a whole pool: its top-level members are replaced.
    UpdatePool {
        #[command(flatten)]
        file: FileArgs,
        /// The pool to change.
        #[arg(long, value_name = "POOL_ID")]
        user_pool_id: String,
        /// Print the diff and the calls without sending: exit 0 when nothing
        /// would change, 4 when something would.
        #[arg(long)]
        dry_run: bool,
        /// FILE is describe output of ANOTHER pool (its Id differs from
        /// --user-pool-id): apply its settings to this pool anyway. Without
        /// it such a file is refused (exit 1), naming both ids.
        #[arg(long)]
        other_pool: bool,
    },
    /// Sign in as a user through an app client and say whether it works
    /// (tokens received; never printed unless --show-tokens). The password is
    /// read from standard input (its first line; a new password on the next
    /// line when an invited user must set one) or a prompt, never a flag.
    TestSignIn(SignInArgs),
    /// Import users from a CSV with Cognito's own user import job: no
    /// invitations sent, no UserCreation quota used; every row checked
    /// against the pool first, journaled and resumable.
    Import(ImportArgs),
}

/// `test-sign-in`.
#[derive(Debug, Clone, Args)]
pub struct SignInArgs {
    /// The pool the user is in (its policy checks a new password first).
    #[arg(long, value_name = "POOL_ID")]
    pub user_pool_id: String,
    /// The app client to sign in with (it must allow a password flow).
    #[arg(long, value_name = "CLIENT_ID")]
    pub client_id: String,
    /// The user who signs in (as invited: username, or email when the pool
    /// signs in with it).
    #[arg(long, value_name = "USERNAME")]
    pub username: String,
    /// Print the tokens received (secrets: for debugging only).
    #[arg(long)]
    pub show_tokens: bool,
}

/// `import`: see `cognito_wizard::import::headless` for outputs and exit codes.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The pool to import the users into.
    #[arg(long, value_name = "POOL_ID")]
    pub user_pool_id: String,
    /// The same CSV as `invite` takes (username, attribute columns), plus an
    /// optional cognito:mfa_enabled column (true/false).
    #[arg(long, value_name = "FILE")]
    pub csv: PathBuf,
    /// The IAM role the job writes its CloudWatch log with (each row's result).
    #[arg(long, value_name = "ARN")]
    pub cloudwatch_logs_role_arn: String,
    /// The job's name [default: cognito-wizard-<token>]; a split file's jobs
    /// get -1of2, -2of2.
    #[arg(long, value_name = "NAME")]
    pub job_name: Option<String>,
    /// Where each job's id and state are recorded [default:
    /// <csv>.import-journal.jsonl]. Run again with it to resume.
    #[arg(long, value_name = "PATH")]
    pub journal: Option<PathBuf>,
    /// The report of every row's outcome [default: <csv>.import-report.csv].
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
    /// Check every row and write the import files; create and upload nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the valid rows even though some are invalid (reported as such).
    #[arg(long)]
    pub skip_invalid: bool,
    /// Rows per import job (the service's limit; lower only for tests).
    #[arg(long, hide = true, default_value_t = crate::import::format::MAX_ROWS,
          value_parser = clap::value_parser!(u64).range(1..=crate::import::format::MAX_ROWS))]
    pub max_rows_per_job: u64,
    /// How often the running job is described, in milliseconds.
    #[arg(long, hide = true, default_value_t = 5000)]
    pub poll_interval_ms: u64,
}

/// `invite`: see `cognito_wizard::invite::headless` for outputs and exit codes.
#[derive(Debug, Clone, Args)]
pub struct InviteArgs {
    /// The pool to create the users in.
    #[arg(long, value_name = "POOL_ID")]
    pub user_pool_id: String,
    /// A header row, then one user per row: username (optional when the pool
    /// signs in with email or phone), one column per attribute (email,
    /// phone_number, custom:team, ...), optional temporary_password.
    #[arg(long, value_name = "FILE")]
    pub csv: PathBuf,
    /// AdminCreateUser calls in flight at once.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = parse_concurrency)]
    pub concurrency: usize,
    /// Requests per second at most; the service allows 50 per account, and the
    /// rate backs off by itself when throttled.
    #[arg(long, value_name = "R", default_value_t = 45.0, value_parser = parse_rate)]
    pub rate: f64,
    /// Where each row's outcome is recorded [default: <csv>.journal.jsonl].
    /// Run again with the same journal to resume: done rows are skipped.
    #[arg(long, value_name = "PATH")]
    pub journal: Option<PathBuf>,
    /// The report of every row's outcome [default: <csv>.report.csv].
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
    /// Check every row against the pool and stop: nothing is sent.
    #[arg(long)]
    pub dry_run: bool,
    /// SUPPRESS: create users without sending invitations; RESEND: resend to
    /// existing users.
    #[arg(long, value_name = "ACTION", value_parser = ["SUPPRESS", "RESEND"])]
    pub message_action: Option<String>,
    /// How invitations are sent: EMAIL, SMS or EMAIL,SMS.
    #[arg(long, value_name = "MEDIUMS", value_delimiter = ',', value_parser = ["EMAIL", "SMS"])]
    pub delivery: Option<Vec<String>>,
    /// Invite the valid rows even though some are invalid (those are recorded
    /// as invalid in the journal and the report).
    #[arg(long)]
    pub skip_invalid: bool,
    /// Send even when the pool's email setup cannot deliver that many
    /// invitations (Cognito's default sender: 50 a day).
    #[arg(long)]
    pub accept_delivery_limits: bool,
    /// With RESEND: send again to rows whose earlier resend may have gone out
    /// when the user's state cannot tell (the report marks them uncertain).
    /// Each resend replaces the temporary password of the one before.
    #[arg(long, requires = "message_action")]
    pub resend_uncertain: bool,
}

fn parse_concurrency(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1..=1000).contains(&n) => Ok(n),
        _ => Err(format!("{text} is not a number of calls from 1 to 1000")),
    }
}

/// Slowest rate accepted: below it a row waits longer than the breaker's
/// two minutes without progress, and the ETA means nothing.
const MIN_RATE: f64 = 0.1;

fn parse_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if rate.is_finite() && (MIN_RATE..=1000.0).contains(&rate) => Ok(rate),
        _ => Err(format!(
            "{text} is not a rate from {MIN_RATE} to 1000 requests a second (e.g. 45 or 0.5)"
        )),
    }
}

#[derive(Debug, Clone, Args)]
pub struct FileArgs {
    /// A request file, or - for standard input. CreateUserPool, AdminCreateUser,
    /// SetUserPoolMfaConfig, a plan document, describe-user-pool output or one
    /// per-call file an export writes (CreateUserPoolClient, CreateUserPoolDomain,
    /// CreateManagedLoginBranding, CreateGroup, CreateResourceServer), detected
    /// from its keys.
    pub file: PathBuf,
    /// Read the file as this operation instead of detecting it
    /// (create-user-pool, set-user-pool-mfa-config, admin-create-user,
    /// create-user-pool-client, create-user-pool-domain,
    /// create-managed-login-branding, create-group, create-resource-server).
    #[arg(long, value_parser = parse_operation)]
    pub operation: Option<Operation>,
}

fn parse_operation(text: &str) -> Result<Operation, String> {
    Operation::parse(text).ok_or_else(|| {
        format!("unknown operation {text}; use create-user-pool, set-user-pool-mfa-config, admin-create-user, create-user-pool-client, create-user-pool-domain, create-managed-login-branding, create-group or create-resource-server")
    })
}
