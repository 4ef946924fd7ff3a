#!/usr/bin/env bash
# The project's test command: scripts/test.sh [extra cargo test args]
#
# Sets up what the tests need on a fresh Debian machine (Rust, python3 and git
# are assumed), starts a local Cognito emulator (moto), then runs
#   cargo fmt --check, cargo clippy -D warnings, a check that the fuzz targets
#   compile, cargo test (extra args go here)
# with the environment pointed at the emulator and away from any real AWS
# account. The exit status is the first failing step's, or cargo test's.
set -euo pipefail

# Run from the repository root whatever the caller's directory.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"

ensure_venv
ensure_tmux
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
isolate_from_aws
start_moto "$ROOT/.test-state/moto.log"
export COGNITO_WIZARD_MOTO_URL="$MOTO_URL"

# --- The checks ------------------------------------------------------------------
log "cargo fmt --check"
cargo fmt --check
log "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets -- -D warnings
# The fuzz targets (fuzz/, a crate of its own that cargo test never builds)
# must keep compiling. In this target directory they reuse everything clippy
# just checked: ~30 s, mostly libFuzzer's C++ (alone, from clean: 2-4.5 min).
log "cargo check --manifest-path fuzz/Cargo.toml (the fuzz targets compile)"
cargo check --manifest-path fuzz/Cargo.toml --target-dir target
# --no-fail-fast: one failing test binary must not hide the results of the others.
log "cargo test --no-fail-fast $*"
status=0
cargo test --no-fail-fast "$@" || status=$?
exit "$status"
