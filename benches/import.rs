//! `cognito-wizard import` on large files: the time and peak memory of the
//! conversion (`--dry-run`: every row checked, the import files written) of a
//! 100k- and a 1M-row CSV, and the time of a whole import (conversion, the
//! upload to the pre-signed URL, the job) of the 100k-row one, against the
//! in-project fake of the import job (`tests/support/import.rs`; moto has
//! none). The real binary runs as a child; its peak RSS is its own
//! `ru_maxrss` (`wait4`).
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
    let mut sizes: Vec<u64> = std::env::var("IMPORT_BENCH_ROWS")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let upload_rows: u64 = std::env::var("IMPORT_BENCH_UPLOAD_ROWS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("a scratch directory");
    println!("| what | rows | time | rows/s | peak RSS | import files |");
    println!("| --- | --- | --- | --- | --- | --- |");
    // Every conversion first, smallest first, the whole import last: a
    // child's peak RSS counts this process's pages at the fork, and the fake
    // grows this process only while it imports.
    sizes.sort_unstable();
    for rows in sizes {
        let csv = dir.path().join(format!("users-{rows}.csv"));
        write_csv(&csv, rows);
        let (service, _uploads) = ImportService::start(FakePool::default(), rows as usize);
        let server = CaptureServer::with_behaviours(service.behaviours());
        let (took, rss) = run(&server, &service, &csv, true, dir.path());
        print_row("conversion (`--dry-run`)", rows, took, rss, &csv);
    }
    if upload_rows > 0 {
        let csv = dir.path().join(format!("upload-{upload_rows}.csv"));
        write_csv(&csv, upload_rows);
        let (service, _uploads) = ImportService::start(FakePool::default(), upload_rows as usize);
        let server = CaptureServer::with_behaviours(service.behaviours());
        let (took, rss) = run(&server, &service, &csv, false, dir.path());
        print_row(
            "whole import (conversion, upload, job)",
            upload_rows,
            took,
            rss,
            &csv,
        );
        assert_eq!(
            service.users().len() as u64,
            upload_rows,
            "every user imported"
        );
    }
}

fn print_row(what: &str, rows: u64, took: Duration, rss_kib: i64, csv: &Path) {
    // The parts' files, next to the journal next to the CSV.
    let (mut parts, mut bytes) = (0, 0);
    while let Ok(m) = std::fs::metadata(format!(
        "{}.import-journal.part-{}.csv",
        csv.display(),
        parts + 1
    )) {
        parts += 1;
        bytes += m.len();
    }
    println!(
        "| {what} | {rows} | {:.2} s | {:.0} | {:.0} MiB | {parts} ({:.1} MB) |",
        took.as_secs_f64(),
        rows as f64 / took.as_secs_f64(),
        rss_kib as f64 / 1024.0,
        bytes as f64 / 1e6,
    );
}

/// Runs the binary's `import` against the fake; returns how long it took and
/// its peak RSS in KiB (its own, from `wait4`).
fn run(
    server: &CaptureServer,
    service: &ImportService,
    csv: &Path,
    dry_run: bool,
    scratch: &Path,
) -> (Duration, i64) {
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
    let stderr_path = scratch.join("stderr.txt");
    let stderr = std::fs::File::create(&stderr_path).expect("a scratch file");
    command.stdout(std::process::Stdio::null()).stderr(stderr);
    let start = Instant::now();
    // Reaped by wait4 below (for its own usage), not by `Child::wait`.
    #[allow(clippy::zombie_processes)]
    let child = command.spawn().expect("the binary runs");
    let (status, rss) = wait_with_rusage(child.id() as libc::pid_t);
    let took = start.elapsed();
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    if std::env::var_os("IMPORT_BENCH_VERBOSE").is_some() {
        for line in stderr.lines().take(12) {
            eprintln!("  {line}");
        }
    }
    assert!(status == 0, "import exited {status}: {stderr}");
    (took, rss)
}

/// Waits for the child: its exit status and its peak RSS (KiB).
fn wait_with_rusage(pid: libc::pid_t) -> (i32, i64) {
    let mut status = 0;
    // SAFETY: wait4 writes only the status and the usage it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    (libc::WEXITSTATUS(status), usage.ru_maxrss)
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
