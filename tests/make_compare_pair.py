#!/usr/bin/python3
"""Two traces of the same request made with the real OSProfiler library, for tst_comparison.

    /usr/bin/python3 tests/make_compare_pair.py OUT_DIR [SLOW_MS]

Runs one small "nova-api" code path twice under osprofiler's own profiler (profiler.init,
profiler.Trace, @profiler.trace_cls, SQL through osprofiler.sqlalchemy.add_tracing on an
in-memory SQLite engine). A notifier set with osprofiler.notifier.set() collects the events
in memory (what the redis driver pushes), and the report is built by the driver base class's
own _append_results / _parse_results, exactly as `osprofiler trace show --json` does.

The second run is the same code with a different server UUID, another host name and
`ComputeManager._spawn` sleeping SLOW_MS (default 80) longer. Writes OUT_DIR/a.json and
OUT_DIR/b.json and prints the slowed function's traced name.
"""

import json
import os
import socket
import sys
import time
import uuid

import sqlalchemy
from sqlalchemy import text

import osprofiler.sqlalchemy
from osprofiler import notifier, profiler
from osprofiler.drivers import base

SLOWED = __name__ + ".ComputeManager._spawn"


class MemoryDriver(base.Driver):
    """Keeps the events as the redis driver stores them (with project and service)."""

    def __init__(self, project, service):
        super().__init__("memory://", project=project, service=service)
        self.events = []

    def notify(self, info, **kwargs):
        data = dict(info)
        data["project"] = self.project
        data["service"] = self.service
        self.events.append(json.loads(json.dumps(data)))  # as stored: plain JSON

    def report(self):
        for n in self.events:
            self._append_results(n["trace_id"], n["parent_id"], n["name"], n["project"],
                                 n["service"], n["info"]["host"], n["timestamp"], n)
        return self._parse_results()


def make_engine():
    engine = sqlalchemy.create_engine("sqlite://")
    with engine.begin() as c:
        c.execute(text("CREATE TABLE instances (uuid TEXT, host TEXT, vm_state TEXT)"))
        c.execute(text("CREATE TABLE quotas (project_id TEXT, resource TEXT, hard_limit INT)"))
        c.execute(text("INSERT INTO quotas VALUES ('9f3c', 'instances', 10)"))
    osprofiler.sqlalchemy.add_tracing(sqlalchemy, engine, "db")
    return engine


STATE = {"engine": None, "slow_ms": 0.0}


def sql(statement, **params):
    with STATE["engine"].begin() as conn:
        result = conn.execute(text(statement), params)
        return result.fetchall() if result.returns_rows else None


@profiler.trace_cls("compute", trace_private=True)
class ComputeManager:
    def build(self, instance):
        self._allocate_network(instance)
        self._spawn(instance)
        sql("UPDATE instances SET vm_state = :s WHERE uuid = :u", s="active", u=instance)

    def _allocate_network(self, instance):
        time.sleep(0.010)

    def _spawn(self, instance):
        time.sleep(0.020 + STATE["slow_ms"] / 1000.0)


@profiler.trace("api")
def create_server(instance):
    for i in range(3):  # the same quota check three times: one grouped row
        sql("SELECT hard_limit FROM quotas WHERE project_id = :p AND resource = :r",
            p="9f3c", r="instances%d" % i)
    sql("INSERT INTO instances VALUES (:u, :h, 'building')", u=instance, h="cmp-03")
    time.sleep(0.005)
    ComputeManager().build(instance)


def run(engine, server_uuid, slow_ms):
    STATE.update(engine=engine, slow_ms=slow_ms)
    info = {"request": {"path": "/v2.1/servers/%s" % server_uuid, "query": "",
                        "method": "POST", "scheme": "http"}}
    with profiler.Trace("wsgi", info=info):
        create_server(server_uuid)


def main():
    out_dir = sys.argv[1]
    slow_ms = float(sys.argv[2]) if len(sys.argv) > 2 else 80.0
    os.makedirs(out_dir, exist_ok=True)
    engine = make_engine()

    def datetime_json_serialize(obj):  # as osprofiler/cmd/commands.py
        return obj.isoformat() if hasattr(obj, "isoformat") else obj

    for name, host, slow in (("a", "ctl-01", 0.0), ("b", "ctl-02", slow_ms)):
        socket.gethostname = lambda h=host: h  # _Profiler records info.host from it
        driver = MemoryDriver("nova", "osapi_compute")
        notifier.set(driver.notify)
        profiler.init("SECRET_KEY")
        try:
            run(engine, str(uuid.uuid4()), slow)
        finally:
            profiler.clean()
        notifier.set(lambda info: None)
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            f.write(json.dumps(driver.report(), default=datetime_json_serialize,
                               separators=(",", ": "), indent=2))
    print(SLOWED)


if __name__ == "__main__":
    main()
