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
    #[arg(long, global = true, default_value_t = 60, value_name = "SECONDS")]
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
    /// Run a pool plan; print the new pool's Id and Arn as JSON.
    CreatePool {
        #[command(flatten)]
        file: FileArgs,
        /// Validate and show what would be sent, without sending it.
        #[arg(long)]
        dry_run: bool,
    },
    /// Send one AdminCreateUser request; print the user's status as JSON.
    CreateUser {
        #[command(flatten)]
        file: FileArgs,
        /// Validate (against the pool, when reachable) without sending.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Clone, Args)]
pub struct FileArgs {
    /// A request file, or - for standard input. CreateUserPool, AdminCreateUser,
    /// a plan document or describe-user-pool output, detected from its keys.
    pub file: PathBuf,
    /// Read the file as this operation instead of detecting it
    /// (create-user-pool, admin-create-user).
    #[arg(long, value_parser = parse_operation)]
    pub operation: Option<Operation>,
}

fn parse_operation(text: &str) -> Result<Operation, String> {
    Operation::parse(text).ok_or_else(|| {
        format!("unknown operation {text}; use create-user-pool or admin-create-user")
    })
}
