#!/usr/bin/python3
"""Raw OSProfiler event dumps with known clock offsets, made by the real osprofiler library.

Each simulated service runs in threads of its own with its own host name and its own clock:
socket.gethostname() (what osprofiler records as info.host) and osprofiler.profiler.datetime
(what stamps every event) are patched per thread, so one "host" can run ahead or behind. Calls
carry the trace context as nova's RPC serializer does (base_id, parent_id) and the server side
calls profiler.init(), wraps its work in profiler.Trace("rpc"/"wsgi"/"db") and cleans up.

Requests (every one: nova-api on ctl-05 -> compute on cmp-09, whose work calls the conductor
back on ctl-05 and neutron on net-03, plus RPC casts that outlive their caller):

  skew-none.ndjson        correct clocks (casts outlive their caller: no skew to report)
  skew-plus250.ndjson     cmp-09 runs 250 ms ahead
  skew-minus40.ndjson     cmp-09 runs 40 ms behind
  skew-two.ndjson         cmp-09 +250 ms and net-03 -40 ms at once

usage: make_skew_traces.py tests/data/skew   (the four files and skew-truth.json: offsets per host)
"""
import datetime as real_datetime
import json
import os
import socket
import sys
import threading
import time

from osprofiler import notifier, profiler

HMAC = "SECRET_KEY"
_local = threading.local()
_real_gethostname = socket.gethostname


class _ClockShim:
    """Stands in for the datetime module inside osprofiler.profiler: utcnow() is the real
    time plus this thread's clock offset."""

    class datetime:
        @staticmethod
        def utcnow():
            return real_datetime.datetime.utcnow() + real_datetime.timedelta(
                milliseconds=getattr(_local, "offset_ms", 0))


profiler.datetime = _ClockShim
socket.gethostname = lambda: getattr(_local, "host", None) or _real_gethostname()

_events = []
_events_lock = threading.Lock()


def _collect(info):
    """What osprofiler's redis driver stores: the event plus the service's project and name."""
    data = dict(info, project=getattr(_local, "project", "nova"),
                service=getattr(_local, "service", "osapi_compute"))
    with _events_lock:
        _events.append(json.loads(json.dumps(data)))


notifier.set(_collect)

OFFSETS = {}  # host -> ms, per scenario


SERVICES = {  # host, kind -> project, service
    ("cmp-09", "rpc"): ("nova", "nova-compute"),
    ("ctl-05", "rpc"): ("nova", "nova-conductor"),
    ("net-03", "wsgi"): ("neutron", "neutron-server"),
}


def serve(host, kind, name, info, work, ctx):
    """Runs work() as a server on host, in the trace given by ctx (base_id, parent_id)."""
    _local.host = host
    _local.project, _local.service = SERVICES[(host, kind)]
    _local.offset_ms = OFFSETS.get(host, 0)
    profiler.init(HMAC, base_id=ctx[0], parent_id=ctx[1])
    try:
        # The payload osprofiler's own trace decorators write: the function for RPC servers,
        # the request for WSGI ones.
        payload = dict(info) if info else {"function": {"name": name}}
        with profiler.Trace(kind, info=payload):
            work()
    finally:
        profiler.clean()


def context():
    p = profiler.get()
    return (p.get_base_id(), p.get_id())


def call(host, kind, name, work, info=None):
    """A synchronous call: the caller waits for the server's answer."""
    t = threading.Thread(target=serve, args=(host, kind, name, info or {}, work, context()))
    t.start()
    t.join()


_casts = []


def cast(host, kind, name, work, info=None):
    """An RPC cast: the caller goes on (and may finish) while the server works."""
    t = threading.Thread(target=serve, args=(host, kind, name, info or {}, work, context()))
    t.start()
    _casts.append(t)


def db(statement, ms):
    with profiler.Trace("db", info={"db": {"statement": statement, "params": {}}}):
        time.sleep(ms / 1000)


def conductor_object_action():
    db("SELECT instances.uuid FROM instances WHERE instances.id = ?", 3)
    time.sleep(0.004)


def neutron_port_update():
    db("UPDATE ports SET status=? WHERE ports.id = ?", 4)
    time.sleep(0.003)


def conductor_notify():
    time.sleep(0.030)  # async work that outlives the compute call that cast it
    db("INSERT INTO instance_actions_events (event) VALUES (?)", 5)


def compute_build():
    time.sleep(0.005)
    call("ctl-05", "rpc", "nova.conductor.manager.ConductorManager.object_action",
         conductor_object_action)
    call("net-03", "wsgi", "PUT /v2.0/ports/p1", neutron_port_update,
         {"request": {"path": "/v2.0/ports/p1", "method": "PUT"}})
    call("ctl-05", "rpc", "nova.conductor.manager.ConductorManager.object_action",
         conductor_object_action)
    cast("ctl-05", "rpc", "nova.conductor.manager.ConductorManager.notify", conductor_notify)
    time.sleep(0.004)


def compute_power_sync():
    time.sleep(0.040)  # a cast to compute that is still running when the API answers


def api_request():
    time.sleep(0.003)
    call("cmp-09", "rpc", "nova.compute.manager.ComputeManager.build_and_run_instance",
         compute_build)
    cast("cmp-09", "rpc", "nova.compute.manager.ComputeManager.sync_power_state",
         compute_power_sync)
    time.sleep(0.002)


def one_trace(offsets):
    OFFSETS.clear()
    OFFSETS.update(offsets)
    _events.clear()
    _casts.clear()
    _local.host, _local.offset_ms = "ctl-05", OFFSETS.get("ctl-05", 0)
    _local.project, _local.service = "nova", "osapi_compute"
    profiler.init(HMAC)
    with profiler.Trace("wsgi", info={"request": {"path": "/v2.1/servers", "method": "POST",
                                                  "scheme": "http", "query": ""}}):
        api_request()
    profiler.clean()
    for t in list(_casts):
        t.join()
    for t in list(_casts):  # casts made by casts
        t.join()
    return list(_events)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    scenarios = {
        "skew-none": {},
        "skew-plus250": {"cmp-09": 250},
        "skew-minus40": {"cmp-09": -40},
        "skew-two": {"cmp-09": 250, "net-03": -40},
    }
    truth = {}
    for name, offsets in scenarios.items():
        events = one_trace(offsets)
        with open(os.path.join(out, name + ".ndjson"), "w") as f:
            for e in events:
                f.write(json.dumps(e, sort_keys=True) + "\n")
        truth[name] = {"reference_host": "ctl-05",
                       "offsets_ms": {h: v for h, v in offsets.items()}}
        print(name, len(events), "events", file=sys.stderr)
    with open(os.path.join(out, "skew-truth.json"), "w") as f:
        json.dump(truth, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
