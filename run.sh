#!/usr/bin/env bash
# Runs the whole system locally under the .NET Aspire AppHost (AIVideo.AppHost): PostgreSQL, Redis
# and Azurite (containers where a container runtime is healthy, else local programs), the migrations,
# the Api, the Worker, the Emulator and the Aspire dashboard.
#   1. installs what is missing (scripts/lib.sh),
#   2. makes sure the local secrets exist (the AppHost's user secrets),
#   3. builds and starts the AppHost, waits for the Api, prints the Api and dashboard URLs,
#   4. on Ctrl-C or SIGTERM stops everything it started within 15 s.
# State (database, blobs, logs) lives in .local/ at the repository root; `rm -rf .local` resets it.
# AIVIDEO_DATA_DIR puts it elsewhere (scripts/bench.sh measures on fresh services in .local/bench).
#
#   ./run.sh                  everything
#   ./run.sh --services-only  only PostgreSQL, Redis and Azurite (and the dashboard); their
#                             settings go to .local/services.env for services run by hand
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
AIVIDEO_LOG_PREFIX=run

SERVICES_ONLY=0
case "${1:-}" in
  "") ;;
  --services-only) SERVICES_ONLY=1 ;;
  -h | --help)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *) aivideo_die "Unknown argument '$1'. Usage: ./run.sh [--services-only]" ;;
esac

ROOT=$AIVIDEO_ROOT
LOCAL=${AIVIDEO_DATA_DIR:-$ROOT/.local}
LOGS=$LOCAL/logs
APPHOST_PROJECT=AIVideo.AppHost/AIVideo.AppHost.csproj
CONFIGURATION=${AIVIDEO_CONFIGURATION:-Debug}
HEALTH_TIMEOUT=${AIVIDEO_HEALTH_TIMEOUT:-180}
STOP_TIMEOUT=11

API_PORT=${AIVIDEO_API_PORT:-8000}
DASHBOARD_PORT=${AIVIDEO_DASHBOARD_PORT:-15000}
OTLP_PORT=${AIVIDEO_OTLP_PORT:-19000}
RESOURCE_SERVICE_PORT=${AIVIDEO_RESOURCE_SERVICE_PORT:-20000}

APPHOST_PID=''
SLEEP_PID=''
CLEANED_UP=0
OWN_RUN_PID=0

# nap SECONDS: sleep in the background and wait for it, so a signal is handled at once.
nap() {
  sleep "$1" &
  SLEEP_PID=$!
  wait "$SLEEP_PID" || true
  SLEEP_PID=''
}

# proc_start_time PID: field 22 of /proc/PID/stat; with the PID it identifies a process for good.
proc_start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) } # drop "pid (comm) ", comm may contain spaces
  # shellcheck disable=SC2086  # split the remaining fields on purpose
  set -- $stat
  printf '%s' "${20:-}"
}

# apphost_tree PID: the AppHost, everything it started, and Aspire's orchestrator (DCP), which
# detaches from the AppHost but names it in `--monitor PID`, with everything DCP started: the
# databases, the emulators and the .NET services (run through `dotnet run`).
apphost_tree() {
  ps -e -o pid=,ppid=,args= | awk -v root="$1" '
    { parent[$1] = $2; if ($0 ~ ("dcp start-apiserver --monitor " root " ")) seed[$1] = 1 }
    END {
      seed[root] = 1
      for (pid in parent) {
        # Climb to the top; a process whose ancestor is a seed belongs to the tree.
        for (p = pid; p != "" && p != 0 && p != 1; p = parent[p]) if (p in seed) { print pid; break }
      }
    }'
}

# running PID: true while PID runs (a zombie has ended; it only waits for its parent to reap it).
# Builtins only: this runs many times a second while the machine is busy stopping everything.
running() {
  local stat
  [[ -r "/proc/$1/stat" ]] && read -r stat <"/proc/$1/stat" 2>/dev/null || return 1
  stat=${stat##*) }
  [[ "${stat:0:1}" != Z ]]
}

# wait_until_stopped DEADLINE PID...: wait until none of the PIDs runs, or SECONDS reaches DEADLINE;
# leaves the ones still running in STILL_RUNNING.
wait_until_stopped() {
  local deadline=$1 pid
  shift
  while :; do
    STILL_RUNNING=()
    for pid in "$@"; do
      running "$pid" && STILL_RUNNING+=("$pid")
    done
    ((${#STILL_RUNNING[@]} == 0 || SECONDS >= deadline)) && return 0
    sleep 0.2
  done
}

# stop_apphost: stop what the AppHost runs in the order it started it, then the AppHost. DCP runs the
# programs in sessions of their own, out of reach of the AppHost's process group, and `dotnet run`
# does not pass SIGTERM on, so the signals go to each program: first the .NET services, while the
# databases they flush to still answer (they stop in well under a second), then the AppHost, the
# databases and the dashboard; DCP itself is left to the AppHost. Whatever still runs after 11 s is
# killed.
stop_apphost() {
  local pids services=() others=() pid cmd deadline=$((SECONDS + STOP_TIMEOUT))
  mapfile -t pids < <(apphost_tree "$APPHOST_PID")
  for pid in "${pids[@]}"; do
    cmd=''
    IFS= read -r -d '' cmd <"/proc/$pid/cmdline" 2>/dev/null || true
    case "$cmd" in
      *aspire.hosting.orchestration*) ;;
      */AIVideo.Api* | */AIVideo.Worker* | */AIVideo.Emulator*) services+=("$pid") ;;
      *) others+=("$pid") ;;
    esac
  done
  aivideo_log "Stopping the AppHost and the ${#pids[@]} processes it runs"
  kill -TERM "${services[@]}" 2>/dev/null || true
  wait_until_stopped $((deadline - 4)) "${services[@]}"
  kill -TERM "${others[@]}" 2>/dev/null || true
  wait_until_stopped "$deadline" "${pids[@]}"
  if ((${#STILL_RUNNING[@]} > 0)); then
    aivideo_warn "${#STILL_RUNNING[@]} processes did not stop within ${STOP_TIMEOUT} s; killing them:"
    ps -o pid=,args= -p "$(IFS=,; echo "${STILL_RUNNING[*]}")" | cut -c1-160 >&2 || true
    kill -KILL "${STILL_RUNNING[@]}" 2>/dev/null || true
  fi
  wait "$APPHOST_PID" 2>/dev/null || true
}

cleanup() {
  local status=$?
  ((CLEANED_UP)) && return 0
  CLEANED_UP=1
  set +e
  # A second Ctrl-C must not interrupt the clean-up, nor may a closed stdout (`./run.sh | tee`).
  trap '' INT TERM HUP PIPE
  [[ -n "$SLEEP_PID" ]] && kill "$SLEEP_PID" 2>/dev/null
  if [[ -n "$APPHOST_PID" ]]; then
    stop_apphost
    rm -f "$LOCAL/apphost.pid"
    aivideo_log "Stopped."
  fi
  ((OWN_RUN_PID)) && rm -f "$LOCAL/run.pid"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# ---------------------------------------------------------------------------------------
# 1. Tools, one run per checkout, leftovers of a killed run.
# ---------------------------------------------------------------------------------------
aivideo_install_prereqs
command -v setsid >/dev/null 2>&1 || aivideo_die "setsid (util-linux) is required."
mkdir -p "$LOCAL" "$LOGS"

# .local/run.pid holds "PID START-TIME" of the running run.sh.
if [[ -f "$LOCAL/run.pid" ]]; then
  read -r other_pid other_started <"$LOCAL/run.pid" || true
  if [[ -n "${other_pid:-}" && "$other_pid" != "$$" ]] && kill -0 "$other_pid" 2>/dev/null &&
    [[ "$(proc_start_time "$other_pid")" == "${other_started:-}" ]]; then
    aivideo_die "Another ./run.sh (pid $other_pid) is already running from $ROOT. Stop it first (Ctrl-C in its terminal)."
  fi
fi
printf '%s %s\n' "$$" "$(proc_start_time "$$")" >"$LOCAL/run.pid"
OWN_RUN_PID=1

# A run killed with SIGKILL left its AppHost (and what it runs) behind: stop them now.
if [[ -f "$LOCAL/apphost.pid" ]]; then
  read -r old_pid old_started <"$LOCAL/apphost.pid" || true
  if [[ -n "${old_pid:-}" ]] && kill -0 "$old_pid" 2>/dev/null &&
    [[ "$(proc_start_time "$old_pid")" == "${old_started:-}" ]]; then
    aivideo_log "Stopping the AppHost left over from a previous run"
    APPHOST_PID=$old_pid stop_apphost
  fi
  rm -f "$LOCAL/apphost.pid"
fi

# ---------------------------------------------------------------------------------------
# 2. Ports: the Api and the dashboard's three; the rest the orchestrator picks itself.
# ---------------------------------------------------------------------------------------
ports_taken=0
declare -A seen_ports=()
PORT_CHECKS=("$DASHBOARD_PORT|dashboard|AIVIDEO_DASHBOARD_PORT" "$OTLP_PORT|dashboard OTLP|AIVIDEO_OTLP_PORT"
  "$RESOURCE_SERVICE_PORT|dashboard resource service|AIVIDEO_RESOURCE_SERVICE_PORT")
((SERVICES_ONLY)) || PORT_CHECKS+=("$API_PORT|Api|AIVIDEO_API_PORT")
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
# 3. Secrets: the AppHost's parameters postgres-password and jwt-signing-key, in its user
#    secrets, where an IDE run of the AppHost finds the same values.
# ---------------------------------------------------------------------------------------
APPHOST_SECRETS=$(dotnet user-secrets list --project "$APPHOST_PROJECT" 2>/dev/null) || APPHOST_SECRETS=''
# Runs before the AppHost existed kept them in .local/secrets.env; the database was made with that password.
legacy_secret() { # NAME: its value in .local/secrets.env, if any
  [[ -f "$LOCAL/secrets.env" ]] && sed -n "s/^$1='\(.*\)'\$/\1/p" "$LOCAL/secrets.env"
  return 0
}
ensure_secret() { # KEY VALUE: set KEY in the AppHost's user secrets unless it is there already
  if ! grep -q "^$1 = " <<<"$APPHOST_SECRETS"; then
    aivideo_log "Generating the local secret $1 (dotnet user-secrets, AIVideo.AppHost)"
    dotnet user-secrets set --project "$APPHOST_PROJECT" "$1" "$2" >/dev/null || aivideo_die "dotnet user-secrets set $1 failed."
  fi
}
pg_password=$(legacy_secret AIVIDEO_PG_PASSWORD)
jwt_key=$(legacy_secret Jwt__SigningKey)
ensure_secret Parameters:postgres-password "${pg_password:-$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')}"
ensure_secret Parameters:jwt-signing-key "${jwt_key:-$(head -c 48 /dev/urandom | base64 | tr -d '\n')}"

# The cluster that runs before the AppHost made lies in .local/postgres itself; the AppHost keeps
# it in .local/postgres/data.
if [[ -f "$LOCAL/postgres/PG_VERSION" ]]; then
  aivideo_log "Moving the database cluster to .local/postgres/data"
  mv "$LOCAL/postgres" "$LOCAL/postgres.moving" && mkdir "$LOCAL/postgres" && mv "$LOCAL/postgres.moving" "$LOCAL/postgres/data"
fi

# ---------------------------------------------------------------------------------------
# 4. Build, start, wait for the Api.
# ---------------------------------------------------------------------------------------
aivideo_log "Building the AppHost and the services ($CONFIGURATION)"
dotnet build "$APPHOST_PROJECT" -c "$CONFIGURATION" -nologo -v q --disable-build-servers ||
  aivideo_die "Build failed."

APPHOST_BIN="$ROOT/AIVideo.AppHost/bin/$CONFIGURATION/net10.0/AIVideo.AppHost"
[[ -x "$APPHOST_BIN" ]] || aivideo_die "Build output not found: $APPHOST_BIN"
BROWSER_TOKEN=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
DASHBOARD_URL="http://localhost:$DASHBOARD_PORT"

aivideo_log "Starting the AppHost (log: .local/logs/apphost.log)"
: >"$LOGS/apphost.log"
(
  cd "$ROOT/AIVideo.AppHost"
  export DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development
  export ASPNETCORE_URLS=$DASHBOARD_URL
  export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://localhost:$OTLP_PORT"
  export ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="http://localhost:$RESOURCE_SERVICE_PORT"
  # Plain http on localhost: there is no trusted development certificate to serve https with.
  export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
  export ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN=$BROWSER_TOKEN
  export AIVideo__ApiPort=$API_PORT
  export AIVideo__DataDirectory=$LOCAL
  ((SERVICES_ONLY)) && export AIVideo__ServicesOnly=true
  exec setsid "$APPHOST_BIN"
) >>"$LOGS/apphost.log" 2>&1 </dev/null &
APPHOST_PID=$!
printf '%s %s\n' "$APPHOST_PID" "$(proc_start_time "$APPHOST_PID")" >"$LOCAL/apphost.pid"

startup_failed() {
  aivideo_warn "Last 40 lines of .local/logs/apphost.log (each resource's own log is in the dashboard, $DASHBOARD_URL/login?t=$BROWSER_TOKEN):"
  tail -n 40 "$LOGS/apphost.log" >&2 || true
  aivideo_die "The system did not come up."
}

if ((SERVICES_ONLY)); then
  # The AppHost writes the file once PostgreSQL, Redis and Azurite answer.
  for ((i = 0; i < HEALTH_TIMEOUT; i++)); do
    [[ -f "$LOCAL/services.env" ]] && break
    kill -0 "$APPHOST_PID" 2>/dev/null || startup_failed
    nap 1
  done
  [[ -f "$LOCAL/services.env" ]] || startup_failed
  cat <<EOF

Services are running (state in .local/): PostgreSQL, Redis and Azurite.
  Dashboard  $DASHBOARD_URL/login?t=$BROWSER_TOKEN

Settings for services run by hand (.local/services.env; the Emulator is expected at
http://127.0.0.1:8010, start it by hand too):
EOF
  sed 's/^/  export /' "$LOCAL/services.env"
  echo
  echo "Press Ctrl-C to stop."
else
  wait_for_http "http://localhost:$API_PORT/health" "$HEALTH_TIMEOUT" "The Api" "$APPHOST_PID" || startup_failed
  cat <<EOF

AIVideo is running under the Aspire AppHost:
  Api        http://localhost:$API_PORT   (docs: http://localhost:$API_PORT/docs)
  Dashboard  $DASHBOARD_URL/login?t=$BROWSER_TOKEN
             resources, console and structured logs, traces and metrics of every service
  State      $LOCAL/   (database, blobs; rm -rf .local resets them)
  Log        $LOGS/apphost.log

Press Ctrl-C to stop.
EOF
fi

while kill -0 "$APPHOST_PID" 2>/dev/null; do
  nap 2
done
aivideo_warn "The AppHost exited unexpectedly; last 40 lines of .local/logs/apphost.log:"
tail -n 40 "$LOGS/apphost.log" >&2 || true
exit 1
