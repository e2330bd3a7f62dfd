#include "analysis/analysisutil.h"
#include "analysis/errorlist.h"
#include "commands.h"
#include "tableoutput.h"

namespace Osp::Cli {

int runErrors(const QStringList &arguments)
{
    SingleSourceCommand command(
        QStringLiteral("Every span that raised (exception type and message) and every span with "
                       "no stop or no start event, in tree order, with the path from the root."),
        analysisFormats());
    if (!command.load(arguments, "errors"))
        return command.exitCode;
    const TracePtr &trace = command.trace;

    const ErrorList errors = ErrorList::compute(*trace);
    Report report;
    report.addTraceFacts(*trace);
    report.facts.emplace_back("errors", Cell::integer(int64_t(errors.errorCount)));
    report.facts.emplace_back("unfinished", Cell::integer(int64_t(errors.unfinishedCount)));
    report.facts.emplace_back("no_start", Cell::integer(int64_t(errors.noStartCount)));
    Table t;
    t.key = "spans";
    t.title = "Errors and unfinished spans";
    t.columns = { { "kind", "kind", false } };
    for (Column &c : spanColumns())
        t.columns.push_back(std::move(c));
    t.columns.push_back({ "exception", "exception", false });
    t.columns.push_back({ "message", "message", false });
    t.columns.push_back({ "path", "path", false });
    for (const ErrorEntry &e : errors.entries) {
        static const char *const Kinds[] = { "error", "unfinished", "no-start" };
        std::vector<Cell> row { Cell::string(Kinds[e.kind]) };
        for (Cell &c : spanCells(*trace, e.span))
            row.push_back(std::move(c));
        row.push_back(e.type == NoString ? Cell::null() : Cell::string(trace->view(e.type)));
        row.push_back(e.message == NoString ? Cell::null() : Cell::string(trace->view(e.message)));
        row.push_back(Cell::string(pathText(*trace, e.span)));
        t.rows.push_back(std::move(row));
    }
    report.tables.push_back(std::move(t));
    return writeReport(command.args, report);
}

} // namespace Osp::Cli
