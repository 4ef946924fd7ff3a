//! Onboarding many users from a CSV: AdminCreateUser per row, rate-limited,
//! journaled, resumable, accounted for.
//!
//! This is the core shared by the headless `invite` command and the wizard.
//! It has no terminal code and no SDK types: it calls the service only through
//! [`CognitoApi`](crate::api::CognitoApi) and reports progress by pushing
//! [`Event`]s into a tokio channel, which a display consumes (the headless
//! command prints lines, the wizard draws a gauge), like a load tester whose
//! engine pushes and whose UI only reads.
//!
//! * [`rows`]: the CSV, streamed record by record, each row a request.
//! * [`engine`]: [`prepare`] (describe the pool, check every row, no sends) and
//!   [`send`] (the calls, the journal, the report).
//! * [`limiter`]: the adaptive rate limiter (back off on throttling, recover).
//! * [`journal`]: the durable per-row record that makes runs resumable.
//! * [`preflight`]: can the pool deliver that many invitations?
//! * [`progress`]: the events, and [`Tally`] to turn them into numbers.
//! * [`report`]: the report CSV and the summary line.
//! * [`paths`]: CSV, journal and report are distinct, the report writable.
//! * [`headless`]: the `invite` command (plain writers, no terminal).
//!
//! Use from a display:
//!
//! ```no_run
//! # async fn demo(api: cognito_wizard::api::SharedApi) {
//! use cognito_wizard::invite::{self, InviteOptions, StopHandle, Tally};
//! let (events, mut rx) = invite::channel();
//! let options = InviteOptions::new("us-east-1_Example", "users.csv");
//! let mut prepared = invite::prepare(api.as_ref(), options, &events).await.unwrap();
//! // show prepared.check(), prepared.preflight(), prepared.blockers() ...
//! prepared.set_message_action(Some("SUPPRESS".into()));
//! let stop = StopHandle::new();
//! let run = tokio::spawn(invite::send(api, prepared, events, stop.clone()));
//! let mut tally = Tally::default();
//! while let Some(event) = rx.recv().await {
//!     tally.apply(&event, tokio::time::Instant::now());
//!     // redraw with tally.fraction(), tally.line(now) ...
//! }
//! let summary = run.await.unwrap().unwrap();
//! # }
//! ```

pub mod breaker;
pub mod engine;
pub mod groups;
pub mod headless;
pub mod journal;
pub mod limiter;
pub mod paths;
pub mod preflight;
pub mod progress;
pub mod report;
pub mod rows;
pub mod setup;

pub use engine::{
    default_journal, default_report, prepare, send, Blocker, CheckSummary, InviteError,
    InviteOptions, Prepared, RetryPolicy, StopHandle, WaysOut, DEFAULT_CONCURRENCY, NOT_SENT,
};
pub use journal::Outcome;
pub use limiter::{DEFAULT_RATE, USER_CREATION_QUOTA};
pub use preflight::Preflight;
pub use progress::{channel, Event, EventReceiver, EventSender, Tally};
pub use report::Summary;
