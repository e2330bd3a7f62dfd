#!/usr/bin/python3
"""Synthetic OSProfiler traces for ospview benchmarks (python3 standard library only).

    tools/gen_synthetic_trace.py SPANS OUT.json [--seed N]
                                 [--shape mixed|deep|wide|msonly] [--gzip]

Writes one report exactly as `osprofiler trace show --json BASE_ID --out OUT.json`
would: the synthetic "total" root with info {name, started 0, finished,
last_trace_started}, the forest of nodes under "children" (each node has info,
trace_id, parent_id, children; siblings ordered by start time) and "stats"
(count and summed duration per span name, computed from the truncated per-node
milliseconds, so nested spans of the same name count again). Node info holds
name, project, service, host, started, finished, exception and the raw events
under "meta.raw_payload.<event name>". Times are integer milliseconds, truncated,
relative to the earliest event; the events carry the microsecond timestamps.
Whitespace is json.dumps' compact default (one line), not the CLI's indent=2,
so the output compares equal to the real thing once parsed.

Shapes:
  mixed   (default) one multi-service request as a client sees it: a keystone
          token request, then a nova API request that fans out over keystone,
          nova (api, conductor, scheduler, compute), neutron, glance and cinder
          on 4 hosts. Nested wsgi / rpc / function spans down to depth 12; about
          60 % of all spans are SQL ("db", or the dotted "neutron.db" in neutron)
          with SQLAlchemy-style SELECT / INSERT / UPDATE statements on a handful
          of tables and %(x)s params. Rare cases a viewer must handle: ~0.2 % of
          spans raise (etype and message in the stop payload), 10 % of rpc calls
          are casts that may outlive their caller (~0.3 % of all spans end after
          their parent), ~0.05 % of spans have no stop event (still in flight: no
          exception key, no -stop payload, finished == started), and ~0.1 % are
          named "my-op" (reported with the name "my").
          About 1.15 KB per span: 1,000,000 spans make a ~1.16 GB file.
  deep    one chain of nested calls, depth ~ SPANS/2, each link with a db leaf.
          Python's json module needs sys.setrecursionlimit() above ~2 x depth
          to load it (from about 980 spans on), and so would osprofiler's CLI.
  wide    one wsgi span with SPANS-1 db children: the N+1 query pattern (one
          list query, then the same full-row SELECT over and over with another
          id). About 1.5 KB per span.
  msonly  the mixed tree (same seed, same spans), but the payloads keep only
          {"info": ...} as the SQLAlchemy collector driver stores them: no name,
          ids or timestamps, so only millisecond precision survives.

How it works: a skeleton walk decides the tree (kinds, services, times) with
one random stream, and payloads are drawn from a second stream. The walk keeps
an explicit stack of open spans (never recursion) and hands each span over as
soon as it is placed, so memory stays small whatever SPANS is; a span that gets
its parent's last child slot takes over the parent's closing brackets (a tail
call), so even the deep chain keeps the stack short. The root's "finished" and
"last_trace_started" come first in the file but depend on every span, so the
walk runs twice: once to measure, once to write. Same arguments, same bytes.
"""

import argparse
import datetime
import gzip
import json
import random
import sys
import time

MAX_DEPTH = 12              # mixed: deepest level of nodes under "total"
EXCEPTION_RATE = 0.002      # spans whose stop event carries etype/message
NO_STOP_RATE = 0.0005       # spans whose stop event never arrived
CAST_RATE = 0.1             # rpc calls that are casts (asynchronous children)
MY_OP_RATE = 0.001          # spans named "my-op" (profiler.Trace("my-op"))
US_PER_SPAN = {"mixed": 700, "msonly": 700, "deep": 600, "wide": 350}
EPOCH = datetime.datetime(2026, 11, 26, 5, 47, 0)

# --------------------------------------------------------------------------------------
# The simulated deployment
# --------------------------------------------------------------------------------------

API, WORKER = "api", "worker"

# (project, service, host, role): one entry per service process.
SERVICES = [
    ("keystone", "public", "ctl-01", API),
    ("keystone", "public", "ctl-02", API),
    ("nova", "osapi_compute", "ctl-01", API),
    ("nova", "osapi_compute", "ctl-02", API),
    ("nova", "nova-conductor", "ctl-02", WORKER),
    ("nova", "nova-scheduler", "ctl-01", WORKER),
    ("nova", "nova-compute", "cmp-07", WORKER),
    ("neutron", "neutron-server", "net-01", API),
    ("neutron", "neutron-dhcp-agent", "net-01", WORKER),
    ("glance", "glance-api", "ctl-02", API),
    ("cinder", "cinder-api", "ctl-01", API),
    ("cinder", "cinder-scheduler", "ctl-02", WORKER),
    ("cinder", "cinder-volume", "cmp-07", WORKER),
]


def _service_indexes(project, role):
    return [i for i, s in enumerate(SERVICES) if s[0] == project and s[3] == role]


API_SERVICES = {p: _service_indexes(p, API) for p in ("keystone", "nova", "neutron", "glance", "cinder")}
WORKER_SERVICES = {p: _service_indexes(p, WORKER) for p in API_SERVICES}
OTHER_APIS = {p: [i for i, s in enumerate(SERVICES) if s[3] == API and s[0] != p] for p in API_SERVICES}
# Whom a project's code calls over HTTP.
HTTP_CALLEES = {
    "keystone": [],
    "nova": ["keystone", "neutron", "glance", "cinder", "neutron", "keystone"],
    "neutron": ["keystone", "nova"],
    "glance": ["keystone"],
    "cinder": ["keystone", "glance", "nova"],
}

# Services whose requests stay small whatever the trace size: most spans in nova and neutron.
SUBTREE_CAP = {"public": 4, "glance-api": 12, "neutron-server": 40, "neutron-dhcp-agent": 8,
               "cinder-scheduler": 8}

# Function spans (@profiler.trace(name)) per service: span name -> traced callables.
FUNCTIONS = {
    "public": {
        "token_provider": ["keystone.token.provider.Manager.validate_token",
                           "keystone.token.provider.Manager.issue_token"],
        "identity": ["keystone.identity.core.Manager.authenticate",
                     "keystone.identity.core.Manager.get_user"],
    },
    "osapi_compute": {
        "compute_api": ["nova.compute.api.API.create", "nova.compute.api.API.get",
                        "nova.compute.api.API._provision_instances"],
        "neutron_api": ["nova.network.neutron.API.validate_networks",
                        "nova.network.neutron.API.get_instance_nw_info"],
    },
    "nova-conductor": {
        "compute_task": ["nova.conductor.manager.ComputeTaskManager._schedule_instances",
                         "nova.conductor.manager.ComputeTaskManager._create_block_device_mapping"],
    },
    "nova-scheduler": {
        "scheduler": ["nova.scheduler.filter_scheduler.FilterScheduler.select_destinations",
                      "nova.scheduler.host_manager.HostManager.get_filtered_hosts"],
        "placement": ["nova.scheduler.client.report.SchedulerReportClient.get_allocation_candidates",
                      "nova.scheduler.client.report.SchedulerReportClient.claim_resources"],
    },
    "nova-compute": {
        "driver": ["nova.virt.libvirt.driver.LibvirtDriver.spawn",
                   "nova.virt.libvirt.driver.LibvirtDriver.plug_vifs",
                   "nova.virt.libvirt.driver.LibvirtDriver._create_guest_with_network"],
        "neutron_api": ["nova.network.neutron.API.allocate_for_instance",
                        "nova.network.neutron.API._update_port_binding_for_instance"],
    },
    "neutron-server": {
        "ml2": ["neutron.plugins.ml2.plugin.Ml2Plugin.create_port",
                "neutron.plugins.ml2.plugin.Ml2Plugin.update_port",
                "neutron.plugins.ml2.managers.MechanismManager.bind_port"],
        "ipam": ["neutron.ipam.drivers.neutrondb_ipam.driver.NeutronDbSubnet.allocate"],
    },
    "neutron-dhcp-agent": {
        "dhcp_agent": ["neutron.agent.dhcp.agent.DhcpAgent.refresh_dhcp_helper"],
    },
    "glance-api": {
        "image_repo": ["glance.db.ImageRepo.get", "glance.db.ImageRepo.list"],
        "store": ["glance_store.multi_backend.get_size_from_uri_and_backend"],
    },
    "cinder-api": {
        "volume_api": ["cinder.volume.api.API.create", "cinder.volume.api.API.get"],
    },
    "cinder-scheduler": {
        "scheduler": ["cinder.scheduler.filter_scheduler.FilterScheduler.schedule_create_volume"],
    },
    "cinder-volume": {
        "volume_driver": ["cinder.volume.drivers.lvm.LVMVolumeDriver.create_volume",
                          "cinder.volume.drivers.lvm.LVMVolumeDriver.initialize_connection"],
    },
}
FUNCTION_NAMES = {service: sorted(names) for service, names in FUNCTIONS.items()}

# Manager methods behind the "rpc" spans (trace_cls("rpc")) per worker service.
RPC_METHODS = {
    "nova-conductor": ["nova.conductor.manager.ComputeTaskManager.schedule_and_build_instances",
                       "nova.conductor.manager.ComputeTaskManager.build_instances",
                       "nova.conductor.manager.ConductorManager.object_class_action_versions"],
    "nova-scheduler": ["nova.scheduler.manager.SchedulerManager.select_destinations"],
    "nova-compute": ["nova.compute.manager.ComputeManager.build_and_run_instance",
                     "nova.compute.manager.ComputeManager.attach_interface",
                     "nova.compute.manager.ComputeManager.reserve_block_device_name"],
    "neutron-dhcp-agent": ["neutron.agent.dhcp.agent.DhcpAgent.port_create_end",
                           "neutron.agent.dhcp.agent.DhcpAgent.network_create_end"],
    "cinder-scheduler": ["cinder.scheduler.manager.SchedulerManager.create_volume"],
    "cinder-volume": ["cinder.volume.manager.VolumeManager.create_volume",
                      "cinder.volume.manager.VolumeManager.attach_volume"],
}

# The request context class each project passes to its RPC managers.
CONTEXTS = {"keystone": "keystone.common.context.RequestContext",
            "nova": "nova.context.RequestContext", "neutron": "neutron_lib.context.Context",
            "glance": "glance.context.RequestContext", "cinder": "cinder.context.RequestContext"}

# REST calls per API project: (method, path template, query). {id} is a resource uuid.
API_CALLS = {
    "keystone": [("POST", "/v3/auth/tokens", ""), ("GET", "/v3/auth/tokens", ""),
                 ("GET", "/v3/projects/{id}", "")],
    "nova": [("POST", "/v2.1/servers", ""), ("GET", "/v2.1/servers/{id}", ""),
             ("GET", "/v2.1/flavors/{id}", ""), ("POST", "/v2.1/os-server-external-events", "")],
    "neutron": [("GET", "/v2.0/ports", "device_id={id}"), ("PUT", "/v2.0/ports/{id}", ""),
                ("POST", "/v2.0/ports", ""), ("GET", "/v2.0/networks/{id}", ""),
                ("GET", "/v2.0/security-groups", "tenant_id={id}&fields=id&fields=name")],
    "glance": [("GET", "/v2/images/{id}", ""), ("GET", "/v2/schemas/image", "")],
    "cinder": [("GET", "/v3/{id}/volumes/detail", "all_tenants=0"), ("POST", "/v3/{id}/attachments", "")],
}

# Exceptions raised by traced code, per span kind: (etype, message template).
FAILURES = {
    "wsgi": [("webob.exc.HTTPNotFound", "The resource could not be found."),
             ("keystoneauth1.exceptions.http.Unauthorized",
              "The request you have made requires authentication. (HTTP 401)")],
    "rpc": [("oslo_messaging.exceptions.MessagingTimeout",
             "Timed out waiting for a reply to message ID {hex}"),
            ("nova.exception.NoValidHost", "No valid host was found. There are not enough hosts available.")],
    "function": [("nova.exception.PortBindingFailed",
                  "Binding failed for port {id}, please check neutron logs for more information."),
                 ("nova.exception.InstanceNotFound", "Instance {id} could not be found."),
                 ("neutron_lib.exceptions.PortNotFound", "Port {id} could not be found."),
                 ("ValueError", "invalid literal for int() with base 10: '{hex}'")],
    "db": [("pymysql.err.OperationalError",
            "(1213, 'Deadlock found when trying to get lock; try restarting transaction')"),
           ("pymysql.err.IntegrityError",
            "(1062, \"Duplicate entry '{id}' for key 'PRIMARY'\")")],
    "trace": [("RuntimeError", "reconcile of {id} gave up after 3 attempts")],
}

# SQL tables per project: table -> columns. The first column is the lookup key.
TABLES = {
    "keystone": {
        "token": ["id", "expires", "extra", "valid", "user_id", "trust_id"],
        "project": ["id", "name", "enabled", "domain_id", "parent_id", "is_domain"],
    },
    "nova": {
        "instances": ["uuid", "created_at", "updated_at", "deleted", "id", "project_id",
                      "host", "vm_state", "task_state"],
        "block_device_mapping": ["instance_uuid", "updated_at", "deleted", "id", "source_type",
                                 "volume_id", "boot_index"],
        "instance_info_caches": ["instance_uuid", "updated_at", "deleted", "id", "network_info"],
    },
    "neutron": {
        "ports": ["id", "project_id", "network_id", "mac_address", "status", "device_id",
                  "device_owner"],
        "networks": ["id", "project_id", "name", "status", "admin_state_up", "mtu"],
        "ipallocations": ["port_id", "ip_address", "subnet_id", "network_id"],
    },
    "glance": {
        "images": ["id", "name", "size", "status", "updated_at", "deleted", "owner",
                   "visibility"],
        "image_properties": ["image_id", "id", "name", "value", "deleted"],
    },
    "cinder": {
        "volumes": ["id", "updated_at", "deleted", "project_id", "host", "size", "status",
                    "attach_status"],
        "volume_attachment": ["volume_id", "id", "deleted", "instance_uuid", "attach_status"],
    },
}
SOFT_DELETE_PROJECTS = ("nova", "glance", "cinder")   # tables with a "deleted" column
STATEMENT_WEIGHTS = (("select", 44), ("select_row", 6), ("select_in", 6), ("update", 10),
                     ("insert", 4), ("ping", 30))


# --------------------------------------------------------------------------------------
# Ids and timestamps
# --------------------------------------------------------------------------------------

_MASK128 = (1 << 128) - 1
_MIX1 = 0x9E3779B97F4A7C15F39CC0605CEDC835
_MIX2 = 0xD6E8FEB86659FD93C2B2AE3D27D4EB4F


class Uuids:
    """uuid4-looking ids, a bijective hash of (seed, number): span n's id is uid(n)."""

    def __init__(self, seed):
        self.salt = (seed * 0x5851F42D4C957F2D + 0x14057B7EF767814F) & _MASK128

    def uid(self, n):
        x = ((n + self.salt) * _MIX1) & _MASK128
        x ^= x >> 67
        x = (x * _MIX2) & _MASK128
        x ^= x >> 59
        h = "%032x" % x
        return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], "89ab"[x & 3], h[17:20], h[20:])


class Clock:
    """Formats microsecond offsets as OSProfiler timestamps (%Y-%m-%dT%H:%M:%S.%f)."""

    def __init__(self, seed):
        self.origin_us = random.Random("%s/clock" % seed).randrange(60 * 10 ** 6)
        self.seconds = {}

    def timestamp(self, offset_us):
        sec, frac = divmod(self.origin_us + offset_us, 1000000)
        prefix = self.seconds.get(sec)
        if prefix is None:
            prefix = (EPOCH + datetime.timedelta(seconds=sec)).strftime("%Y-%m-%dT%H:%M:%S")
            self.seconds[sec] = prefix
        return "%s.%06d" % (prefix, frac)


# --------------------------------------------------------------------------------------
# Skeleton: the tree, its services and its times
# --------------------------------------------------------------------------------------


class Span:
    """One placed span, as the skeleton walk yields it (pre-order)."""

    __slots__ = ("seq", "parent", "kind", "name", "svc", "start", "stop", "first", "closes")

    def __init__(self, seq, parent, kind, name, svc, start, stop, first, closes):
        self.seq = seq          # number: trace_id = uid(seq)
        self.parent = parent    # parent's seq, -1 for a top-level span
        self.kind = kind        # wsgi, rpc, function, db, trace
        self.name = name        # point name as in the event name ("neutron.db", "my-op")
        self.svc = svc          # index into SERVICES
        self.start = start      # microseconds from the trace origin
        self.stop = stop        # microseconds, or None when the stop event is missing
        self.first = first      # first child of its parent (no separator before it)
        self.closes = closes    # "]}" to write right after this node's header


class Frame:
    """A span that still has children to place (or the virtual root)."""

    __slots__ = ("span", "depth", "cursor", "end", "left", "child_size", "count", "closes")

    def __init__(self, span, depth, cursor, end, left, closes):
        self.span = span            # None for the root
        self.depth = depth          # 0 for the root, 1 for top-level spans
        self.cursor = cursor        # where the next child may start (float microseconds)
        self.end = end              # when this span ends (float microseconds)
        self.left = left            # descendants still to place
        self.count = 0              # children placed so far
        self.closes = closes        # brackets owed when the last descendant is written
        levels = MAX_DEPTH - depth  # levels of descendants allowed below
        self.child_size = left ** ((levels - 1) / levels) if levels > 1 and left else 0.0


class Skeleton:
    """Decides, span after span, what the trace looks like. Deterministic per seed."""

    def __init__(self, shape, spans, seed):
        self.shape = "mixed" if shape == "msonly" else shape
        self.spans = spans
        self.seed = seed
        self.choose = {"mixed": self._mixed_child, "deep": self._deep_child,
                       "wide": self._wide_child}[self.shape]

    def walk(self):
        """Yields every Span in pre-order (the order of the report), with an explicit stack."""
        rng = self.rng = random.Random(self.seed)
        length = max(100000, self.spans * US_PER_SPAN[self.shape])    # microseconds
        root = Frame(None, 0, 0.0, float(length), self.spans, 0)
        stack = [root]
        seq = 0
        while stack:
            parent = stack[-1]
            if parent.left == 0:        # only when there is nothing at all to place
                stack.pop()
                continue
            kind, name, svc, budget, cast = self.choose(parent)
            start, stop, cursor = self._place(parent, budget, cast)
            parent.cursor = cursor
            parent.left -= budget + 1
            first = parent.count == 0
            parent.count += 1
            closes = 1
            if parent.left == 0:        # last child: it takes over the parent's brackets
                stack.pop()
                closes += parent.closes
            stop_us = None if rng.random() < NO_STOP_RATE else int(stop)
            span = Span(seq, parent.span.seq if parent.span else -1, kind, name, svc,
                        int(start), stop_us, first, closes if budget == 0 else 0)
            if budget:
                stack.append(Frame(span, parent.depth + 1, start, stop, budget, closes))
            seq += 1
            yield span

    def _place(self, parent, budget, cast):
        """Start and stop of the next child of parent and the parent's new cursor.

        The remaining time of the parent is shared out in units: one per span still to
        place, plus one for the parent's own work after its last child. A subtree gets one
        unit per span (give or take half a unit, so nothing compounds down a long chain) and
        a leaf a skewed number of units (a few slow queries). So time is spread evenly at
        any depth and children always fit inside their parent; casts run on past their slot.
        """
        rng = self.rng
        remaining = parent.end - parent.cursor
        shares = parent.left + 1
        unit = remaining / shares
        if budget:
            units = budget + rng.uniform(0.5, 1.5)
        else:
            units = 0.3 + rng.expovariate(1 / 0.7)
        later = shares - budget - 1          # units still needed after this child
        alloc = min(unit * units, remaining - 0.5 * unit * later)
        gap = min(unit, alloc) * rng.uniform(0.03, 0.3)
        start = parent.cursor + gap
        if not cast:
            return start, parent.cursor + alloc, parent.cursor + alloc
        # A cast: the caller only waits for the message to be sent, the callee takes longer.
        length = (alloc - gap) * rng.uniform(1.5, 4.0)
        return start, start + length, start + (alloc - gap) * rng.uniform(0.05, 0.3)

    # -- the child policy of each shape: (kind, name, service, descendants, is_cast) ------

    def _db_child(self, svc):
        return ("db", "neutron.db" if SERVICES[svc][0] == "neutron" else "db", svc, 0, False)

    def _mixed_child(self, parent):
        rng = self.rng
        if parent.span is None:
            # The client: a keystone token request first, then the request being traced.
            if parent.count == 0 and parent.left > 2:
                budget = min(parent.left - 2, rng.randint(1, 4))
                return ("wsgi", "wsgi", rng.choice(API_SERVICES["keystone"]), budget, False)
            return ("wsgi", "wsgi", rng.choice(API_SERVICES["nova"]), parent.left - 1, False)
        svc = parent.span.svc
        project, service = SERVICES[svc][:2]
        size = parent.child_size
        budget = 0 if size == 0 else min(parent.left - 1, int(size * rng.uniform(0.3, 1.7)))
        r = rng.random()
        if r < MY_OP_RATE:
            return ("trace", "my-op", svc, 0, False)
        if r < 0.58 or (size == 0 and r < 0.85):
            return self._db_child(svc)
        if r < 0.90 and r >= 0.80 and HTTP_CALLEES[project]:
            callee = rng.choice(API_SERVICES[rng.choice(HTTP_CALLEES[project])])
            return ("wsgi", "wsgi", callee, self._capped(budget, callee), False)
        if r >= 0.90 and WORKER_SERVICES[project]:
            worker = rng.choice(WORKER_SERVICES[project])
            return ("rpc", "rpc", worker, self._capped(budget, worker), rng.random() < CAST_RATE)
        return ("function", rng.choice(FUNCTION_NAMES[service]), svc, budget, False)

    def _capped(self, budget, svc):
        """Calls into services that only do small jobs (SUBTREE_CAP) stay small."""
        cap = SUBTREE_CAP.get(SERVICES[svc][1])
        return budget if cap is None else min(budget, self.rng.randint(1, cap))

    def _deep_child(self, parent):
        rng = self.rng
        if parent.span is None:
            return ("wsgi", "wsgi", rng.choice(API_SERVICES["nova"]), parent.left - 1, False)
        svc = parent.span.svc
        if parent.count == 0:
            return self._db_child(svc)
        project, service = SERVICES[svc][:2]
        r = rng.random()
        if r < 0.08:    # a call into another project's API, so the chain wanders around
            callee = rng.choice(OTHER_APIS[project])
            return ("wsgi", "wsgi", callee, parent.left - 1, False)
        if r < 0.16 and WORKER_SERVICES[project]:
            return ("rpc", "rpc", rng.choice(WORKER_SERVICES[project]), parent.left - 1, False)
        return ("function", rng.choice(FUNCTION_NAMES[service]), svc, parent.left - 1, False)

    def _wide_child(self, parent):
        if parent.span is None:
            return ("wsgi", "wsgi", API_SERVICES["nova"][0], parent.left - 1, False)
        return self._db_child(parent.span.svc)


# --------------------------------------------------------------------------------------
# Payloads: what the events' "info" holds
# --------------------------------------------------------------------------------------


def _sql_statements(project):
    """SQLAlchemy-style statements on a project's tables: (kind, text, param names)."""
    out = [("ping", "SELECT 1", [])]            # oslo.db's connection check
    soft_delete = project in SOFT_DELETE_PROJECTS
    for table, cols in TABLES[project].items():
        key = cols[0]

        def columns(names):
            return ", ".join("%s.%s AS %s_%s" % (table, c, table, c) for c in names)

        where = "\nWHERE %s.%s = %%(%s_1)s" % (table, key, key)
        params = [key + "_1"]
        if soft_delete:
            where += " AND %s.deleted = %%(deleted_1)s" % table
            params.append("deleted_1")
        # session.query(Model).filter_by(...).first(): every column, aliased
        out.append(("select_row", "SELECT %s \nFROM %s %s \n LIMIT %%(param_1)s"
                    % (columns(cols), table, where), params + ["param_1"]))
        # session.query(Model.a, Model.b).filter_by(...)
        out.append(("select", "SELECT %s \nFROM %s %s" % (columns(cols[:2]), table, where), params))
        ref = ([c for c in cols[1:] if c.endswith(("_id", "uuid"))] or [key])[0]
        out.append(("select_in", "SELECT %s \nFROM %s \nWHERE %s.%s IN (%%(%s_1)s)"
                    % (columns(cols[:4]), table, table, ref, ref), [ref + "_1"]))
        out.append(("insert", "INSERT INTO %s (%s) VALUES (%s)" % (
            table, ", ".join(cols), ", ".join("%%(%s)s" % c for c in cols)), list(cols)))
        sets = ([c for c in cols if c == "updated_at"]
                + [c for c in cols[1:] if c not in ("updated_at", "deleted", "id")])[:3]
        out.append(("update", "UPDATE %s SET %s WHERE %s.%s = %%(%s_1)s" % (
            table, ", ".join("%s=%%(%s)s" % (c, c) for c in sets), table, key, key),
            sets + [key + "_1"]))
    return out


class Payloads:
    """Draws the "info" of start and stop events from its own random stream."""

    def __init__(self, seed, uuids):
        self.rng = random.Random("%s/payload" % seed)
        self.uid = uuids.uid
        # A handful of resources (instances, ports, images, ...) that the request touches.
        self.resources = [self.uid(-1000 - i) for i in range(48)]
        self.statements = {}
        for project in TABLES:
            by_kind = {}
            for kind, text, params in _sql_statements(project):
                by_kind.setdefault(kind, []).append((text, params))
            self.statements[project] = by_kind
        self.statement_kinds = [k for k, _ in STATEMENT_WEIGHTS]
        self.statement_weights = [w for _, w in STATEMENT_WEIGHTS]
        self.n_plus_one = self.statements["nova"]["select_row"][0]   # an instance by uuid
        self.list_query = self.statements["nova"]["select_in"][0]

    def resource(self):
        return self.resources[int(self.rng.random() * len(self.resources))]

    def start_info(self, span, host, shape):
        rng = self.rng
        project, service = SERVICES[span.svc][:2]
        kind = span.kind
        if kind == "db":
            if shape == "wide":
                text, names = self.list_query if span.first else self.n_plus_one
            else:
                choice = rng.choices(self.statement_kinds, self.statement_weights)[0]
                text, names = rng.choice(self.statements[project][choice])
            return {"db": {"statement": text, "params": self._params(names)}, "host": host}
        if kind == "wsgi":
            method, path, query = rng.choice(API_CALLS[project])
            return {"request": {"path": path.replace("{id}", self.resource()),
                                "query": query.replace("{id}", self.resource()),
                                "method": method, "scheme": "http"}, "host": host}
        if kind == "trace":
            return {"op": "reconcile", "resource": self.resource(),
                    "attempt": rng.randint(1, 3), "host": host}
        if kind == "rpc":   # a manager method: (self, context), the rest as keywords
            func = rng.choice(RPC_METHODS[service])
            args = "(<%s object at 0x7f%010x>, <%s object at 0x7f%010x>)" % (
                func.rsplit(".", 1)[0], rng.getrandbits(36), CONTEXTS[project], rng.getrandbits(36))
            kwargs = "{'instance_uuid': '%s'}" % self.resource()
        else:
            func = rng.choice(FUNCTIONS[service][span.name])
            if rng.random() < 0.25:     # @profiler.trace(name, hide_args=True)
                return {"function": {"name": func}, "host": host}
            args = "(<%s object at 0x7f%010x>, '%s')" % (
                func.rsplit(".", 1)[0], rng.getrandbits(36), self.resource())
            kwargs = "{}" if rng.random() < 0.7 else "{'refresh': True}"
        return {"function": {"name": func, "args": args, "kwargs": kwargs}, "host": host}

    def _params(self, names):
        rng = self.rng
        params = {}
        for name in names:
            if name.startswith(("deleted", "valid", "admin_state", "protected", "multiattach")):
                params[name] = 0
            elif name.startswith("param_"):
                params[name] = 1
            elif name.endswith(("_at", "expires")):
                params[name] = "2026-11-26 05:%02d:%02d.%06d" % (
                    rng.randrange(60), rng.randrange(60), rng.randrange(10 ** 6))
            elif name.startswith(("vcpus", "size", "boot_index", "mtu")):
                params[name] = rng.randrange(1, 100000)
            elif name.endswith(("state", "status")):
                params[name] = rng.choice(("active", "building", "ACTIVE", "DOWN", "available"))
            else:
                params[name] = self.resource()
        return params

    def stop_info(self, span, host):
        """Stop event info and the node's "exception" value."""
        rng = self.rng
        if rng.random() >= EXCEPTION_RATE:
            return {"host": host}, "None"
        etype, template = rng.choice(FAILURES[span.kind])
        message = template.replace("{id}", self.resource()).replace("{hex}", "%032x" % rng.getrandbits(128))
        info = {"etype": etype, "message": message}
        if span.kind == "db":   # osprofiler.sqlalchemy's handle_error adds the DB-API details
            info["db"] = {"original_exception": message, "chained_exception": "None"}
        info["host"] = host
        return info, etype


# --------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------


def measure(shape, spans, seed):
    """First walk: earliest event, latest start event and latest event, in microseconds."""
    earliest = last_start = last_event = None
    for span in Skeleton(shape, spans, seed).walk():
        if earliest is None or span.start < earliest:
            earliest = span.start
        if last_start is None or span.start > last_start:
            last_start = span.start
        if span.stop is not None and (last_event is None or span.stop > last_event):
            last_event = span.stop
    if last_start is not None and (last_event is None or last_start > last_event):
        last_event = last_start
    return earliest, last_start, last_event


def write_report(out, shape, spans, seed):
    """Second walk: streams the report into the binary file object out; returns span count."""
    earliest, last_start, last_event = measure(shape, spans, seed)
    uuids = Uuids(seed)
    uid = uuids.uid
    base_id = uid(-1)
    clock = Clock(seed)
    payloads = Payloads(seed, uuids)
    ms_only = shape == "msonly"
    dumps = json.dumps

    def ms(us):
        return None if us is None else (us - earliest) // 1000

    root_info = {"name": "total", "started": 0, "finished": ms(last_event),
                 "last_trace_started": ms(last_start)}
    buf = ['{"info": ', dumps(root_info), ', "children": [']
    stats = {}
    count = 0
    for span in Skeleton(shape, spans, seed).walk():
        project, service, host = SERVICES[span.svc][:3]
        trace_id = uid(span.seq)
        parent_id = uid(span.parent) if span.parent >= 0 else base_id
        name = span.name.split("-")[0]
        started = (span.start - earliest) // 1000
        start_key = "meta.raw_payload.%s-start" % span.name
        start_info = payloads.start_info(span, host, shape)
        if ms_only:
            start_event = {"info": start_info}
        else:
            start_event = {"name": span.name + "-start", "base_id": base_id, "trace_id": trace_id,
                           "parent_id": parent_id, "timestamp": clock.timestamp(span.start),
                           "info": start_info, "project": project, "service": service}
        info = {"name": name, "project": project, "service": service, "host": host,
                start_key: start_event, "started": started}
        if span.stop is None:
            finished = started
            info["finished"] = finished
        else:
            finished = (span.stop - earliest) // 1000
            stop_info, exception = payloads.stop_info(span, host)
            if ms_only:
                stop_event = {"info": stop_info}
            else:
                stop_event = {"name": span.name + "-stop", "base_id": base_id,
                              "trace_id": trace_id, "parent_id": parent_id,
                              "timestamp": clock.timestamp(span.stop), "info": stop_info,
                              "project": project, "service": service}
            info["meta.raw_payload.%s-stop" % span.name] = stop_event
            info["finished"] = finished
            info["exception"] = exception
        entry = stats.get(name)
        if entry is None:
            stats[name] = entry = {"count": 0, "duration": 0}
        entry["count"] += 1
        entry["duration"] += finished - started

        if not span.first:
            buf.append(", ")
        buf.append('{"info": %s, "trace_id": "%s", "parent_id": "%s", "children": [%s'
                   % (dumps(info), trace_id, parent_id, "]}" * span.closes))
        count += 1
        if len(buf) > 2000:
            out.write("".join(buf).encode("ascii"))
            buf.clear()
    buf.append('], "stats": %s}' % dumps(stats))
    out.write("".join(buf).encode("ascii"))
    return count


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="Shapes: see the module docstring.")
    ap.add_argument("spans", type=int, help="number of spans (nodes) in the report")
    ap.add_argument("out", help="output file (.json, or anything with --gzip)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--shape", choices=["mixed", "deep", "wide", "msonly"], default="mixed")
    ap.add_argument("--gzip", action="store_true", help="gzip the output (level 6)")
    args = ap.parse_args()
    if args.spans < 0:
        ap.error("SPANS must be >= 0")

    began = time.monotonic()
    with open(args.out, "wb") as raw:
        if args.gzip:
            # No file name and a zero mtime in the header: same arguments, same bytes.
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0) as out:
                count = write_report(out, args.shape, args.spans, args.seed)
        else:
            count = write_report(raw, args.shape, args.spans, args.seed)
        size = raw.tell()
    print("%d spans (%s, seed %d) -> %s: %.1f MB in %.1f s"
          % (count, args.shape, args.seed, args.out, size / 1e6, time.monotonic() - began),
          file=sys.stderr)


if __name__ == "__main__":
    main()
