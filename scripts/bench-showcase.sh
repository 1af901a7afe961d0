#!/usr/bin/env bash
# Load benchmark (not a test): GET /api/v1/showcase/videos served from the Redis output cache,
# against a bare Kestrel endpoint returning the same JSON bytes, on the same machine with the
# same wrk settings. Prints both throughputs and their ratio (the target is at least 0.5).
#
#   ./run.sh --services-only            # in another terminal (or a full ./run.sh)
#   scripts/bench-showcase.sh [SECONDS] [CONNECTIONS]     # defaults: 20 s, 64 connections
#
# Both servers are Release builds started here in Production mode with warnings-only logging,
# the Api on 127.0.0.1:8100 and the baseline on :8101, over the services of ./run.sh. The Api
# keeps its whole pipeline, the Redis rate limit counter included; only the default policy's
# number is raised so that one wrk client is not refused after 100 requests.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
AIVIDEO_LOG_PREFIX="bench"

DURATION=${1:-20}
CONNECTIONS=${2:-64}
API_URL=http://127.0.0.1:8100
BARE_URL=http://127.0.0.1:8101
PATH_UNDER_TEST=/api/v1/showcase/videos
WORK=$(mktemp -d)
PIDS=()
cleanup() {
  local pid
  for pid in ${PIDS[@]+"${PIDS[@]}"}; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[[ -f .local/services.env ]] || aivideo_die "Start ./run.sh --services-only (or ./run.sh) first: it writes .local/services.env."
set -a
# shellcheck disable=SC1091
. .local/services.env
set +a

if ! command -v wrk >/dev/null 2>&1; then
  aivideo_log "Installing wrk (apt-get)"
  _as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk >/dev/null ||
    aivideo_die "wrk is missing; install it with: sudo apt-get install wrk"
fi

aivideo_log "Building the Api and the baseline (Release)"
dotnet build AIVideo.Api/AIVideo.Api.csproj -c Release -nologo -v q --disable-build-servers >/dev/null
dotnet build benchmarks/BareKestrel/BareKestrel.csproj -c Release -nologo -v q --disable-build-servers >/dev/null

# Idempotent: a no-op after ./run.sh, the schema and seed data after --services-only.
aivideo_log "Applying migrations and seed data"
(cd AIVideo.Api && bin/Release/net10.0/AIVideo.Api migrate) >"$WORK/migrate.log" 2>&1 ||
  { tail -n 30 "$WORK/migrate.log" >&2; aivideo_die "Migration failed."; }

aivideo_log "Starting the Api on $API_URL"
# Production refuses to start without these; the benchmark signs nobody in through Google.
(cd AIVideo.Api && exec env ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
  ASPNETCORE_URLS="$API_URL" Logging__LogLevel__Default=Warning \
  Cors__AllowedOrigins__0=http://localhost:3000 Google__AllowedRedirectUris__0=http://localhost:3000/auth/callback \
  Google__ClientId=bench Google__ClientSecret=bench ForwardedHeaders__KnownNetworks__0=127.0.0.0/8 \
  RateLimits__Default__PermitLimit=1000000000 \
  bin/Release/net10.0/AIVideo.Api) >"$WORK/api.log" 2>&1 &
PIDS+=($!)
wait_for_http "$API_URL/health" 60 Api "${PIDS[0]}" || { tail -n 30 "$WORK/api.log" >&2; exit 1; }

# The first read fills the cache; the baseline serves exactly the bytes the Api serves.
curl -fsS "$API_URL$PATH_UNDER_TEST" -o "$WORK/response.json"
curl -fsS "$API_URL$PATH_UNDER_TEST" -o /dev/null
aivideo_log "Response: $(wc -c <"$WORK/response.json") bytes of JSON"

aivideo_log "Starting the bare Kestrel baseline on $BARE_URL"
benchmarks/BareKestrel/bin/Release/net10.0/BareKestrel "$WORK/response.json" --urls "$BARE_URL" >"$WORK/bare.log" 2>&1 &
PIDS+=($!)
wait_for_http "$BARE_URL$PATH_UNDER_TEST" 30 BareKestrel "${PIDS[1]}" || { tail -n 30 "$WORK/bare.log" >&2; exit 1; }

# One wrk thread leaves the other core to the server under test (this machine may have two).
measure() { # URL -> requests/second
  wrk -t1 -c"$CONNECTIONS" -d5s "$1" >/dev/null # warm-up: JIT, connection pools
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$1" | tee "$WORK/wrk.txt" >&2
  grep -E '^\s*Non-2xx' "$WORK/wrk.txt" >&2 && aivideo_die "$1 answered errors under load."
  awk '/^Requests\/sec:/ {print $2}' "$WORK/wrk.txt"
}

aivideo_log "wrk: ${CONNECTIONS} connections, ${DURATION} s, against the Api (cached showcase)"
api_rps=$(measure "$API_URL$PATH_UNDER_TEST")
aivideo_log "wrk: the same against the bare Kestrel endpoint"
bare_rps=$(measure "$BARE_URL$PATH_UNDER_TEST")

ratio=$(awk -v a="$api_rps" -v b="$bare_rps" 'BEGIN { printf "%.2f", a / b }')
cat <<SUMMARY

  cached showcase (Api)   ${api_rps} requests/s
  bare Kestrel, same JSON ${bare_rps} requests/s
  ratio                   ${ratio}   (target: at least 0.50)
  machine                 $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
SUMMARY
