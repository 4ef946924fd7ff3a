#!/usr/bin/env bash
# The project's benchmarks: scripts/bench.sh
#
# Builds release, then measures side by side in this one run and prints ratios:
#   (a) start-up to first frame of cognito-wizard vs
#       `aws cognito-idp create-user-pool --generate-cli-skeleton` (hyperfine);
#   (a2) the first frame with no region configured and a silent metadata
#       address, next to the same with AWS_REGION set (hyperfine);
#   (b) peak RSS (/usr/bin/time -v) of the wizard used interactively (a preset,
#       every step, quit; driven in tmux) and of `invite --dry-run` streaming a
#       generated 100k-row CSV (and a 1k-row one, to show memory does not grow);
#   (c) draw time of the heaviest screens and the per-keystroke update cost
#       (criterion, benches/draw.rs);
#   (d) invitations per second against moto: `cognito-wizard invite` vs the
#       plain concurrent SDK loop (scripts/bench-invite.sh or benches/invite.rs,
#       when present) vs a shell loop of `aws cognito-idp admin-create-user`;
#   (e) `import` on big CSVs against the in-project fake of the import job
#       (benches/import.rs): conversion of 100k and 1M rows and the whole
#       import (upload, job) of 100k: time and peak RSS;
#   (f) the inviter against a token-bucket quota of 10/20/50/100 a second
#       (benches/quota.rs): the share of the quota held, of calls throttled.
# Ends with a summary table in the shape README.md's "Performance" section uses,
# then the import and quota tables as their benches print them.
#
# Everything runs on this machine: moto listens on 127.0.0.1 only and is
# stopped on exit, as are the tmux servers this script starts. Nothing reads
# ~/.aws. Timings are printed, never asserted.
#
# Knobs (environment): BENCH_RUNS (hyperfine runs, default 20),
# BENCH_CSV_ROWS (default 100000), BENCH_INVITE_USERS (default 200),
# BENCH_CRITERION_ARGS (default "--warm-up-time 1 --measurement-time 3"),
# BENCH_IMPORT_ROWS (the conversion sizes, default "100000,1000000"),
# BENCH_IMPORT_UPLOAD_ROWS (the whole import's size, default 100000),
# BENCH_QUOTA_SECONDS (each quota run's length, default 30),
# BENCH_SKIP (space-separated parts to skip: startup offline rss draw invite
# import quota).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

RUNS="${BENCH_RUNS:-20}"
CSV_ROWS="${BENCH_CSV_ROWS:-100000}"
INVITE_USERS="${BENCH_INVITE_USERS:-200}"
CRITERION_ARGS="${BENCH_CRITERION_ARGS:---warm-up-time 1 --measurement-time 3}"
SKIP=" ${BENCH_SKIP:-} "

# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"

skipped() { [[ "$SKIP" == *" $1 "* ]]; }

# --- Tools: hyperfine, GNU time, tmux (Debian packages), moto + AWS CLI (.venv)
ensure_tools() {
    local missing=()
    command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
    [ -x /usr/bin/time ] || missing+=(time)
    command -v tmux >/dev/null 2>&1 || missing+=(tmux)
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing ${missing[*]} with apt-get"
        apt_install "${missing[@]}" || {
            log "cannot install ${missing[*]}: install them by hand"
            exit 1
        }
    fi
    # The same venv scripts/test.sh sets up (moto, the AWS CLI v1, botocore).
    ensure_venv
}

ensure_tools

# --- Isolation from the developer's AWS setup (as scripts/test.sh) -----------
SOCKET="cw-bench-$$"
stop_all() {
    tmux -L "$SOCKET" kill-server >/dev/null 2>&1 || true
    cleanup
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
isolate_from_aws
export AWS_PAGER=""
export COGNITO_WIZARD_STATE_DIR="$WORK/state"
unset NO_COLOR COGNITO_WIZARD_EXIT_AFTER_FIRST_FRAME
mkdir -p "$COGNITO_WIZARD_STATE_DIR"
AWS="$VENV/bin/aws"

# --- Build --------------------------------------------------------------------
log "cargo build --release (other builds sharing target/ may hold the lock)"
cargo build --release --bin cognito-wizard
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
BIN="$TARGET_DIR/release/cognito-wizard"
[ -x "$BIN" ] || { log "no binary at $BIN"; exit 1; }

# --- Small helpers ------------------------------------------------------------
now_ns() { date +%s%N; }
# calc EXPR: floating-point arithmetic (python3 is assumed, as by scripts/test.sh).
calc() { python3 -c "import sys; print(format(eval(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else '.2f'))" "$@"; }
# Peak RSS in KiB from a `/usr/bin/time -v` output file.
peak_kib() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }
mib() { calc "$1 / 1024" .1f; }

tmux_() { tmux -L "$SOCKET" "$@"; }
# tmux_start NAME SCRIPT: a detached 120x40 window running `bash SCRIPT`.
tmux_start() {
    if ! tmux_ has-session -t keeper 2>/dev/null; then
        # A session that outlives the measured ones keeps the server (and its
        # options) up: a command that exits at once would otherwise take the
        # server down before the options are set.
        tmux_ -f /dev/null new-session -d -s keeper -x 120 -y 40 "sleep 86400"
        tmux_ set-option -g escape-time 0
        tmux_ set-option -g remain-on-exit off
    fi
    tmux_ new-session -d -s "$1" -x 120 -y 40 "bash $2"
}
# wait_screen NAME NEEDLE [SECONDS]: until the window shows NEEDLE.
wait_screen() {
    local deadline=$(($(date +%s) + ${3:-30}))
    while ! tmux_ capture-pane -p -t "$1" 2>/dev/null | grep -qF -- "$2"; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            log "never saw \"$2\" in $1; the screen:"
            tmux_ capture-pane -p -t "$1" >&2 || true
            return 1
        fi
        sleep 0.05
    done
}
# wait_file FILE [SECONDS]: until FILE exists.
wait_file() {
    local deadline=$(($(date +%s) + ${2:-60}))
    while [ ! -s "$1" ]; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            log "gave up waiting for $1"
            return 1
        fi
        sleep 0.1
    done
}

# --- moto on a free loopback port (scripts/lib.sh) ------------------------------
start_moto "$WORK/moto.log"
WIZ=("$BIN" --endpoint-url "$MOTO_URL" --region us-east-1)

# A pool in moto; prints its id.
create_pool() {
    printf '{"PoolName": "%s"}\n' "$1" >"$WORK/pool-$1.json"
    "${WIZ[@]}" create-pool "$WORK/pool-$1.json" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["Id"])'
}
# users_csv ROWS FILE: username,email,given_name,family_name.
users_csv() {
    awk -v n="$1" 'BEGIN {
        print "username,email,given_name,family_name"
        for (i = 1; i <= n; i++) printf "user%06d,user%06d@example.com,Given%d,Family%d\n", i, i, i, i
    }' >"$2"
}
# Whether the invite command is in this build.
has_invite() { "$BIN" invite --help >/dev/null 2>&1; }

# --- The machine --------------------------------------------------------------
CPU="$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
RAM="$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
OS="$(. /etc/os-release && echo "$PRETTY_NAME") ($(uname -r))"
RUSTC="$(rustc --version)"
DATE="$(date -u +%Y-%m-%d)"
MACHINE="$(nproc) cores, $CPU, $RAM RAM, $OS, $RUSTC, $DATE"
echo
echo "Machine: $MACHINE"
echo "AWS CLI: $("$AWS" --version 2>&1)"
echo "hyperfine: $(hyperfine --version)"

# The summary rows: "what|ours|reference|ratio".
SUMMARY=()
row() { SUMMARY+=("$1|$2|$3|$4"); }

# --- (a) start-up to first frame ---------------------------------------------
bench_startup() {
    echo
    echo "## (a) Start-up to first frame (120x40 tmux pane, $RUNS runs each, hyperfine -N)"
    # One run by hand first: the hook run must draw the Start screen and exit 0.
    cat >"$WORK/first-frame.sh" <<EOF
COGNITO_WIZARD_EXIT_AFTER_FIRST_FRAME=1 "$BIN" >"$WORK/first-frame.out"
echo \$? >"$WORK/first-frame.rc"
EOF
    tmux_start first "$WORK/first-frame.sh"
    wait_file "$WORK/first-frame.rc" 30
    if [ "$(cat "$WORK/first-frame.rc")" != 0 ] || ! grep -q "cognito-wizard" "$WORK/first-frame.out"; then
        log "the first-frame run did not draw the Start screen (exit $(cat "$WORK/first-frame.rc"))"
        exit 1
    fi
    # hyperfine itself runs in the pane and both commands inherit its stdout,
    # so the wizard draws into a real terminal (only stderr goes to a file).
    cat >"$WORK/startup.sh" <<EOF
COGNITO_WIZARD_EXIT_AFTER_FIRST_FRAME=1 hyperfine -N --style basic --output inherit \\
    --warmup 3 --runs $RUNS --export-json "$WORK/startup.json" \\
    -n cognito-wizard "$BIN" \\
    -n aws-cli-skeleton "$AWS cognito-idp create-user-pool --generate-cli-skeleton" \\
    2>"$WORK/startup.log"
echo \$? >"$WORK/startup.rc"
EOF
    tmux_start startup "$WORK/startup.sh"
    wait_file "$WORK/startup.rc" 600
    if [ "$(cat "$WORK/startup.rc")" != 0 ]; then
        log "hyperfine failed:"
        cat "$WORK/startup.log" >&2
        exit 1
    fi
    python3 - "$WORK/startup.json" >"$WORK/startup.txt" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
w, a = r["cognito-wizard"], r["aws-cli-skeleton"]
ms = lambda x: f'{x["mean"] * 1000:.1f} ms ± {x["stddev"] * 1000:.1f}'
print(f'cognito-wizard (to first frame)     {ms(w)} (min {w["min"] * 1000:.1f})')
print(f'aws ... --generate-cli-skeleton     {ms(a)} (min {a["min"] * 1000:.1f})')
print(f'ratio: the AWS CLI takes {a["mean"] / w["mean"]:.1f}x as long')
print(f'ROW|{w["mean"] * 1000:.1f} ms|{a["mean"] * 1000:.0f} ms|{a["mean"] / w["mean"]:.1f}x faster')
PY
    grep -v '^ROW|' "$WORK/startup.txt"
    IFS='|' read -r _ ours ref ratio < <(grep '^ROW|' "$WORK/startup.txt")
    row "Start-up to first frame vs \`aws cognito-idp create-user-pool --generate-cli-skeleton\`" "$ours" "$ref" "$ratio"
}

# --- (a2) first frame with no region and the metadata address silent -------------
# The configuration chain asks the instance-metadata address for a region when
# none is set; a laptop whose network drops that address leaves the call
# hanging. The first frame must not wait for it: measured next to the same
# start with AWS_REGION set. A local listener that accepts and never answers
# stands in for the dropped address.
bench_offline_first_frame() {
    echo
    echo "## (a2) First frame: no region and a silent metadata address, vs AWS_REGION set ($RUNS runs each)"
    python3 - "$WORK/blackhole.port" <<'PY' &
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(512)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
time.sleep(3600)
PY
    local hole=$!
    wait_file "$WORK/blackhole.port" 10
    local port
    port="$(cat "$WORK/blackhole.port")"
    cat >"$WORK/offline.sh" <<SCRIPT
COGNITO_WIZARD_EXIT_AFTER_FIRST_FRAME=1 hyperfine -N --style basic --output inherit \\
    --warmup 2 --runs $RUNS --export-json "$WORK/offline.json" \\
    -n no-region "env -u AWS_REGION -u AWS_DEFAULT_REGION AWS_EC2_METADATA_DISABLED=false AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$port $BIN" \\
    -n region-set "env AWS_REGION=us-east-1 $BIN" \\
    2>"$WORK/offline.log"
echo \$? >"$WORK/offline.rc"
SCRIPT
    tmux_start offline "$WORK/offline.sh"
    wait_file "$WORK/offline.rc" 600
    kill "$hole" 2>/dev/null || true
    if [ "$(cat "$WORK/offline.rc")" != 0 ]; then
        log "hyperfine failed:"
        cat "$WORK/offline.log" >&2
        exit 1
    fi
    python3 - "$WORK/offline.json" >"$WORK/offline.txt" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
o, s = r["no-region"], r["region-set"]
ms = lambda x: f'{x["mean"] * 1000:.1f} ms ± {x["stddev"] * 1000:.1f}'
print(f'no region, metadata address silent  {ms(o)} (max {o["max"] * 1000:.1f})')
print(f'AWS_REGION set                      {ms(s)} (max {s["max"] * 1000:.1f})')
print(f'ratio: {o["mean"] / s["mean"]:.2f}x')
print(f'ROW|{o["mean"] * 1000:.1f} ms|{s["mean"] * 1000:.1f} ms|{o["mean"] / s["mean"]:.2f}x')
PY
    grep -v '^ROW|' "$WORK/offline.txt"
    IFS='|' read -r _ ours ref ratio < <(grep '^ROW|' "$WORK/offline.txt")
    row "First frame with no region and a silent metadata address vs with \`AWS_REGION\` set" "$ours" "$ref" "$ratio"
}

# --- (b) peak memory ----------------------------------------------------------
bench_rss() {
    echo
    echo "## (b) Peak RSS (/usr/bin/time -v)"
    # Interactive: a preset, every step, quit.
    cat >"$WORK/interactive.sh" <<EOF
/usr/bin/time -v -o "$WORK/rss-interactive.txt" $(printf '%q ' "${WIZ[@]}")
echo \$? >"$WORK/interactive.rc"
EOF
    tmux_start interactive "$WORK/interactive.sh"
    wait_screen interactive "Pick where the new pool comes from"
    tmux_ send-keys -t interactive Enter
    wait_screen interactive "· Sign-in"
    for title in "Password" "MFA & recovery" "Attributes" "Messages" "Email & SMS" "Triggers" "Security" "Review"; do
        tmux_ send-keys -t interactive NPage
        wait_screen interactive "· $title"
    done
    # The live preview pane on Review's neighbour, then the help overlay.
    tmux_ send-keys -t interactive PPage
    wait_screen interactive "· Security"
    tmux_ send-keys -t interactive p
    wait_screen interactive "CreateUserPool"
    tmux_ send-keys -t interactive '?'
    wait_screen interactive "Keys (generated from the keymap"
    tmux_ send-keys -t interactive Escape
    tmux_ send-keys -t interactive q
    sleep 0.3
    if tmux_ capture-pane -p -t interactive 2>/dev/null | grep -qF "Quit?"; then
        tmux_ send-keys -t interactive y
    fi
    wait_file "$WORK/interactive.rc" 30
    local interactive skeleton
    interactive="$(peak_kib "$WORK/rss-interactive.txt")"
    /usr/bin/time -v -o "$WORK/rss-skeleton.txt" "$AWS" cognito-idp create-user-pool --generate-cli-skeleton >/dev/null
    skeleton="$(peak_kib "$WORK/rss-skeleton.txt")"
    echo "wizard, interactive (preset, every step, preview, help, quit): $(mib "$interactive") MiB (exit $(cat "$WORK/interactive.rc"))"
    echo "aws ... --generate-cli-skeleton (reference):                  $(mib "$skeleton") MiB"
    echo "ratio: the AWS CLI printing a skeleton peaks at $(calc "$skeleton / $interactive" .1f)x the wizard's RSS"
    row "Peak RSS, interactive (preset, every step, quit) vs the AWS CLI printing a skeleton" \
        "$(mib "$interactive") MiB" "$(mib "$skeleton") MiB" "$(calc "$skeleton / $interactive" .1f)x less"

    # Streaming a big CSV in --dry-run.
    if ! has_invite; then
        echo "invite --dry-run: NOT MEASURED: this build has no \`invite\` command yet"
        row "Peak RSS, \`invite --dry-run\` of a ${CSV_ROWS}-row CSV" "not measured (no invite command in this build)" "" ""
        return 0
    fi
    local pool small big
    pool="$(create_pool bench-dry-run)"
    users_csv 1000 "$WORK/users-1k.csv"
    users_csv "$CSV_ROWS" "$WORK/users-big.csv"
    dry_run() { # ROWS-LABEL CSV
        local started status=0
        started="$(now_ns)"
        /usr/bin/time -v -o "$WORK/rss-dry-$1.txt" "${WIZ[@]}" invite --user-pool-id "$pool" \
            --csv "$2" --dry-run --message-action SUPPRESS \
            --journal "$WORK/dry-$1.journal.jsonl" --report "$WORK/dry-$1.report.csv" \
            >"$WORK/dry-$1.out" 2>"$WORK/dry-$1.err" || status=$?
        echo "$status $(($(now_ns) - started))"
    }
    read -r small_status small_ns < <(dry_run 1k "$WORK/users-1k.csv")
    read -r big_status big_ns < <(dry_run big "$WORK/users-big.csv")
    small="$(peak_kib "$WORK/rss-dry-1k.txt")"
    big="$(peak_kib "$WORK/rss-dry-big.txt")"
    echo "invite --dry-run, 1000 rows:      $(mib "$small") MiB, $(calc "$small_ns / 1e9") s (exit $small_status)"
    echo "invite --dry-run, $CSV_ROWS rows: $(mib "$big") MiB, $(calc "$big_ns / 1e9") s (exit $big_status), $(calc "$CSV_ROWS / ($big_ns / 1e9)" .0f) rows/s"
    echo "ratio: $(calc "$CSV_ROWS / 1000" .0f)x the rows, $(calc "$big / $small")x the memory (streaming)"
    tail -n 1 "$WORK/dry-big.out" | sed 's/^/  last line of its output: /'
    if [ "$big_status" != 0 ]; then
        log "invite --dry-run exited $big_status; its stderr ends with:"
        tail -n 5 "$WORK/dry-big.err" >&2
    fi
    row "Peak RSS, \`invite --dry-run\` of a ${CSV_ROWS}-row CSV vs a 1000-row one" \
        "$(mib "$big") MiB ($(calc "$big_ns / 1e9" .1f) s)" "$(mib "$small") MiB" "$(calc "$big / $small")x the memory for $(calc "$CSV_ROWS / 1000" .0f)x the rows"
}

# --- (c) criterion draw figures -------------------------------------------------
bench_draw() {
    echo
    echo "## (c) Draw and update costs at 200x60 (criterion, benches/draw.rs)"
    export CRITERION_HOME="$WORK/criterion"
    # shellcheck disable=SC2086 # the knob holds several arguments
    cargo bench --bench draw -- $CRITERION_ARGS >"$WORK/criterion.log" 2>&1 || {
        log "cargo bench --bench draw failed:"
        tail -n 40 "$WORK/criterion.log" >&2
        exit 1
    }
    python3 - "$CRITERION_HOME" >"$WORK/draw.txt" <<'PY'
import json, os, sys
home = sys.argv[1]
def mean(group, name):
    with open(os.path.join(home, group, name, "new", "estimates.json")) as f:
        e = json.load(f)["mean"]
    return e["point_estimate"], e["confidence_interval"]["lower_bound"], e["confidence_interval"]["upper_bound"]
def fmt(ns):
    return f"{ns / 1e6:.2f} ms" if ns >= 1e5 else f"{ns / 1e3:.1f} µs"
budget = 1e9 / 60
start = mean("draw", "start")[0]
labels = {
    "start": "Start screen (baseline)",
    "attributes_50": "Attributes, 50 schema attributes",
    "review_full": "Review, every member + two-call plan",
    "triggers_full": "Triggers, every trigger set",
    "triggers_full_preview": "Triggers + live JSON preview pane",
}
for name, label in labels.items():
    m, lo, hi = mean("draw", name)
    print(f"draw  {label:<38} {fmt(m):>9}  [{fmt(lo)} .. {fmt(hi)}]  {m / start:4.1f}x Start  {100 * m / budget:5.1f}% of a 60 Hz frame")
    if name != "start":
        print(f"ROW|Draw at 200x60: {label}|{fmt(m)}|{fmt(start)} (Start screen)|{m / start:.1f}x; {100 * m / budget:.1f}% of a 60 Hz frame")
m, lo, hi = mean("update", "keystroke")
print(f"update  keystroke in a text field, big document {fmt(m):>9}  [{fmt(lo)} .. {fmt(hi)}]  {100 * m / budget:5.1f}% of a 60 Hz frame")
worst = max(mean("draw", n)[0] for n in labels)
print(f"ratio: a keystroke's update plus the heaviest draw takes {fmt(m + worst)}, {100 * (m + worst) / budget:.0f}% of a 60 Hz frame")
print(f"ROW|`App::update` for one keystroke (re-validate, re-preview, autosave draft)|{fmt(m)}|{fmt(budget)} (60 Hz frame)|{100 * m / budget:.1f}% of a frame")
PY
    grep -v '^ROW|' "$WORK/draw.txt"
    while IFS='|' read -r _ what ours ref ratio; do
        row "$what" "$ours" "$ref" "$ratio"
    done < <(grep '^ROW|' "$WORK/draw.txt")
}

# --- (d) invitations per second -------------------------------------------------
bench_invite() {
    echo
    echo "## (d) Invitations per second against moto ($INVITE_USERS users each, MessageAction SUPPRESS)"
    users_csv "$INVITE_USERS" "$WORK/users-invite.csv"
    local ours="not measured" ours_rate="" sdk="not measured" sdk_rate="" cli cli_rate
    local inviter_rate="" bench_rows=""

    # Ours: the headless invite command, limiter out of the way (moto has no
    # quota; against AWS every tool is held to the account's 50/s).
    if has_invite; then
        local pool started elapsed status=0
        pool="$(create_pool bench-invite-ours)"
        started="$(now_ns)"
        "${WIZ[@]}" invite --user-pool-id "$pool" --csv "$WORK/users-invite.csv" \
            --message-action SUPPRESS --rate 100000 \
            --journal "$WORK/invite.journal.jsonl" --report "$WORK/invite.report.csv" \
            >"$WORK/invite.out" 2>"$WORK/invite.err" || status=$?
        elapsed="$(($(now_ns) - started))"
        ours_rate="$(calc "$INVITE_USERS / ($elapsed / 1e9)" .1f)"
        ours="$ours_rate/s"
        echo "cognito-wizard invite (concurrency 10): $(calc "$elapsed / 1e9") s, $ours_rate users/s (exit $status)"
        tail -n 1 "$WORK/invite.out" | sed 's/^/  /'
    else
        echo "cognito-wizard invite: NOT MEASURED: this build has no \`invite\` command yet"
    fi

    # The plain concurrent SDK loop: the onboarding engineer's benchmark, when present.
    # It gets the moto URL and the user count; a line `sdk_loop_per_sec=N` in its
    # output fills the SDK column, and its own ratio lines are shown as they are.
    local other=""
    if [ -x "$ROOT/scripts/bench-invite.sh" ]; then
        other="scripts/bench-invite.sh"
        COGNITO_WIZARD_MOTO_URL="$MOTO_URL" BENCH_INVITE_USERS="$INVITE_USERS" \
            "$ROOT/scripts/bench-invite.sh" >"$WORK/other-invite.log" 2>&1 || true
    elif [ -f "$ROOT/benches/invite.rs" ]; then
        other="cargo bench --bench invite"
        # The same concurrency as the command's default; its own user count
        # (600: medians over rounds need runs longer than start-up noise).
        COGNITO_WIZARD_MOTO_URL="$MOTO_URL" INVITE_BENCH_CONCURRENCY=10 \
            cargo bench --bench invite >"$WORK/other-invite.log" 2>&1 || true
    fi
    if [ -n "$other" ]; then
        echo "$other:"
        grep -iE 'ratio|/s|per sec|sdk' "$WORK/other-invite.log" | sed 's/^/  /' || tail -n 10 "$WORK/other-invite.log" | sed 's/^/  /'
        sdk_rate="$(sed -n 's/.*sdk_loop_per_sec=\([0-9.]*\).*/\1/p' "$WORK/other-invite.log" | tail -n 1)"
        inviter_rate="$(sed -n 's/.*inviter_per_sec=\([0-9.]*\).*/\1/p' "$WORK/other-invite.log" | tail -n 1)"
        bench_rows="$(sed -n 's/.*bench: rows=\([0-9]*\).*/\1/p' "$WORK/other-invite.log" | tail -n 1)"
        [ -n "$sdk_rate" ] && sdk="$sdk_rate/s"
    else
        echo "plain concurrent SDK loop: NOT MEASURED: neither scripts/bench-invite.sh nor benches/invite.rs is in the tree yet"
    fi

    # The AWS CLI, one process per user, as a shell script would do it.
    local pool_cli started elapsed failures=0
    pool_cli="$(create_pool bench-invite-cli)"
    started="$(now_ns)"
    for i in $(seq 1 "$INVITE_USERS"); do
        u="$(printf 'user%06d' "$i")"
        "$AWS" --endpoint-url "$MOTO_URL" cognito-idp admin-create-user --user-pool-id "$pool_cli" \
            --username "$u" --message-action SUPPRESS \
            --user-attributes Name=email,Value="$u@example.com" Name=given_name,Value="Given$i" Name=family_name,Value="Family$i" \
            >/dev/null 2>>"$WORK/cli-loop.err" || failures=$((failures + 1))
    done
    elapsed="$(($(now_ns) - started))"
    cli_rate="$(calc "$INVITE_USERS / ($elapsed / 1e9)" .1f)"
    cli="$cli_rate/s"
    echo "aws cognito-idp admin-create-user loop: $(calc "$elapsed / 1e9") s, $cli_rate users/s ($failures failed)"

    local ratio=""
    if [ -n "$ours_rate" ]; then
        ratio="$(calc "$ours_rate / $cli_rate" .1f)x the AWS CLI loop"
        if [ -n "$sdk_rate" ] && [ -n "$inviter_rate" ]; then
            # Side by side in one process, same users, same calls in flight.
            ratio="$(calc "$inviter_rate / $sdk_rate" .2f)x the SDK loop ($bench_rows users each, 10 in flight), $ratio"
        fi
        echo "ratio: ours = $ratio"
    fi
    row "Invitations/s against moto, $INVITE_USERS users: ours vs plain SDK loop vs AWS CLI loop" \
        "$ours" "SDK loop $sdk; AWS CLI loop $cli" "$ratio"
}

# --- (e), (f): benches that print a markdown table ----------------------------------
TABLES=()
# table_bench NAME [VAR=VALUE...]: `cargo bench --bench NAME` with those
# variables; its table is shown now and again after the summary.
table_bench() {
    local name="$1"
    shift
    env "$@" cargo bench --bench "$name" >"$WORK/$name.log" 2>&1 || {
        log "cargo bench --bench $name failed:"
        tail -n 40 "$WORK/$name.log" >&2
        exit 1
    }
    grep '^|' "$WORK/$name.log" | tee "$WORK/$name.table"
    TABLES+=("$WORK/$name.table")
}

# --- (e) the import job on big files -------------------------------------------
bench_import() {
    echo
    echo "## (e) import: conversion and upload (benches/import.rs, the fake import job)"
    table_bench import IMPORT_BENCH_ROWS="${BENCH_IMPORT_ROWS:-100000,1000000}" \
        IMPORT_BENCH_UPLOAD_ROWS="${BENCH_IMPORT_UPLOAD_ROWS:-100000}"
}

# --- (f) invitations against a token-bucket quota --------------------------------
bench_quota() {
    echo
    echo "## (f) invite against a token-bucket quota (benches/quota.rs, the fault fake)"
    table_bench quota QUOTA_BENCH_SECONDS="${BENCH_QUOTA_SECONDS:-30}"
}

skipped startup || bench_startup
skipped offline || bench_offline_first_frame
skipped rss || bench_rss
skipped draw || bench_draw
skipped invite || bench_invite
skipped import || bench_import
skipped quota || bench_quota

# --- Summary --------------------------------------------------------------------
echo
echo "## Summary (for README.md, Performance)"
echo
echo "Measured on: $MACHINE."
echo
echo "| what | cognito-wizard | reference | ratio |"
echo "| --- | --- | --- | --- |"
for line in "${SUMMARY[@]}"; do
    IFS='|' read -r what ours ref ratio <<<"$line"
    echo "| $what | $ours | $ref | $ratio |"
done
for table in "${TABLES[@]}"; do
    echo
    cat "$table"
done
