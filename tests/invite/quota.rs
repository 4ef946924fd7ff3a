//! Invitations against a token-bucket quota (the real service's model, in
//! the fault fake): throttled calls are retried until they go through, so
//! no row is lost and none is created twice. How much of the quota the
//! limiter holds is measured, not asserted: `cargo bench --bench quota`.

use std::sync::Arc;
use std::time::Duration;

use cognito_wizard::aws::CallPolicy;
use cognito_wizard::invite::{self, InviteOptions};

use super::support::fault::{FaultPlan, UserTable};
use super::support::{capture_api, CaptureServer};
use super::{fault_pool, write_csv, FAULT_POOL};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_the_quota_no_row_is_lost_and_none_is_sent_twice() {
    let table = UserTable::new(FaultPlan {
        quota: Some(25.0),
        ..FaultPlan::default()
    });
    let server = CaptureServer::with_behaviours(table.behaviours(fault_pool()));
    let api = capture_api(
        &server,
        CallPolicy {
            max_attempts: 1,
            ..CallPolicy::default()
        },
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let rows = 90;
    let csv = write_csv(dir.path(), "quo", rows);
    let options = InviteOptions {
        message_action: Some("SUPPRESS".into()),
        ..InviteOptions::new(FAULT_POOL, &csv)
    };
    let (events, _rx) = invite::channel();
    let api: cognito_wizard::api::SharedApi = Arc::new(api);
    let prepared = invite::prepare(api.as_ref(), options, &events)
        .await
        .unwrap();
    let summary = tokio::time::timeout(
        Duration::from_secs(60),
        invite::send(api, prepared, events, invite::StopHandle::new()),
    )
    .await
    .expect("the run ends")
    .unwrap();
    let counts = table.counts();
    assert!(counts.throttled > 0, "the quota was reached: {counts:?}");
    assert_eq!(summary.created, rows as u64, "{summary:?}");
    assert_eq!(summary.failed, 0);
    let creations = table.creations();
    assert_eq!(creations.len(), rows);
    assert!(creations.values().all(|n| *n == 1), "a user created twice");
    assert_eq!(summary.calls, counts.calls);
}
