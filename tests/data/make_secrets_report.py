#!/usr/bin/python3
"""Writes secrets-report.json: a trace made by the real osprofiler library (Debian's
python3-osprofiler) whose payloads carry known secret values in every place a redacted export
must strip (SQL params, function args/kwargs/results, request query strings, URLs in messages,
SQLAlchemy "[parameters: ...]"). tst_export greps every redacted export for the SECRET_ values.

Run: /usr/bin/python3 tests/data/make_secrets_report.py > tests/data/secrets-report.json
"""
import datetime
import json
import sys

from osprofiler import notifier, profiler
from osprofiler.drivers import base

EVENTS = []
notifier.set(lambda info: EVENTS.append(info))

BASE = "5e0f7a1c-3b7d-4c8e-9a61-2f4d8b9c0e11"
profiler.init("hmac-not-used", base_id=BASE, parent_id=BASE)


class Api(object):
    @profiler.trace("rpc", hide_args=False, hide_result=False)
    def create(self, name, password=None):
        return {"token": "SECRET_RESULT_token"}


with profiler.Trace("wsgi", info={"request": {
        "path": "/v3/auth/tokens", "query": "api_key=SECRET_QUERY_key&x=1",
        "method": "POST", "scheme": "http"}}):
    Api().create("SECRET_ARG_name", password="SECRET_KWARG_password")
    with profiler.Trace("db", info={"db": {
            "statement": "SELECT * FROM users WHERE name = %(name_1)s",
            "params": {"name_1": "SECRET_PARAM_user"}}}):
        pass
    with profiler.Trace("db", info={"db": {
            "statement": "INSERT INTO t (a, b) VALUES (?, ?)",
            "params": ["SECRET_PARAM_a", 42]}}):
        pass
    with profiler.Trace("http", info={"requests": {
            "method": "GET", "query": "sig=SECRET_QUERY_sig", "path": "/v2/images",
            "hostname": "glance", "port": 9292, "scheme": "http"}}):
        pass
    try:
        with profiler.Trace("db", info={"db": {
                "statement": "UPDATE t SET a = %s", "params": ["SECRET_PARAM_b"]}}):
            raise ValueError(
                "(pymysql.err.IntegrityError) (1062, 'Duplicate')\n[SQL: UPDATE t SET a = %s]\n"
                "[parameters: ('SECRET_PARAM_c',)]\n(Background on this error at: "
                "https://sqlalche.me/e/14/gkpj?secret=SECRET_QUERY_bg)")
    except ValueError:
        pass


class Driver(base.Driver):
    def __init__(self):
        super(Driver, self).__init__("memory://")


driver = Driver()
for e in EVENTS:
    e = dict(e, project="keystone", service="public")
    driver._append_results(e["trace_id"], e["parent_id"], e["name"], e["project"],
                           e["service"], e["info"]["host"], e["timestamp"], e)
report = driver._parse_results()
json.dump(report, sys.stdout, default=lambda o: o.isoformat()
          if isinstance(o, datetime.datetime) else str(o), separators=(",", ": "), indent=2)
