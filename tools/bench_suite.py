#!/usr/bin/python3
"""The performance budgets, measured: run by `./dev bench` after a Release build.

    tools/bench_suite.py --build DIR [--sizes 10k,100k,1m] [--shapes mixed,deep,wide,msonly]
                         [--runs 5] [--gui-runs 4] [--dir TRACES] [--json OUT]
                         [--skip python,collector,paint,gui]

Generates the synthetic reports it needs with tools/gen_synthetic_trace.py (outside the
repository: $XDG_CACHE_HOME/ospview-bench by default), then for each shape and size runs, each
in a fresh process and interleaved so that drift hits all alike:
  - the reference: a no-op nlohmann SAX pass over the same bytes (bench_load sax);
  - the osptrace-level load (bench_load load): time and peak memory above the empty process;
  - the ospview-level load (bench_gui): the real main window offscreen, from the open request
    to the first painted frame of the call tree, then the interaction script (each step timed
    to the repainted window), and peak memory above the empty main window after both;
three times: the paint benchmark (frame times along 100 distinct zoom/pan steps per level; a
frame figure is the median of the processes' p95s); once each: Python's json.load of the file
(the first step of `osprofiler trace show`), and for the mixed shape up to 100k spans the
collector case (a private redis-server filled with the trace's raw
events as OSProfiler's Redis driver writes them, read back by the Redis collector) against the
same trace from the file.

Prints one table (median figures, budget, ratio to it, the 10k -> 100k -> 1M growth of every
figure) and writes everything to a JSON file. Budgets are gated at 1M spans; smaller sizes are
reported with the same budgets for comparison.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "gen_synthetic_trace.py")
SHAPES = ["mixed", "deep", "wide", "msonly"]

# Budgets. Steps named here may take up to 1 s the first time (behind a busy
# indicator); every other step, and these ones once cached, 100 ms.
LOAD_VS_SAX = 1.5
PEAK_VS_FILE = 0.5
HOT_BYTES = 64
STEP_MS = 100.0
FIRST_STEP_MS = 1000.0
FIRST_RUN_EXEMPT = ("sort by name", "sort by start", "sort by duration", "sort by self time",
                    "search payload 'FROM ports'")
FRAME_P95_MS = 16.0
REPAINT_P95_MS = 4.0  # hover and selection: the cached frame blitted, the overlay drawn
COLLECTOR_VS_FILE = 2.0
COLLECTOR_MAX_SPANS = 100_000


def log(msg):
    print("==> " + msg, file=sys.stderr, flush=True)


def parse_size(text):
    t = text.strip().lower()
    mult = 1
    if t.endswith("k"):
        mult, t = 1000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1_000_000, t[:-1]
    return int(float(t) * mult)


def size_label(n):
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return "%dM" % (n // 1_000_000)
    if n >= 1000 and n % 1000 == 0:
        return "%dk" % (n // 1000)
    return str(n)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def trace_path(directory, shape, n):
    return os.path.join(directory, "%s-%d.json" % (shape, n))


def ensure_trace(directory, shape, n):
    path = trace_path(directory, shape, n)
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        log("generating %s" % path)
        tmp = path + ".tmp"
        subprocess.run([sys.executable, GENERATOR, str(n), tmp, "--shape", shape], check=True)
        os.replace(tmp, path)
    return path


def run_json(cmd, env=None):
    """Runs a benchmark program and returns the JSON object on its last output line."""
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), p.returncode, p.stderr.strip()))
    return json.loads(p.stdout.strip().splitlines()[-1])


def python_json_load(path):
    """json.load of the whole file in a fresh interpreter: seconds and peak RSS (MB)."""
    # Memory from /proc, with the high-water mark reset first: ru_maxrss would carry over the
    # parent's peak through fork and exec.
    code = (
        "import json, sys, threading, time\n"
        "sys.setrecursionlimit(10**7)\n"
        "threading.stack_size(1 << 30)\n"  # the deep shape nests ~N/2 levels
        "def kb(field):\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith(field + ':'):\n"
        "            return int(line.split()[1])\n"
        "out = {}\n"
        "def work():\n"
        "    open('/proc/self/clear_refs', 'w').write('5')\n"
        "    out['base_kb'] = kb('VmRSS')\n"
        "    t = time.perf_counter()\n"
        "    with open(sys.argv[1], 'rb') as f:\n"
        "        json.load(f)\n"
        "    out['seconds'] = time.perf_counter() - t\n"
        "    out['peak_kb'] = kb('VmHWM')\n"
        "th = threading.Thread(target=work); th.start(); th.join()\n"
        "print(json.dumps(out))\n")
    p = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True)
    if p.returncode != 0 or not p.stdout.strip():
        return {"error": (p.stderr.strip().splitlines() or ["exit %d" % p.returncode])[-1]}
    return json.loads(p.stdout.strip().splitlines()[-1])


PAINT_PREFIXES = ("timeline/", "flame/")


def run_paint(exe, path, steps):
    """bench_paint's lines 'VIEW LEVEL N median X ms p95 Y ms max Z ms' -> {VIEW LEVEL: {...}}."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run([exe, path, str(steps)], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        raise RuntimeError("bench_paint failed: " + p.stderr.strip())
    frames = {}
    for line in p.stdout.splitlines():
        if not line.startswith(PAINT_PREFIXES) or " p95 " not in line:
            continue
        head, rest = line.split(" median ", 1)
        words = head.split()
        name = " ".join(words[:-1])  # view and level; the last word is the frame count
        nums = [float(x) for x in rest.replace("p95", "").replace("max", "").replace("ms", " ")
                .split()[:3]]
        frames[name] = {"frames": int(words[-1]), "median_ms": nums[0], "p95_ms": nums[1],
                        "max_ms": nums[2]}
    return frames


def run_paint_processes(exe, path, steps, runs):
    """run_paint in `runs` fresh processes: per view and level the median of their p95s (and
    medians), as every other figure is a median over processes. One process's p95 moves by
    several ms between runs on a shared VM (a slow phase slows all its frames alike)."""
    per = [run_paint(exe, path, steps) for _ in range(runs)]
    frames = {}
    for name in per[0]:
        runs_of = [p[name] for p in per if name in p]
        frames[name] = {"frames": runs_of[0]["frames"],
                        "median_ms": median([r["median_ms"] for r in runs_of]),
                        "p95_ms": median([r["p95_ms"] for r in runs_of]),
                        "max_ms": max(r["max_ms"] for r in runs_of),
                        "runs_p95_ms": [r["p95_ms"] for r in runs_of]}
    return frames


# ---------------------------------------------------------------------------------------
# Collector: a private redis-server filled with the report's raw events
# ---------------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def report_events(path):
    """The raw events of a report (its meta.raw_payload.* values: the whole stored events, as
    the Redis driver wrote them), oldest first, and the base id."""
    with open(path, "rb") as f:
        report = json.load(f)
    events = []
    stack = list(report.get("children", []))
    while stack:
        node = stack.pop()
        for key, value in node.get("info", {}).items():
            if key.startswith("meta.raw_payload.") and isinstance(value, dict):
                events.append(value)
        stack.extend(node.get("children", []))
    if not events or "base_id" not in events[0] or "timestamp" not in events[0]:
        raise RuntimeError("%s: no whole raw events to put in Redis" % path)
    events.sort(key=lambda e: e["timestamp"])
    return events, events[0]["base_id"]


def resp(*parts):
    out = [b"*%d\r\n" % len(parts)]
    for p in parts:
        out.append(b"$%d\r\n%s\r\n" % (len(p), p))
    return b"".join(out)


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="ospview-bench-redis-")
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.dir],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True,
                              text=True).stdout.strip() == "PONG":
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("redis-server did not start on port %d" % self.port)

    def fill(self, events):
        """LPUSH every event in time order, as OSProfiler's notifier does, in one pipe."""
        commands = b"".join(
            resp(b"LPUSH", ("osprofiler_opt:" + e["base_id"]).encode(), json.dumps(e).encode())
            for e in events)
        p = subprocess.run(["redis-cli", "-p", str(self.port), "--pipe"], input=commands,
                           capture_output=True)
        if p.returncode != 0:
            raise RuntimeError("redis-cli --pipe failed: " + p.stderr.decode(errors="replace"))

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def run_collector(bench_load, path, runs):
    events, base_id = report_events(path)
    server = RedisServer()
    try:
        t = time.perf_counter()
        server.fill(events)
        fill_s = time.perf_counter() - t
        url = "redis://127.0.0.1:%d" % server.port
        redis, file = [], []
        run_json([bench_load, "redis", url, base_id])  # warm Redis and the page cache
        for _ in range(runs):
            redis.append(run_json([bench_load, "redis", url, base_id]))
            file.append(run_json([bench_load, "load", path]))
    finally:
        server.stop()
    return {"events": len(events), "fill_s": fill_s,
            "redis_s": median([r["seconds"] for r in redis]),
            "file_s": median([r["seconds"] for r in file]),
            "redis_spans": redis[-1].get("spans"), "file_spans": file[-1].get("spans"),
            "redis_peak_above_kb": median([r["peak_above_kb"] for r in redis])}


# ---------------------------------------------------------------------------------------
# One case: a shape at a size
# ---------------------------------------------------------------------------------------

def attempt(case, what, fn, *a):
    """Runs one part of a case; a failure is recorded in the case (and printed at the end)
    instead of ending a run that may have taken half an hour."""
    try:
        return fn(*a)
    except Exception as e:  # noqa: BLE001 - any failure of a benchmark program
        case.setdefault("errors", []).append("%s: %s" % (what, e))
        log("FAILED %s: %s" % (what, e))
        return None


def run_case(exes, path, shape, n, args):
    case = {"file": path, "file_bytes": os.path.getsize(path)}
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run_json([exes["bench_load"], "sax", path])  # warm the page cache
    sax, load, gui = [], [], []
    for r in range(args.runs):
        log("%s %s: round %d/%d" % (shape, size_label(n), r + 1, args.runs))
        sax.append(run_json([exes["bench_load"], "sax", path]))
        load.append(run_json([exes["bench_load"], "load", path]))
        if "gui" not in args.skip and exes.get("bench_gui"):
            g = attempt(case, "gui", run_json, [exes["bench_gui"], path, str(args.gui_runs)], env)
            if g:
                gui.append(g)
    case["sax_s"] = median([s["seconds"] for s in sax])
    case["sax_runs_s"] = [s["seconds"] for s in sax]
    case["load_s"] = median([s["seconds"] for s in load])
    case["load_runs_s"] = [s["seconds"] for s in load]
    case["load_peak_above_kb"] = median([s["peak_above_kb"] for s in load])
    case["spans"] = load[-1].get("spans")
    case["hot_bytes_per_span"] = load[-1].get("hot_bytes_per_span")
    case["span_record_bytes"] = load[-1].get("span_record_bytes")
    case["trace_bytes"] = load[-1].get("trace_bytes")
    if gui:
        case["gui_load_s"] = median([g["load_to_first_paint_s"] for g in gui])
        case["gui_load_runs_s"] = [g["load_to_first_paint_s"] for g in gui]
        case["gui_analyses_done_s"] = median([g["analyses_done_s"] for g in gui])
        case["gui_peak_above_kb"] = median([g["peak_above_kb"] for g in gui])
        keys = ("first_ms", "median_ms", "first_cpu_ms", "median_cpu_ms")
        steps = {}
        for g in gui:
            for s in g["steps"]:
                per = steps.setdefault(s["name"], {k: [] for k in keys})
                for k in keys:
                    per[k].append(s.get(k))
        case["steps"] = {name: {k: median(v[k]) for k in keys} for name, v in steps.items()}
    if "python" not in args.skip:
        log("%s %s: Python json.load" % (shape, size_label(n)))
        case["python_json_load"] = attempt(case, "python", python_json_load, path)
    if "paint" not in args.skip and exes.get("bench_paint"):
        log("%s %s: paint" % (shape, size_label(n)))
        case["frames"] = attempt(case, "paint", run_paint_processes, exes["bench_paint"],
                                 path, args.paint_steps, args.paint_runs) or {}
    if "collector" not in args.skip and shape == "mixed" and n <= COLLECTOR_MAX_SPANS:
        log("%s %s: collector (Redis)" % (shape, size_label(n)))
        case["collector"] = attempt(case, "collector", run_collector, exes["bench_load"], path,
                                    args.runs)
    return case


# ---------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------

def rows_for(case):
    """(figure, value, budget) for one case; budget None for reference figures."""
    mb = 1024.0
    file_mb = case["file_bytes"] / (1024.0 * 1024.0)
    sax = case["sax_s"]
    rows = [("file (MB)", file_mb, None),
            ("reference: no-op SAX pass (s)", sax, None)]
    py = case.get("python_json_load")
    if py is not None:
        rows.append(("reference: Python json.load (s)", py.get("seconds"), None))
        if py.get("peak_kb") is not None:
            rows.append(("reference: Python json.load peak (MB)",
                         (py["peak_kb"] - py["base_kb"]) / mb, None))
    if "gui_load_s" in case:
        rows.append(("load: ospview, open to first tree paint (s)", case["gui_load_s"],
                     LOAD_VS_SAX * sax))
        rows.append(("load: ospview, analyses done behind it (s)", case["gui_analyses_done_s"],
                     None))
    rows.append(("load: osptrace level (s)", case["load_s"], LOAD_VS_SAX * sax))
    if "gui_peak_above_kb" in case:
        rows.append(("peak above empty window, load+script (MB)", case["gui_peak_above_kb"] / mb,
                     PEAK_VS_FILE * file_mb))
    rows.append(("peak above empty process, load (MB)", case["load_peak_above_kb"] / mb,
                 PEAK_VS_FILE * file_mb))
    rows.append(("hot span data (bytes/span)", case["hot_bytes_per_span"], HOT_BYTES))
    for name, s in case.get("steps", {}).items():
        if name in FIRST_RUN_EXEMPT:
            rows.append(("step: %s, first (ms)" % name, s["first_ms"], FIRST_STEP_MS))
            rows.append(("step: %s, again (ms)" % name, s["median_ms"], STEP_MS))
        else:
            # The first run must meet the budget too: show the slower of first and steady.
            rows.append(("step: %s (ms)" % name, max(s["first_ms"], s["median_ms"]), STEP_MS))
    for name, f in case.get("frames", {}).items():
        budget = REPAINT_P95_MS if name.endswith(" repaint") else FRAME_P95_MS
        rows.append(("frame p95: %s (ms)" % name, f["p95_ms"], budget))
    c = case.get("collector")
    if c:
        rows.append(("collector: Redis fetch (s)", c["redis_s"], COLLECTOR_VS_FILE * c["file_s"]))
        rows.append(("collector: same trace from the file (s)", c["file_s"], None))
    return rows


def fmt(v):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return "%.0f" % v
    if abs(v) >= 10:
        return "%.1f" % v
    if abs(v) >= 1:
        return "%.2f" % v
    return "%.3f" % v


def print_table(results, sizes, shapes, out=sys.stdout):
    labels = [size_label(n) for n in sizes]
    growth = ["%s>%s" % (labels[i], labels[i + 1]) for i in range(len(labels) - 1)]
    width = 50
    header = ("%-*s" % (width, "figure") + "".join("%9s" % l for l in labels)
              + "%9s %6s %-4s" % ("budget", "ratio", "") + "".join("%9s" % g for g in growth))
    misses = []
    for shape in shapes:
        per_size = {n: dict((r[0], r) for r in rows_for(results[shape][n]))
                    for n in sizes if n in results.get(shape, {})}
        if not per_size:
            continue
        names = []
        for n in sizes:
            for name in per_size.get(n, {}):
                if name not in names:
                    names.append(name)
        gate = max(per_size)
        print("", file=out)
        print("%s shape (budget and ratio at %s spans)" % (shape, size_label(gate)), file=out)
        print(header, file=out)
        print("-" * len(header), file=out)
        for name in names:
            vals = [per_size.get(n, {}).get(name, (None, None, None))[1] for n in sizes]
            # At the gate size, or the largest size that has the figure (the collector stops
            # at 100k).
            at = max((n for n in per_size if per_size[n].get(name, (None, None))[1] is not None),
                     default=gate)
            budget = per_size[at].get(name, (None, None, None))[2]
            value = per_size[at].get(name, (None, None, None))[1]
            ratio = value / budget if budget and value is not None else None
            verdict = "" if ratio is None else ("ok" if ratio <= 1 else "MISS")
            if verdict == "MISS":
                misses.append("%s %s: %s" % (shape, size_label(at), name))
            grow = []
            for i in range(len(sizes) - 1):
                a, b = vals[i], vals[i + 1]
                grow.append("%9s" % (fmt(b / a) if a and b is not None else "-"))
            print("%-*s" % (width, name[:width]) + "".join("%9s" % fmt(v) for v in vals)
                  + "%9s %6s %-4s" % (fmt(budget), "-" if ratio is None else "%.2f" % ratio,
                                      verdict) + "".join(grow), file=out)
    return misses


def machine_info():
    info = {"cores": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            info["memory_gib"] = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    info["os"] = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return info


def main():
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n\n", 2)[2])
    ap.add_argument("--build", required=True, help="build tree with tests/bench_* (Release)")
    ap.add_argument("--dir", default=os.path.join(cache, "ospview-bench"),
                    help="where the synthetic traces are kept (default: %(default)s)")
    ap.add_argument("--sizes", default="10k,100k,1m", help="span counts (default: %(default)s)")
    ap.add_argument("--shapes", default=",".join(SHAPES), help="default: %(default)s")
    ap.add_argument("--runs", type=int, default=5, help="processes per figure (default 5)")
    ap.add_argument("--gui-runs", type=int, default=4,
                    help="interaction script runs per ospview process (default 4)")
    ap.add_argument("--paint-steps", type=int, default=100, help="zoom/pan steps per level")
    ap.add_argument("--paint-runs", type=int, default=3,
                    help="bench_paint processes per case; frame figures are the median of "
                         "their p95s (default 3)")
    ap.add_argument("--skip", default="", help="any of python,collector,paint,gui")
    ap.add_argument("--json", help="output JSON (default: DIR/results-TIME.json)")
    args = ap.parse_args()
    args.skip = set(s for s in args.skip.split(",") if s)
    sizes = sorted(parse_size(s) for s in args.sizes.split(","))
    shapes = [s.strip() for s in args.shapes.split(",")]
    for s in shapes:
        if s not in SHAPES:
            ap.error("unknown shape %r (%s)" % (s, ", ".join(SHAPES)))
    exes = {}
    for name in ("bench_load", "bench_gui", "bench_paint"):
        exe = os.path.join(args.build, "tests", name)
        if os.access(exe, os.X_OK):
            exes[name] = exe
    if "bench_load" not in exes:
        ap.error("%s/tests/bench_load not built" % args.build)
    os.makedirs(args.dir, exist_ok=True)

    started = datetime.datetime.now(datetime.timezone.utc)
    machine = machine_info()
    machine["load_at_start"] = os.getloadavg()
    results = {}
    empty = None
    if exes.get("bench_gui") and "gui" not in args.skip:
        empty = run_json([exes["bench_gui"], "--empty"],
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    for n in sizes:  # sizes outside: the gated 1M cases run last, together
        for shape in shapes:
            path = ensure_trace(args.dir, shape, n)
            results.setdefault(shape, {})[n] = run_case(exes, path, shape, n, args)
    machine["load_at_end"] = os.getloadavg()

    print("ospview benchmarks, %s UTC; %s, %s cores, %s GiB, %s; load average %.1f at start, "
          "%.1f at end; medians of %d processes (ospview steps: median over processes of the "
          "median of runs 2..%d; frames: median of %d processes' p95)"
          % (started.strftime("%Y-%m-%d %H:%M"), machine.get("cpu", "?"), machine["cores"],
             machine.get("memory_gib", "?"), machine.get("os", "?"), machine["load_at_start"][0],
             machine["load_at_end"][0], args.runs, args.gui_runs, args.paint_runs))
    if empty:
        print("empty main window: %.0f MB resident" % (empty["empty_window_rss_kb"] / 1024.0))
    misses = print_table(results, sizes, shapes)
    out_path = args.json or os.path.join(
        args.dir, "results-%s.json" % started.strftime("%Y%m%d-%H%M%S"))
    with open(out_path, "w") as f:
        json.dump({"started_utc": started.isoformat(), "machine": machine,
                   "runs": args.runs, "gui_runs": args.gui_runs, "empty_window": empty,
                   "budgets": {"load_vs_sax": LOAD_VS_SAX, "peak_vs_file": PEAK_VS_FILE,
                               "hot_bytes_per_span": HOT_BYTES, "step_ms": STEP_MS,
                               "first_step_ms": FIRST_STEP_MS, "frame_p95_ms": FRAME_P95_MS,
                               "repaint_p95_ms": REPAINT_P95_MS,
                               "collector_vs_file": COLLECTOR_VS_FILE},
                   "results": {s: {str(n): c for n, c in v.items()} for s, v in results.items()}},
                  f, indent=1)
    print("\nbudgets missed: %s" % ("none" if not misses else len(misses)))
    for m in misses:
        print("  MISS " + m)
    for shape, per in results.items():
        for n, case in per.items():
            for e in case.get("errors", []):
                print("FAILED %s %s %s" % (shape, size_label(n), e))
    print("JSON: %s" % out_path)


if __name__ == "__main__":
    main()
