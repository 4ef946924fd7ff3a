//! Invitations per second against moto: the bulk inviter next to a plain
//! concurrent SDK loop sending the same AdminCreateUser requests with the same
//! number of calls in flight, and the ratio of the two.
//!
//! The plain loop is the floor of what any client can do against this
//! endpoint (`buffer_unordered` over `client.admin_create_user().send()`); the
//! inviter adds what makes it safe: the rate limiter (here set far above what
//! moto can take, so that it measures overhead, not the cap), one journal
//! record per row written and `fsync`ed before the outcome counts, the
//! validation pass over the CSV before sending, and the report pass after.
//! Each round uses fresh pools and alternates which side goes first; the
//! figures are medians over the rounds. A last run at the default 45/s shows
//! the limiter holding its rate.
//!
//! Run: `cargo bench --bench invite`. It uses the moto at
//! `COGNITO_WIZARD_MOTO_URL` if set, or starts `.venv/bin/moto_server` (what
//! `scripts/test.sh` installs) on a free loopback port. Knobs:
//! `INVITE_BENCH_ROWS` (default 600), `INVITE_BENCH_CONCURRENCY` (8),
//! `INVITE_BENCH_ROUNDS` (3). Not part of `cargo test`; nothing is asserted.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_sdk_cognitoidentityprovider as cip;
use cognito_wizard::api::{CognitoApi, SharedApi};
use cognito_wizard::aws::{CallPolicy, SdkApi, Target};
use cognito_wizard::invite::{self, InviteOptions, StopHandle};
use cognito_wizard::model::CreateUserPoolRequest;
use futures::StreamExt;

const REGION: &str = "us-east-1";

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes --bench; anything else (cargo test --benches) only
    // checks that this builds.
    if !std::env::args().any(|a| a == "--bench") {
        println!("invite benchmark: run it with `cargo bench --bench invite`");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let (url, moto) = moto();
    runtime.block_on(bench(&url));
    if let Some(mut child) = moto {
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// The moto to use, and the process if this benchmark started it.
fn moto() -> (String, Option<Child>) {
    if let Ok(url) = std::env::var("COGNITO_WIZARD_MOTO_URL") {
        if !url.is_empty() {
            return (url, None);
        }
    }
    let server = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/moto_server");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(&server)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot start {} ({e}): set COGNITO_WIZARD_MOTO_URL, or run scripts/test.sh once to install moto",
                server.display()
            )
        });
    // Wait (bounded) until it accepts connections.
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "moto did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    (format!("http://127.0.0.1:{port}"), Some(child))
}

async fn bench(url: &str) {
    let rows = knob("INVITE_BENCH_ROWS", 600);
    let concurrency = knob("INVITE_BENCH_CONCURRENCY", 8);
    let rounds = knob("INVITE_BENCH_ROUNDS", 3).max(1);
    let target = Target {
        endpoint_url: Some(url.to_owned()),
        region: Some(REGION.into()),
        ..Default::default()
    };
    let policy = CallPolicy {
        max_attempts: 1,
        ..CallPolicy::default()
    };
    let api: SharedApi = Arc::new(
        SdkApi::connect_with_static_credentials(&target, policy, "testing", "testing")
            .await
            .expect("connects to moto"),
    );
    let client = plain_client(url).await;
    let dir = std::env::temp_dir().join(format!("cognito-wizard-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    println!(
        "invite benchmark against moto at {url}: {rows} users per run, {concurrency} calls in flight, {rounds} rounds (medians)"
    );
    let (mut plain, mut ours, mut ours_send) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let csv = write_csv(&dir, round, rows);
        let plain_pool = new_pool(api.as_ref()).await;
        let our_pool = new_pool(api.as_ref()).await;
        if round % 2 == 0 {
            plain.push(plain_loop(&client, &plain_pool, &csv, concurrency).await);
            let (all, send) = inviter(&api, &our_pool, &csv, concurrency, 1e6, &dir).await;
            ours.push(all);
            ours_send.push(send);
        } else {
            let (all, send) = inviter(&api, &our_pool, &csv, concurrency, 1e6, &dir).await;
            ours.push(all);
            ours_send.push(send);
            plain.push(plain_loop(&client, &plain_pool, &csv, concurrency).await);
        }
    }
    let (plain, ours, ours_send) = (median(plain), median(ours), median(ours_send));
    println!("  plain SDK loop (buffer_unordered)        {plain:8.1} invitations/s");
    println!(
        "  inviter, send phase (limiter off)        {ours_send:8.1} invitations/s   ratio {:.2}",
        ours_send / plain
    );
    println!(
        "  inviter, end to end (check+send+report)  {ours:8.1} invitations/s   ratio {:.2}",
        ours / plain
    );

    // For scripts/bench.sh: the figures of this side-by-side run, parseable.
    println!(
        "  bench: rows={rows} concurrency={concurrency} sdk_loop_per_sec={plain:.1} inviter_per_sec={ours:.1} ratio={:.2}",
        ours / plain
    );

    let capped_rows = (invite::DEFAULT_RATE as usize) * 4;
    let csv = write_csv(&dir, rounds + 1, capped_rows);
    let pool = new_pool(api.as_ref()).await;
    let (_, capped) = inviter(&api, &pool, &csv, concurrency, invite::DEFAULT_RATE, &dir).await;
    println!(
        "  inviter at the default limit ({}/s), {capped_rows} users   {capped:8.1} invitations/s",
        invite::DEFAULT_RATE
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn write_csv(dir: &Path, round: usize, rows: usize) -> PathBuf {
    let mut text = String::from("username,email,custom:team,temporary_password\n");
    for i in 1..=rows {
        text.push_str(&format!(
            "bench{round}u{i},bench{round}u{i}@example.com,team{},Tq{i:05}zW9!pL\n",
            i % 7
        ));
    }
    let path = dir.join(format!("users-{round}-{rows}.csv"));
    std::fs::write(&path, text).unwrap();
    path
}

async fn new_pool(api: &dyn CognitoApi) -> String {
    let request: CreateUserPoolRequest = serde_json::from_value(serde_json::json!({
        "PoolName": format!("bench-{}", std::process::id()),
        "Schema": [{"Name": "team", "AttributeDataType": "String", "Mutable": true}]
    }))
    .unwrap();
    api.create_user_pool(request)
        .await
        .expect("moto creates a pool")
        .id
}

/// The inviter, as the command runs it. Returns invitations per second end
/// to end (check, send, report) and for the send phase alone.
async fn inviter(
    api: &SharedApi,
    pool: &str,
    csv: &Path,
    concurrency: usize,
    rate: f64,
    dir: &Path,
) -> (f64, f64) {
    let options = InviteOptions {
        concurrency,
        rate,
        message_action: Some("SUPPRESS".into()),
        journal: dir.join(format!("{pool}.journal.jsonl")),
        report: dir.join(format!("{pool}.report.csv")),
        ..InviteOptions::new(pool, csv)
    };
    let (events, mut rx) = invite::channel();
    // A display that drains the events, as the command has.
    let drain = tokio::spawn(async move { while rx.recv().await.is_some() {} });
    let start = Instant::now();
    let prepared = invite::prepare(api.as_ref(), options, &events)
        .await
        .expect("the CSV checks");
    let sending = Instant::now();
    let summary = invite::send(api.clone(), prepared, events, StopHandle::new())
        .await
        .expect("the run completes");
    let end = Instant::now();
    let _ = drain.await;
    assert!(summary.complete(), "{summary}");
    let n = summary.created as f64;
    (
        n / end.duration_since(start).as_secs_f64(),
        n / end.duration_since(sending).as_secs_f64(),
    )
}

async fn plain_client(url: &str) -> cip::Client {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(REGION))
        .endpoint_url(url)
        .credentials_provider(cip::config::Credentials::new(
            "testing", "testing", None, None, "bench",
        ))
        .load()
        .await;
    cip::Client::new(&config)
}

/// The same requests, straight through the SDK, `concurrency` at a time.
async fn plain_loop(client: &cip::Client, pool: &str, csv: &Path, concurrency: usize) -> f64 {
    // Parsed up front (not timed): the loop gets every advantage.
    let mut reader = csv::Reader::from_path(csv).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let start = Instant::now();
    let results: Vec<bool> = futures::stream::iter(rows)
        .map(|row| {
            let call = client
                .admin_create_user()
                .user_pool_id(pool)
                .username(&row[0])
                .user_attributes(
                    cip::types::AttributeType::builder()
                        .name("email")
                        .value(&row[1])
                        .build()
                        .unwrap(),
                )
                .user_attributes(
                    cip::types::AttributeType::builder()
                        .name("custom:team")
                        .value(&row[2])
                        .build()
                        .unwrap(),
                )
                .temporary_password(&row[3])
                .message_action(cip::types::MessageActionType::Suppress);
            async move { call.send().await.is_ok() }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let elapsed = start.elapsed();
    let ok = results.iter().filter(|ok| **ok).count();
    assert_eq!(ok, results.len(), "every plain call succeeds");
    ok as f64 / elapsed.as_secs_f64()
}
