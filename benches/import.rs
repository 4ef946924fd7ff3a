//! `cognito-wizard import` on large files: the time and peak memory of the
//! conversion (`--dry-run`: every row checked, the import files written) of a
//! 100k- and a 1M-row CSV, and the time of a whole import (conversion, the
//! upload to the pre-signed URL, the job) of the 100k-row one, against the
//! in-project fake of the import job (`tests/support/import.rs`; moto has
//! none). The real binary runs as a child; its peak RSS is the children's
//! `ru_maxrss` (taken after each run, smallest file first).
//!
//! Run: `cargo bench --bench import`. Knobs: `IMPORT_BENCH_ROWS` (the
//! conversion sizes, default `100000,1000000`), `IMPORT_BENCH_UPLOAD_ROWS`
//! (default 100000; 0 skips it). Not part of `cargo test`; nothing is asserted.

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use support::import::{FakePool, ImportService};
use support::CaptureServer;

const ROLE: &str = "arn:aws:iam::123456789012:role/CognitoImport";

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("import benchmark: run it with `cargo bench --bench import`");
        return;
    }
    let sizes: Vec<u64> = std::env::var("IMPORT_BENCH_ROWS")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let upload_rows: u64 = std::env::var("IMPORT_BENCH_UPLOAD_ROWS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("a scratch directory");
    println!("| what | rows | time | rows/s | peak RSS | import file |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for rows in sizes {
        let csv = dir.path().join(format!("users-{rows}.csv"));
        write_csv(&csv, rows);
        let (service, _uploads) = ImportService::start(FakePool::default(), rows as usize);
        let server = CaptureServer::with_behaviours(service.behaviours());
        let took = run(&server, &service, &csv, true);
        let file = dir
            .path()
            .join(format!("users-{rows}.csv.import-journal.part-1.csv"));
        print_row("conversion (`--dry-run`)", rows, took, &file);
    }
    if upload_rows > 0 {
        let csv = dir.path().join(format!("upload-{upload_rows}.csv"));
        write_csv(&csv, upload_rows);
        let (service, _uploads) = ImportService::start(FakePool::default(), upload_rows as usize);
        let server = CaptureServer::with_behaviours(service.behaviours());
        let took = run(&server, &service, &csv, false);
        let file = dir.path().join(format!(
            "upload-{upload_rows}.csv.import-journal.part-1.csv"
        ));
        print_row(
            "whole import (conversion, upload, job)",
            upload_rows,
            took,
            &file,
        );
        assert_eq!(
            service.users().len() as u64,
            upload_rows,
            "every user imported"
        );
    }
}

fn print_row(what: &str, rows: u64, took: Duration, file: &Path) {
    let bytes = std::fs::metadata(file).map_or(0, |m| m.len());
    println!(
        "| {what} | {rows} | {:.2} s | {:.0} | {:.0} MiB | {:.1} MB |",
        took.as_secs_f64(),
        rows as f64 / took.as_secs_f64(),
        peak_rss_of_children() as f64 / 1024.0,
        bytes as f64 / 1e6,
    );
}

/// Runs the binary's `import` against the fake; returns how long it took.
fn run(server: &CaptureServer, service: &ImportService, csv: &Path, dry_run: bool) -> Duration {
    let mut command = support::binary_command();
    command.args([
        "--endpoint-url",
        &server.url(),
        "--region",
        "us-east-1",
        "import",
        "--user-pool-id",
        &service.pool.id,
        "--csv",
        &csv.display().to_string(),
        "--cloudwatch-logs-role-arn",
        ROLE,
        "--poll-interval-ms",
        "50",
    ]);
    if dry_run {
        command.arg("--dry-run");
    }
    let start = Instant::now();
    let output = command.output().expect("the binary runs");
    let took = start.elapsed();
    assert!(
        output.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    took
}

/// The largest resident set of any child waited for so far, in KiB.
fn peak_rss_of_children() -> i64 {
    // SAFETY: getrusage writes into the struct it is given and nothing else.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss
}

/// `rows` users: username, email, email_verified, team, an address with a comma.
fn write_csv(path: &Path, rows: u64) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("a CSV"));
    writeln!(out, "username,email,email_verified,custom:team,address").unwrap();
    for i in 1..=rows {
        writeln!(
            out,
            "user{i},user{i}@example.com,true,team{},\"{i} Main St, Springfield\"",
            i % 5
        )
        .unwrap();
    }
    out.flush().unwrap();
}
