#!/usr/bin/env bash
# Run a command with throwaway keyring services, for the pkg/keyrings tests
# against real backends:
#   - a private D-Bus session bus (dbus-run-session) with gnome-keyring's
#     Secret Service, its "login" collection created and unlocked with a
#     throwaway password;
#   - a pass store initialised for a fresh passphrase-less GPG key;
#   - keyctl needs nothing: the tests use the kernel's user keyring.
# Nothing touches the caller's keyrings, GPG home or password store.
#
#   scripts/test-env.sh CMD [ARGS...]   run CMD inside that environment
#   scripts/test-env.sh --check         exit 1 (listing them) if tools are missing
set -euo pipefail

tools=(dbus-run-session gnome-keyring-daemon pass gpg gpgconf)

missing=()
for t in "${tools[@]}"; do
  command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
if [ "${1:-}" = "--check" ]; then
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "test-env: missing ${missing[*]}" >&2
    exit 1
  fi
  exit 0
fi
if [ "$#" -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...] | --check" >&2
  exit 2
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test-env: missing ${missing[*]}; on Debian: apt-get install dbus gnome-keyring pass gnupg" >&2
  exit 1
fi

# Re-enter under a private session bus; it and gnome-keyring (which quits
# when its bus goes away) end with the command.
if [ -z "${ASSUME_TEST_ENV_BUS:-}" ]; then
  export ASSUME_TEST_ENV_BUS=1
  exec dbus-run-session -- "$0" "$@"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/assume-test-env.XXXXXX")
chmod 700 "$tmp"
mkdir -m 700 "$tmp/data" "$tmp/runtime" "$tmp/gnupg"
# Setup chatter goes to a log, shown only if a step fails.
quiet() {
  "$@" 2>>"$tmp/setup.log" || { echo "test-env: $1 failed:" >&2; cat "$tmp/setup.log" >&2; return 1; }
}
cleanup() {
  GNUPGHOME="$tmp/gnupg" gpgconf --kill all >/dev/null 2>&1 || true
  if [ -n "${keyring_pid:-}" ]; then kill "$keyring_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# gnome-keyring: --unlock creates the login collection with the password
# read from stdin (or unlocks it); --start then registers the Secret Service
# on the bus. Its files and control socket live in $tmp.
keyring_env=$(printf '%s' "throwaway-$$" |
  XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/runtime" \
    gnome-keyring-daemon --unlock --components=secrets)
keyring_env+=$'\n'$(XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/runtime" \
  quiet gnome-keyring-daemon --start --components=secrets)
keyring_pid=$(printf '%s\n' "$keyring_env" | sed -n 's/^GNOME_KEYRING_PID=//p' | tail -n1)

# A GPG key without a passphrase, so pass never asks for one.
export GNUPGHOME="$tmp/gnupg"
quiet gpg --batch --quiet --passphrase '' --quick-gen-key "assume test <assume-test@example.invalid>" future-default default never
fpr=$(quiet gpg --batch --with-colons --list-secret-keys | awk -F: '$1 == "fpr" { print $10; exit }')
export PASSWORD_STORE_DIR="$tmp/password-store"
quiet pass init "$fpr" >/dev/null

# What the tests read to know the services are there.
export ASSUME_TEST_SECRET_SERVICE=1
export ASSUME_TEST_PASS_DIR="$PASSWORD_STORE_DIR"

set +e
"$@"
status=$?
set -e
exit "$status"
