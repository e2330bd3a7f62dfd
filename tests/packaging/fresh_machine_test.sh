#!/usr/bin/env bash
# Heavy test (./dev test --heavy): both README commands on a fresh Debian 12. In a copy of a
# debootstrap minbase bookworm root (cached as for deb_install_test.sh) with only the files git
# tracks copied in (no ../shared, no build trees), runs `./dev test`, then
# `./dev run --screenshot` (the first command without a display). Everything the build and the
# tests need must come from packaging/debian-build-deps.txt, installed by ./dev itself.
# Needs root (chroot, mount) and the network (debootstrap, apt). Exit 77 = skipped.
# usage: fresh_machine_test.sh SOURCE_DIR   (OSP_FRESH_KEEP=1 keeps the root for a look)
set -euo pipefail
src=$(cd "$1" && pwd)
cache=${OSP_DEBOOTSTRAP_CACHE:-$HOME/.cache/ospview}
pristine=$cache/bookworm-minbase
mirror=${OSP_DEBIAN_MIRROR:-http://deb.debian.org/debian}

say() { printf '==> %s\n' "$*"; }
if ((EUID != 0)); then
    echo "fresh_machine_test: needs root for debootstrap and chroot; skipped"
    exit 77
fi
command -v debootstrap >/dev/null || { echo "fresh_machine_test: debootstrap is missing" >&2; exit 1; }
command -v git >/dev/null || { echo "fresh_machine_test: git is missing" >&2; exit 1; }

work=$(mktemp -d /var/tmp/ospview-fresh.XXXXXX)
root=$work/root
cleanup() {
    for m in dev/pts dev sys proc; do
        mountpoint -q "$root/$m" && umount -l "$root/$m"
    done
    [[ ${OSP_FRESH_KEEP:-} == 1 ]] && { echo "kept $root"; return; }
    rm -rf "$work"
}
trap cleanup EXIT

if [[ ! -d $pristine ]]; then
    say "debootstrap --variant=minbase bookworm into $pristine (once; later runs reuse it)"
    mkdir -p "$cache"
    rm -rf "$pristine.tmp"
    debootstrap --variant=minbase bookworm "$pristine.tmp" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
        { tail -n 30 "$cache/debootstrap.log"; exit 1; }
    mv "$pristine.tmp" "$pristine"
fi

say "copying the pristine root and the repository (files git tracks, as a clone has them)"
cp -a "$pristine" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/root/ospview"
(cd "$src" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$root/root/ospview"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 TERM=dumb "$@"; }

say "./dev test in the fresh root (installs the project's packages, builds, runs every test)"
in_root bash -c 'cd /root/ospview && ./dev test' 2>&1 | tee "$work/dev-test.log" | tail -n 40
rc=${PIPESTATUS[0]}
grep -E '^(dev test|summary:)' "$work/dev-test.log" || true
((rc == 0)) || { echo "fresh_machine_test: ./dev test failed on a fresh Debian 12 (exit $rc)" >&2; exit 1; }

say "./dev run --screenshot in the fresh root"
in_root bash -c 'cd /root/ospview && ./dev run --screenshot /tmp/shot.png' >"$work/dev-run.log" 2>&1 ||
    { tail -n 30 "$work/dev-run.log"; exit 1; }
png=$root/tmp/shot.png
[[ -s $png && $(head -c 8 "$png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
    { echo "fresh_machine_test: ./dev run --screenshot wrote no PNG" >&2; exit 1; }
say "both README commands work on a fresh Debian 12 minbase root"
