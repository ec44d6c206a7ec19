#!/usr/bin/env bash
# Run Udvalg in its production shape on this machine, without a container engine:
# three services, each on its own PostgreSQL database, talking through RabbitMQ, each
# served by gunicorn under its path prefix, plus one worker (outbox relay + consumer) each,
# kept running by a supervisor that restarts a worker that dies and reports it.
#
#   deploy/run-local-production.sh                       start (or restart) everything
#   deploy/run-local-production.sh stop                  stop what the last start started
#   deploy/run-local-production.sh status                processes, worker restarts, health and readiness
#   deploy/run-local-production.sh restart-worker SVC    restart one service's worker; the web servers go on
#   deploy/run-local-production.sh dead-letters SVC ...  the service's dead-letters command
#                                                        (list | show | replay | purge, see deploy/README.md)
#
# Needs, on this machine: PostgreSQL on 127.0.0.1:5432 with trust auth for user "postgres",
# RabbitMQ on 127.0.0.1:5672 (user guest) with rabbitmqctl on PATH, Redis on 127.0.0.1:6379
# (where every rate limit counts, shared by all gunicorn workers), curl, and the project's
# virtualenv (${VENV:-.venv}, e.g. from `make install`). Asks for nothing; safe to re-run.
#
# Settings (environment, all optional):
#   VENV                       virtualenv directory            (.venv)
#   UDVALG_PROD_PGHOST/PGPORT  PostgreSQL address              (127.0.0.1 / 5432)
#   UDVALG_PROD_DB_PREFIX      database names <prefix>_<svc>   (udvalg_prod)
#   UDVALG_PROD_RABBIT         RabbitMQ host:port              (127.0.0.1:5672)
#   UDVALG_PROD_VHOST          RabbitMQ virtual host           (udvalg)
#   UDVALG_PROD_PORT_BASE      agenda, decisions, awards on base+1, +2, +3   (8100)
#   UDVALG_PROD_VAR            logs, pids, keys and files      (var/ in the repository)
#   UDVALG_PROD_REDIS          Redis URL for the rate limits   (redis://127.0.0.1:6379/0)
#   UDVALG_PROD_SERVICES       services to run                 (agenda decisions awards)
#   UDVALG_PROD_DEMO           load the demo data: 1 or 0      (1)
#   UDVALG_PROD_START_TIMEOUT  seconds for every service to be healthy and ready   (60)
#   UDVALG_SECRET_KEY          session key; else one is kept in <var>/production-secret-key
#   UDVALG_PUBLIC_BASE_URL, UDVALG_LOG_FORMAT, UDVALG_RELAY_POLL_SECONDS, UDVALG_RETRY_DELAYS,
#   UDVALG_BROKER_TIMEOUT_SECONDS, UDVALG_READY_MAX_OUTBOX_AGE_SECONDS,
#   UDVALG_READY_MAX_WORKER_SILENCE_SECONDS
#                              passed through to the services (see deploy/README.md)
#   UDVALG_SMTP_HOST, UDVALG_SMTP_PORT, UDVALG_SMTP_STARTTLS, UDVALG_SMTP_IMPLICIT_TLS,
#   UDVALG_SMTP_USERNAME, UDVALG_SMTP_PASSWORD, UDVALG_MAIL_FROM
#                              the workers send e-mail through this SMTP server; without
#                              UDVALG_SMTP_HOST every service's mail goes into one Maildir,
#                              UDVALG_MAILDIR (var/production/mail)
#
# Broker accounts: migrate declares the queues as guest (the administrator here); each
# worker runs with its service's own account <vhost>-<svc> (deploy/rabbitmq/accounts.sh),
# which may publish that service's events only; the web servers get no broker account.
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
PORT_BASE="${UDVALG_PROD_PORT_BASE:-8100}"
REDIS_URL="${UDVALG_PROD_REDIS:-redis://127.0.0.1:6379/0}"
read -r -a SERVICES <<<"${UDVALG_PROD_SERVICES:-agenda decisions awards}"
LOAD_DEMO="${UDVALG_PROD_DEMO:-1}"

VAR="${UDVALG_PROD_VAR:-$ROOT/var}"
LOG_DIR="$VAR/production-logs"
PID_FILE="$VAR/production.pids"
SECRET_FILE="$VAR/production-secret-key"
HEALTH_TIMEOUT_SECONDS="${UDVALG_PROD_START_TIMEOUT:-60}"
STOP_TIMEOUT_SECONDS=30
RESTART_DELAY_SECONDS=2

say() { printf '==> %s\n' "$*"; }
die() { printf 'run-local-production: %s\n' "$*" >&2; exit 1; }

port_of() {
    case "$1" in
        agenda) echo $((PORT_BASE + 1)) ;;
        decisions) echo $((PORT_BASE + 2)) ;;
        awards) echo $((PORT_BASE + 3)) ;;
        *) die "unknown service '$1' (expected agenda, decisions or awards)" ;;
    esac
}

database_url() {
    echo "postgresql://postgres@${PGHOST_}:${PGPORT_}/${DB_PREFIX}_$1"
}

service_dir() {
    echo "$VAR/production/$1"
}

# ---------------------------------------------------------------- processes

pid_is_ours() {
    # The PID is alive and still runs one of our commands (PIDs get reused). -ww: a set
    # COLUMNS would otherwise cut the command line before the module name.
    local pid="$1" args
    args="$(ps -ww -p "$pid" -o args= 2>/dev/null)" || return 1
    [[ "$args" == *"services."* || "$args" == *"run-local-production.sh _supervise "* ]]
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

worker_state() {
    # What the supervisor of a service's worker last wrote: "running <pid> <restarts>", or
    # "restarting <restarts> <how it ended>".
    local state
    state="$(service_dir "$1")/worker.state"
    if [[ -f "$state" ]]; then cat "$state"; else echo "unknown"; fi
}

status() {
    if [[ ! -f "$PID_FILE" ]]; then
        say "not running (no $PID_FILE)"
        return 0
    fi
    local name pid state svc url answer
    while read -r name pid; do
        [[ -n "${pid:-}" ]] || continue
        if pid_is_ours "$pid"; then state="running"; else state="NOT running"; fi
        printf '%-18s pid %-8s %s\n' "$name" "$pid" "$state"
    done <"$PID_FILE"
    for svc in "${SERVICES[@]}"; do
        printf '%-18s %s\n' "$svc-worker" "$(describe_worker "$svc")"
    done
    for svc in "${SERVICES[@]}"; do
        url="http://127.0.0.1:$(port_of "$svc")/$svc"
        if curl -fsS -o /dev/null --max-time 3 "$url/healthz" 2>/dev/null; then
            printf '%-18s healthy   %s\n' "$svc" "$url/healthz"
        else
            printf '%-18s UNHEALTHY %s\n' "$svc" "$url/healthz"
        fi
        if answer="$(curl -fsS --max-time 5 "$url/readyz" 2>/dev/null)"; then
            printf '%-18s ready     %s\n' "$svc" "$url/readyz"
        else
            answer="$(curl -sS --max-time 5 "$url/readyz" 2>/dev/null || true)"
            printf '%-18s NOT READY %s\n%20s%s\n' "$svc" "$url/readyz" "" "$(readiness_detail "$answer")"
        fi
    done
}

describe_worker() {
    local words last=""
    read -r -a words <<<"$(worker_state "$1")"
    if [[ -f "$(service_dir "$1")/worker.last-death" ]]; then
        last="; last $(cat "$(service_dir "$1")/worker.last-death")"
    fi
    case "${words[0]}" in
        running) echo "worker pid ${words[1]}, restarted ${words[2]} time(s)$last" ;;
        restarting) echo "DIED (${words[*]:2}); restarted ${words[1]} time(s), next start in ${RESTART_DELAY_SECONDS}s" ;;
        *) echo "state unknown" ;;
    esac
}

readiness_detail() {
    "$BIN/python" -c 'import json, sys
try:
    print(json.loads(sys.argv[1]).get("detail", sys.argv[1]))
except ValueError:
    print(sys.argv[1] or "no answer")' "$1"
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
    "$BIN/python" -c 'import redis, sys; redis.Redis.from_url(sys.argv[1], socket_timeout=3).ping()' "$REDIS_URL" \
        2>/dev/null || die "cannot reach Redis at $REDIS_URL (the rate limits count there; set UDVALG_PROD_REDIS)"
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

broker_password() {
    local file="$VAR/production-broker-$1"
    if [[ ! -s "$file" ]]; then
        (umask 077 && "$BIN/python" -c 'import secrets; print(secrets.token_hex(24))' >"$file")
    fi
    cat "$file"
}

ensure_broker_accounts() {
    local svc
    for svc in "${SERVICES[@]}"; do
        export "${svc^^}_BROKER_PASSWORD=$(broker_password "$svc")"
    done
    UDVALG_RABBITMQ_VHOST="$VHOST" UDVALG_RABBITMQ_USER_PREFIX="$VHOST-" UDVALG_SERVICES="${SERVICES[*]}" \
        bash deploy/rabbitmq/accounts.sh | while read -r line; do say "$line"; done
}

worker_broker_url() {
    echo "amqp://$VHOST-$1:$(broker_password "$1")@${RABBIT}/${VHOST}"
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
    export UDVALG_PUBLIC_BASE_URL="${UDVALG_PUBLIC_BASE_URL:-http://127.0.0.1:$(port_of agenda)}"
    export UDVALG_LOG_FORMAT="${UDVALG_LOG_FORMAT:-json}"
    export UDVALG_RELAY_POLL_SECONDS="${UDVALG_RELAY_POLL_SECONDS:-1.0}"
    export UDVALG_RETRY_DELAYS="${UDVALG_RETRY_DELAYS:-1,5,30}"
    # One count for every limit across all gunicorn workers, as replicas share it in production.
    export UDVALG_RATE_LIMIT_STORAGE_URI="$REDIS_URL"
    # Used only while UDVALG_SMTP_HOST is unset: one mailbox for every service's mail.
    export UDVALG_MAILDIR="${UDVALG_MAILDIR:-$VAR/production/mail}"
    export PYTHONUNBUFFERED=1
    # Only migrate (as administrator) and the workers (with their own accounts) get a broker URL.
    unset UDVALG_BROKER_URL
}

# Runs a command with one service's own settings: its database and its file directory only.
with_service_env() {
    local svc="$1"
    shift
    mkdir -p "$(service_dir "$svc")"
    env "${svc^^}_DATABASE_URL=$(database_url "$svc")" "UDVALG_VAR_DIR=$(service_dir "$svc")" "$@"
}

service_env() {
    printf '%s\n' "${1^^}_DATABASE_URL=$(database_url "$1")" "UDVALG_VAR_DIR=$(service_dir "$1")"
}

run_cli() {
    local svc="$1" command="$2"
    say "$svc: $command"
    with_service_env "$svc" "UDVALG_BROKER_URL=amqp://guest:guest@${RABBIT}/${VHOST}" \
        "$BIN/python" -m "services.$svc" "$command" >>"$LOG_DIR/$svc-$command.log" 2>&1 \
        || { tail -n 30 "$LOG_DIR/$svc-$command.log" >&2; die "$svc $command failed (log: $LOG_DIR/$svc-$command.log)"; }
}

start_background() {
    local name="$1" svc="$2" settings
    shift 2
    mkdir -p "$(service_dir "$svc")"
    mapfile -t settings < <(service_env "$svc")
    nohup env "${settings[@]}" "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
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
        extra+=(--control-socket "$(service_dir "$svc")/gunicorn.ctl")
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
    say "$svc: worker (supervised)"
    rm -f "$(service_dir "$svc")"/worker.{state,restart-requested,last-death}
    # The supervisor runs this script again, so that it survives this shell.
    start_background "$svc-worker" "$svc" bash "$0" _supervise "$svc"
}

# Keeps one service's worker running: starts it, and when it ends without having been told
# to stop, logs how it ended, counts it and starts it again. The web servers are separate
# processes and never touched. Runs until it gets SIGTERM, which it passes to the worker.
supervise() {
    local svc="$1" dir restarts=0 stopping=0 child="" rc how settings
    dir="$(service_dir "$svc")"
    mkdir -p "$dir" "$LOG_DIR"
    export_common_env
    mapfile -t settings < <(service_env "$svc")
    trap 'stopping=1; [[ -n "$child" ]] && kill -TERM "$child" 2>/dev/null' TERM INT
    while ((stopping == 0)); do
        # env replaces itself with python: $! is the worker's own pid.
        env "${settings[@]}" "UDVALG_BROKER_URL=$(worker_broker_url "$svc")" \
            "$BIN/python" -m "services.$svc" worker &
        child=$!
        echo "running $child $restarts" >"$dir/worker.state"
        rc=0
        wait "$child" || rc=$?
        # A trapped signal ends `wait` early; wait for the worker itself to finish.
        while kill -0 "$child" 2>/dev/null; do
            wait "$child" || rc=$?
        done
        child=""
        ((stopping == 0)) || break
        if [[ -f "$dir/worker.restart-requested" ]]; then
            rm -f "$dir/worker.restart-requested"
            how="restarted on request"
        else
            how="died with exit status $rc at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
            restarts=$((restarts + 1))
            echo "$how" >"$dir/worker.last-death"
            printf 'run-local-production: %s-worker %s; starting it again in %ss (restart %s)\n' \
                "$svc" "$how" "$RESTART_DELAY_SECONDS" "$restarts" >&2
        fi
        echo "restarting $restarts $how" >"$dir/worker.state"
        sleep "$RESTART_DELAY_SECONDS" &
        wait $! || true
    done
    rm -f "$dir/worker.state"
}

restart_worker() {
    local svc="${1:-}" words
    [[ -n "$svc" ]] || die "restart-worker needs a service (agenda, decisions or awards)"
    port_of "$svc" >/dev/null
    read -r -a words <<<"$(worker_state "$svc")"
    [[ "${words[0]}" == running ]] || die "$svc-worker is not running under its supervisor (status: ${words[*]})"
    touch "$(service_dir "$svc")/worker.restart-requested"
    say "restarting $svc-worker (pid ${words[1]}); the web servers go on"
    kill -TERM "${words[1]}"
}

dead_letters() {
    local svc="${1:-}"
    [[ -n "$svc" ]] || die "dead-letters needs a service, e.g.: dead-letters decisions list"
    shift
    port_of "$svc" >/dev/null
    export_common_env
    with_service_env "$svc" "UDVALG_BROKER_URL=$(worker_broker_url "$svc")" \
        "$BIN/python" -m "services.$svc" dead-letters "$@"
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
    # Ready: each worker reports and reaches the broker, and no event waits too long.
    for svc in "${SERVICES[@]}"; do
        url="http://127.0.0.1:$(port_of "$svc")/$svc/readyz"
        until curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null; do
            ((SECONDS < deadline)) || fail_start "$LOG_DIR/$svc-worker.log" \
                "$svc is not ready within ${HEALTH_TIMEOUT_SECONDS}s: $(readiness_detail "$(curl -sS --max-time 5 "$url" 2>/dev/null || true)")"
            sleep 1
        done
        say "$svc is ready"
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
    ensure_broker_accounts
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
    printf 'Status: %s status   Stop with: make stop-production\n' "deploy/run-local-production.sh"
}

case "${1:-start}" in
    start) start_all ;;
    stop) stop_all ;;
    status) status ;;
    restart-worker) restart_worker "${2:-}" ;;
    dead-letters) shift; dead_letters "$@" ;;
    _supervise) supervise "${2:?}" ;;
    -h | --help | help) sed -n '2,44p' "$0" ;;
    *) die "unknown command '$1' (use start, stop, status, restart-worker or dead-letters)" ;;
esac
