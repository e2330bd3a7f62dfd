#!/usr/bin/python3
"""Fill an OSProfiler collector through the REAL osprofiler library (integration tests).

    /usr/bin/python3 tests/fill_collector.py --connection-string URL [--filter-error-trace]
    /usr/bin/python3 tests/fill_collector.py --serve-profile --connection-string URL

Starts three service processes, each initialised as a real OpenStack service
does (opts.set_defaults + initializer.init_from_conf with its own project /
service / host, so each has its own notifier on the given collector driver:
redis, redissentinel or sqlalchemy):

    api     nova/osapi_compute   ctl-01  WSGI in web.WsgiMiddleware, traced SQL
    net     neutron/neutron-server net-02 WSGI in web.WsgiMiddleware, "neutron.db"
    worker  nova/nova-compute    cmp-03  RPC endpoint, @profiler.trace_cls("rpc")

The main process plays `openstack --os-profile KEY ...` and makes traces:
    boot    POST /v2.1/servers: api -> net (signed headers), SQL, rpc cast
            to the worker that outlives the request (an async child)
    error   POST /v2.1/servers/fail: a traced function raises (info.etype)
    single  one start event and no stop (the 3.4.3 `trace list` crash case)
Prints {"boot": id, "error": id, "single": id} as JSON on stdout.

--serve-profile only starts api and net, prints {"url": ...} and serves until
stdin closes: `osptrace profile` then sends the signed request itself.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from osprofiler import profiler

HMAC_KEY = "SECRET_KEY"
SERVICES = {"api": ("nova", "osapi_compute", "ctl-01"),
            "net": ("neutron", "neutron-server", "net-02"),
            "worker": ("nova", "nova-compute", "cmp-03")}
SVC = {}
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http(method, url, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    req.add_header("Content-Type", "application/json")
    try:
        with _opener.open(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def svc_url(role, path):
    return "http://127.0.0.1:%d%s" % (SVC["ports"][role], path)


def traced_headers():
    from osprofiler import web
    return web.get_trace_id_headers()


def sql(statement, **params):
    from sqlalchemy import text
    with SVC["engine"].begin() as conn:
        result = conn.execute(text(statement), params)
        return result.fetchall() if result.returns_rows else result.rowcount


class QuotaExceeded(Exception):
    __module__ = "nova.exception"


@profiler.trace("quota_check", hide_args=False)
def check_quota(project_id, fail):
    sql("SELECT hard_limit FROM quotas WHERE project_id = :p", p=project_id)
    if fail:
        raise QuotaExceeded("Quota exceeded for instances: Requested 1, but already used 10 of 10")


@profiler.trace_cls("rpc")
class ComputeManager:
    def build_and_run_instance(self, uuid):
        time.sleep(0.03)  # the hypervisor works on after the API answered
        sql("UPDATE instances SET state = 'active' WHERE uuid = :u", u=uuid)


def reply(start, status, body):
    start(status, [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]


def api_app(env, start):
    path = env["PATH_INFO"]
    fail = path.endswith("/fail")
    try:
        check_quota("9f3c", fail)
    except QuotaExceeded as e:
        return reply(start, "403 Forbidden", {"forbidden": str(e)})
    status, port = http("POST", svc_url("net", "/v2.0/ports"), {"port": {}}, traced_headers())
    sql("INSERT INTO instances VALUES (:u, 'building')", u=port["port"])
    if "worker" in SVC["ports"]:
        p = profiler.get()
        http("POST", svc_url("worker", "/rpc"), {
            "method": "build_and_run_instance", "kwargs": {"uuid": port["port"]},
            "trace_info": {"hmac_key": p.hmac_key, "base_id": p.get_base_id(),
                           "parent_id": p.get_id()}})
    return reply(start, "202 Accepted", {"server": {"id": port["port"]}})


def net_app(env, start):
    sql("SELECT id FROM networks WHERE name = :n", n="private")
    port_id = os.urandom(6).hex()
    sql("INSERT INTO ports VALUES (:p)", p=port_id)
    return reply(start, "201 Created", {"port": port_id})


def rpc_app(env, start):
    msg = json.loads(env["wsgi.input"].read(int(env.get("CONTENT_LENGTH") or 0)))

    def dispatch():  # a cast: the work goes on in a thread after the reply
        profiler.init(**msg["trace_info"])
        try:
            getattr(ComputeManager(), msg["method"])(**msg["kwargs"])
        finally:
            profiler.clean()
    threading.Thread(target=dispatch).start()
    return reply(start, "200 OK", None)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def init_profiler(project, service, host, url, filter_errors):
    from oslo_config import cfg
    from osprofiler import initializer, opts
    # set_defaults registers [profiler]; without it notifier.create silently falls back to no-op.
    opts.set_defaults(cfg.CONF, enabled=True, trace_sqlalchemy=True, hmac_keys=HMAC_KEY,
                      connection_string=url)
    cfg.CONF([], project=project)
    cfg.CONF.set_override("filter_error_trace", filter_errors, group="profiler")
    initializer.init_from_conf(conf=cfg.CONF, context={}, project=project, service=service,
                               host=host)


def serve(role, config):
    project, service, host = SERVICES[role]
    socket.gethostname = lambda: host  # osprofiler records info.host from it
    init_profiler(project, service, host, config["url"], config["filter_errors"])
    import sqlalchemy
    import osprofiler.sqlalchemy
    from osprofiler import web
    SVC.update(ports=config["ports"])
    SVC["engine"] = sqlalchemy.create_engine("sqlite:///%s/%s.sqlite" % (config["workdir"], role))
    osprofiler.sqlalchemy.add_tracing(sqlalchemy, SVC["engine"],
                                      "neutron.db" if role == "net" else "db")
    app = {"api": web.WsgiMiddleware(api_app), "net": web.WsgiMiddleware(net_app),
           "worker": rpc_app}[role]
    server = make_server("127.0.0.1", config["ports"][role], app,
                         server_class=ThreadingWSGIServer, handler_class=QuietHandler)
    print("ready", flush=True)
    server.serve_forever()


def make_schema(workdir):
    import sqlite3
    for role, statements in {
            "api": ["CREATE TABLE quotas (project_id TEXT, hard_limit INT)",
                    "CREATE TABLE instances (uuid TEXT, state TEXT)",
                    "INSERT INTO quotas VALUES ('9f3c', 10)"],
            "net": ["CREATE TABLE networks (id TEXT, name TEXT)",
                    "CREATE TABLE ports (id TEXT)",
                    "INSERT INTO networks VALUES ('b7a2', 'private')"],
            "worker": ["CREATE TABLE instances (uuid TEXT, state TEXT)"]}.items():
        with sqlite3.connect(os.path.join(workdir, role + ".sqlite")) as db:
            for s in statements:
                db.execute(s)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def event_count(url, base_id):
    from oslo_config import cfg
    from osprofiler.drivers import base
    driver = base.get_driver(url, conf=cfg.CONF)
    report = driver.get_report(base_id)
    starts = stops = 0
    stack = list(report["children"])
    while stack:
        node = stack.pop()
        keys = [k for k in node["info"] if k.startswith("meta.raw_payload.")]
        starts += any(k.endswith("-start") for k in keys)
        stops += any(k.endswith("-stop") for k in keys)
        stack.extend(node["children"])
    return starts, stops


def start_services(roles, url, filter_errors, workdir):
    ports = {role: free_port() for role in roles}
    config = json.dumps({"ports": ports, "url": url, "filter_errors": filter_errors,
                         "workdir": workdir})
    procs = [subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve", role,
                               "--config", config], stdout=subprocess.PIPE, text=True)
             for role in roles]
    for proc in procs:
        if proc.stdout.readline().strip() != "ready":
            sys.exit("a service did not start")
    SVC["ports"] = ports
    return procs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--connection-string")
    ap.add_argument("--filter-error-trace", action="store_true")
    ap.add_argument("--serve-profile", action="store_true")
    ap.add_argument("--serve")
    ap.add_argument("--config")
    args = ap.parse_args()
    if args.serve:
        return serve(args.serve, json.loads(args.config))

    workdir = tempfile.mkdtemp(prefix="osp-fill-")
    make_schema(workdir)
    roles = ["api", "net"] if args.serve_profile else list(SERVICES)
    procs = start_services(roles, args.connection_string, args.filter_error_trace, workdir)
    try:
        if args.serve_profile:
            print(json.dumps({"url": svc_url("api", "/v2.1/servers")}), flush=True)
            sys.stdin.read()  # serve until the test closes our stdin
            return
        # The client's own notifier (the single-event trace is written from here).
        init_profiler("python-openstackclient", "openstack", "laptop", args.connection_string,
                      args.filter_error_trace)
        ids = {}
        for name, path in (("boot", "/v2.1/servers"), ("error", "/v2.1/servers/fail")):
            p = profiler.init(HMAC_KEY)
            http("POST", svc_url("api", path), {"server": {"name": "vm1"}}, traced_headers())
            ids[name] = p.get_base_id()
            profiler.clean()
            time.sleep(0.01)
        p = profiler.init(HMAC_KEY)
        profiler.start("client_only", info={"note": "never stopped"})
        ids["single"] = p.get_base_id()
        profiler.clean()
        # The rpc cast outlives the request: wait until every span has its stop event.
        for _ in range(200):
            starts, stops = event_count(args.connection_string, ids["boot"])
            if starts and starts == stops:
                break
            time.sleep(0.05)
        print(json.dumps(ids), flush=True)
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait()


if __name__ == "__main__":
    main()
