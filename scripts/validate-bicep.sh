#!/usr/bin/env bash
# Builds and lints every Bicep file under infra/ with the Bicep CLI from the NuGet package
# Azure.Bicep.CommandLine.linux-x64 (the only registry CI reaches is NuGet, so no az/bicep install).
# Fails on any error; warnings are printed and fail too, so infra/ stays at zero of them.
#
#   scripts/validate-bicep.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
AIVIDEO_LOG_PREFIX="bicep"

BICEP_VERSION=${AIVIDEO_BICEP_VERSION:-0.49.2}
PACKAGES=${NUGET_PACKAGES:-$HOME/.nuget/packages}
BICEP="$PACKAGES/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep"

if [[ ! -x "$BICEP" ]]; then
  # A restore-only project outside the repository (no Directory.*.props, no central versions):
  # PackageDownload fetches the package into the NuGet cache without referencing it.
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cat >"$tmp/bicep.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$BICEP_VERSION]" /></ItemGroup>
</Project>
XML
  aivideo_log "Downloading Azure.Bicep.CommandLine.linux-x64 $BICEP_VERSION (NuGet)"
  dotnet restore "$tmp/bicep.csproj" -nologo -v q >/dev/null || aivideo_die "Could not restore Azure.Bicep.CommandLine.linux-x64 $BICEP_VERSION."
  [[ -f "$BICEP" ]] || aivideo_die "The package has no tools/bicep at $BICEP."
  chmod +x "$BICEP"
fi

# The CLI is a self-contained .NET app; without ICU it needs invariant globalization.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
# No telemetry and no registry look-ups for module aliases: everything here is local.
export BICEP_TELEMETRY_DISABLED=1

out=$(mktemp -d)
status=0
mapfile -t files < <(find infra -name '*.bicep' | sort)
((${#files[@]} > 0)) || aivideo_die "No Bicep files under infra/."
for file in "${files[@]}"; do
  if ! log=$("$BICEP" build "$file" --outdir "$out" 2>&1) || [[ -n "$log" ]]; then
    printf '%s\n' "$log" >&2
    aivideo_warn "bicep build $file: errors or warnings"
    status=1
  fi
  if ! log=$("$BICEP" lint "$file" 2>&1) || [[ -n "$log" ]]; then
    printf '%s\n' "$log" >&2
    aivideo_warn "bicep lint $file: errors or warnings"
    status=1
  fi
done
rm -rf "$out"
((status == 0)) || aivideo_die "Bicep validation failed."
aivideo_log "${#files[@]} Bicep files build and lint cleanly (Bicep $BICEP_VERSION)"
