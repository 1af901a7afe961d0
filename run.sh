#!/usr/bin/env bash
# Runs the whole system locally, without Docker or Aspire:
#   Postgres, Redis and Azurite (from node_modules) on loopback ports,
#   then the Emulator, the Worker and the Api, built once and run from their bin folders.
# State (database, blobs, secrets, logs) lives in .local/ at the repository root;
# `rm -rf .local` resets everything. Ctrl-C stops everything this script started.
#
#   ./run.sh                  everything
#   ./run.sh --services-only  only Postgres, Redis and Azurite; prints the connection
#                             strings for running the .NET apps from an IDE
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
AIVIDEO_LOG_PREFIX=run

SERVICES_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --services-only) SERVICES_ONLY=1 ;;
    -h | --help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) aivideo_die "Unknown argument '$arg'. Usage: ./run.sh [--services-only]" ;;
  esac
done

ROOT=$AIVIDEO_ROOT
LOCAL=$ROOT/.local
LOGS=$LOCAL/logs
PIDS=$LOCAL/pids
PGDATA_DIR=$LOCAL/postgres
CONFIGURATION=${AIVIDEO_CONFIGURATION:-Debug}
TFM=${AIVIDEO_TFM:-net10.0}
HEALTH_TIMEOUT=${AIVIDEO_HEALTH_TIMEOUT:-90}

PG_PORT=${AIVIDEO_PG_PORT:-55432}
REDIS_PORT=${AIVIDEO_REDIS_PORT:-56379}
BLOB_PORT=${AIVIDEO_AZURITE_BLOB_PORT:-10000}
QUEUE_PORT=${AIVIDEO_AZURITE_QUEUE_PORT:-10001}
TABLE_PORT=${AIVIDEO_AZURITE_TABLE_PORT:-10002}
EMULATOR_PORT=${AIVIDEO_EMULATOR_PORT:-8010}
WORKER_PORT=${AIVIDEO_WORKER_PORT:-8020}
API_PORT=${AIVIDEO_API_PORT:-8000}

# ---------------------------------------------------------------------------------------
# Process bookkeeping and clean-up. Every background process is started with `setsid`,
# so it leads its own process group (its PID is the group id) and is out of reach of the
# terminal's Ctrl-C: on exit we stop each group ourselves, in order, children included.
# ---------------------------------------------------------------------------------------
STARTED_NAMES=() # in start order; stopped in reverse
declare -A STARTED_PIDS=()
PG_STARTED=0
PG_TMP_SOCKDIR=''
SLEEP_PID=''
CLEANED_UP=0
OWN_RUN_PID=0

# nap SECONDS: sleep in the background and wait for it, so a signal is handled at once
# rather than after the sleep; the clean-up kills a pending sleep.
nap() {
  sleep "$1" &
  SLEEP_PID=$!
  wait "$SLEEP_PID" || true
  SLEEP_PID=''
}

# spawn NAME WORKDIR CMD...: start CMD in WORKDIR in its own session, output to
# .local/logs/NAME.log. The PID is remembered (and written to .local/pids/NAME.pid so a
# later run can clean up after a run that was killed with SIGKILL).
spawn() {
  local name=$1 dir=$2
  shift 2
  local log="$LOGS/$name.log"
  : >"$log"
  (cd "$dir" && exec setsid "$@") >>"$log" 2>&1 </dev/null &
  local pid=$!
  STARTED_NAMES+=("$name")
  STARTED_PIDS[$name]=$pid
  printf '%s %s\n' "$pid" "$(proc_start_time "$pid")" >"$PIDS/$name.pid"
}

# proc_start_time PID: the process start time (field 22 of /proc/PID/stat), which with
# the PID identifies a process for good: PIDs get reused, (PID, start time) pairs do not.
proc_start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) } # drop "pid (comm) ", comm may contain spaces
  # shellcheck disable=SC2086  # split the remaining fields on purpose
  set -- $stat
  printf '%s' "${20:-}"
}

# stop_group NAME PID [NOTE]: SIGTERM the process group, wait up to 15 s, then SIGKILL it.
stop_group() {
  local name=$1 pid=$2 what=${3:-} i
  if ! kill -0 -- "-$pid" 2>/dev/null && ! kill -0 "$pid" 2>/dev/null; then
    return 0
  fi
  aivideo_log "Stopping $name${what:+ $what} (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 75; i++)); do
    kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null; then
    aivideo_warn "$name did not stop within 15 s; killing it."
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# Run a Postgres binary as the right OS user: Postgres refuses to run as root, so when we
# are root it runs as the `postgres` user that the Debian package creates.
as_pg() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop_postgres() {
  aivideo_log "Stopping Postgres${1:+ $1}"
  as_pg "$AIVIDEO_PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 30 stop >/dev/null 2>&1 ||
    aivideo_warn "pg_ctl stop failed; see $LOGS/postgres.log"
}

cleanup() {
  local status=$?
  ((CLEANED_UP)) && return 0
  CLEANED_UP=1
  set +e
  # A second Ctrl-C must not interrupt the clean-up, and neither may a closed stdout
  # (`./run.sh | tee log`: Ctrl-C kills tee too, and writing to it would raise SIGPIPE).
  trap '' INT TERM HUP PIPE
  local i name
  [[ -n "$SLEEP_PID" ]] && kill "$SLEEP_PID" 2>/dev/null
  for ((i = ${#STARTED_NAMES[@]} - 1; i >= 0; i--)); do
    name=${STARTED_NAMES[$i]}
    stop_group "$name" "${STARTED_PIDS[$name]}"
    rm -f "$PIDS/$name.pid"
  done
  if ((PG_STARTED)); then
    stop_postgres
  fi
  [[ -n "$PG_TMP_SOCKDIR" ]] && rm -rf "$PG_TMP_SOCKDIR"
  ((OWN_RUN_PID)) && rm -f "$LOCAL/run.pid"
  if ((${#STARTED_NAMES[@]} > 0 || PG_STARTED)); then
    aivideo_log "Stopped."
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---------------------------------------------------------------------------------------
# 1. Tools.
# ---------------------------------------------------------------------------------------
aivideo_install_prereqs
command -v setsid >/dev/null 2>&1 || aivideo_die "setsid (util-linux) is required."

mkdir -p "$LOCAL" "$LOGS" "$PIDS" "$LOCAL/redis" "$LOCAL/azurite"

# Only one run.sh per checkout: a second one would fight over ports and .local/.
# .local/run.pid holds "PID START-TIME" of the running one (a PID file rather than flock,
# whose descriptor every child would inherit and keep after we are gone).
if [[ -f "$LOCAL/run.pid" ]]; then
  read -r other_pid other_started <"$LOCAL/run.pid" || true
  if [[ -n "${other_pid:-}" && "$other_pid" != "$$" ]] && kill -0 "$other_pid" 2>/dev/null &&
    [[ "$(proc_start_time "$other_pid")" == "${other_started:-}" ]]; then
    aivideo_die "Another ./run.sh (pid $other_pid) is already running from $ROOT. Stop it first (Ctrl-C in its terminal)."
  fi
fi
printf '%s %s\n' "$$" "$(proc_start_time "$$")" >"$LOCAL/run.pid"
OWN_RUN_PID=1

# A previous run that was killed with SIGKILL (or whose terminal vanished) may have left
# its processes behind; they are ours (recorded in .local/pids), so stop them now.
reap_stale() {
  local f pid started name
  for f in "$PIDS"/*.pid; do
    [[ -f "$f" ]] || continue
    name=$(basename "$f" .pid)
    read -r pid started <"$f" || true
    # Same PID and same start time: it is really ours, not a reused PID.
    if [[ -n "${pid:-}" && -n "${started:-}" ]] && kill -0 "$pid" 2>/dev/null &&
      [[ "$(proc_start_time "$pid")" == "$started" ]]; then
      stop_group "$name" "$pid" "left over from a previous run"
    fi
    rm -f "$f"
  done
  if [[ -f "$PGDATA_DIR/postmaster.pid" ]] &&
    as_pg "$AIVIDEO_PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    stop_postgres "left over from a previous run"
  fi
}
reap_stale

# ---------------------------------------------------------------------------------------
# 2. Ports: check all of them before starting anything.
# ---------------------------------------------------------------------------------------
PORT_CHECKS=(
  "$PG_PORT|Postgres|AIVIDEO_PG_PORT"
  "$REDIS_PORT|Redis|AIVIDEO_REDIS_PORT"
  "$BLOB_PORT|Azurite blob|AIVIDEO_AZURITE_BLOB_PORT"
  "$QUEUE_PORT|Azurite queue|AIVIDEO_AZURITE_QUEUE_PORT"
  "$TABLE_PORT|Azurite table|AIVIDEO_AZURITE_TABLE_PORT"
)
if ((!SERVICES_ONLY)); then
  PORT_CHECKS+=(
    "$EMULATOR_PORT|Emulator|AIVIDEO_EMULATOR_PORT"
    "$WORKER_PORT|Worker|AIVIDEO_WORKER_PORT"
    "$API_PORT|Api|AIVIDEO_API_PORT"
  )
fi
ports_taken=0
declare -A seen_ports=()
for entry in "${PORT_CHECKS[@]}"; do
  IFS='|' read -r port what var <<<"$entry"
  if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
    aivideo_die "$var='$port' is not a TCP port number."
  fi
  if [[ -n "${seen_ports[$port]:-}" ]]; then
    aivideo_die "Port $port is configured for both ${seen_ports[$port]} and $what; give $var another value."
  fi
  seen_ports[$port]=$what
  if port_in_use "$port"; then
    printf "[run] Port %s (%s) is already in use. Stop whatever listens there (ss -ltnp 'sport = :%s') or set %s.\n" \
      "$port" "$what" "$port" "$var" >&2
    ports_taken=1
  fi
done
((ports_taken == 0)) || exit 1

# ---------------------------------------------------------------------------------------
# 3. Secrets: generated once, kept in .local/secrets.env (mode 600).
# ---------------------------------------------------------------------------------------
SECRETS=$LOCAL/secrets.env
random_hex() { # 24 random bytes as hex
  if command -v openssl >/dev/null 2>&1; then openssl rand -hex 24; else od -An -tx1 -N24 /dev/urandom | tr -d ' \n'; fi
}
random_base64_48() { # 48 random bytes as base64 (64 characters, one line)
  if command -v openssl >/dev/null 2>&1; then openssl rand -base64 48 | tr -d '\n'; else head -c 48 /dev/urandom | base64 | tr -d '\n'; fi
}
if [[ ! -s "$SECRETS" ]]; then
  if [[ -f "$PGDATA_DIR/PG_VERSION" ]]; then
    aivideo_die "$SECRETS is missing but the database in $PGDATA_DIR exists, and its password was in that file. Reset the database with: rm -rf .local/postgres"
  fi
  aivideo_log "Generating secrets in .local/secrets.env"
  (
    umask 077
    {
      echo "# Generated by run.sh. Delete .local/ to reset everything (database included)."
      echo "AIVIDEO_PG_PASSWORD='$(random_hex)'"
      echo "Jwt__SigningKey='$(random_base64_48)'"
    } >"$SECRETS.tmp"
  )
  mv "$SECRETS.tmp" "$SECRETS"
fi
chmod 600 "$SECRETS"
# shellcheck disable=SC1090  # generated file
source "$SECRETS"
[[ -n "${AIVIDEO_PG_PASSWORD:-}" && -n "${Jwt__SigningKey:-}" ]] ||
  aivideo_die "$SECRETS lacks AIVIDEO_PG_PASSWORD or Jwt__SigningKey; delete it and .local/postgres to regenerate."

# ---------------------------------------------------------------------------------------
# 4. Postgres: our own cluster in .local/postgres, on 127.0.0.1 only, with its unix
#    socket in the data folder (/var/run/postgresql may not exist or be writable).
# ---------------------------------------------------------------------------------------
PG_OWNER=$(id -un)
if [[ "$(id -u)" -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || aivideo_die "Running as root needs a 'postgres' OS user (Postgres refuses to run as root); install the postgresql package or run as a normal user."
  PG_OWNER=postgres
  # The postgres user must be able to reach .local/: grant traverse (x) on every
  # ancestor it cannot pass through (e.g. a repository under /root).
  if ! runuser -u postgres -- test -x "$LOCAL"; then
    d=$LOCAL
    while [[ "$d" != / ]]; do
      if ! runuser -u postgres -- test -x "$d"; then
        aivideo_log "Granting the postgres user traverse permission on $d"
        if command -v setfacl >/dev/null 2>&1; then setfacl -m u:postgres:x "$d"; else chmod o+x "$d"; fi
      fi
      d=$(dirname "$d")
    done
  fi
fi

PG_MAJOR=$("$AIVIDEO_PG_BIN/pg_ctl" --version | awk '{print $NF}' | cut -d. -f1)
if [[ -f "$PGDATA_DIR/PG_VERSION" ]] && [[ "$(cat "$PGDATA_DIR/PG_VERSION")" != "$PG_MAJOR" ]]; then
  aivideo_die "$PGDATA_DIR was created by Postgres $(cat "$PGDATA_DIR/PG_VERSION") but $AIVIDEO_PG_BIN is Postgres $PG_MAJOR. Reset it with: rm -rf .local/postgres"
fi

if [[ ! -f "$PGDATA_DIR/PG_VERSION" ]]; then
  aivideo_log "Initialising the Postgres cluster in .local/postgres (user aivideo)"
  rm -rf "$PGDATA_DIR" # leftovers of an interrupted initdb
  mkdir -p "$PGDATA_DIR"
  chmod 700 "$PGDATA_DIR"
  pwfile=$(mktemp "$LOCAL/.pgpass.XXXXXX")
  printf '%s\n' "$AIVIDEO_PG_PASSWORD" >"$pwfile"
  chown "$PG_OWNER" "$PGDATA_DIR" "$pwfile"
  if ! as_pg "$AIVIDEO_PG_BIN/initdb" -D "$PGDATA_DIR" -U aivideo --auth=scram-sha-256 \
    --pwfile="$pwfile" --encoding=UTF8 --locale=C >"$LOGS/initdb.log" 2>&1; then
    rm -f "$pwfile"
    tail -n 40 "$LOGS/initdb.log" >&2
    rm -rf "$PGDATA_DIR"
    aivideo_die "initdb failed (log: .local/logs/initdb.log)."
  fi
  rm -f "$pwfile"
fi

# Unix sockets go into the data folder; their path must stay under ~107 bytes.
PG_SOCKDIR=$PGDATA_DIR
if ((${#PG_SOCKDIR} > 90)); then
  PG_SOCKDIR=$(mktemp -d /tmp/aivideo-pg.XXXXXX)
  PG_TMP_SOCKDIR=$PG_SOCKDIR
  chown "$PG_OWNER" "$PG_SOCKDIR"
fi

touch "$LOGS/postgres.log"
chown "$PG_OWNER" "$LOGS/postgres.log"
aivideo_log "Starting Postgres on 127.0.0.1:$PG_PORT"
PG_STARTED=1 # from here on, clean-up runs pg_ctl stop (harmless if the start failed)
if ! as_pg "$AIVIDEO_PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$LOGS/postgres.log" -w -t 60 \
  -o "-p $PG_PORT -k '$PG_SOCKDIR' -c listen_addresses=127.0.0.1" start >/dev/null; then
  tail -n 40 "$LOGS/postgres.log" >&2
  aivideo_die "Postgres did not start (log: .local/logs/postgres.log)."
fi

# ---------------------------------------------------------------------------------------
# 5. Redis (no persistence: cache, rate limits and pub/sub only) and Azurite.
# ---------------------------------------------------------------------------------------
aivideo_log "Starting Redis on 127.0.0.1:$REDIS_PORT"
spawn redis "$LOCAL/redis" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 \
  --dir "$LOCAL/redis" --save "" --appendonly no --daemonize no

aivideo_log "Starting Azurite on 127.0.0.1:$BLOB_PORT/$QUEUE_PORT/$TABLE_PORT"
spawn azurite "$ROOT" "$ROOT/node_modules/.bin/azurite" --silent --location "$LOCAL/azurite" \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort "$BLOB_PORT" --queuePort "$QUEUE_PORT" --tablePort "$TABLE_PORT" \
  --skipApiVersionCheck --loose --disableTelemetry

service_failed() { # NAME [WHAT]: print the end of its log, then exit (clean-up stops the rest)
  aivideo_warn "Last 40 lines of .local/logs/$1.log:"
  tail -n 40 "$LOGS/$1.log" >&2 || true
  aivideo_die "$1 ${2:-failed to start}."
}
service_exited() { service_failed "$1" "exited unexpectedly"; }
wait_for_port "$PG_PORT" 30 Postgres || service_failed postgres
wait_for_port "$REDIS_PORT" 30 Redis "${STARTED_PIDS[redis]}" || service_failed redis
for p in "$BLOB_PORT" "$QUEUE_PORT" "$TABLE_PORT"; do
  wait_for_port "$p" 60 Azurite "${STARTED_PIDS[azurite]}" || service_failed azurite
done

# ---------------------------------------------------------------------------------------
# 6. Configuration for the .NET apps, exactly as an Aspire AppHost injects it.
# ---------------------------------------------------------------------------------------
AZURITE_CS="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$TABLE_PORT/devstoreaccount1;"
export ConnectionStrings__aivideodb="Host=127.0.0.1;Port=$PG_PORT;Username=aivideo;Password=$AIVIDEO_PG_PASSWORD;Database=aivideodb"
export ConnectionStrings__cache="127.0.0.1:$REDIS_PORT"
export ConnectionStrings__blobs="$AZURITE_CS"
export ConnectionStrings__queues="$AZURITE_CS"
export services__videomodel__http__0="http://127.0.0.1:$EMULATOR_PORT"
export Jwt__SigningKey
# Google sign-in is played by the Emulator: a code "dev:<email>" signs that person in.
export Google__ClientId="aivideo-local.apps.googleusercontent.com"
export Google__ClientSecret="aivideo-local-secret"
export Google__TokenEndpoint="http://127.0.0.1:$EMULATOR_PORT/google/token"
export Google__UserInfoEndpoint="http://127.0.0.1:$EMULATOR_PORT/google/userinfo"
export ASPNETCORE_ENVIRONMENT=Development
export DOTNET_ENVIRONMENT=Development

# Also written to .local/services.env (mode 600) for IDEs and `set -a; . .local/services.env`.
(
  umask 077
  for v in ConnectionStrings__aivideodb ConnectionStrings__cache ConnectionStrings__blobs \
    ConnectionStrings__queues services__videomodel__http__0 Jwt__SigningKey \
    Google__ClientId Google__ClientSecret Google__TokenEndpoint Google__UserInfoEndpoint \
    ASPNETCORE_ENVIRONMENT DOTNET_ENVIRONMENT; do
    printf "%s='%s'\n" "$v" "${!v}"
  done >"$LOCAL/services.env"
)

if ((SERVICES_ONLY)); then
  cat <<EOF

Services are running (state in .local/, logs in .local/logs/):
  Postgres  127.0.0.1:$PG_PORT  user aivideo, password in .local/secrets.env
  Redis     127.0.0.1:$REDIS_PORT
  Azurite   blob 127.0.0.1:$BLOB_PORT, queue 127.0.0.1:$QUEUE_PORT, table 127.0.0.1:$TABLE_PORT

Configuration for the .NET apps (also in .local/services.env; the Emulator is expected at
http://127.0.0.1:$EMULATOR_PORT, start it from the IDE too):
EOF
  sed 's/^/  export /' "$LOCAL/services.env"
  echo
  echo "Press Ctrl-C to stop."
  while true; do
    for name in redis azurite; do
      if ! kill -0 "${STARTED_PIDS[$name]}" 2>/dev/null; then
        service_exited "$name"
      fi
    done
    nap 2
  done
fi

# ---------------------------------------------------------------------------------------
# 7. Build once, then run the built executables (no `dotnet run`: one build only).
#    --disable-build-servers: leave no compiler/MSBuild servers running after we exit.
# ---------------------------------------------------------------------------------------
APPS=(Emulator Worker Api)
for app in "${APPS[@]}"; do
  aivideo_log "Building AIVideo.$app ($CONFIGURATION)"
  dotnet build "AIVideo.$app/AIVideo.$app.csproj" -c "$CONFIGURATION" -nologo -v q \
    --disable-build-servers || aivideo_die "Build of AIVideo.$app failed."
done

# app_command APP: the built apphost, or `dotnet X.dll` where no apphost was produced.
app_command() {
  local out="$ROOT/AIVideo.$1/bin/$CONFIGURATION/$TFM"
  if [[ -x "$out/AIVideo.$1" ]]; then
    APP_CMD=("$out/AIVideo.$1")
  elif [[ -f "$out/AIVideo.$1.dll" ]]; then
    APP_CMD=(dotnet "$out/AIVideo.$1.dll")
  else
    aivideo_die "Build output not found: $out/AIVideo.$1 (set AIVIDEO_TFM/AIVIDEO_CONFIGURATION if they differ)."
  fi
}

# Migrations + seed data: a one-shot run of the Api executable.
aivideo_log "Applying database migrations (AIVideo.Api migrate)"
app_command Api
if ! (cd "$ROOT/AIVideo.Api" && "${APP_CMD[@]}" migrate) >"$LOGS/migrate.log" 2>&1 </dev/null; then
  aivideo_warn "Last 40 lines of .local/logs/migrate.log:"
  tail -n 40 "$LOGS/migrate.log" >&2
  aivideo_die "Migration failed (log: .local/logs/migrate.log). If the migrations were rewritten since the database was created, reset it with: rm -rf .local/postgres"
fi

# Each app listens on its own port (the AppHost does the same through ASPNETCORE_URLS).
declare -A APP_PORTS=([Emulator]=$EMULATOR_PORT [Worker]=$WORKER_PORT [Api]=$API_PORT)
for app in "${APPS[@]}"; do
  app_command "$app"
  url="http://localhost:${APP_PORTS[$app]}"
  aivideo_log "Starting $app on $url"
  spawn "${app,,}" "$ROOT/AIVideo.$app" env ASPNETCORE_URLS="$url" "${APP_CMD[@]}"
done

for app in "${APPS[@]}"; do
  name=${app,,}
  if ! wait_for_http "http://localhost:${APP_PORTS[$app]}/health" "$HEALTH_TIMEOUT" "$app" "${STARTED_PIDS[$name]}"; then
    service_failed "$name"
  fi
done

# ---------------------------------------------------------------------------------------
# 8. Summary, then wait for Ctrl-C (or for a service to die).
# ---------------------------------------------------------------------------------------
cat <<EOF

AIVideo is running:
  Api        http://localhost:$API_PORT
  API docs   http://localhost:$API_PORT/docs
  Emulator   http://localhost:$EMULATOR_PORT   (Google sign-in and video providers)
  Worker     http://localhost:$WORKER_PORT   (health: /health)
  Postgres   127.0.0.1:$PG_PORT   (database aivideodb, user aivideo, password in .local/secrets.env)
  Redis      127.0.0.1:$REDIS_PORT
  Azurite    blob 127.0.0.1:$BLOB_PORT, queue 127.0.0.1:$QUEUE_PORT, table 127.0.0.1:$TABLE_PORT
  Logs       $LOGS/

Press Ctrl-C to stop.
EOF
while true; do
  for name in "${STARTED_NAMES[@]}"; do
    if ! kill -0 "${STARTED_PIDS[$name]}" 2>/dev/null; then
      service_exited "$name"
    fi
  done
  nap 2
done
