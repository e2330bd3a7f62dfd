#!/usr/bin/env bash
# Runs the load benchmark on synthetic reports of 10k, 100k and 1M spans, generating them
# (outside the repository) with our own generator when missing. Prints figures only.
set -euo pipefail
bench=$1
dir=${2:-/tmp/ospview-bench}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$dir"
files=()
for n in 10000 100000 1000000; do
    f="$dir/mixed-$n.json"
    if [ ! -s "$f" ]; then
        echo "generating $f"
        /usr/bin/python3 "$here/gen_synthetic_trace.py" "$n" "$f.tmp" && mv "$f.tmp" "$f"
    fi
    files+=("$f")
done
"$bench" --runs "${OSP_BENCH_RUNS:-5}" "${files[@]}"
