#!/usr/bin/python3
"""Seeds for the collector fuzz targets (tests/fuzz), made from the reports in tests/data.

    tools/fuzz_seeds.py REDIS_DIR SQL_DIR REPORT.json...

Every stored event a report keeps (info."meta.raw_payload.<name>" with name and trace_id) is
written as Redis holds it (one JSON value per line, newest first, as LRANGE returns
osprofiler_opt:<base_id>) and as the SQLAlchemy driver's table `data` holds it (one row per
line: timestamp, base_id, parent_id, trace_id, project, host, service, name, data; tabs between
columns, data = the JSON string of jsonutils.dumps({"info": ...})).
"""

import json
import os
import sys


def stored_events(node):
    info = node.get("info", {}) if isinstance(node, dict) else {}
    for key, value in info.items():
        if key.startswith("meta.raw_payload.") and isinstance(value, dict) \
                and "name" in value and "trace_id" in value:
            yield value
    for child in node.get("children", []) if isinstance(node, dict) else []:
        yield from stored_events(child)


def sql_row(event):
    def col(key):
        value = event.get(key)
        return "\\N" if value is None else str(value)
    data = json.dumps(json.dumps({"info": event.get("info", {})}))
    return "\t".join([col("timestamp"), col("base_id"), col("parent_id"), col("trace_id"),
                      col("project"), event.get("info", {}).get("host", "\\N"),
                      col("service"), col("name"), data])


def main():
    redis_dir, sql_dir, reports = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(redis_dir, exist_ok=True)
    os.makedirs(sql_dir, exist_ok=True)
    for report in reports:
        with open(report, encoding="utf-8") as f:
            events = sorted(stored_events(json.load(f)), key=lambda e: e.get("timestamp", ""))
        if not events:
            continue
        stem = os.path.splitext(os.path.basename(report))[0]
        with open(os.path.join(redis_dir, stem + ".lrange"), "w", encoding="utf-8") as f:
            f.writelines(json.dumps(e) + "\n" for e in reversed(events))
        with open(os.path.join(sql_dir, stem + ".rows"), "w", encoding="utf-8") as f:
            f.writelines(sql_row(e) + "\n" for e in events)
        # One event alone: a small seed the fuzzer mutates quickly.
        with open(os.path.join(redis_dir, stem + ".one"), "w", encoding="utf-8") as f:
            f.write(json.dumps(events[0]))
        with open(os.path.join(sql_dir, stem + ".one"), "w", encoding="utf-8") as f:
            f.write(sql_row(events[0]))


if __name__ == "__main__":
    main()
