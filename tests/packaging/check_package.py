#!/usr/bin/python3
"""Builds the .deb with cpack from a built tree and checks what a user would get: the Debian
file name, every file `cmake --install` must deliver (and nothing from the build or tests),
stripped binaries, and Depends that name the Qt plugins loaded at run time.

usage: check_package.py BUILD_DIR
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

APP_ID = "io.github.ospview.ospview"
EXPECTED_FILES = [
    "./usr/bin/ospview",
    "./usr/bin/osptrace",
    "./usr/share/applications/%s.desktop" % APP_ID,
    "./usr/share/metainfo/%s.metainfo.xml" % APP_ID,
    "./usr/share/icons/hicolor/scalable/apps/%s.svg" % APP_ID,
    "./usr/share/mime/packages/%s.xml" % APP_ID,
    "./usr/share/man/man1/ospview.1.gz",
    "./usr/share/man/man1/osptrace.1.gz",
]
# Loaded at run time, so dpkg-shlibdeps cannot find them (DESIGN.md, Platform facts): Qt's
# plugins, and libsecret, which qtkeychain opens to reach the desktop keyring.
RUNTIME_PLUGINS = ["libqt6sql6-sqlite", "libqt6sql6-mysql", "libqt6sql6-psql", "libqt6svg6",
                   "qt6-qpa-plugins", "libsecret-1-0"]
# Linked libraries, found by dpkg-shlibdeps: proves the scan ran.
LINKED = ["libqt6widgets6", "libqt6gui6", "libqt6sql6", "libhiredis0.14", "zlib1g",
          "libqt6keychain1"]


def main():
    build = os.path.abspath(sys.argv[1])
    problems = []
    with tempfile.TemporaryDirectory(prefix="ospview-cpack-") as out:
        run = subprocess.run(["cpack", "--config", os.path.join(build, "CPackConfig.cmake"),
                              "-B", out], capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout + run.stderr)
            return 1
        debs = glob.glob(os.path.join(out, "*.deb"))
        if len(debs) != 1:
            print("expected one .deb, got", debs)
            return 1
        deb = debs[0]
        arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True,
                              text=True, check=True).stdout.strip()
        version = subprocess.run(["dpkg-deb", "-f", deb, "Version"], capture_output=True,
                                 text=True, check=True).stdout.strip()
        if os.path.basename(deb) != "ospview_%s_%s.deb" % (version, arch):
            problems.append("not a Debian file name: %s (version %s)" % (deb, version))
        if not re.fullmatch(r"\d+\.\d+\.\d+-1", version):
            problems.append("unexpected version %r" % version)

        listing = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True,
                                 check=True).stdout
        paths = [line.split()[-1] for line in listing.splitlines()]
        for f in EXPECTED_FILES:
            if f not in paths:
                problems.append("missing from the package: " + f)
        for p in paths:
            if re.search(r"/tst_|/bench_|/fuzz_|CMake|\.a$|/include/", p):
                problems.append("build or test file in the package: " + p)

        depends = subprocess.run(["dpkg-deb", "-f", deb, "Depends"], capture_output=True,
                                 text=True, check=True).stdout
        names = {d.strip().split()[0] for d in depends.replace("|", ",").split(",") if d.strip()}
        for pkg in RUNTIME_PLUGINS + LINKED:
            if pkg not in names:
                problems.append("Depends lacks %s: %s" % (pkg, depends.strip()))

        with tempfile.TemporaryDirectory() as root:
            subprocess.run(["dpkg-deb", "-x", deb, root], check=True)
            for exe in ("ospview", "osptrace"):
                sections = subprocess.run(["readelf", "-S", "-W",
                                           os.path.join(root, "usr/bin", exe)],
                                          capture_output=True, text=True, check=True).stdout
                if ".debug_info" in sections or ".symtab" in sections:
                    problems.append("%s is not stripped" % exe)
        size = os.path.getsize(deb)
        print("%s: %d files, %.1f MB" % (os.path.basename(deb), len(paths), size / 1e6))
        print("Depends:", depends.strip())
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
