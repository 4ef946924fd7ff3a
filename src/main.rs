use std::process::ExitCode;

use clap::Parser;

use cognito_wizard::aws::{CallPolicy, SdkApi};
use cognito_wizard::cli::{Cli, Command};
use cognito_wizard::headless::{self, Output, EXIT_FAILED};
use cognito_wizard::invite;
use cognito_wizard::sanitize::{clean, SafeWriter};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_FAILED as u8);
        }
    };
    let code = runtime.block_on(run(cli));
    ExitCode::from(code as u8)
}

async fn run(cli: Cli) -> i32 {
    // Everything printed passes the sanitiser: text from the endpoint or the
    // input files cannot drive the terminal it lands on.
    let mut stdout = SafeWriter(std::io::stdout().lock());
    let mut stderr = SafeWriter(std::io::stderr().lock());
    let mut io = Output {
        out: &mut stdout,
        err: &mut stderr,
    };
    let connect = || async {
        match SdkApi::connect(&cli.global.target(), cli.global.policy()).await {
            Ok(api) => Some(api),
            Err(e) => {
                eprintln!("error: {}", clean(&e.to_string()));
                None
            }
        }
    };
    match &cli.command {
        Some(Command::Validate(file)) => headless::validate(file, &mut io),
        Some(Command::Preview {
            file,
            compact,
            include_secrets,
        }) => headless::preview(file, *compact, *include_secrets, &mut io),
        Some(Command::CreatePool {
            file,
            dry_run,
            resume,
        }) => {
            let api = if *dry_run { None } else { connect().await };
            if !dry_run && api.is_none() {
                return EXIT_FAILED;
            }
            let resume = resume.as_deref();
            let api = api.as_ref().map(|a| a as _);
            headless::create_pool(file, *dry_run, resume, api, &mut io).await
        }
        Some(Command::CreateUser {
            file,
            dry_run,
            user_pool_id,
        }) => {
            let api = connect().await;
            if !dry_run && api.is_none() {
                return EXIT_FAILED;
            }
            let pool = user_pool_id.as_deref();
            headless::create_user(file, pool, *dry_run, api.as_ref().map(|a| a as _), &mut io).await
        }
        Some(Command::Invite(args)) => {
            // One attempt per call: the inviter retries itself, so that
            // throttling reaches its adaptive limiter instead of being hidden
            // by the SDK's own retries.
            let policy = CallPolicy {
                max_attempts: 1,
                ..cli.global.policy()
            };
            match SdkApi::connect(&cli.global.target(), policy).await {
                Ok(api) => {
                    let timeout = std::time::Duration::from_secs(cli.global.timeout.max(1));
                    invite::headless::run(args, timeout, std::sync::Arc::new(api), &mut io).await
                }
                Err(e) => {
                    eprintln!("error: {}", clean(&e.to_string()));
                    EXIT_FAILED
                }
            }
        }
        Some(Command::UpdatePool {
            file,
            user_pool_id,
            dry_run,
            other_pool,
        }) => match connect().await {
            Some(api) => {
                let flags = cognito_wizard::update::headless::UpdateFlags {
                    dry_run: *dry_run,
                    other_pool: *other_pool,
                };
                cognito_wizard::update::headless::update_pool_with(
                    user_pool_id,
                    file,
                    flags,
                    &api,
                    &mut io,
                )
                .await
            }
            None => EXIT_FAILED,
        },
        Some(Command::TestSignIn(args)) => {
            let Some(api) = connect().await else {
                return EXIT_FAILED;
            };
            let mut password = cognito_wizard::sign_in::password_reader();
            headless::test_sign_in(args, &api, &mut password, &mut io).await
        }
        Some(Command::Import(args)) => {
            // One attempt per call: the importer retries itself, and looks a
            // job up by name before asking for it again (a retried
            // CreateUserImportJob would make a second job).
            let policy = CallPolicy {
                max_attempts: 1,
                ..cli.global.policy()
            };
            match SdkApi::connect(&cli.global.target(), policy).await {
                Ok(api) => {
                    cognito_wizard::import::headless::run(args, std::sync::Arc::new(api), &mut io)
                        .await
                }
                Err(e) => {
                    eprintln!("error: {}", clean(&e.to_string()));
                    EXIT_FAILED
                }
            }
        }
        None => cognito_wizard::wizard::run(&cli.global, &cli.wizard).await,
    }
}
