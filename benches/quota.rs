//! The inviter against a token-bucket quota (the real service's model: N
//! calls a second, a second's worth held), in the in-project fault fake:
//! for quotas of 10, 20, 50 and 100 a second, the share of the quota held
//! (users created a second over the quota, past the full bucket the first
//! second may spend) and the share of calls throttled,
//! at the default `--rate` (45) and at a `--rate` of twice the quota (the
//! limiter then has to find the quota itself).
//!
//! The target (issue 15): at least 95% of the quota held with at most 1% of
//! the calls throttled, at each quota, when `--rate` is above the quota; at
//! the default `--rate` the rate is the bound (45 of a quota of 50 or 100).
//! The last column says whether a run meets it. "Held" is capped at 100%
//! (the quota's worth every second); "of the allowance" is not: what was
//! created of all the quota allowed, its rate times the time plus the full
//! bucket it started with.
//!
//! Run: `cargo bench --bench quota`. Knobs: `QUOTA_BENCH_SECONDS` (how long
//! each run sends at the quota, default 30), `QUOTA_BENCH_QUOTAS` (default
//! `10,20,50,100`). Not part of `cargo test`; nothing is asserted here (the
//! test, `tests/invite/quota.rs`, checks that no row is lost or sent twice;
//! the limiter's own tests check the ratios on tokio's paused clock against
//! a simulated quota, `src/invite/limiter/tests.rs`).

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use cognito_wizard::api::SharedApi;
use cognito_wizard::aws::CallPolicy;
use cognito_wizard::invite::{self, InviteOptions, DEFAULT_RATE};
use serde_json::json;
use support::fault::{FaultPlan, UserTable};
use support::CaptureServer;

const POOL: &str = "us-east-1_quota";

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("quota benchmark: run it with `cargo bench --bench quota`");
        return;
    }
    let seconds: f64 = std::env::var("QUOTA_BENCH_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30.0);
    let quotas: Vec<f64> = std::env::var("QUOTA_BENCH_QUOTAS")
        .unwrap_or_else(|_| "10,20,50,100".into())
        .split(',')
        .filter_map(|q| q.trim().parse().ok())
        .collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    println!(
        "| quota/s | --rate | rows | held (created/s ÷ quota) | of the allowance | throttled calls | created once | ≥95% held, ≤1% throttled |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for quota in quotas {
        for rate in [DEFAULT_RATE, 2.0 * quota] {
            runtime.block_on(measure(quota, rate, (quota * seconds) as usize));
        }
    }
}

async fn measure(quota: f64, rate: f64, rows: usize) {
    let table = UserTable::new(FaultPlan {
        quota: Some(quota),
        ..FaultPlan::default()
    });
    let pool = json!({
        "Id": POOL,
        "Name": "quota",
        "SchemaAttributes": [
            {"Name": "email", "AttributeDataType": "String", "Mutable": true, "Required": false}
        ],
    });
    let server = CaptureServer::with_behaviours(table.behaviours(pool));
    let policy = CallPolicy {
        max_attempts: 1,
        ..CallPolicy::default()
    };
    let api: SharedApi = Arc::new(support::capture_api(&server, policy).await);
    let dir = tempfile::tempdir().expect("a scratch directory");
    let csv = dir.path().join("users.csv");
    write_csv(&csv, rows);
    let options = InviteOptions {
        rate,
        message_action: Some("SUPPRESS".into()),
        ..InviteOptions::new(POOL, &csv)
    };
    let (events, _rx) = invite::channel();
    let prepared = invite::prepare(api.as_ref(), options, &events)
        .await
        .expect("the check passes");
    let summary = invite::send(api, prepared, events, invite::StopHandle::new())
        .await
        .expect("the run ends");
    // Not counting the full bucket the first second may spend: what was
    // created beyond the quota times the time came from it.
    let seconds = summary.elapsed.as_secs_f64();
    let created = summary.created as f64;
    let from_bucket = (created - quota * seconds).clamp(0.0, quota);
    let held = (created - from_bucket) / seconds / quota;
    // Uncapped: what was created of all the quota allowed (its rate times
    // the time, and the full bucket it started with).
    let allowance = created / (quota * seconds + quota);
    let throttled = summary.throttled as f64 / summary.calls.max(1) as f64;
    let once = table.creations().values().all(|n| *n == 1) && summary.created == rows as u64;
    let target = if rate < quota {
        "bound by --rate"
    } else if held >= 0.95 && throttled <= 0.01 {
        "yes"
    } else {
        "NO"
    };
    println!(
        "| {quota:.0} | {rate:.0} | {rows} | {:.1}% | {:.1}% | {:.2}% ({} of {}) | {} | {target} |",
        held * 100.0,
        allowance * 100.0,
        throttled * 100.0,
        summary.throttled,
        summary.calls,
        if once { "yes" } else { "NO" },
    );
}

fn write_csv(path: &Path, rows: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("a CSV"));
    writeln!(out, "username,email").unwrap();
    for i in 1..=rows {
        writeln!(out, "q{i},q{i}@example.com").unwrap();
    }
    out.flush().unwrap();
}
