#!/usr/bin/env bash
# Capacity benchmark of the realtime endpoint (a measurement, not a test):
#   1. RSS of one Api process (Release build) holding BENCH_IDLE idle WebSockets (default 10,000);
#   2. delivery latency, Redis publish -> WebSocket client, p50/p99, at BENCH_ACTIVE connections
#      (default 1,000), BENCH_PER_USER connections per user (default 10), BENCH_ROUNDS rounds of one
#      event per user (default 200, after 10 uncounted warm-up rounds), one round every
#      BENCH_ROUND_MS milliseconds (default 50: 20,000 deliveries a second at 1,000 connections).
# It starts Postgres, Redis and Azurite with `run.sh --services-only` (under the AppHost, on ports it
# picks; stop a running ./run.sh first), a Release Api on AIVIDEO_BENCH_API_PORT (default 8700), then
# the client in benchmarks/realtime. The client runs on the same machine and shares its CPUs.
#
#   scripts/bench-realtime.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
AIVIDEO_LOG_PREFIX=bench

IDLE=${BENCH_IDLE:-10000}
ACTIVE=${BENCH_ACTIVE:-1000}
PER_USER=${BENCH_PER_USER:-10}
ROUNDS=${BENCH_ROUNDS:-200}
ROUND_MS=${BENCH_ROUND_MS:-50}
API_PORT=${AIVIDEO_BENCH_API_PORT:-8700}
export AIVIDEO_PG_PORT=${AIVIDEO_PG_PORT:-55732}
export AIVIDEO_REDIS_PORT=${AIVIDEO_REDIS_PORT:-56779}
export AIVIDEO_AZURITE_BLOB_PORT=${AIVIDEO_AZURITE_BLOB_PORT:-10700}
export AIVIDEO_AZURITE_QUEUE_PORT=${AIVIDEO_AZURITE_QUEUE_PORT:-10701}
export AIVIDEO_AZURITE_TABLE_PORT=${AIVIDEO_AZURITE_TABLE_PORT:-10702}

# Every connection is a file descriptor, in the Api and in the client.
needed=$((IDLE + 1024))
hard=$(ulimit -Hn)
if [[ "$hard" != unlimited ]] && ((hard < needed)); then
  aivideo_die "ulimit -Hn is $hard; $IDLE connections need $needed. Raise the hard limit (limits.conf) or lower BENCH_IDLE."
fi
ulimit -n "$needed"

SERVICES_PID=''
API_PID=''
cleanup() {
  set +e
  [[ -n "$API_PID" ]] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null
  # run.sh stops what it started when it gets SIGTERM.
  [[ -n "$SERVICES_PID" ]] && kill "$SERVICES_PID" 2>/dev/null && wait "$SERVICES_PID" 2>/dev/null
}
trap cleanup EXIT

mkdir -p .local/logs
aivideo_log "Starting Postgres, Redis and Azurite (run.sh --services-only; log .local/logs/bench-services.log)"
./run.sh --services-only >.local/logs/bench-services.log 2>&1 &
SERVICES_PID=$!
for ((i = 0; i < 180; i++)); do
  grep -q "Services are running" .local/logs/bench-services.log && break
  kill -0 "$SERVICES_PID" 2>/dev/null || { tail -n 30 .local/logs/bench-services.log >&2; aivideo_die "run.sh --services-only failed."; }
  sleep 1
done
grep -q "Services are running" .local/logs/bench-services.log || aivideo_die "The services did not start within 180 s."
set -a
# shellcheck disable=SC1091
source .local/services.env
set +a

aivideo_log "Building the Api and the benchmark client (Release)"
dotnet build AIVideo.Api/AIVideo.Api.csproj -c Release -nologo -v q
dotnet build benchmarks/realtime/RealtimeBench.csproj -c Release -nologo -v q
API_DIR=AIVideo.Api/bin/Release/net10.0
(cd AIVideo.Api && dotnet "../$API_DIR/AIVideo.Api.dll" migrate) >.local/logs/bench-migrate.log 2>&1 ||
  aivideo_die "Migration failed (.local/logs/bench-migrate.log)."

aivideo_log "Starting the Api on http://127.0.0.1:$API_PORT (log .local/logs/bench-api.log)"
# Production refuses to start without these; the benchmark signs nobody in through Google.
ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$API_PORT" \
  Cors__AllowedOrigins__0=http://localhost:3000 Google__AllowedRedirectUris__0=http://localhost:3000/auth/callback \
  Google__ClientId=bench Google__ClientSecret=bench ForwardedHeaders__KnownNetworks__0=127.0.0.0/8 \
  Logging__LogLevel__Default=Warning "$API_DIR/AIVideo.Api" >.local/logs/bench-api.log 2>&1 &
API_PID=$!
wait_for_http "http://127.0.0.1:$API_PORT/health" 60 Api "$API_PID" || aivideo_die "The Api did not start (.local/logs/bench-api.log)."

aivideo_log "Running: $IDLE idle connections, latency at $ACTIVE connections ($PER_USER per user, $ROUNDS rounds, one every $ROUND_MS ms)"
dotnet benchmarks/realtime/bin/Release/net10.0/RealtimeBench.dll \
  --api "http://127.0.0.1:$API_PORT" --redis "$ConnectionStrings__cache" --db "$ConnectionStrings__aivideodb" \
  --jwt-key "$Jwt__SigningKey" --api-pid "$API_PID" \
  --idle "$IDLE" --active "$ACTIVE" --per-user "$PER_USER" --rounds "$ROUNDS" --round-ms "$ROUND_MS" | tee .local/logs/bench-result.txt
