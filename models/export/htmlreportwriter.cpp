#include "export/exportwriters.h"

#include <string_view>

namespace Osp {

namespace {

// The data comes first (right after <title>), so the OSProfilerData marker is within the first
// kilobyte, where desktop MIME sniffing looks for it.
constexpr std::string_view PageStart = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="ospview )" OSP_VERSION R"(">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OSProfiler trace</title>
<script>
var OSProfilerData = )";

constexpr std::string_view DataEnd = ";\n</script>\n";

constexpr std::string_view Style = R"(<style>
body{font:13px/1.35 system-ui,sans-serif;margin:0;color:#1d2327;background:#fff}
header{padding:8px 12px;border-bottom:1px solid #ccd;background:#f4f6f8;position:sticky;top:0;z-index:2}
h1{font-size:16px;margin:0 0 4px}
#facts{color:#444}#facts .err{color:#b3261e;font-weight:600}
.tools{margin-top:6px;display:flex;gap:6px;align-items:center}
.tools input{flex:1;max-width:40em;padding:3px 6px}
.note{color:#8a5a00}
.row{display:grid;grid-template-columns:16% 6.5em minmax(14em,24%) 11em 10em 8em 1fr;gap:0 8px;
 padding:1px 12px;white-space:nowrap;cursor:default;border-bottom:1px solid #f0f0f0}
.row[hidden]{display:none}
.row>span{overflow:hidden;text-overflow:ellipsis}
.row:hover{background:#e8f1fb}.row.sel{background:#cfe3fa}.row.last{background:#e6f4e6}
.row.head{font-weight:600;background:#eef1f4;position:sticky;top:0}
.bar{position:relative;height:12px;margin-top:3px;background:#f3f5f7;border-radius:2px}
.bar i{position:absolute;top:0;bottom:0;min-width:1px;background:#4a90d9;border-radius:2px}
.row.err .bar i{background:#d93025}.row.open .bar i{background:repeating-linear-gradient(90deg,#4a90d9 0 4px,#fff 4px 6px)}
.dur{text-align:right;font-variant-numeric:tabular-nums}
.tog{display:inline-block;width:1.2em;cursor:pointer;color:#555;user-select:none}
.name b{font-weight:600}.row.err .name,.row.err .what{color:#b3261e}
.what{color:#555}
.flag{font-size:11px;padding:0 4px;border-radius:3px;margin-left:4px;background:#fde7e9;color:#b3261e}
.flag.unf{background:#fff3cd;color:#8a5a00}
#details{position:fixed;left:0;right:0;bottom:0;height:38%;overflow:auto;background:#fbfbfc;
 border-top:2px solid #99a;padding:8px 12px;box-sizing:border-box;z-index:3}
#details[hidden]{display:none}
#details pre{white-space:pre-wrap;word-break:break-all;font-size:12px;background:#fff;border:1px solid #ddd;padding:6px}
#details dl{display:grid;grid-template-columns:8em 1fr;margin:0 0 6px}#details dt{color:#666}
</style>
</head>
<body>
<header>
<h1 id="title">OSProfiler trace</h1>
<div id="facts">This report draws the trace with JavaScript; the data is the OSProfilerData
literal in the page source (an OSProfiler report: open this file in ospview).</div>
)";

constexpr std::string_view RedactedNote = R"(<div class="note">Redacted: SQL parameters,
function arguments and results, and URL query strings were replaced by "&lt;redacted&gt;".</div>
)";

constexpr std::string_view PageEnd = R"(<div class="tools">
<input id="filter" type="search" placeholder="Filter: regular expression over type, service, host, project, details">
<button id="expand" type="button">Expand all</button>
<button id="collapse" type="button">Collapse all</button>
</div>
</header>
<div class="row head"><span>Timeline</span><span class="dur">Duration</span><span>Type</span>
<span>Service</span><span>Host</span><span>Project</span><span>Details</span></div>
<div id="tree"></div>
<div id="details" hidden></div>
<script>
(function () {
'use strict';
var data = OSProfilerData, spans = [], stack = [], i, j;
function micros(ts) {
  var m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?/.exec(ts || '');
  if (!m) return null;
  return Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6]) * 1000 +
    +((m[7] || '') + '000000').slice(0, 6);
}
function fmt(us, msOnly) {
  if (msOnly) return Math.round(us / 1000) + ' ms';
  if (us < 1000) return us + ' \u00b5s';
  if (us < 1e6) return (us / 1000).toFixed(us < 1e4 ? 2 : 1) + ' ms';
  return (us / 1e6).toFixed(2) + ' s';
}
function summary(start) {
  var inf = (start && start.info) || {}, r = inf.request, q = inf.requests;
  if (r) return (r.method || '') + ' ' + (r.path || '') + (r.query ? '?' + r.query : '');
  if (q) return (q.method || '') + ' ' + (q.scheme ? q.scheme + '://' : '') + (q.hostname || '') +
    (q.port ? ':' + q.port : '') + (q.path || '');
  if (inf.db && inf.db.statement) return String(inf.db.statement);
  if (inf.function && inf.function.name) return String(inf.function.name);
  return '';
}
// Pre-order without recursion: deep traces (hundreds of levels) exist.
var roots = data.children || [];
for (i = roots.length - 1; i >= 0; i--) stack.push([roots[i], 0, -1]);
while (stack.length) {
  var it = stack.pop(), node = it[0] || {}, info = node.info || {}, s = {
    info: info, depth: it[1], parent: it[2], end: spans.length + 1, name: info.name || '',
    start: null, stop: null, startUs: null, stopUs: null };
  for (var key in info) {
    if (key.indexOf('meta.raw_payload.') !== 0) continue;
    var ev = key.slice(17), dash = ev.lastIndexOf('-'), p = info[key];
    if (dash > 0) s.name = ev.slice(0, dash);
    if (ev.slice(dash + 1) === 'stop') { s.stop = p; s.stopUs = micros(p && p.timestamp); }
    else { s.start = p; s.startUs = micros(p && p.timestamp); }
  }
  var kids = node.children || [];
  for (j = kids.length - 1; j >= 0; j--) stack.push([kids[j], it[1] + 1, spans.length]);
  spans.push(s);
}
var n = spans.length, epoch = null, msOnly = false, errors = 0, unfinished = 0, total = 0;
for (i = 0; i < n; i++) {
  [spans[i].startUs, spans[i].stopUs].forEach(function (t) {
    if (t !== null && (epoch === null || t < epoch)) epoch = t;
  });
}
for (i = 0; i < n; i++) {
  s = spans[i];
  if (s.startUs === null || s.stopUs === null) msOnly = true;
  s.open = !s.stop && s.info.exception === undefined;
  s.err = s.info.exception !== undefined && s.info.exception !== 'None';
  s.b = s.startUs !== null && epoch !== null ? s.startUs - epoch : (s.info.started || 0) * 1000;
  s.e = s.stopUs !== null && epoch !== null ? s.stopUs - epoch : (s.info.finished || 0) * 1000;
  if (s.open) s.e = s.b;
  if (s.err) errors++;
  if (s.open) unfinished++;
}
// Backwards: subtree ends, and unfinished spans end with their last descendant.
for (i = n - 1; i >= 0; i--) {
  s = spans[i];
  if (s.parent >= 0) {
    var par = spans[s.parent];
    par.end = Math.max(par.end, s.end);
    if (par.open) par.e = Math.max(par.e, s.e);
  }
}
for (i = 0; i < n; i++) total = Math.max(total, spans[i].e);
total = Math.max(total, ((data.info || {}).finished || 0) * 1000, 1);
var last = (data.info || {}).last_trace_started;
var baseId = '';
for (i = 0; i < n && !baseId; i++) baseId = (spans[i].start || spans[i].stop || {}).base_id || '';
document.title = 'OSProfiler trace ' + baseId;
document.getElementById('title').textContent = 'OSProfiler trace ' + (baseId || '');
var facts = document.getElementById('facts');
facts.textContent = n + ' spans \u00b7 ' + fmt(total, msOnly) + (msOnly ? ' (ms precision)' : '') +
  (epoch !== null ? ' \u00b7 started ' + new Date(epoch / 1000).toISOString().replace('T', ' ').replace('Z', ' UTC') : '');
if (errors) { var e1 = document.createElement('span'); e1.className = 'err';
  e1.textContent = ' \u00b7 ' + errors + ' with errors'; facts.appendChild(e1); }
if (unfinished) facts.appendChild(document.createTextNode(' \u00b7 ' + unfinished + ' unfinished'));

function cell(row, cls, text) {
  var c = document.createElement('span');
  if (cls) c.className = cls;
  if (text) c.textContent = text;
  row.appendChild(c);
  return c;
}
var tree = document.getElementById('tree'), frag = document.createDocumentFragment();
var rows = new Array(n), collapsed = new Array(n), selected = -1;
for (i = 0; i < n; i++) {
  s = spans[i];
  var row = document.createElement('div');
  row.className = 'row' + (s.err ? ' err' : '') + (s.open ? ' open' : '') +
    (last !== undefined && s.info.started === last ? ' last' : '');
  row.dataset.span = i;
  var bar = cell(row, 'bar'), fill = document.createElement('i');
  fill.style.left = (100 * s.b / total).toFixed(3) + '%';
  fill.style.width = (100 * (s.e - s.b) / total).toFixed(3) + '%';
  bar.appendChild(fill);
  cell(row, 'dur', s.open ? 'unfinished' : fmt(s.e - s.b, s.startUs === null || s.stopUs === null));
  var name = cell(row, 'name');
  name.style.paddingLeft = Math.min(s.depth, 40) * 12 + 'px';
  var tog = cell(name, 'tog', s.end > i + 1 ? '\u25be' : '\u00b7');
  tog.dataset.toggle = i;
  var nm = document.createElement(/^(wsgi|rpc)$/.test(s.name) ? 'b' : 'span');
  nm.textContent = s.name;
  name.appendChild(nm);
  if (s.err) cell(name, 'flag', s.info.exception);
  if (s.open) cell(name, 'flag unf', 'unfinished');
  cell(row, '', s.info.service || 'n/a');
  cell(row, '', s.info.host || 'n/a');
  cell(row, '', s.info.project || 'n/a');
  s.what = summary(s.start);
  if (s.err && s.stop && s.stop.info && s.stop.info.message)
    s.what = s.info.exception + ': ' + s.stop.info.message + (s.what ? ' \u2014 ' + s.what : '');
  cell(row, 'what', s.what);
  s.text = [s.name, s.info.service, s.info.host, s.info.project, s.what].join(' ');
  rows[i] = row;
  frag.appendChild(row);
}
tree.appendChild(frag);

function showRows() {
  for (var k = 0; k < n;) {
    rows[k].hidden = false;
    if (collapsed[k]) { for (var m = k + 1; m < spans[k].end; m++) rows[m].hidden = true; k = spans[k].end; }
    else k++;
  }
}
function setCollapsed(k, value) {
  if (spans[k].end <= k + 1) return;
  collapsed[k] = value;
  rows[k].querySelector('.tog').textContent = value ? '\u25b8' : '\u25be';
}
function details(k) {
  var sp = spans[k], box = document.getElementById('details'), meta = {};
  if (selected >= 0) rows[selected].classList.remove('sel');
  selected = k;
  rows[k].classList.add('sel');
  box.textContent = '';
  var close = document.createElement('button');
  close.textContent = 'Close';
  close.onclick = function () { box.hidden = true; };
  box.appendChild(close);
  var dl = document.createElement('dl');
  [['Type', sp.name], ['Service', sp.info.service], ['Host', sp.info.host],
   ['Project', sp.info.project], ['Started', fmt(sp.b, sp.startUs === null) + ' after the trace start'],
   ['Duration', sp.open ? 'unfinished (no stop event)' : fmt(sp.e - sp.b, sp.startUs === null || sp.stopUs === null)],
   ['Exception', sp.info.exception], ['Details', sp.what]].forEach(function (f) {
    if (f[1] === undefined || f[1] === null || f[1] === '') return;
    var dt = document.createElement('dt'), dd = document.createElement('dd');
    dt.textContent = f[0]; dd.textContent = f[1];
    dl.appendChild(dt); dl.appendChild(dd);
  });
  box.appendChild(dl);
  for (var key in sp.info) if (key.indexOf('meta.') === 0) meta[key.slice(5)] = sp.info[key];
  var pre = document.createElement('pre');
  pre.textContent = JSON.stringify(meta, null, 2);
  box.appendChild(pre);
  box.hidden = false;
}
tree.addEventListener('click', function (ev) {
  var t = ev.target;
  if (t.dataset && t.dataset.toggle !== undefined) {
    var k = +t.dataset.toggle;
    setCollapsed(k, !collapsed[k]);
    showRows();
    return;
  }
  while (t && t !== tree && !(t.dataset && t.dataset.span !== undefined)) t = t.parentNode;
  if (t && t !== tree) details(+t.dataset.span);
});
document.getElementById('expand').onclick = function () {
  for (var k = 0; k < n; k++) setCollapsed(k, false);
  showRows();
};
document.getElementById('collapse').onclick = function () {
  for (var k = 0; k < n; k++) setCollapsed(k, true);
  showRows();
};
var timer = null;
document.getElementById('filter').addEventListener('input', function (ev) {
  clearTimeout(timer);
  timer = setTimeout(function () {
    var text = ev.target.value, re;
    if (!text) { showRows(); return; }
    try { re = new RegExp(text, 'i'); }
    catch (x) { re = new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'); }
    // A span stays when it or a descendant matches (as OSProfiler's filter).
    var keep = new Array(n);
    for (var k = n - 1; k >= 0; k--) {
      if (keep[k] || re.test(spans[k].text)) {
        keep[k] = true;
        if (spans[k].parent >= 0) keep[spans[k].parent] = true;
      }
    }
    for (k = 0; k < n; k++) rows[k].hidden = !keep[k];
  }, 150);
});
})();
</script>
</body>
</html>
)";

} // namespace

Result<void> writeHtmlReport(const Trace &trace, const ExportOptions &options, const TextSink &sink)
{
    if (!sink(PageStart))
        return sinkRefused();
    // '<' occurs only inside JSON strings; as \u003c no payload can close the <script>.
    std::string escaped;
    ReportWriter report(trace, options);
    const Result<void> written = report.write([&](std::string_view chunk) {
        escaped.clear();
        escaped.reserve(chunk.size() + chunk.size() / 64);
        for (char c : chunk) {
            if (c == '<')
                escaped += "\\u003c";
            else
                escaped.push_back(c);
        }
        return sink(escaped);
    });
    if (!written.ok())
        return written;
    if (!sink(DataEnd) || !sink(Style) || (options.redacted && !sink(RedactedNote))
        || !sink(PageEnd))
        return sinkRefused();
    return {};
}

} // namespace Osp
