#!/usr/bin/python3
"""A small OSProfiler-enabled WSGI service to try the README's guide on one machine.

It sets OSProfiler up exactly as an OpenStack service does: the [profiler] options come from
an oslo.config file (enabled, hmac_keys, connection_string, trace_sqlalchemy,
filter_error_trace), initializer.init_from_conf() creates the notifier, the app runs inside
osprofiler.web.WsgiMiddleware, and SQL goes through osprofiler.sqlalchemy's tracing.

    /usr/bin/python3 tools/demo_service.py --config-file demo.conf [--port 8774]

Endpoints: GET /servers (SQL, a traced function), POST /servers (more SQL, a caught error
inside a traced function), GET /fail (HTTP 500 after a failing SQL statement).
Needs Debian's python3-osprofiler, python3-sqlalchemy and python3-redis.
"""
import json
import socket
import sys
import uuid
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from oslo_config import cfg
from osprofiler import initializer, opts, profiler, web

CONF = cfg.CONF
CONF.register_cli_opt(cfg.PortOpt("port", default=8774, help="Port to listen on (127.0.0.1)"))
opts.set_defaults(CONF)  # registers [profiler]; without it OSProfiler silently records nothing


class QuotaExceeded(Exception):
    pass


@profiler.trace("quota", hide_args=False)
def check_quota(db, project):
    row = db.execute(sqlalchemy.text("SELECT hard_limit FROM quotas WHERE project_id = :p"),
                     {"p": project}).fetchone()
    used = db.execute(sqlalchemy.text("SELECT count(*) FROM servers")).scalar()
    if row is None or used >= row[0]:
        raise QuotaExceeded("quota of %s exceeded" % project)


@profiler.trace("scheduler")
def pick_host(db):
    db.execute(sqlalchemy.text("SELECT name FROM hosts ORDER BY free_ram DESC LIMIT 1")).fetchone()
    return "cmp-01"


def app(environ, start_response):
    method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/")
    status, body = "200 OK", {}
    with engine.begin() as db:
        if path == "/servers" and method == "GET":
            body = {"servers": [dict(r._mapping) for r in
                                db.execute(sqlalchemy.text("SELECT id, name FROM servers"))]}
        elif path == "/servers" and method == "POST":
            try:
                check_quota(db, "demo")
            except QuotaExceeded:
                pass  # shows as an error span in the trace; the demo creates the server anyway
            host = pick_host(db)
            server = str(uuid.uuid4())
            db.execute(sqlalchemy.text("INSERT INTO servers VALUES (:id, :name, :host)"),
                       {"id": server, "name": "vm", "host": host})
            status, body = "202 Accepted", {"server": {"id": server, "host": host}}
        elif path == "/fail":
            try:
                db.execute(sqlalchemy.text("SELECT * FROM no_such_table"))
            except sqlalchemy.exc.OperationalError as e:
                status, body = "500 Internal Server Error", {"error": str(e.orig)}
        else:
            status, body = "404 Not Found", {"error": path}
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(data)))])
    return [data]


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def main():
    global sqlalchemy, engine
    CONF(sys.argv[1:], project="demo")
    import sqlalchemy
    # In memory; one shared connection, so every request thread sees the same tables.
    engine = sqlalchemy.create_engine("sqlite://", poolclass=sqlalchemy.pool.StaticPool,
                                      connect_args={"check_same_thread": False})
    with engine.begin() as db:
        for stmt in ("CREATE TABLE quotas (project_id TEXT, hard_limit INT)",
                     "CREATE TABLE servers (id TEXT, name TEXT, host TEXT)",
                     "CREATE TABLE hosts (name TEXT, free_ram INT)",
                     "INSERT INTO quotas VALUES ('demo', 1)",
                     "INSERT INTO hosts VALUES ('cmp-01', 4096)"):
            db.execute(sqlalchemy.text(stmt))

    wsgi = app
    if CONF.profiler.enabled:
        # What nova/neutron/cinder do at start-up (e.g. nova/profiler.py).
        initializer.init_from_conf(conf=CONF, context={}, project="demo",
                                   service="demo-api", host=socket.gethostname())
        if CONF.profiler.trace_sqlalchemy:
            import osprofiler.sqlalchemy
            osprofiler.sqlalchemy.add_tracing(sqlalchemy, engine, "db")
        wsgi = web.WsgiMiddleware(app)
    else:
        web.disable()
    server = make_server("127.0.0.1", CONF.port, wsgi, server_class=ThreadingWSGIServer,
                         handler_class=WSGIRequestHandler)
    print("demo-api on http://127.0.0.1:%d (profiling %s, collector %s)"
          % (CONF.port, "on" if CONF.profiler.enabled else "off",
             CONF.profiler.connection_string), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
