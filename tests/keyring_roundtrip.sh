#!/bin/sh
# Runs tst_keyring_roundtrip (argument 1) against a gnome-keyring-daemon of its own: a private
# D-Bus session (dbus-run-session), a temporary HOME with a new login keyring unlocked from
# standard input (so nothing prompts), the daemon stopped by its pid afterwards. Exit 77
# (ctest: skipped) when dbus-run-session, dbus-send or gnome-keyring-daemon is missing.
set -eu
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    command -v "$tool" >/dev/null 2>&1 || exit 77
done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/run"
export HOME="$scratch" XDG_RUNTIME_DIR="$scratch/run" XDG_DATA_HOME="$scratch/data"
export XDG_CONFIG_HOME="$scratch/config" OSP_TEST_KEYRING=1
unset DISPLAY WAYLAND_DISPLAY
dbus-run-session -- sh -c '
    printf "%s" throwaway | gnome-keyring-daemon --foreground --unlock --components=secrets \
        >/dev/null 2>&1 &
    daemon=$!
    # Wait until it owns the Secret Service name: asked earlier, D-Bus would start a second
    # daemon whose keyring is locked.
    tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
            | grep -q "boolean true"; do
        tries=$((tries + 1))
        if [ $tries -gt 100 ]; then
            echo "gnome-keyring-daemon did not take org.freedesktop.secrets within 10 s" >&2
            kill $daemon 2>/dev/null; exit 1
        fi
        sleep 0.1
    done
    rc=0
    "$1" || rc=$?
    kill $daemon 2>/dev/null || true
    wait $daemon 2>/dev/null || true
    exit $rc' sh "$1"
