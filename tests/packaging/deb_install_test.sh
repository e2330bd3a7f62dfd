#!/usr/bin/env bash
# Heavy test (./dev test --heavy): the .deb on a bare Debian 12. Builds the package with
# cpack, then in a copy of a debootstrap minbase bookworm root (cached outside the repo in
# $OSP_DEBOOTSTRAP_CACHE, default ~/.cache/ospview) runs `apt install ./ospview_*.deb`,
# `osptrace --version`, `osptrace show`, `ospview --screenshot`, and `apt purge`.
# Needs root (chroot, mount) and the network (debootstrap, apt). Exit 77 = skipped.
# usage: deb_install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
cache=${OSP_DEBOOTSTRAP_CACHE:-$HOME/.cache/ospview}
pristine=$cache/bookworm-minbase
mirror=${OSP_DEBIAN_MIRROR:-http://deb.debian.org/debian}

say() { printf '==> %s\n' "$*"; }
if ((EUID != 0)); then
    echo "deb_install_test: needs root for debootstrap and chroot; skipped"
    exit 77
fi
for tool in debootstrap cpack dpkg-deb; do
    command -v $tool >/dev/null || { echo "deb_install_test: $tool is missing" >&2; exit 1; }
done

work=$(mktemp -d /var/tmp/ospview-deb-test.XXXXXX)
root=$work/root
cleanup() {
    mountpoint -q "$root/proc" && umount "$root/proc"
    rm -rf "$work"
}
trap cleanup EXIT

say "building the package"
cpack --config "$build/CPackConfig.cmake" -B "$work/deb" >"$work/cpack.log" 2>&1 ||
    { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/deb/ospview_*.deb)
say "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

if [[ ! -d $pristine ]]; then
    say "debootstrap --variant=minbase bookworm into $pristine (once; later runs reuse it)"
    mkdir -p "$cache"
    rm -rf "$pristine.tmp"
    debootstrap --variant=minbase bookworm "$pristine.tmp" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
        { tail -n 30 "$cache/debootstrap.log"; exit 1; }
    mv "$pristine.tmp" "$pristine"
fi

say "copying the pristine root"
cp -a "$pristine" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/"
cp "$src/resources/sample/boot.json" "$root/tmp/boot.json"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

# Nothing of ours may be there before.
if in_root sh -c 'command -v ospview || command -v osptrace'; then
    echo "the pristine root already has ospview" >&2
    exit 1
fi

say "apt install ./$(basename "$deb")"
in_root apt-get update -q >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; exit 1; }
in_root sh -c "cd /tmp && apt-get install -y -q --no-install-recommends ./$(basename "$deb")" \
    >>"$work/apt.log" 2>&1 || { tail -n 40 "$work/apt.log"; exit 1; }
grep -E '^(The following NEW packages|[0-9]+ upgraded)' -A0 "$work/apt.log" || true

say "running the installed programs"
in_root osptrace --version
in_root osptrace show /tmp/boot.json | head -n 5
in_root ospview --version
# The SQL drivers are plugins nothing links to: an empty SQLite file must get as far as the
# missing OSProfiler table, which needs the QSQLITE driver loaded.
: >"$root/tmp/empty.db"
sql_error=$(in_root osptrace list --connection-string sqlite:////tmp/empty.db 2>&1 || true)
echo "osptrace list on an empty SQLite file: $sql_error"
if ! grep -q "has no table 'data'" <<<"$sql_error"; then
    echo "the QSQLITE driver did not load" >&2
    exit 1
fi
plugins=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/qt6/plugins
for plugin in sqldrivers/libqsqlite.so sqldrivers/libqsqlmysql.so sqldrivers/libqsqlpsql.so \
    iconengines/libqsvgicon.so platforms/libqxcb.so platforms/libqoffscreen.so platforms/libqvnc.so; do
    [[ -f $root$plugins/$plugin ]] || { echo "Qt plugin not installed by the Depends: $plugin" >&2; exit 1; }
done
in_root ospview --screenshot /tmp/shot.png /tmp/boot.json
png=$root/tmp/shot.png
[[ -s $png && $(head -c 8 "$png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
    { echo "ospview --screenshot wrote no PNG" >&2; exit 1; }
cp "$png" "$build/deb-install-screenshot.png"
say "screenshot: $build/deb-install-screenshot.png ($(stat -c %s "$png") bytes)"
for f in /usr/share/applications/io.github.ospview.ospview.desktop \
    /usr/share/man/man1/ospview.1.gz /usr/share/man/man1/osptrace.1.gz \
    /usr/share/mime/packages/io.github.ospview.ospview.xml; do
    [[ -f $root$f ]] || { echo "not installed: $f" >&2; exit 1; }
done

say "apt purge ospview"
in_root apt-get purge -y -q ospview >>"$work/apt.log" 2>&1 || { tail -n 20 "$work/apt.log"; exit 1; }
for f in /usr/bin/ospview /usr/bin/osptrace /usr/share/applications/io.github.ospview.ospview.desktop; do
    [[ ! -e $root$f ]] || { echo "left behind after purge: $f" >&2; exit 1; }
done
say "installed, ran and uninstalled $(basename "$deb") on Debian 12 minbase"
