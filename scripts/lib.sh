#!/usr/bin/env bash
# Shared helpers for run.sh and test.sh. Source it; it does nothing by itself.
#
#   aivideo_install_prereqs   make sure Postgres, Redis, ffmpeg, node_modules (Azurite) are there
#   port_in_use PORT          true when something listens on 127.0.0.1:PORT (or any address)
#   wait_for_port PORT SECS [NAME] [PID]
#   wait_for_http URL SECS [NAME] [PID]
#   aivideo_log / aivideo_warn / aivideo_die
#
# Everything here is `set -euo pipefail` friendly: functions return status instead of
# relying on errexit, and never read unset variables.

# Guard against being sourced twice.
if [[ -n "${AIVIDEO_LIB_SOURCED:-}" ]]; then
  return 0
fi
AIVIDEO_LIB_SOURCED=1

# Repository root: the parent of this file's folder, absolute.
AIVIDEO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
export AIVIDEO_ROOT

# No telemetry banners or first-run noise from the .NET CLI.
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"

# ---------------------------------------------------------------------------------------
# Logging. The prefix says which script is talking (run.sh sets "run", test.sh "test").
# ---------------------------------------------------------------------------------------
aivideo_log() {
  printf '[%s] %s\n' "${AIVIDEO_LOG_PREFIX:-aivideo}" "$*"
}

aivideo_warn() {
  printf '[%s] WARNING: %s\n' "${AIVIDEO_LOG_PREFIX:-aivideo}" "$*" >&2
}

# Print an error and exit the script (not just the function) with status 1.
aivideo_die() {
  printf '[%s] ERROR: %s\n' "${AIVIDEO_LOG_PREFIX:-aivideo}" "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------------------
# Ports and readiness.
# ---------------------------------------------------------------------------------------

# Can we open a TCP connection to 127.0.0.1:PORT right now? Uses bash's /dev/tcp, with a
# time limit so a black-holed port cannot hang us.
_tcp_connects() {
  local port=$1
  if command -v timeout >/dev/null 2>&1; then
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/${port}" >/dev/null 2>&1
  else
    (exec 3<>"/dev/tcp/127.0.0.1/${port}") >/dev/null 2>&1
  fi
}

# port_in_use PORT: true when anything listens on PORT. `ss` sees listeners on every
# address (including ones that are not 127.0.0.1); /dev/tcp is the fallback when ss is
# missing, and also catches listeners in other network views ss might not show.
port_in_use() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    if [[ -n "$(ss -Hltn "sport = :${port}" 2>/dev/null)" ]]; then
      return 0
    fi
  fi
  _tcp_connects "$port"
}

# _still_running PID: empty PID means "nothing to watch".
_still_running() {
  [[ -z "${1:-}" ]] || kill -0 "$1" 2>/dev/null
}

# wait_for_port PORT SECONDS [NAME] [PID]: wait until PORT accepts connections. With PID,
# give up early when that process has exited (no point waiting for a dead server).
wait_for_port() {
  local port=$1 secs=$2 name=${3:-port $1} pid=${4:-}
  local deadline=$((SECONDS + secs))
  while ((SECONDS < deadline)); do
    if _tcp_connects "$port"; then
      return 0
    fi
    if ! _still_running "$pid"; then
      aivideo_warn "$name exited before it listened on port $port."
      return 1
    fi
    sleep 0.3
  done
  aivideo_warn "$name did not listen on port $port within ${secs}s."
  return 1
}

# wait_for_http URL SECONDS [NAME] [PID]: wait until URL answers 2xx.
wait_for_http() {
  local url=$1 secs=$2 name=${3:-$1} pid=${4:-}
  local deadline=$((SECONDS + secs))
  while ((SECONDS < deadline)); do
    if curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null; then
      return 0
    fi
    if ! _still_running "$pid"; then
      aivideo_warn "$name exited before $url answered."
      return 1
    fi
    sleep 0.5
  done
  aivideo_warn "$name did not answer $url within ${secs}s."
  return 1
}

# ---------------------------------------------------------------------------------------
# Prerequisites.
# ---------------------------------------------------------------------------------------

# Print the directory holding the newest Postgres server binaries (pg_ctl, initdb,
# postgres), looking on PATH and in Debian's /usr/lib/postgresql/<major>/bin. Debian does
# not put the server binaries on PATH, hence the second place. Prints nothing if none.
aivideo_find_pg_bindir() {
  local candidates=() dir ver found=''
  if command -v pg_ctl >/dev/null 2>&1; then
    # Resolve symlinks (e.g. /usr/local/bin/pg_ctl -> /usr/lib/postgresql/15/bin/pg_ctl).
    candidates+=("$(dirname "$(readlink -f "$(command -v pg_ctl)")")")
  fi
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -d "$dir" ]] && candidates+=("$dir")
  done
  # One "<version> <dir>" line per usable folder; the newest version wins.
  for dir in ${candidates[@]+"${candidates[@]}"}; do
    [[ -x "$dir/pg_ctl" && -x "$dir/initdb" && -x "$dir/postgres" ]] || continue
    # "pg_ctl (PostgreSQL) 15.18" -> "15.18"
    ver="$("$dir/pg_ctl" --version 2>/dev/null | awk '{print $NF}')" || continue
    [[ -n "$ver" ]] && found+="$ver $dir"$'\n'
  done
  [[ -n "$found" ]] && printf '%s' "$found" | sort -V | tail -n1 | cut -d' ' -f2-
  return 0
}

# Run a command as root: directly when we are root, through passwordless sudo otherwise.
# Returns 1 without running anything when neither is possible.
_as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    return 1
  fi
}

_can_be_root() {
  [[ "$(id -u)" -eq 0 ]] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }
}

# aivideo_install_prereqs: make sure every tool run.sh and test.sh use is installed.
# Installs missing Debian packages (root or passwordless sudo) and the npm packages
# (Azurite). Exports AIVIDEO_PG_BIN, the Postgres server binaries folder.
aivideo_install_prereqs() {
  local missing_tools=()
  # These three are not installable from here in a sensible way: ask the user.
  command -v node >/dev/null 2>&1 || missing_tools+=("node (Node.js 20 or newer)")
  command -v npm >/dev/null 2>&1 || missing_tools+=("npm")
  command -v dotnet >/dev/null 2>&1 || missing_tools+=("dotnet (the .NET 10 SDK)")
  if ((${#missing_tools[@]} > 0)); then
    local t
    for t in "${missing_tools[@]}"; do
      printf '[%s] ERROR: %s is required but was not found on PATH.\n' "${AIVIDEO_LOG_PREFIX:-aivideo}" "$t" >&2
    done
    aivideo_die "Install the tools above and run this script again."
  fi

  # Debian packages: install only what is missing.
  local pkgs=()
  [[ -n "$(aivideo_find_pg_bindir)" ]] || pkgs+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || pkgs+=(redis-server)
  command -v ffmpeg >/dev/null 2>&1 || pkgs+=(ffmpeg)
  command -v curl >/dev/null 2>&1 || pkgs+=(curl)
  if ((${#pkgs[@]} > 0)); then
    local cmd="apt-get install -y --no-install-recommends ${pkgs[*]}"
    if ! command -v apt-get >/dev/null 2>&1; then
      aivideo_die "Missing: ${pkgs[*]}. This is not a Debian/Ubuntu system (no apt-get): install them with your package manager and run again."
    fi
    if ! _can_be_root; then
      printf '[%s] ERROR: missing packages: %s\n' "${AIVIDEO_LOG_PREFIX:-aivideo}" "${pkgs[*]}" >&2
      printf '[%s] Install them with:\n\n    sudo apt-get update && sudo %s\n\n' "${AIVIDEO_LOG_PREFIX:-aivideo}" "$cmd" >&2
      exit 1
    fi
    aivideo_log "Installing missing packages: ${pkgs[*]} (apt-get)"
    # Noninteractive: no debconf questions (CI has no terminal). The postgresql package
    # starts a system cluster on 5432; harmless, we run our own clusters on other ports.
    _as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
      aivideo_die "apt-get update failed."
    # shellcheck disable=SC2086  # $cmd is our own word list, split on purpose
    _as_root env DEBIAN_FRONTEND=noninteractive $cmd ||
      aivideo_die "'$cmd' failed."
  fi

  AIVIDEO_PG_BIN="$(aivideo_find_pg_bindir)"
  [[ -n "$AIVIDEO_PG_BIN" ]] ||
    aivideo_die "Postgres server binaries (pg_ctl, initdb, postgres) not found on PATH or in /usr/lib/postgresql/*/bin."
  export AIVIDEO_PG_BIN
  command -v redis-server >/dev/null 2>&1 || aivideo_die "redis-server not found on PATH."
  command -v ffmpeg >/dev/null 2>&1 || aivideo_die "ffmpeg not found on PATH."

  # npm packages (Azurite). Reinstall when missing, or when package-lock.json changed
  # after the last install (npm writes node_modules/.package-lock.json on every install).
  local root=$AIVIDEO_ROOT
  if [[ ! -x "$root/node_modules/.bin/azurite" ]] ||
    [[ ! -f "$root/node_modules/.package-lock.json" ]] ||
    [[ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]]; then
    aivideo_log "Installing npm packages (Azurite): npm ci"
    (cd "$root" && npm ci --no-audit --no-fund) || aivideo_die "npm ci failed."
  fi
  [[ -x "$root/node_modules/.bin/azurite" ]] || aivideo_die "node_modules/.bin/azurite is missing after npm ci."
}
