#!/usr/bin/env bash
# Runs the Bicep CLI of the NuGet package Azure.Bicep.CommandLine.linux-x64 (the only registry CI
# reaches is NuGet, so no az/bicep install), fetching it into the NuGet cache on first use.
# scripts/validate-bicep.sh and the deployment tests (AIVideo.Tests/Deployment) both run it.
#
#   scripts/bicep.sh build infra/main.bicep --stdout
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source=scripts/lib.sh
source "$root/scripts/lib.sh"
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
  aivideo_log "Downloading Azure.Bicep.CommandLine.linux-x64 $BICEP_VERSION (NuGet)" >&2
  dotnet restore "$tmp/bicep.csproj" -nologo -v q >/dev/null || aivideo_die "Could not restore Azure.Bicep.CommandLine.linux-x64 $BICEP_VERSION."
  [[ -f "$BICEP" ]] || aivideo_die "The package has no tools/bicep at $BICEP."
  chmod +x "$BICEP"
fi

# The CLI is a self-contained .NET app; without ICU it needs invariant globalization.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
# No telemetry and no registry look-ups for module aliases: everything here is local.
export BICEP_TELEMETRY_DISABLED=1

exec "$BICEP" "$@"
