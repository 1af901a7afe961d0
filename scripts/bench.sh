#!/usr/bin/env bash
# Every throughput figure of docs/performance.md in one run (a measurement, not a test), side by side with two
# bare Kestrel baselines on the same machine, same wrk settings:
#   bare JSON        Kestrel answering fixed JSON bytes (the cached showcase's own response)
#   bare Npgsql page Kestrel + Npgsql reading the same page of 20 videos with the same SQL as the Api
#   bare user row    Kestrel + Npgsql reading the signed-in user's row with the SQL of GET /auth/me
#   showcase         GET /api/v1/showcase/videos (served from the Redis output cache)
#   auth/me          GET /api/v1/auth/me, signed in
#   videos page      GET /api/v1/videos?page=1&page_size=20 over 20+ finished videos (40 signed URLs)
#   generate         POST /api/v1/videos/generate at BENCH_GENERATE_CONNECTIONS (32), new video each
#   pipeline         BENCH_JOBS (200) generates through the Worker (concurrency 16) against the Emulator
#                    with instant jobs and no first-poll delay: jobs/s from first submit to last
#                    finished, and queue pickup latency (video created -> a Worker claimed it) p50/p99
#   Api RSS          the Api's resident memory after all of the above
# HTTP figures: wrk -t1 -cBENCH_CONNECTIONS (64) -dBENCH_SECONDS (10) after a BENCH_WARMUP_SECONDS (8) warm-up each. One wrk
# thread leaves the other core(s) to the server; load generator, Api, PostgreSQL and Redis share them.
#
#   scripts/bench.sh                     # starts Postgres, Redis, Azurite (run.sh --services-only)
#   BENCH_SERVICES=running scripts/bench.sh   # reuses a running ./run.sh --services-only (.local/services.env)
# Without BENCH_SERVICES it starts fresh ones in .local/bench (emptied first): no queue backlog or
# rows from earlier runs or from development weigh on the figures.
#
# Release builds in Production with the settings Production requires (ProductionSettings.cs) and
# every rate limit raised, nothing else changed. Ports: Api 8100, baseline 8101, Emulator 8102,
# Worker 8103 (AIVIDEO_BENCH_BASE_PORT moves all four). The table goes to .local/logs/bench.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
AIVIDEO_LOG_PREFIX=bench

SECONDS_PER_RUN=${BENCH_SECONDS:-10}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-8}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
GENERATE_CONNECTIONS=${BENCH_GENERATE_CONNECTIONS:-32}
JOBS=${BENCH_JOBS:-200}
WORKER_CONCURRENCY=${BENCH_WORKER_CONCURRENCY:-16}
BASE_PORT=${AIVIDEO_BENCH_BASE_PORT:-8100}
API_URL="http://127.0.0.1:$BASE_PORT"
BARE_URL="http://127.0.0.1:$((BASE_PORT + 1))"
EMULATOR_URL="http://127.0.0.1:$((BASE_PORT + 2))"
WORKER_URL="http://127.0.0.1:$((BASE_PORT + 3))"
# Users made straight in the database for the run (far above real ids), removed before and after.
READER_ID=900000000101
# generate's users, one per connection: a user's charges queue on the row of their balance, and 32
# connections stand for 32 people, not one person pressing the button 2,000 times a second.
WRITER_IDS=($(seq 900000000201 $((900000000200 + GENERATE_CONNECTIONS))))

mkdir -p .local/logs
LOGS=.local/logs
WORK=$(mktemp -d)
SERVICES_PID=''
PIDS=()
cleanup() {
  set +e
  local pid
  for pid in ${PIDS[@]+"${PIDS[@]}"}; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  [[ -n "${PGHOST:-}" ]] && declare -F remove_users >/dev/null && remove_users
  # run.sh stops what it started when it gets SIGTERM.
  [[ -n "$SERVICES_PID" ]] && kill "$SERVICES_PID" 2>/dev/null && wait "$SERVICES_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null 2>&1; then
  aivideo_log "Installing wrk (apt-get)"
  _as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk >/dev/null ||
    { _as_root apt-get update >/dev/null && _as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk >/dev/null; } ||
    aivideo_die "wrk is missing; install it with: sudo apt-get install wrk"
fi
command -v psql >/dev/null || aivideo_die "psql is missing (./run.sh installs PostgreSQL)."
command -v openssl >/dev/null || aivideo_die "openssl is missing."

# ---------------------------------------------------------------------------------------
# Services, builds, database.
# ---------------------------------------------------------------------------------------
SERVICES_DIR=.local
if [[ "${BENCH_SERVICES:-}" != running ]]; then
  SERVICES_DIR=.local/bench
  aivideo_log "Starting fresh Postgres, Redis and Azurite in $SERVICES_DIR (run.sh --services-only; log $LOGS/bench-services.log)"
  rm -rf "$SERVICES_DIR"
  AIVIDEO_DATA_DIR=$PWD/$SERVICES_DIR ./run.sh --services-only >"$LOGS/bench-services.log" 2>&1 &
  SERVICES_PID=$!
  for ((i = 0; i < 300; i++)); do
    # The AppHost writes services.env just after it says so: wait for both.
    grep -q "Services are running" "$LOGS/bench-services.log" && [[ -f "$SERVICES_DIR/services.env" ]] && break
    kill -0 "$SERVICES_PID" 2>/dev/null || { tail -n 30 "$LOGS/bench-services.log" >&2; aivideo_die "run.sh --services-only failed."; }
    sleep 1
  done
  grep -q "Services are running" "$LOGS/bench-services.log" || aivideo_die "The services did not start within 300 s."
fi
[[ -f "$SERVICES_DIR/services.env" ]] || aivideo_die "No $SERVICES_DIR/services.env: start ./run.sh --services-only first."
set -a
# shellcheck disable=SC1091
source "$SERVICES_DIR/services.env"
set +a
# The services run by hand here are Production ones; services.env says Development for a debugger.
unset ASPNETCORE_ENVIRONMENT DOTNET_ENVIRONMENT
export services__videomodel__http__0=$EMULATOR_URL

# psql reads the Npgsql connection string's parts from the environment.
while IFS='=' read -r key value; do
  case "${key,,}" in
  host) export PGHOST=$value ;;
  port) export PGPORT=$value ;;
  username | "user id" | user) export PGUSER=$value ;;
  password) export PGPASSWORD=$value ;;
  database) export PGDATABASE=$value ;;
  esac
done < <(tr ';' '\n' <<<"$ConnectionStrings__aivideodb")
sql() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

aivideo_log "Building the Api, the Worker, the Emulator and the baseline (Release)"
for project in AIVideo.Api/AIVideo.Api.csproj AIVideo.Worker/AIVideo.Worker.csproj AIVideo.Emulator/AIVideo.Emulator.csproj \
  benchmarks/BareKestrel/BareKestrel.csproj; do
  dotnet build "$project" -c Release -nologo -v q --disable-build-servers >"$WORK/build.log" 2>&1 ||
    { tail -n 30 "$WORK/build.log" >&2; aivideo_die "Build of $project failed."; }
done
(cd AIVideo.Api && bin/Release/net10.0/AIVideo.Api migrate) >"$LOGS/bench-migrate.log" 2>&1 ||
  aivideo_die "Migration failed ($LOGS/bench-migrate.log)."

remove_users() { sql -c "DELETE FROM users WHERE id = $READER_ID OR id BETWEEN ${WRITER_IDS[0]} AND ${WRITER_IDS[-1]}" >/dev/null; }
remove_users
sql -c "INSERT INTO users (id, google_sub, email, credits)
  SELECT id, 'bench-' || id, 'bench-' || id || '@example.com', 1000000000
  FROM unnest(ARRAY[$READER_ID, $(IFS=,; echo "${WRITER_IDS[*]}")]::bigint[]) AS id" >/dev/null

# An HS256 access token with the claims TokenService issues, for a session that no refresh token
# has ended (the Api's session check passes), valid for an hour.
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
access_token() { # USER_ID
  local now header payload signature
  now=$(date +%s)
  header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"sub":"%s","sid":"%s","jti":"%s","token_type":"access","iss":"aivideo-api","aud":"aivideo-web","iat":%d,"nbf":%d,"exp":%d}' \
    "$1" "$(cat /proc/sys/kernel/random/uuid)" "$(cat /proc/sys/kernel/random/uuid)" "$now" "$now" $((now + 3600)) | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$Jwt__SigningKey" -binary | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}
READER_TOKEN=$(access_token "$READER_ID")
WRITER_TOKENS=$(for id in "${WRITER_IDS[@]}"; do access_token "$id"; echo; done | paste -sd,)

# ---------------------------------------------------------------------------------------
# Processes.
# ---------------------------------------------------------------------------------------
aivideo_log "Starting the Emulator ($EMULATOR_URL): jobs finish at once, the bundled clip instead of ffmpeg"
(cd AIVideo.Emulator && exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production ASPNETCORE_URLS="$EMULATOR_URL" \
  Logging__LogLevel__Default=Warning Emulator__JobDuration=00:00:00 Emulator__FfmpegPath=/nonexistent/ffmpeg \
  bin/Release/net10.0/AIVideo.Emulator) >"$LOGS/bench-emulator.log" 2>&1 &
EMULATOR_PID=$!
PIDS+=("$EMULATOR_PID")
wait_for_http "$EMULATOR_URL/health" 60 Emulator "${PIDS[-1]}" || { tail -n 30 "$LOGS/bench-emulator.log" >&2; exit 1; }

# Each process's Npgsql pool defaults to 100 connections, PostgreSQL's own limit: the Api, the
# Worker, the baseline and the pickup watcher together must stay under it.
API_DATABASE="$ConnectionStrings__aivideodb;Maximum Pool Size=50"
WORKER_DATABASE="$ConnectionStrings__aivideodb;Maximum Pool Size=30"

aivideo_log "Starting the Api ($API_URL) in Production, rate limits raised"
# Production has no defaults for these (ProductionSettings.cs); nobody signs in through Google or pays here.
(cd AIVideo.Api && exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production ASPNETCORE_URLS="$API_URL" \
  ConnectionStrings__aivideodb="$API_DATABASE" Logging__LogLevel__Default=Warning \
  Cors__AllowedOrigins__0=http://localhost:3000 Google__AllowedRedirectUris__0=http://localhost:3000/auth/callback \
  ForwardedHeaders__KnownNetworks__0=127.0.0.0/8 Stripe__SecretKey=sk_test_bench Stripe__WebhookSecret=whsec_bench \
  RateLimits__Default__PermitLimit=1000000000 RateLimits__Generate__PermitLimit=1000000000 \
  RateLimits__Auth__PermitLimit=1000000000 RateLimits__Upload__PermitLimit=1000000000 \
  bin/Release/net10.0/AIVideo.Api) >"$LOGS/bench-api.log" 2>&1 &
API_PID=$!
PIDS+=("$API_PID")
wait_for_http "$API_URL/health" 60 Api "$API_PID" || { tail -n 30 "$LOGS/bench-api.log" >&2; exit 1; }

# ---------------------------------------------------------------------------------------
# Measuring.
# ---------------------------------------------------------------------------------------
to_ms() { # wrk's "1.23ms" / "850.00us" / "1.02s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'
}
declare -A RPS=() P50=() P99=()
# Where the CPU went during a row: each part's CPU time over the machine's whole capacity in that
# time (all cores), from /proc. What a row is bound by shows here: the Api, PostgreSQL, Azurite...
declare -A CPU=()
cpu_parts() { # -> "name ticks" lines for each part, then "machine busy idle"
  local part pids
  for part in api worker emulator bare postgres redis azurite; do
    case $part in
    api) pids=${API_PID:-} ;;
    worker) pids=${WORKER_PID:-} ;;
    emulator) pids=${EMULATOR_PID:-} ;;
    bare) pids=${BARE_PID:-} ;;
    postgres) pids=$(pgrep -x postgres | tr '\n' ' ') ;;
    redis) pids=$(pgrep -x redis-server | tr '\n' ' ') ;;
    azurite) pids=$(pgrep -f 'azurite' | tr '\n' ' ') ;;
    esac
    # shellcheck disable=SC2086
    echo "$part $(cat $(printf '/proc/%s/stat ' $pids) 2>/dev/null | awk '{t += $14 + $15} END {print t + 0}')"
  done
  awk '$1 == "cpu" {print "machine", $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat
}
cpu_share() { # NAME BEFORE_FILE AFTER_FILE -> CPU[NAME]
  CPU[$1]=$(awk 'NR == FNR {before[$1] = $2; idle0 = $3; next}
    $1 == "machine" {capacity = ($2 - before["machine"]) + ($3 - idle0); busy = $2 - before["machine"]; next}
    {used[$1] = $2 - before[$1]; order[++n] = $1}
    END {
      known = 0
      for (i = 1; i <= n; i++) if (used[order[i]] > 0) { printf "%s %.0f%%, ", order[i], 100 * used[order[i]] / capacity; known += used[order[i]] }
      printf "load generator and other %.0f%%, idle %.0f%%", 100 * (busy - known) / capacity, 100 * (capacity - busy) / capacity
    }' "$2" "$3")
}

measure() { # NAME CONNECTIONS URL [wrk options...] -> RPS[NAME], P50[NAME], P99[NAME], CPU[NAME]
  local name=$1 connections=$2 url=$3
  shift 3
  # Warm-up: connection pools, caches, and the JIT's tiers (a method reaches its optimised code
  # only after some seconds of calls; the first rows of a fresh process would measure less).
  wrk -t1 -c"$connections" -d"${WARMUP_SECONDS}s" "$@" "$url" >/dev/null
  cpu_parts >"$WORK/cpu-before.txt"
  wrk -t1 -c"$connections" -d"${SECONDS_PER_RUN}s" --latency "$@" "$url" >"$WORK/wrk.txt"
  cpu_parts >"$WORK/cpu-after.txt"
  cpu_share "$name" "$WORK/cpu-before.txt" "$WORK/cpu-after.txt"
  cat "$WORK/wrk.txt" >>"$LOGS/bench-wrk.log"
  # A request slower than wrk's 2 s time-out counts as a socket error: that is latency, not a wrong
  # answer, so it is reported; an answer other than 2xx means the row measured something else.
  if grep -qE '^\s*Socket errors' "$WORK/wrk.txt"; then
    aivideo_log "  $name: $(grep -E '^\s*Socket errors' "$WORK/wrk.txt" | sed 's/^ *//')"
  fi
  if grep -qE '^\s*Non-2xx' "$WORK/wrk.txt"; then
    cat "$WORK/wrk.txt" >&2
    aivideo_die "$name: $url answered errors under load."
  fi
  RPS[$name]=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$WORK/wrk.txt")
  P50[$name]=$(to_ms "$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")")
  P99[$name]=$(to_ms "$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")")
  aivideo_log "  $name: ${RPS[$name]} requests/s, p50 ${P50[$name]} ms, p99 ${P99[$name]} ms; cpu: ${CPU[$name]}"
}
: >"$LOGS/bench-wrk.log"

# The showcase's response is the bare JSON baseline's body: the same bytes, without the framework.
curl -fsS "$API_URL/api/v1/showcase/videos" -o "$WORK/showcase.json"
aivideo_log "Starting the bare Kestrel baseline ($BARE_URL)"
benchmarks/BareKestrel/bin/Release/net10.0/BareKestrel "$WORK/showcase.json" --urls "$BARE_URL" \
  --db "$ConnectionStrings__aivideodb" --user "$READER_ID" >"$LOGS/bench-bare.log" 2>&1 &
BARE_PID=$!
PIDS+=("$BARE_PID")
wait_for_http "$BARE_URL/api/v1/showcase/videos" 30 BareKestrel "${PIDS[-1]}" || { tail -n 30 "$LOGS/bench-bare.log" >&2; exit 1; }

aivideo_log "wrk -t1: $CONNECTIONS connections, $SECONDS_PER_RUN s each (after $WARMUP_SECONDS s of warm-up)"
measure bare_json "$CONNECTIONS" "$BARE_URL/api/v1/showcase/videos"
measure showcase "$CONNECTIONS" "$API_URL/api/v1/showcase/videos"
measure bare_me "$CONNECTIONS" "$BARE_URL/api/v1/auth/me"
measure auth_me "$CONNECTIONS" "$API_URL/api/v1/auth/me" -H "Authorization: Bearer $READER_TOKEN"

# The pipeline fills the reader's page with finished videos (40 media URLs to sign) before it is read.
aivideo_log "Pipeline: $JOBS generates through the Worker (concurrency $WORKER_CONCURRENCY)"
(cd AIVideo.Worker && exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production ASPNETCORE_URLS="$WORKER_URL" \
  ConnectionStrings__aivideodb="$WORKER_DATABASE" Logging__LogLevel__Default=Warning VideoJobs__Concurrency="$WORKER_CONCURRENCY" \
  VideoJobs__PollInterval=00:00:00 VideoJobs__PollIntervals__openai-videos=00:00:00 \
  VideoJobs__PollIntervals__azure-sora-jobs=00:00:00 VideoJobs__PollIntervals__runway=00:00:00 \
  bin/Release/net10.0/AIVideo.Worker) >"$LOGS/bench-worker.log" 2>&1 &
WORKER_PID=$!
PIDS+=("$WORKER_PID")
wait_for_http "$WORKER_URL/health" 60 Worker "$WORKER_PID" || { tail -n 30 "$LOGS/bench-worker.log" >&2; exit 1; }

# Watches the videos from one session every 10 ms, noting when each was first claimed by a Worker
# (its step claim set, or no longer pending): the pickup latency's end, to within 10 ms.
sql -v user="$READER_ID" -v jobs="$JOBS" >"$WORK/pickup.txt" <<'SQL' &
SET bench.user_id = :'user';
SET bench.job_count = :'jobs';
CREATE TEMP TABLE picked (id bigint PRIMARY KEY, seen_at timestamp NOT NULL);
DO $$
DECLARE
  deadline timestamptz := clock_timestamp() + interval '600 seconds';
BEGIN
  LOOP
    INSERT INTO picked
      SELECT id, clock_timestamp() AT TIME ZONE 'UTC' FROM videos
      WHERE user_id = current_setting('bench.user_id')::bigint AND (job_claim IS NOT NULL OR status <> 'pending')
      ON CONFLICT DO NOTHING;
    EXIT WHEN (SELECT count(*) FROM picked) >= current_setting('bench.job_count')::int OR clock_timestamp() > deadline;
    PERFORM pg_sleep(0.01);
  END LOOP;
END $$;
SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 0) || ' ' || round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 0)
FROM (SELECT extract(epoch FROM p.seen_at - v.created_at) * 1000 AS ms FROM picked p JOIN videos v USING (id)) AS waits;
SQL
WATCH_PID=$!
PIDS+=("$WATCH_PID")

cpu_parts >"$WORK/cpu-before.txt"
seq "$JOBS" | xargs -P 16 -I{} curl -sS -o /dev/null -w '%{http_code}\n' -X POST "$API_URL/api/v1/videos/generate" \
  -H "Authorization: Bearer $READER_TOKEN" -H 'Content-Type: application/json' \
  -d '{"prompt":"A calm sea at dawn, job {} of the benchmark","model":"sora-2"}' >"$WORK/submits.txt"
[[ "$(grep -vc '^201$' "$WORK/submits.txt")" == 0 ]] || aivideo_die "Some generates were refused: $(sort "$WORK/submits.txt" | uniq -c | tr '\n' ' ')"
for ((i = 0; i < 3000; i++)); do
  finished=$(sql -c "SELECT count(*) FROM videos WHERE user_id = $READER_ID AND status IN ('completed', 'failed')")
  ((finished >= JOBS)) && break
  sleep 0.2
done
((finished >= JOBS)) || aivideo_die "Only $finished of $JOBS jobs finished within 600 s ($LOGS/bench-worker.log)."
cpu_parts >"$WORK/cpu-after.txt"
cpu_share pipeline "$WORK/cpu-before.txt" "$WORK/cpu-after.txt"
read -r JOBS_PER_SECOND FAILED < <(sql -F ' ' -c "SELECT round(count(*) / extract(epoch FROM max(updated_at) - min(created_at))::numeric, 1),
  count(*) FILTER (WHERE status = 'failed') FROM videos WHERE user_id = $READER_ID")
wait "$WATCH_PID" || aivideo_die "The pickup watch failed."
read -r PICKUP_P50 PICKUP_P99 <"$WORK/pickup.txt"
aivideo_log "  pipeline: $JOBS_PER_SECOND jobs/s, $FAILED failed, pickup p50 $PICKUP_P50 ms, p99 $PICKUP_P99 ms; cpu: ${CPU[pipeline]}"
kill "$WORKER_PID" 2>/dev/null && wait "$WORKER_PID" 2>/dev/null || true

measure bare_page "$CONNECTIONS" "$BARE_URL/api/v1/videos?page=1&page_size=20"
measure videos "$CONNECTIONS" "$API_URL/api/v1/videos?page=1&page_size=20" -H "Authorization: Bearer $READER_TOKEN"
# Last: its thousands of queued jobs wait for no Worker and disturb nothing after.
BENCH_TOKENS=$WRITER_TOKENS measure generate "$GENERATE_CONNECTIONS" "$API_URL/api/v1/videos/generate" -s benchmarks/wrk/generate.lua

RSS_MB=$(($(awk '$1 == "VmRSS:" {print $2}' "/proc/$API_PID/status") / 1024))
# Anonymous memory is the managed heap and native allocations; file memory is mapped assemblies and
# libraries; shared memory is mostly the runtime's generated code, mapped twice (writable, executable).
RSS_SPLIT=$(awk '$1 == "RssAnon:" {a = $2} $1 == "RssFile:" {f = $2} $1 == "RssShmem:" {m = $2}
  END {printf "%d MB anonymous, %d MB mapped files, %d MB shared", a / 1024, f / 1024, m / 1024}' "/proc/$API_PID/status")

# ---------------------------------------------------------------------------------------
# The table.
# ---------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
row() { # LABEL NAME RATIOS
  printf '| %s | %s | %s | %s | %s |\n' "$1" "${RPS[$2]}" "${P50[$2]}" "${P99[$2]}" "$3"
}
{
  echo "| workload | requests/s | p50 ms | p99 ms | ratio (target) |"
  echo "|---|---|---|---|---|"
  row "bare Kestrel, fixed JSON (baseline)" bare_json "1"
  row "bare Kestrel + Npgsql, page of 20 videos (baseline)" bare_page "$(ratio "${RPS[bare_page]}" "${RPS[bare_json]}") of bare JSON"
  row "bare Kestrel + Npgsql, one user row (baseline)" bare_me "$(ratio "${RPS[bare_me]}" "${RPS[bare_json]}") of bare JSON"
  row '`GET /api/v1/showcase/videos` (cached)' showcase "$(ratio "${RPS[showcase]}" "${RPS[bare_json]}") of bare JSON (≥ 0.70)"
  row '`GET /api/v1/auth/me`' auth_me "$(ratio "${RPS[auth_me]}" "${RPS[bare_json]}") of bare JSON (≥ 0.30, p99 < 10 ms), $(ratio "${RPS[auth_me]}" "${RPS[bare_me]}") of bare user row"
  row '`GET /api/v1/videos?page=1&page_size=20`' videos \
    "$(ratio "${RPS[videos]}" "${RPS[bare_page]}") of bare page (≥ 0.70), $(ratio "${RPS[videos]}" "${RPS[bare_json]}") of bare JSON (≥ 0.10, p99 < 20 ms)"
  row "\`POST /api/v1/videos/generate\` ($GENERATE_CONNECTIONS connections)" generate "(≥ 2,000/s, p99 < 30 ms)"
  echo "| pipeline: $JOBS jobs, Worker concurrency $WORKER_CONCURRENCY, Emulator instant | $JOBS_PER_SECOND jobs/s, $FAILED failed | pickup $PICKUP_P50 | pickup $PICKUP_P99 | (≥ 50 jobs/s, no failures, pickup p50 < 200 ms) |"
  echo "| Api resident memory after the runs | $RSS_MB MB ($RSS_SPLIT) | | | (< 200 MB) |"
  echo
  echo "Where the CPU went in each row (share of all $(nproc) cores over the row's run):"
  echo
  echo "| workload | CPU |"
  echo "|---|---|"
  for name in bare_json bare_page bare_me showcase auth_me videos generate pipeline; do
    echo "| $name | ${CPU[$name]} |"
  done
  echo
  echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); wrk -t1, ${CONNECTIONS} connections (generate ${GENERATE_CONNECTIONS}), ${SECONDS_PER_RUN} s per run; $(date -u +%Y-%m-%d)."
} | tee "$LOGS/bench.md"
