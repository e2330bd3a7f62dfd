#!/usr/bin/python3
"""Fails when a man page lags behind its program: every subcommand `osptrace --help` lists,
every option of `osptrace SUBCOMMAND --help` and of `ospview --help` must appear in the
hand-written pages, and their version must be the program's.

usage: check_manpages.py OSPTRACE OSPVIEW MANDIR
"""
import os
import re
import subprocess
import sys


def run_help(*argv):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(argv, capture_output=True, text=True, env=env, check=True).stdout


def man_text(path):
    """The page as plain text: troff escapes for '-' and fonts dropped."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("\\-", "-").replace("\\e", "\\")
    return re.sub(r"\\f[BIRP]", "", text)


def long_options(help_text):
    # "  -f, --format <format>  ..." and "  --json  ..." at the start of an option line
    return sorted(set(re.findall(r"^\s+(?:-\w, )?(--[\w-]+)", help_text, re.M)))


def main():
    osptrace, ospview, mandir = sys.argv[1:4]
    problems = []

    page = man_text(os.path.join(mandir, "osptrace.1"))
    usage = run_help(osptrace, "--help")
    block = usage.split("Subcommands:", 1)[1].split("\n\n", 1)[0]
    subcommands = re.findall(r"^  ([a-z][a-z-]+)", block, re.M)
    if len(subcommands) < 5:
        problems.append("could not read the subcommands from `osptrace --help`")
    for sub in subcommands:
        # Each subcommand is a .TP entry of SUBCOMMANDS: a line `.B sub` or `.BI "sub " ARG`.
        if not re.search(r'^\.BI? "?%s[ "\n]' % re.escape(sub), page, re.M):
            problems.append("osptrace.1 does not document the subcommand '%s'" % sub)
        for opt in long_options(run_help(osptrace, sub, "--help")):
            if opt not in page:
                problems.append("osptrace.1 does not mention '%s %s'" % (sub, opt))

    version = run_help(osptrace, "--version").split()[-1]
    for name, binary in (("osptrace.1", osptrace), ("ospview.1", ospview)):
        if '"ospview %s"' % version not in man_text(os.path.join(mandir, name)):
            problems.append("%s: .TH does not say version %s" % (name, version))

    page = man_text(os.path.join(mandir, "ospview.1"))
    options = long_options(run_help(ospview, "--help"))
    if "--screenshot" not in options:
        problems.append("could not read the options from `ospview --help`")
    for opt in options:
        if opt not in page:
            problems.append("ospview.1 does not mention '%s'" % opt)

    for p in problems:
        print(p)
    print("checked %d osptrace subcommands and %d ospview options" % (len(subcommands), len(options)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
