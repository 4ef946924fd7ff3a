//! The import file's PUT against an upload endpoint that misbehaves
//! (`support::hostile_upload`): an endless or stalled error body and an
//! answer that never comes are all bounded by the operation timeout, an
//! error body is read only in part, and a stop ends a running upload.

use std::time::{Duration, Instant};

use cognito_wizard::api::{CognitoApi, ErrorKind};
use cognito_wizard::import::{self, ImportEvent, ImportOptions};
use cognito_wizard::invite::StopHandle;

use super::support::hostile_upload::{Hostile, HostileUpload};
use super::support::import::{start as fake, FakePool};
use super::support::{capture_api, quick_policy};

/// PUTs a small file to the endpoint with the quick policy (1.5 s timeout);
/// the error and how long it took.
async fn put(endpoint: &HostileUpload) -> (cognito_wizard::api::ApiError, Duration) {
    let fake = fake(FakePool::default(), 10).await;
    let api = capture_api(&fake.server, quick_policy()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.csv");
    std::fs::write(&file, "cognito:username\n").unwrap();
    let started = Instant::now();
    let error = api
        .put_import_file(endpoint.url(), file)
        .await
        .expect_err("the endpoint never accepts");
    (error, started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_error_body_is_read_only_in_part() {
    let endpoint = HostileUpload::start(Hostile::EndlessBody);
    let (error, took) = put(&endpoint).await;
    assert_eq!(error.code.as_deref(), Some("HTTP403"), "{error}");
    assert!(error.message.contains("HTTP 403"), "{error}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // What the client read is bounded (socket buffers hold a few MB at most;
    // before the fix it read without end).
    let sent = endpoint.body_bytes_sent();
    assert!(sent < 64 * 1024 * 1024, "{sent} bytes were sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_error_body_ends_with_the_timeout() {
    let endpoint = HostileUpload::start(Hostile::StalledBody);
    let (error, took) = put(&endpoint).await;
    assert_eq!(error.code.as_deref(), Some("AccessDenied"), "{error}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_never_answered_ends_with_the_timeout() {
    let endpoint = HostileUpload::start(Hostile::NeverAnswer);
    let (error, took) = put(&endpoint).await;
    assert_eq!(error.kind, ErrorKind::Timeout, "{error}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_ends_a_running_upload() {
    let endpoint = HostileUpload::start(Hostile::NeverAnswer);
    let fake = fake(FakePool::default(), 10).await;
    fake.service.upload_to(endpoint.base());
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    std::fs::write(
        &csv,
        "username,email,email_verified\nu1,u1@example.com,true\n",
    )
    .unwrap();
    let mut options = ImportOptions::new(
        fake.service.pool.id.clone(),
        &csv,
        "arn:aws:iam::123456789012:role/CognitoImport",
    );
    options.poll = Duration::from_millis(5);
    let (events, mut rx) = import::channel();
    let prepared = import::prepare(fake.api.as_ref(), options, &events)
        .await
        .unwrap();
    let stop = StopHandle::new();
    let running = tokio::spawn(import::run(
        fake.api.clone(),
        prepared,
        events,
        stop.clone(),
    ));
    let started = Instant::now();
    while let Some(event) = rx.recv().await {
        if let ImportEvent::JobReady { .. } = &event {
            stop.stop("interrupted");
        }
    }
    let summary = running.await.unwrap().unwrap();
    // The fake's API waits 60 s for an answer: the stop, not the timeout, ended it.
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(summary.stopped.as_deref(), Some("interrupted"));
    assert_eq!(fake.service.calls("StartUserImportJob"), 0);
}
