#include "analysis/clockskew.h"
#include "commands.h"
#include "tableoutput.h"
#include "util/durationformat.h"

namespace Osp::Cli {

namespace {

Cell bound(int64_t us, bool ms)
{
    if (us == HostOffset::Unbounded || us == -HostOffset::Unbounded)
        return Cell::notApplicable();
    return Cell::delta(us, ms);
}

} // namespace

int runSkew(const QStringList &arguments)
{
    SingleSourceCommand command(
        QStringLiteral(
            "Clock skew between hosts: for each host whose clock disagrees with the reference "
            "host's (the first top-level span's), how far it runs ahead or behind, as the "
            "interval that every call between them allows (a child starts after its parent; a "
            "synchronous child also ends before it; casts may outlive their caller), and the "
            "spans whose recorded times break those rules. Prints no offsets when the times fit "
            "without one."),
        analysisFormats());
    if (!command.load(arguments, "skew"))
        return command.exitCode;
    const TracePtr &trace = command.trace;

    const ClockSkew skew = ClockSkew::compute(*trace);
    const bool ms = trace->isMsPrecision();
    Report report;
    report.addTraceFacts(*trace);
    report.facts.emplace_back("reference_host",
        skew.reference == NoString ? Cell::null() : Cell::string(trace->view(skew.reference)));
    report.facts.emplace_back("skewed_hosts", Cell::integer(int64_t(skew.hosts.size())));
    report.facts.emplace_back("clock_skew",
        Cell::string(skew.any() ? "yes: correct the times before reading cross-host order"
                                : "none (every call fits its caller without an offset)"));

    Table offsets;
    offsets.key = "offsets";
    offsets.title = "Hosts whose clock is off";
    offsets.columns = { { "host", "host", false }, { "reference_host", "against", false },
        { "offset_us", "offset", true }, { "offset_min_us", "at least", true },
        { "offset_max_us", "at most", true }, { "pairs", "pairs", true },
        { "description", "what it means", false } };
    for (const HostOffset &h : skew.hosts) {
        offsets.rows.push_back(
            { Cell::string(trace->view(h.host)), Cell::string(trace->view(h.reference)),
                Cell::delta(h.offsetUs, ms), bound(h.minUs, ms), bound(h.maxUs, ms),
                Cell::integer(int64_t(h.pairs)), Cell::string(ClockSkew::describe(*trace, h)) });
    }
    report.tables.push_back(std::move(offsets));

    Table spans;
    spans.key = "spans";
    spans.title = "Spans whose times break a call's rules";
    spans.columns = spanColumns();
    spans.columns.push_back({ "parent_host", "parent host", false });
    spans.columns.push_back({ "starts_before_parent_us", "starts before parent", true });
    spans.columns.push_back({ "ends_after_parent_us", "ends after parent", true });
    for (const SkewedSpan &s : skew.spans) {
        std::vector<Cell> row = spanCells(*trace, s.span);
        const StringId parentHost = trace->span(s.parent).host;
        row.push_back(Cell::string(trace->view(parentHost)));
        row.push_back(Cell::duration(s.startsBeforeUs, ms));
        row.push_back(Cell::duration(s.endsAfterUs, ms));
        spans.rows.push_back(std::move(row));
    }
    report.tables.push_back(std::move(spans));
    return writeReport(command.args, report);
}

} // namespace Osp::Cli
