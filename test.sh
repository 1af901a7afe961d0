#!/usr/bin/env bash
# Runs the tests: builds the solution, runs `dotnet test`, and ends with one line
# "N passed, M failed" summed over the TRX result files.
#
#   ./test.sh                                   every test
#   ./test.sh --filter "FullyQualifiedName~Credits"   extra arguments go to `dotnet test`
#
# The integration tests start their own throwaway Postgres, Redis and Azurite; this script
# only makes sure those programs are installed and tells the tests where the repo is.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
AIVIDEO_LOG_PREFIX="test"

aivideo_install_prereqs

# The tests configure every connection themselves. Drop the ones a developer may have
# exported from .local/services.env for an IDE session, so no test reaches the dev database.
while IFS= read -r var; do
  case "$var" in
    ConnectionStrings__* | services__* | Jwt__* | Google__* | AzureAd__*) unset "$var" ;;
  esac
done < <(compgen -e)

# For the test fixtures: the repository root (they run node_modules/.bin/azurite from it),
# and the Postgres server binaries on PATH (Debian keeps initdb/pg_ctl off PATH).
export AIVIDEO_REPO_ROOT=$AIVIDEO_ROOT
export PATH="$AIVIDEO_PG_BIN:$PATH"

SOLUTION=AIVideo.sln
# The unit and integration tests, then the AppHost's end-to-end tests, one project after the other:
# run side by side on two cores they would slow each other into time-outs.
TEST_PROJECTS=(AIVideo.Tests AIVideo.AppHost.Tests)
RESULTS=.local/test-results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# In CI, leave no compiler/MSBuild server processes behind; locally they speed up reruns.
build_args=(-nologo)
if [[ -n "${CI:-}" ]]; then
  build_args+=(--disable-build-servers)
fi

aivideo_log "Building $SOLUTION"
if ! dotnet build "$SOLUTION" "${build_args[@]}"; then
  aivideo_die "Build failed; no tests were run."
fi

# LogFilePrefix (not LogFileName): one TRX file per test project instead of each project
# overwriting the previous one's results.trx.
test_status=0
for project in "${TEST_PROJECTS[@]}"; do
  aivideo_log "Running $project (results in $RESULTS)"
  dotnet test "$project" --no-build --logger "trx;LogFilePrefix=$project" \
    --results-directory "$RESULTS" "$@" || test_status=$?
done

# Sum the <Counters .../> element of every TRX file. Errors, time-outs and aborted tests
# count as failed: each of them is a test that did not pass.
attr() { # attr NAME COUNTERS-ELEMENT -> value of NAME="..." or 0
  local v
  v=$(printf '%s' "$2" | grep -o " $1=\"[0-9]*\"" | head -n1 | tr -dc '0-9') || true
  printf '%s' "${v:-0}"
}
passed=0
failed=0
trx_count=0
while IFS= read -r -d '' trx; do
  trx_count=$((trx_count + 1))
  counters=$(tr '\n' ' ' <"$trx" | grep -o '<Counters [^>]*>' | head -n1) || true
  if [[ -z "$counters" ]]; then
    aivideo_warn "No <Counters> element in $trx (test run aborted?)"
    continue
  fi
  passed=$((passed + $(attr passed "$counters")))
  failed=$((failed + $(attr failed "$counters") + $(attr error "$counters") + $(attr timeout "$counters") + $(attr aborted "$counters")))
done < <(find "$RESULTS" -name '*.trx' -print0)

status=0
if ((test_status != 0)); then
  aivideo_warn "dotnet test exited with status $test_status."
  status=1
fi
if ((trx_count == 0)); then
  aivideo_warn "No TRX result files in $RESULTS."
fi
if ((failed > 0)); then
  status=1
fi
if ((passed + failed == 0)); then
  aivideo_warn "no tests ran"
  status=1
fi
echo "$passed passed, $failed failed"
exit "$status"
