#!/usr/bin/env bash
# Builds and lints every Bicep file under infra/ with the Bicep CLI of scripts/bicep.sh (the NuGet
# package Azure.Bicep.CommandLine.linux-x64).
# Fails on any error; warnings are printed and fail too, so infra/ stays at zero of them.
#
#   scripts/validate-bicep.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
AIVIDEO_LOG_PREFIX="bicep"

# Fetch the CLI first, so its download message is not taken for a warning below.
scripts/bicep.sh --version >/dev/null

out=$(mktemp -d)
status=0
mapfile -t files < <(find infra -name '*.bicep' | sort)
((${#files[@]} > 0)) || aivideo_die "No Bicep files under infra/."
for file in "${files[@]}"; do
  if ! log=$(scripts/bicep.sh build "$file" --outdir "$out" 2>&1) || [[ -n "$log" ]]; then
    printf '%s\n' "$log" >&2
    aivideo_warn "bicep build $file: errors or warnings"
    status=1
  fi
  if ! log=$(scripts/bicep.sh lint "$file" 2>&1) || [[ -n "$log" ]]; then
    printf '%s\n' "$log" >&2
    aivideo_warn "bicep lint $file: errors or warnings"
    status=1
  fi
done
rm -rf "$out"
((status == 0)) || aivideo_die "Bicep validation failed."
aivideo_log "${#files[@]} Bicep files build and lint cleanly (Bicep ${AIVIDEO_BICEP_VERSION:-0.49.2})"
