# Shared set-up for scripts/test.sh and scripts/try.sh: source it after setting
# ROOT to the repository root. Nothing here runs on its own.
#
#   ensure_venv         moto, the AWS CLI v1 and botocore into .venv (pinned)
#   ensure_tmux         tmux, installed with apt-get when missing
#   isolate_from_aws    empty AWS config, throw-away credentials, one region
#   start_moto LOG      moto on a free 127.0.0.1 port: MOTO_URL, MOTO_PID
#   cleanup             stops moto and removes the scratch directory (trap it)

VENV="$ROOT/.venv"
REQUIREMENTS="$ROOT/scripts/requirements-test.txt"
# Holds the hash of the requirements last installed: lets a rerun skip pip.
STAMP="$VENV/.requirements.sha256"
WORK=""
MOTO_PID=""

log() { printf '==> %s\n' "$*" >&2; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        return 1
    fi
}

apt_install() {
    command -v apt-get >/dev/null 2>&1 || return 1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# --- Python tools (moto, awscli, botocore) in .venv ----------------------------
ensure_venv() {
    local wanted
    wanted="$(python3 -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$REQUIREMENTS")"
    # Fast path: the venv already holds exactly these requirements.
    if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ]; then
        return 0
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        log "creating $VENV"
        # Debian's python3 needs python3-venv for ensurepip; install it once if missing.
        if ! python3 -m venv "$VENV"; then
            rm -rf "$VENV"
            log "python3 -m venv failed; installing python3-venv"
            apt_install python3-venv || { log "cannot install python3-venv"; exit 1; }
            python3 -m venv "$VENV"
        fi
    fi
    log "installing $(grep -v '^#' "$REQUIREMENTS" | xargs) into .venv"
    "$VENV/bin/python" -m pip install --quiet -r "$REQUIREMENTS"
    printf '%s\n' "$wanted" >"$STAMP"
}

# --- tmux, for driving the wizard in a terminal ------------------------------------
ensure_tmux() {
    command -v tmux >/dev/null 2>&1 && return 0
    log "tmux is missing; installing it with apt-get"
    if ! apt_install tmux; then
        log "WARNING: could not install tmux (no apt-get, or not root and no sudo);"
        log "WARNING: tests that drive the wizard in tmux will fail. Install tmux by hand."
    fi
}

# --- Isolation from the developer's real AWS setup ---------------------------------
# Empty config and credentials files: neither the SDK nor the AWS CLI may read
# ~/.aws, so nothing here can ever reach a real account or pick up its region.
isolate_from_aws() {
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/cognito-wizard.XXXXXX")"
    : >"$WORK/config"
    : >"$WORK/credentials"
    export AWS_CONFIG_FILE="$WORK/config"
    export AWS_SHARED_CREDENTIALS_FILE="$WORK/credentials"
    unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER
    export AWS_ACCESS_KEY_ID=testing
    export AWS_SECRET_ACCESS_KEY=testing
    export AWS_REGION=us-east-1
    export AWS_DEFAULT_REGION=us-east-1
    # No instance-metadata lookups (they hang for seconds off EC2).
    export AWS_EC2_METADATA_DISABLED=true
    # `aws` and `moto_server` from the venv.
    export PATH="$VENV/bin:$PATH"
}

# Always stop the emulator, even when a step failed or we were interrupted.
cleanup() {
    if [ -n "$MOTO_PID" ] && kill -0 "$MOTO_PID" 2>/dev/null; then
        kill "$MOTO_PID" 2>/dev/null || true
        wait "$MOTO_PID" 2>/dev/null || true
    fi
    if [ -n "$WORK" ]; then
        rm -rf "$WORK"
    fi
}

# --- moto -------------------------------------------------------------------------
start_moto() {
    local moto_log="$1" port ready=no
    # A free loopback port, chosen by the OS.
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    MOTO_URL="http://127.0.0.1:$port"
    mkdir -p "$(dirname "$moto_log")"
    log "starting moto on $MOTO_URL (log: ${moto_log#"$ROOT"/})"
    "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$moto_log" 2>&1 &
    MOTO_PID=$!
    # Wait (bounded: 60 x 0.5 s) until it answers HTTP; any status will do.
    for _ in $(seq 1 60); do
        if ! kill -0 "$MOTO_PID" 2>/dev/null; then
            break
        fi
        if moto_ready; then
            ready=yes
            break
        fi
        sleep 0.5
    done
    if [ "$ready" != yes ]; then
        log "moto did not start; its log:"
        cat "$moto_log" >&2
        exit 1
    fi
}

moto_ready() {
    python3 - "$MOTO_URL" <<'PY'
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1] + "/moto-api/", timeout=1)
except urllib.error.HTTPError:
    pass
except Exception:
    sys.exit(1)
PY
}
