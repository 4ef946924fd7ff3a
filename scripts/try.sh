#!/usr/bin/env bash
# Try cognito-wizard end to end with no AWS account: scripts/try.sh [wizard flags]
#
# On a fresh Debian machine with the Rust toolchain: installs the local Cognito
# emulator (moto, into .venv, as scripts/test.sh does), starts it on a free
# 127.0.0.1 port, builds the wizard and runs it against the emulator with
# throw-away credentials and region. The title bar says LOCAL EMULATOR.
# Create a pool from a preset, then invite a user or the sample CSV
# (a copy of assets/sample-users.csv, offered when you press c on the Invite
# step, fits the "Email sign-in + authenticator app" preset).
# The emulator stops on every way out (quit, Ctrl+C, a failed build).
#
#   scripts/try.sh --shell   a shell pointed at the emulator instead, with
#                            cognito-wizard on PATH, for the headless commands
#                            (the README's examples); exit the shell to stop it
#
# What a trial writes stays in .try-state/runs/<time>-<pid>/ (drafts and
# autosaves in .try-state/state/), away from yours
# (COGNITO_WIZARD_TRY_STATE=DIR puts them elsewhere).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"

ensure_venv
trap 'cleanup; rm -rf "${BIN_DIR:-}"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
isolate_from_aws
# COGNITO_WIZARD_BIN: run this binary instead of building one (the test of
# this script sets it: cargo test holds the build lock).
if [ -z "${COGNITO_WIZARD_BIN:-}" ]; then
    log "building cognito-wizard (debug)"
    cargo build --bin cognito-wizard
    COGNITO_WIZARD_BIN="$ROOT/target/debug/cognito-wizard"
fi
BIN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/cognito-wizard-bin.XXXXXX")"
ln -s "$COGNITO_WIZARD_BIN" "$BIN_DIR/cognito-wizard"
TRY_STATE="${COGNITO_WIZARD_TRY_STATE:-$ROOT/.try-state}"
# Each trial writes in a directory of its own (its emulator's log, the sample
# users with the journal and report a CSV run writes beside them, the shell's
# scratch files): two trials at once never touch each other's files, and what
# a finished trial wrote stays to be looked at. Drafts and autosaves are
# shared (state/), so a later trial offers to resume.
RUN_DIR="$TRY_STATE/runs/$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$RUN_DIR"
start_moto "$RUN_DIR/moto.log"
export COGNITO_WIZARD_STATE_DIR="$TRY_STATE/state"
SAMPLE_DIR="$RUN_DIR/users"
mkdir -p "$SAMPLE_DIR"
cp "$ROOT/assets/sample-users.csv" "$ROOT/assets/sample-import-users.csv" "$SAMPLE_DIR/"
export COGNITO_WIZARD_SAMPLE_CSV="$SAMPLE_DIR/sample-users.csv"
# The same users with the email_verified column an import job needs (m).
export COGNITO_WIZARD_SAMPLE_IMPORT_CSV="$SAMPLE_DIR/sample-import-users.csv"
export AWS_ENDPOINT_URL="$MOTO_URL"
export PATH="$BIN_DIR:$PATH"

if [ "${1:-}" = "--shell" ]; then
    # In a fresh scratch directory of the trial, with copies of the files the
    # README's examples name: they run as written, and what they write (plan
    # files, an invite's journal and report) stays here, out of the project.
    mkdir -p "$RUN_DIR/shell/assets"
    cp -r "$ROOT/assets/presets" "$ROOT/assets/sample-user.json" "$ROOT/assets/sample-users.csv" \
        "$ROOT/assets/sample-import-users.csv" \
        "$RUN_DIR/shell/assets/"
    cd "$RUN_DIR/shell"
    log "a shell against the emulator at $MOTO_URL, in ${RUN_DIR#"$ROOT"/}/shell; exit it to stop the emulator"
    # Not exec: the trap must run when the shell ends.
    PS1='(cognito-wizard try) \w \$ ' bash --norc -i || true
    exit 0
fi
# From a scratch directory: files the wizard writes by a relative name (an
# export, a saved draft) stay in the trial's state, out of the project.
mkdir -p "$RUN_DIR/work"
cd "$RUN_DIR/work"
log "this trial's files: ${RUN_DIR#"$ROOT"/}"
# Not exec: the trap stops moto when the wizard ends, however it ends.
status=0
cognito-wizard --endpoint-url "$MOTO_URL" --region us-east-1 "$@" || status=$?
exit "$status"
