#!/usr/bin/python3
"""Make the bundled sample trace with the real OSProfiler library.

Run with Debian's Python (the packages are in packaging/debian-build-deps.txt):

    /usr/bin/python3 tools/make_sample_trace.py [--out-dir resources/sample]

It starts a private redis-server on a free 127.0.0.1 port in a temporary
directory and five small "OpenStack services", one OS process each, because
OSProfiler keeps one notifier per process. Each service initialises OSProfiler
the way the real ones do: opts.set_defaults(), then initializer.init_from_conf()
with its project/service/host, a WSGI app wrapped in web.WsgiMiddleware, a
SQLAlchemy engine traced by osprofiler.sqlalchemy.add_tracing(), and managers
decorated with @profiler.trace / trace_cls. The main process plays
`openstack --os-profile KEY server create`: it only makes the base id and sends
the signed trace headers.

    keystone/public         ctl-01   token issue and validation
    nova/osapi_compute      ctl-01   POST /servers, casts to the conductor
    nova/nova-conductor     ctl-01   scheduling (one failing SQL statement),
                                     casts to the compute
    nova/nova-compute       cmp-03   port allocation (the first network is
                                     full: a neutron_api span raises, the caller
                                     retries), libvirt spawn, port binding
    neutron/neutron-server  net-02   ports and networks ("neutron.db" spans)

The casts run in threads that outlive the caller's span (async children).
socket.gethostname() is replaced per service so the trace has three hosts.

Writes, like `osprofiler trace show --json BASE_ID --out boot.json` and
`redis-cli --raw lrange osprofiler_opt:BASE_ID 0 -1`:
    boot.json                   the report
    boot.redis-lrange.ndjson    the raw events, newest first
"""

import argparse
import inspect
import json
import os
import shutil
import socket
import sqlite3
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
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# role: (project, service, host)
SERVICES = {
    "keystone": ("keystone", "public", "ctl-01"),
    "nova-api": ("nova", "osapi_compute", "ctl-01"),
    "conductor": ("nova", "nova-conductor", "ctl-01"),
    "compute": ("nova", "nova-compute", "cmp-03"),
    "neutron": ("neutron", "neutron-server", "net-02"),
}
# The nova services share one database, as they share the cell database.
DATABASES = {"keystone": "keystone", "nova-api": "nova", "conductor": "nova",
             "compute": "nova", "neutron": "neutron"}
SCHEMA = {
    "keystone": ["CREATE TABLE project (id TEXT PRIMARY KEY, name TEXT)",
                 "CREATE TABLE token (id TEXT PRIMARY KEY, project_id TEXT)",
                 "INSERT INTO project VALUES ('9f3c', 'demo')"],
    "nova": ["CREATE TABLE instances (uuid TEXT PRIMARY KEY, project_id TEXT,"
             " vm_state TEXT, host TEXT)",
             "CREATE TABLE quotas (project_id TEXT, resource TEXT, hard_limit INT)",
             "CREATE TABLE compute_nodes (host TEXT, free_ram_mb INT)",
             "INSERT INTO quotas VALUES ('9f3c', 'instances', 10)",
             "INSERT INTO compute_nodes VALUES ('cmp-03', 15872)"],
    "neutron": ["CREATE TABLE networks (id TEXT PRIMARY KEY, name TEXT,"
                " free_ips INT)",
                "CREATE TABLE ports (id TEXT PRIMARY KEY, network_id TEXT,"
                " device_id TEXT, binding_host TEXT)",
                "INSERT INTO networks VALUES ('5d1e', 'private-full', 0)",
                "INSERT INTO networks VALUES ('b7a2', 'private', 240)"],
}

# Filled in by serve() in each service process.
SVC = {}


# ---------------------------------------------------------------- plumbing
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http(method, url, body=None, headers=None):
    """JSON over HTTP, never through a proxy; returns (status, body)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers=dict(headers or {}))
    req.add_header("Content-Type", "application/json")
    try:
        with _opener.open(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def url(role, path):
    return "http://127.0.0.1:%d%s" % (SVC["ports"][role], path)


def call(role, method, path, body=None):
    """A REST call to another service, carrying the signed trace headers
    (what keystoneauth does when profiling is on)."""
    from osprofiler import web
    return http(method, url(role, path), body, web.get_trace_id_headers())


def rpc(role, method, cast=False, **kwargs):
    """An RPC message with the trace context, as nova's context serializer
    sends it; a cast returns at once and the work goes on in a thread."""
    p = profiler.get()
    trace_info = p and {"hmac_key": p.hmac_key, "base_id": p.get_base_id(),
                        "parent_id": p.get_id()}
    return http("POST", url(role, "/rpc"), {
        "method": method, "kwargs": kwargs, "cast": cast,
        "trace_info": trace_info})[1]


def sql(statement, **params):
    from sqlalchemy import text
    with SVC["engine"].begin() as conn:
        result = conn.execute(text(statement), params)
        return result.fetchall() if result.returns_rows else result.rowcount


def work(ms):
    time.sleep(ms / 1000.0)


def openstack_module(name):
    """Give a class and its methods the module name of the real code, so the
    trace shows e.g. nova.compute.manager.ComputeManager.build_and_run_instance.
    Must be the innermost class decorator (trace_cls reads the names)."""
    def rename(cls):
        cls.__module__ = name
        for f in vars(cls).values():
            while inspect.isfunction(f):  # also the one inside @profiler.trace
                f.__module__ = name
                f = getattr(f, "__wrapped__", None)
        return cls
    return rename


# ------------------------------------------------------------ nova / neutron
class IpAddressGenerationFailureClient(Exception):
    __module__ = "neutronclient.common.exceptions"


@openstack_module("nova.network.neutron")
class NeutronAPI:
    @profiler.trace("neutron_api", hide_args=False)
    def allocate_for_instance(self, instance_uuid, networks):
        for net in networks:
            try:
                return self._create_port(instance_uuid, net)
            except IpAddressGenerationFailureClient:
                work(15)  # try the next network
        raise RuntimeError("no network with free addresses")

    @profiler.trace("neutron_api", hide_args=False)
    def _create_port(self, instance_uuid, network_id):
        status, body = call("neutron", "POST", "/v2.0/ports", {
            "port": {"network_id": network_id, "device_id": instance_uuid}})
        if status == 409:
            raise IpAddressGenerationFailureClient(
                body["NeutronError"]["message"])
        return body["port"]["id"]

    @profiler.trace("neutron_api", hide_args=False)
    def bind_port(self, port_id, host):
        call("neutron", "PUT", "/v2.0/ports/" + port_id,
             {"port": {"binding:host_id": host}})


@profiler.trace_cls("driver", trace_private=True)
@openstack_module("nova.virt.libvirt.driver")
class LibvirtDriver:
    def spawn(self, instance_uuid, port_id):
        self._create_image(instance_uuid)
        self._create_guest_with_network(instance_uuid, port_id)

    def _create_image(self, instance_uuid):
        work(90)  # qemu-img create + copy from the image cache

    def _create_guest_with_network(self, instance_uuid, port_id):
        work(140)  # virDomainCreateWithFlags + wait for vif-plugged


@profiler.trace_cls("rpc", hide_result=False)
@openstack_module("nova.compute.manager")
class ComputeManager:
    def build_and_run_instance(self, instance_uuid, networks):
        port_id = NeutronAPI().allocate_for_instance(instance_uuid, networks)
        LibvirtDriver().spawn(instance_uuid, port_id)
        NeutronAPI().bind_port(port_id, SERVICES["compute"][2])
        rpc("conductor", "instance_update", instance_uuid=instance_uuid,
            vm_state="active")
        return "active"


@profiler.trace_cls("rpc")
@openstack_module("nova.conductor.manager")
class ConductorManager:
    def schedule_and_build_instances(self, instance_uuid, networks):
        try:  # a table this cell has not migrated yet: osprofiler's handle_error
            sql("SELECT cell_id FROM instance_mappings WHERE instance_uuid = :u",
                u=instance_uuid)
        except Exception:
            pass
        host = sql("SELECT host FROM compute_nodes WHERE free_ram_mb >= :ram "
                   "ORDER BY free_ram_mb DESC LIMIT 1", ram=512)[0][0]
        work(20)
        sql("UPDATE instances SET host = :h, vm_state = 'scheduled' "
            "WHERE uuid = :u", h=host, u=instance_uuid)
        rpc("compute", "build_and_run_instance", cast=True,
            instance_uuid=instance_uuid, networks=networks)

    def instance_update(self, instance_uuid, vm_state):
        sql("UPDATE instances SET vm_state = :s WHERE uuid = :u",
            s=vm_state, u=instance_uuid)


MANAGERS = {"conductor": ConductorManager, "compute": ComputeManager}


# ---------------------------------------------------------------- WSGI apps
def reply(start, status, body):
    start(status, [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]


def read_json(env):
    n = int(env.get("CONTENT_LENGTH") or 0)
    return json.loads(env["wsgi.input"].read(n) or b"null")


def keystone_app(env, start):
    path, method = env["PATH_INFO"], env["REQUEST_METHOD"]
    if path == "/":
        return reply(start, "300 Multiple Choices", {"versions": ["v3.14"]})
    if method == "POST":  # issue a token
        sql("SELECT id, name FROM project WHERE name = :n", n="demo")
        work(25)  # password hashing
        token = os.urandom(8).hex()
        sql("INSERT INTO token VALUES (:t, '9f3c')", t=token)
        return reply(start, "201 Created", {"token": token})
    sql("SELECT project_id FROM token LIMIT 1")  # validate (keystonemiddleware)
    work(3)
    return reply(start, "200 OK", {"token": {"project": "9f3c"}})


def neutron_app(env, start):
    path, method = env["PATH_INFO"], env["REQUEST_METHOD"]
    if path == "/v2.0/networks":
        nets = sql("SELECT id, name FROM networks ORDER BY name DESC")
        return reply(start, "200 OK", {"networks": [n[0] for n in nets]})
    if method == "POST":
        port = read_json(env)["port"]
        free = sql("SELECT free_ips FROM networks WHERE id = :n",
                   n=port["network_id"])[0][0]
        if free == 0:
            return reply(start, "409 Conflict", {"NeutronError": {
                "type": "IpAddressGenerationFailure",
                "message": "No more IP addresses available on network %s."
                           % port["network_id"]}})
        port_id = os.urandom(8).hex()
        work(12)
        sql("INSERT INTO ports VALUES (:p, :n, :d, NULL)", p=port_id,
            n=port["network_id"], d=port["device_id"])
        return reply(start, "201 Created", {"port": {"id": port_id}})
    port = read_json(env)["port"]
    sql("UPDATE ports SET binding_host = :h WHERE id = :p",
        h=port["binding:host_id"], p=path.rsplit("/", 1)[1])
    work(30)  # the L2 agent wires the port
    return reply(start, "200 OK", {"port": {"status": "ACTIVE"}})


def nova_api_app(env, start):
    path, method = env["PATH_INFO"], env["REQUEST_METHOD"]
    call("keystone", "GET", "/v3/auth/tokens")
    if method == "POST":
        sql("SELECT hard_limit FROM quotas WHERE project_id = :p "
            "AND resource = 'instances'", p="9f3c")
        sql("SELECT count(*) FROM instances WHERE project_id = :p", p="9f3c")
        networks = call("neutron", "GET", "/v2.0/networks")[1]["networks"]
        uuid = read_json(env)["server"]["uuid"]
        sql("INSERT INTO instances VALUES (:u, '9f3c', 'building', NULL)",
            u=uuid)
        rpc("conductor", "schedule_and_build_instances", cast=True,
            instance_uuid=uuid, networks=networks)
        return reply(start, "202 Accepted", {"server": {"id": uuid}})
    row = sql("SELECT vm_state, host FROM instances WHERE uuid = :u",
              u=path.rsplit("/", 1)[1])
    return reply(start, "200 OK", {"server": {"status": row[0][0].upper()}})


def rpc_app(env, start):
    msg = read_json(env)

    def dispatch():
        if msg["trace_info"]:
            profiler.init(**msg["trace_info"])
        try:
            manager = MANAGERS[SVC["role"]]()
            return getattr(manager, msg["method"])(**msg["kwargs"])
        finally:
            profiler.clean()

    if msg["cast"]:
        threading.Thread(target=dispatch).start()
        return reply(start, "200 OK", None)
    return reply(start, "200 OK", dispatch())


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def serve(role, ports, redis_url, workdir):
    """One service process: set up OSProfiler as a real service does, serve."""
    project, service, host = SERVICES[role]
    socket.gethostname = lambda: host  # osprofiler records info.host from it

    from oslo_config import cfg
    import sqlalchemy
    import osprofiler.sqlalchemy
    from osprofiler import initializer, opts, web

    # set_defaults() registers the [profiler] options; without it the redis
    # driver fails and notifier.create() silently falls back to a no-op.
    opts.set_defaults(cfg.CONF, enabled=True, trace_sqlalchemy=True,
                      hmac_keys=HMAC_KEY, connection_string=redis_url)
    cfg.CONF([], project=project)
    initializer.init_from_conf(conf=cfg.CONF, context={}, project=project,
                               service=service, host=host)

    SVC.update(role=role, ports=ports)
    SVC["engine"] = sqlalchemy.create_engine(
        "sqlite:///%s/%s.sqlite" % (workdir, DATABASES[role]))
    # What oslo.db does with [profiler]/trace_sqlalchemy; neutron names it
    # "neutron.db". (hide_result=False would need PyMySQL cursors.)
    osprofiler.sqlalchemy.add_tracing(
        sqlalchemy, SVC["engine"], "neutron.db" if role == "neutron" else "db")

    apps = {"keystone": keystone_app, "nova-api": nova_api_app,
            "neutron": neutron_app}
    app = web.WsgiMiddleware(apps[role]) if role in apps else rpc_app
    server = make_server("127.0.0.1", ports[role], app,
                         server_class=ThreadingWSGIServer,
                         handler_class=QuietHandler)
    print("ready", flush=True)
    server.serve_forever()


# ------------------------------------------------------------ orchestration
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(tmp):
    import redis
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port),
         "--save", "", "--appendonly", "no", "--dir", tmp,
         "--logfile", os.path.join(tmp, "redis.log")],
        stdout=subprocess.DEVNULL)
    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            client.ping()
            return proc, port, client
        except redis.ConnectionError:
            if proc.poll() is not None:
                break
            time.sleep(0.05)
    proc.kill()
    proc.wait()
    sys.exit("redis-server did not start (see %s/redis.log)" % tmp)


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def make_databases(workdir):
    for name, statements in SCHEMA.items():
        with sqlite3.connect(os.path.join(workdir, name + ".sqlite")) as db:
            for s in statements:
                db.execute(s)


def boot_server(ports):
    """`openstack --os-profile SECRET_KEY server create`, then poll (untraced)
    until the instance is active and show it (traced)."""
    from osprofiler import web

    def client(method, role, path, body=None, traced=True):
        headers = web.get_trace_id_headers() if traced else {}
        return http(method, "http://127.0.0.1:%d%s" % (ports[role], path),
                    body, headers)

    p = profiler.init(HMAC_KEY)
    client("GET", "keystone", "/")
    client("POST", "keystone", "/v3/auth/tokens", {"auth": {"user": "demo"}})
    uuid = "a1f0c3e2-7b6d-4c59-9e8a-%s" % os.urandom(6).hex()
    client("POST", "nova-api", "/v2.1/servers",
           {"server": {"name": "vm1", "uuid": uuid, "flavorRef": "m1.tiny"}})
    for _ in range(200):
        status = client("GET", "nova-api", "/v2.1/servers/" + uuid,
                        traced=False)[1]
        if status and status["server"]["status"] == "ACTIVE":
            break
        time.sleep(0.05)
    client("GET", "nova-api", "/v2.1/servers/" + uuid)
    base_id = p.get_base_id()
    profiler.clean()
    return base_id


def wait_for_all_stops(db, key):
    """The compute's rpc-stop is sent just after the update the poll sees."""
    for _ in range(100):
        names = [json.loads(e)["name"] for e in db.lrange(key, 0, -1)]
        starts = sum(n.endswith("-start") for n in names)
        if starts and starts * 2 == len(names):
            return
        time.sleep(0.05)
    sys.exit("the trace did not complete: %d events" % len(names))


def write_outputs(out_dir, redis_url, db, base_id):
    from oslo_config import cfg
    from osprofiler import opts
    from osprofiler.drivers import base

    opts.set_defaults(cfg.CONF)  # the driver reads the [profiler] options
    trace = base.get_driver(redis_url).get_report(base_id)

    def datetime_json_serialize(obj):  # as osprofiler/cmd/commands.py
        return obj.isoformat() if hasattr(obj, "isoformat") else obj

    os.makedirs(out_dir, exist_ok=True)
    # `osprofiler trace show --json --out FILE` writes exactly this (no final newline)
    with open(os.path.join(out_dir, "boot.json"), "w+") as f:
        f.write(json.dumps(trace, default=datetime_json_serialize,
                           separators=(",", ": "), indent=2))
    # `redis-cli --raw lrange osprofiler_opt:BASE_ID 0 -1`: newest first
    with open(os.path.join(out_dir, "boot.redis-lrange.ndjson"), "wb") as f:
        for event in db.lrange("osprofiler_opt:" + base_id, 0, -1):
            f.write(event + b"\n")
    return trace


def summarize(trace):
    spans, hosts, errors = 0, set(), 0
    stack = list(trace["children"])
    while stack:
        node = stack.pop()
        spans += 1
        hosts.add(node["info"]["host"])
        errors += node["info"].get("exception", "None") != "None"
        stack.extend(node["children"])
    return "%d spans, hosts %s, %d with an exception" % (
        spans, ",".join(sorted(hosts)), errors)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out-dir", default=os.path.join(ROOT, "resources", "sample"))
    ap.add_argument("--serve", help=argparse.SUPPRESS)  # internal: one service
    ap.add_argument("--config", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        c = json.loads(args.config)
        return serve(args.serve, c["ports"], c["redis"], c["workdir"])

    tmp = tempfile.mkdtemp(prefix="osp-sample-")
    redis_proc, services = None, []
    try:
        redis_proc, redis_port, db = start_redis(tmp)
        redis_url = "redis://127.0.0.1:%d" % redis_port
        make_databases(tmp)
        ports = {role: free_port() for role in SERVICES}
        config = json.dumps({"ports": ports, "redis": redis_url, "workdir": tmp})
        for role in SERVICES:
            services.append(subprocess.Popen(
                [sys.executable, os.path.abspath(__file__), "--serve", role,
                 "--config", config], stdout=subprocess.PIPE, text=True))
        for proc in services:
            if proc.stdout.readline().strip() != "ready":
                sys.exit("a service did not start")

        base_id = boot_server(ports)
        wait_for_all_stops(db, "osprofiler_opt:" + base_id)
        trace = write_outputs(args.out_dir, redis_url, db, base_id)
        print("%s: %s (base_id %s)" % (os.path.join(args.out_dir, "boot.json"),
                                       summarize(trace), base_id))
    finally:
        for proc in services:
            stop(proc)
        if redis_proc:
            stop(redis_proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
