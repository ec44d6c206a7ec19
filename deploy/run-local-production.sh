#!/usr/bin/env bash
# Run Udvalg in its production shape on this machine, without a container engine:
# three services, each on its own PostgreSQL database, talking through RabbitMQ, each
# served by gunicorn under its path prefix, plus one worker (outbox relay + consumer) each.
#
#   deploy/run-local-production.sh          start (or restart) everything
#   deploy/run-local-production.sh stop     stop what the last start started
#   deploy/run-local-production.sh status   show the processes and their health
#
# Needs, on this machine: PostgreSQL on 127.0.0.1:5432 with trust auth for user "postgres",
# RabbitMQ on 127.0.0.1:5672 (user guest) with rabbitmqctl on PATH, curl, and the project's
# virtualenv (${VENV:-.venv}, e.g. from `make install`). Asks for nothing; safe to re-run.
#
# Settings (environment, all optional):
#   VENV                       virtualenv directory            (.venv)
#   UDVALG_PROD_PGHOST/PGPORT  PostgreSQL address              (127.0.0.1 / 5432)
#   UDVALG_PROD_DB_PREFIX      database names <prefix>_<svc>   (udvalg_prod)
#   UDVALG_PROD_RABBIT         RabbitMQ host:port              (127.0.0.1:5672)
#   UDVALG_PROD_VHOST          RabbitMQ virtual host           (udvalg)
#   UDVALG_PROD_SERVICES       services to run                 (agenda decisions awards)
#   UDVALG_PROD_DEMO           load the demo data: 1 or 0      (1)
#   UDVALG_SECRET_KEY          session key; else one is kept in var/production-secret-key
#   UDVALG_PUBLIC_BASE_URL, UDVALG_LOG_FORMAT, UDVALG_RELAY_POLL_SECONDS, UDVALG_RETRY_DELAYS
#                              passed through to the services (see deploy/README.md)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV="${VENV:-.venv}"
BIN="$VENV/bin"
PGHOST_="${UDVALG_PROD_PGHOST:-127.0.0.1}"
PGPORT_="${UDVALG_PROD_PGPORT:-5432}"
DB_PREFIX="${UDVALG_PROD_DB_PREFIX:-udvalg_prod}"
RABBIT="${UDVALG_PROD_RABBIT:-127.0.0.1:5672}"
VHOST="${UDVALG_PROD_VHOST:-udvalg}"
read -r -a SERVICES <<<"${UDVALG_PROD_SERVICES:-agenda decisions awards}"
LOAD_DEMO="${UDVALG_PROD_DEMO:-1}"

VAR="$ROOT/var"
LOG_DIR="$VAR/production-logs"
PID_FILE="$VAR/production.pids"
SECRET_FILE="$VAR/production-secret-key"
HEALTH_TIMEOUT_SECONDS=60
STOP_TIMEOUT_SECONDS=30

say() { printf '==> %s\n' "$*"; }
die() { printf 'run-local-production: %s\n' "$*" >&2; exit 1; }

port_of() {
    case "$1" in
        agenda) echo 8101 ;;
        decisions) echo 8102 ;;
        awards) echo 8103 ;;
        *) die "unknown service '$1' (expected agenda, decisions or awards)" ;;
    esac
}

database_url() {
    echo "postgresql://postgres@${PGHOST_}:${PGPORT_}/${DB_PREFIX}_$1"
}

# ---------------------------------------------------------------- processes

pid_is_ours() {
    # The PID is alive and still runs one of our commands (PIDs get reused).
    local pid="$1" args
    args="$(ps -p "$pid" -o args= 2>/dev/null)" || return 1
    [[ "$args" == *"services."* ]]
}

stop_all() {
    if [[ ! -f "$PID_FILE" ]]; then
        say "nothing to stop (no $PID_FILE)"
        return 0
    fi
    local name pid pids=()
    while read -r name pid; do
        [[ -n "${pid:-}" ]] || continue
        if pid_is_ours "$pid"; then
            say "stopping $name (pid $pid)"
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
        fi
    done <"$PID_FILE"
    local deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
    for pid in "${pids[@]}"; do
        while pid_is_ours "$pid" && ((SECONDS < deadline)); do
            sleep 0.5
        done
        if pid_is_ours "$pid"; then
            say "pid $pid did not stop within ${STOP_TIMEOUT_SECONDS}s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    rm -f "$PID_FILE"
}

status() {
    if [[ ! -f "$PID_FILE" ]]; then
        say "not running (no $PID_FILE)"
        return 0
    fi
    local name pid state
    while read -r name pid; do
        [[ -n "${pid:-}" ]] || continue
        if pid_is_ours "$pid"; then state="running"; else state="NOT running"; fi
        printf '%-18s pid %-8s %s\n' "$name" "$pid" "$state"
    done <"$PID_FILE"
    local svc url
    for svc in "${SERVICES[@]}"; do
        url="http://127.0.0.1:$(port_of "$svc")/$svc/healthz"
        if curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null; then
            printf '%-18s healthy   %s\n' "$svc" "$url"
        else
            printf '%-18s UNHEALTHY %s\n' "$svc" "$url"
        fi
    done
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ---------------------------------------------------------------- servers

require() {
    command -v "$1" >/dev/null 2>&1 || die "$1 not found on PATH ($2)"
}

preflight() {
    [[ -x "$BIN/python" ]] || die "no virtualenv python at $BIN/python (run 'make install', or set VENV)"
    [[ -x "$BIN/gunicorn" ]] || die "no gunicorn in $BIN (run 'make install')"
    require psql "the PostgreSQL client"
    require rabbitmqctl "RabbitMQ's control tool"
    require curl "used for the health checks"
    local svc
    for svc in "${SERVICES[@]}"; do
        port_of "$svc" >/dev/null
        [[ -f "services/$svc/__main__.py" ]] || die "services/$svc is missing (no services/$svc/__main__.py)"
    done
}

psql_admin() {
    psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST_" -p "$PGPORT_" -U postgres -d postgres "$@"
}

ensure_database() {
    local name="$1" found
    found="$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" \
        || die "cannot reach PostgreSQL as postgres@$PGHOST_:$PGPORT_ (is it running, with trust auth?)"
    if [[ "$found" == "1" ]]; then
        say "database $name exists"
    else
        say "creating database $name"
        psql_admin -c "CREATE DATABASE \"$name\""
    fi
}

ensure_vhost() {
    local vhosts
    vhosts="$(rabbitmqctl -q list_vhosts name)" || die "rabbitmqctl cannot reach RabbitMQ (is it running?)"
    if grep -qxF -- "$VHOST" <<<"$vhosts"; then
        say "RabbitMQ vhost $VHOST exists"
    else
        say "creating RabbitMQ vhost $VHOST"
        rabbitmqctl -q add_vhost "$VHOST"
    fi
    rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*'
}

# ---------------------------------------------------------------- services

secret_key() {
    if [[ -n "${UDVALG_SECRET_KEY:-}" ]]; then
        printf '%s' "$UDVALG_SECRET_KEY"
        return 0
    fi
    if [[ ! -s "$SECRET_FILE" ]]; then
        (umask 077 && "$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(48))' >"$SECRET_FILE")
    fi
    cat "$SECRET_FILE"
}

export_common_env() {
    UDVALG_SECRET_KEY="$(secret_key)"
    export UDVALG_SECRET_KEY
    export UDVALG_BROKER_URL="amqp://guest:guest@${RABBIT}/${VHOST}"
    export UDVALG_PUBLIC_BASE_URL="${UDVALG_PUBLIC_BASE_URL:-http://127.0.0.1:8101}"
    export UDVALG_LOG_FORMAT="${UDVALG_LOG_FORMAT:-json}"
    export UDVALG_RELAY_POLL_SECONDS="${UDVALG_RELAY_POLL_SECONDS:-1.0}"
    export UDVALG_RETRY_DELAYS="${UDVALG_RETRY_DELAYS:-1,5,30}"
    export PYTHONUNBUFFERED=1
}

# Runs a command with one service's own settings: its database and its file directory only.
with_service_env() {
    local svc="$1"
    shift
    local var_dir="$VAR/production/$svc"
    mkdir -p "$var_dir"
    env "${svc^^}_DATABASE_URL=$(database_url "$svc")" "UDVALG_VAR_DIR=$var_dir" "$@"
}

run_cli() {
    local svc="$1" command="$2"
    say "$svc: $command"
    with_service_env "$svc" "$BIN/python" -m "services.$svc" "$command" >>"$LOG_DIR/$svc-$command.log" 2>&1 \
        || { tail -n 30 "$LOG_DIR/$svc-$command.log" >&2; die "$svc $command failed (log: $LOG_DIR/$svc-$command.log)"; }
}

start_background() {
    local name="$1" svc="$2"
    shift 2
    mkdir -p "$VAR/production/$svc"
    nohup env "${svc^^}_DATABASE_URL=$(database_url "$svc")" "UDVALG_VAR_DIR=$VAR/production/$svc" \
        "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
    echo "$name $!" >>"$PID_FILE"
}

start_web() {
    local svc="$1" port
    port="$(port_of "$svc")"
    if port_in_use "$port"; then
        stop_all
        die "port $port is already in use by another program"
    fi
    local extra=()
    # gunicorn 27+ opens a control socket, by default one path (~/.gunicorn) for every
    # instance; give each service its own.
    if [[ "$("$BIN/gunicorn" --help)" == *--control-socket* ]]; then
        extra+=(--control-socket "$VAR/production/$svc/gunicorn.ctl")
    fi
    say "$svc: gunicorn on 127.0.0.1:$port under /$svc"
    start_background "$svc-web" "$svc" "$BIN/gunicorn" \
        --chdir "$ROOT" \
        --bind "127.0.0.1:$port" \
        --workers 2 \
        --env "SCRIPT_NAME=/$svc" \
        "${extra[@]}" \
        "services.$svc.app:create_app()"
}

start_worker() {
    local svc="$1"
    say "$svc: worker"
    start_background "$svc-worker" "$svc" "$BIN/python" -m "services.$svc" worker
}

pid_of() {
    local wanted="$1" name pid
    while read -r name pid; do
        if [[ "$name" == "$wanted" ]]; then
            echo "$pid"
            return 0
        fi
    done <"$PID_FILE"
    return 1
}

fail_start() {
    local log="$1"
    shift
    printf '\n--- last lines of %s ---\n' "$log" >&2
    tail -n 30 "$log" >&2 || true
    stop_all
    die "$*"
}

wait_healthy() {
    local deadline=$((SECONDS + HEALTH_TIMEOUT_SECONDS)) svc url pid
    for svc in "${SERVICES[@]}"; do
        url="http://127.0.0.1:$(port_of "$svc")/$svc/healthz"
        pid="$(pid_of "$svc-web")"
        until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
            pid_is_ours "$pid" || fail_start "$LOG_DIR/$svc-web.log" "$svc-web exited during start-up"
            ((SECONDS < deadline)) \
                || fail_start "$LOG_DIR/$svc-web.log" "$url did not answer 200 within ${HEALTH_TIMEOUT_SECONDS}s"
            sleep 1
        done
        say "$svc is healthy"
    done
    # A worker that cannot reach the broker or its database exits at once.
    for svc in "${SERVICES[@]}"; do
        pid="$(pid_of "$svc-worker")"
        pid_is_ours "$pid" || fail_start "$LOG_DIR/$svc-worker.log" "$svc-worker exited during start-up"
    done
}

start_all() {
    preflight
    mkdir -p "$LOG_DIR"
    stop_all # a restart: stop what an earlier start left running

    local svc
    for svc in "${SERVICES[@]}"; do
        ensure_database "${DB_PREFIX}_$svc"
    done
    ensure_vhost
    export_common_env

    # Every service's queues must exist before any relay publishes: migrate all, then start.
    for svc in "${SERVICES[@]}"; do
        run_cli "$svc" migrate
    done
    # The agenda service's demo comes first; the others build on its events, so they load
    # once the workers carry those events over.
    if [[ "$LOAD_DEMO" == "1" ]]; then
        run_cli agenda load-demo
    fi

    : >"$PID_FILE"
    for svc in "${SERVICES[@]}"; do
        start_web "$svc"
        start_worker "$svc"
    done
    wait_healthy
    if [[ "$LOAD_DEMO" == "1" ]]; then
        for svc in "${SERVICES[@]}"; do
            [[ "$svc" == agenda ]] || run_cli "$svc" load-demo
        done
    fi

    printf '\nUdvalg runs in its production shape (logs: %s, pids: %s):\n' "$LOG_DIR" "$PID_FILE"
    for svc in "${SERVICES[@]}"; do
        printf '  %-10s http://127.0.0.1:%s/%s/   (API: /%s/api/v1/, spec: /%s/openapi.json)\n' \
            "$svc" "$(port_of "$svc")" "$svc" "$svc" "$svc"
    done
    printf 'Stop with: make stop-production   (or: %s stop)\n' "deploy/run-local-production.sh"
}

case "${1:-start}" in
    start) start_all ;;
    stop) stop_all ;;
    status) status ;;
    -h | --help | help) sed -n '2,24p' "$0" ;;
    *) die "unknown command '$1' (use start, stop or status)" ;;
esac
