#!/usr/bin/env bash
# Memory benchmark of image checks under a decompression bomb (a measurement, not a test): BENCH_REQUESTS
# (default 50) concurrent anonymous POST /api/v1/upload/validate, each carrying the same ~290 KB JPEG of
# BENCH_SIDE×BENCH_SIDE pixels (default 7000: 49 MP, just under the 50 MP limit, so it is decoded, not
# refused), BENCH_ROUNDS times (default 3). Prints the Api's resident memory before, its peak (the
# kernel's VmHWM, which no sampling can miss) and the answers. The aim is a peak under 400 MB.
# It starts Postgres, Redis and Azurite with `run.sh --services-only` (stop a running ./run.sh first),
# makes the image with ffmpeg, and runs a Release Api on AIVIDEO_BENCH_API_PORT (default 8800) in
# Production with its default settings, except the Upload rate limit (20 a minute per address), raised
# so that every request reaches the decoder instead of the 21st being refused.
#
#   scripts/bench-image-bomb.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
AIVIDEO_LOG_PREFIX=bench

REQUESTS=${BENCH_REQUESTS:-50}
ROUNDS=${BENCH_ROUNDS:-3}
SIDE=${BENCH_SIDE:-7000}
API_PORT=${AIVIDEO_BENCH_API_PORT:-8800}
API_URL="http://127.0.0.1:$API_PORT"
export AIVIDEO_PG_PORT=${AIVIDEO_PG_PORT:-55832}
export AIVIDEO_REDIS_PORT=${AIVIDEO_REDIS_PORT:-56879}
export AIVIDEO_AZURITE_BLOB_PORT=${AIVIDEO_AZURITE_BLOB_PORT:-10800}
export AIVIDEO_AZURITE_QUEUE_PORT=${AIVIDEO_AZURITE_QUEUE_PORT:-10801}
export AIVIDEO_AZURITE_TABLE_PORT=${AIVIDEO_AZURITE_TABLE_PORT:-10802}

command -v ffmpeg >/dev/null || aivideo_die "ffmpeg is missing (./run.sh installs it)."
command -v curl >/dev/null || aivideo_die "curl is missing (./run.sh installs it)."

SERVICES_PID=''
API_PID=''
WORK=$(mktemp -d)
cleanup() {
  set +e
  [[ -n "$API_PID" ]] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null
  # run.sh stops what it started when it gets SIGTERM.
  [[ -n "$SERVICES_PID" ]] && kill "$SERVICES_PID" 2>/dev/null && wait "$SERVICES_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# A flat grey picture: almost nothing to encode, 4 bytes a pixel once decoded in full.
ffmpeg -v error -f lavfi -i "color=c=0x808080:s=${SIDE}x${SIDE}" -frames:v 1 -q:v 2 "$WORK/bomb.jpg"
BYTES=$(stat -c %s "$WORK/bomb.jpg")

mkdir -p .local/logs
aivideo_log "Starting Postgres, Redis and Azurite (run.sh --services-only; log .local/logs/bench-services.log)"
./run.sh --services-only >.local/logs/bench-services.log 2>&1 &
SERVICES_PID=$!
for ((i = 0; i < 300; i++)); do
  # The AppHost writes services.env just after it says so: wait for both.
  grep -q "Services are running" .local/logs/bench-services.log && [[ -f .local/services.env ]] && break
  kill -0 "$SERVICES_PID" 2>/dev/null || { tail -n 30 .local/logs/bench-services.log >&2; aivideo_die "run.sh --services-only failed."; }
  sleep 1
done
grep -q "Services are running" .local/logs/bench-services.log || aivideo_die "The services did not start within 300 s."
set -a
# shellcheck disable=SC1091
source .local/services.env
set +a

aivideo_log "Building the Api (Release)"
dotnet build AIVideo.Api/AIVideo.Api.csproj -c Release -nologo -v q
API_DIR=AIVideo.Api/bin/Release/net10.0
(cd AIVideo.Api && dotnet "../$API_DIR/AIVideo.Api.dll" migrate) >.local/logs/bench-migrate.log 2>&1 ||
  aivideo_die "Migration failed (.local/logs/bench-migrate.log)."

aivideo_log "Starting the Api on $API_URL (log .local/logs/bench-api.log)"
# Production refuses to start without these; the benchmark signs nobody in through Google.
ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production ASPNETCORE_URLS="$API_URL" \
  Cors__AllowedOrigins__0=http://localhost:3000 Google__AllowedRedirectUris__0=http://localhost:3000/auth/callback \
  Google__ClientId=bench Google__ClientSecret=bench ForwardedHeaders__KnownNetworks__0=127.0.0.0/8 \
  RateLimits__Upload__PermitLimit=1000000 \
  Logging__LogLevel__Default=Warning "$API_DIR/AIVideo.Api" >.local/logs/bench-api.log 2>&1 &
API_PID=$!
wait_for_http "$API_URL/health" 60 Api "$API_PID" || aivideo_die "The Api did not start (.local/logs/bench-api.log)."

kib() { awk -v key="$1:" '$1 == key {print $2}' "/proc/$API_PID/status"; }
# One small validation first, so JIT and the decoder's first use are in the baseline, not the peak.
ffmpeg -v error -f lavfi -i "color=c=0x808080:s=64x64" -frames:v 1 "$WORK/small.jpg"
curl -fsS -o /dev/null -F "file=@$WORK/small.jpg;type=image/jpeg" "$API_URL/api/v1/upload/validate"
BEFORE=$(kib VmRSS)

aivideo_log "Sending $ROUNDS rounds of $REQUESTS concurrent validations of a ${SIDE}x${SIDE} JPEG of $BYTES bytes"
: >"$WORK/codes"
for ((round = 1; round <= ROUNDS; round++)); do
  start=$(date +%s.%N)
  seq "$REQUESTS" | xargs -P "$REQUESTS" -I{} \
    curl -sS -o /dev/null -w '%{http_code}\n' -F "file=@$WORK/bomb.jpg;type=image/jpeg" "$API_URL/api/v1/upload/validate" >>"$WORK/codes"
  aivideo_log "  round $round: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s, RSS now $(($(kib VmRSS) / 1024)) MB"
done
PEAK=$(kib VmHWM)

cat <<SUMMARY | tee .local/logs/bench-image-bomb.txt

  image                  ${SIDE}x${SIDE} JPEG, ${BYTES} bytes
  requests               ${ROUNDS} rounds of ${REQUESTS} at once: $(sort "$WORK/codes" | uniq -c | awk '{printf "%s×%s ", $1, $2}')
  Api RSS before         $((BEFORE / 1024)) MB
  Api RSS peak (VmHWM)   $((PEAK / 1024)) MB   (aim: under 400 MB)
  machine                $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
SUMMARY
