#!/usr/bin/env bash
# Shared by scripts/*.sh: install missing Debian packages, and remember what to stop on exit.

# as_root CMD...: runs CMD as root, through sudo only when this shell is not root.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_packages PKG...: apt-get installs the Debian packages that are not installed yet.
ensure_packages() {
  local missing=()
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing ${missing[*]}..." >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
}

# ensure_python_packages SPEC...: pip installs Python packages (name==version) that are missing or at another version.
ensure_python_packages() {
  local missing=()
  local spec
  for spec in "$@"; do
    if ! python3 -c "import importlib.metadata as m, sys; n, v = sys.argv[1].split('=='); sys.exit(m.version(n) != v)" "$spec" 2>/dev/null; then
      missing+=("$spec")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing Python packages ${missing[*]}..." >&2
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --break-system-packages "${missing[@]}" >&2
  fi
}

# quiet_port: a TCP port on 127.0.0.1 below the kernel's ephemeral range, free now (test listeners all bind port 0,
# so servers started here on such a port do not race them).
quiet_port() {
  python3 -c 'import random, socket
for _ in range(500):
    p = random.randint(20000, 29999); s = socket.socket()
    try: s.bind(("127.0.0.1", p)); s.close(); print(p); break
    except OSError: s.close()'
}

# wait_for_port PORT NAME LOG: waits up to 10 s for a listener; fails showing the log.
wait_for_port() {
  local attempt
  for attempt in $(seq 1 100); do
    if python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "error: $2 did not start; its log:" >&2
  cat "$3" >&2
  return 1
}

# Cleanup actions, run in reverse order when the script exits (however it exits).
CLEANUPS=()

# on_exit CMD: registers a shell command to run when the script exits.
on_exit() {
  CLEANUPS+=("$1")
}

run_cleanups() {
  local status=$?
  local index
  for ((index = ${#CLEANUPS[@]} - 1; index >= 0; index--)); do
    eval "${CLEANUPS[$index]}" || true
  done
  return "$status"
}

trap run_cleanups EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
