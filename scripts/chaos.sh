#!/usr/bin/env bash
# The fault-injection run (docs/operations.md): starts the whole system in .local/chaos/ (its own PostgreSQL,
# Redis and Azurite, the Emulator, the Api and the Worker, from Release builds), submits generations
# across several users and the three models, some with the Emulator's fail/429/500/slow/moderation
# words, and meanwhile SIGKILLs the Worker (and starts it again) at random moments, runs a second
# Worker for a while, pauses Redis for 10 s, restarts PostgreSQL and redelivers queue messages and
# outbox rows. It then prints the figures and exits non-zero unless every check holds: each failed job
# refunded exactly once, no job lost, no double charge, ledger sum = balance for every user, every
# completed video's media answers 200, every user's balance and videos read through the Api match the
# database. The work is done by tools/AIVideo.Chaos.
#
#   scripts/chaos.sh                      a new random seed (printed)
#   scripts/chaos.sh --seed 4711          the same schedule again
#   scripts/chaos.sh --jobs 80 --users 8  more load (at least 50 jobs make a full run)
#
# Logs of the last run (every service, PostgreSQL, Redis, Azurite) and its summary.md stay in .local/chaos/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
AIVIDEO_LOG_PREFIX=chaos

case "${1:-}" in
  -h | --help)
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
esac

aivideo_install_prereqs
command -v setsid >/dev/null 2>&1 || aivideo_die "setsid (util-linux) is required."

# The tool references the Api, the Worker and the Emulator, so this builds the outputs it starts too.
aivideo_log "Building tools/AIVideo.Chaos with the services (Release)"
dotnet build tools/AIVideo.Chaos/AIVideo.Chaos.csproj -c Release -nologo -v q --disable-build-servers ||
  aivideo_die "Build failed."

exec dotnet tools/AIVideo.Chaos/bin/Release/net10.0/AIVideo.Chaos.dll --root "$AIVIDEO_ROOT" "$@"
