#pragma once

#include "cliargs.h"

#include <QCommandLineOption>

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace Osp::Cli {

/// One value of an output table: the text people read (text, markdown) and the value scripts
/// get (json, csv: durations as integer microseconds, shares as fractions).
struct Cell
{
    std::string text;
    std::variant<std::monostate, int64_t, double, std::string> value;
    bool micros = false; ///< a duration: json fact keys get a "_us" suffix

    static Cell string(std::string_view s);
    static Cell integer(int64_t v);
    static Cell duration(int64_t us, bool msPrecision);
    static Cell offset(int64_t us, bool msPrecision); ///< "+12.000 ms" from the trace start
    static Cell share(double fraction); ///< "62.1 %", value 0.621
    static Cell null();
    static Cell notApplicable(); ///< "-" in text, null in json and csv
    static Cell missing(); ///< "(none)" in text (a span with no service…), null in json
    static Cell delta(int64_t us, bool msPrecision); ///< signed: "+12.000 ms", "-3 us", "0 us"
    static Cell signedInteger(int64_t v); ///< "+3", "-1", "0"
    /// Δ% of b against a: "+12.5 %" (value 12.5) or, when a is 0, "new" (the string "new").
    static Cell percentChange(int64_t a, int64_t b);
};

/// A column: key for json and csv ("total_us"), title for text and markdown ("total").
struct Column
{
    std::string key;
    std::string title;
    bool numeric = false; ///< right-aligned in text
    bool scriptOnly = false; ///< only in json and csv (ids people do not read)
};

/// One table of a subcommand's output.
struct Table
{
    std::string key; ///< json member name
    std::string title; ///< heading in text and markdown
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;
};

/// What a subcommand prints: facts about the trace, then tables. One renderer for every
/// subcommand and format (DESIGN.md, The command line): text, json, csv, markdown. CSV holds
/// the first table only, so it stays one rectangular table for spreadsheets and scripts.
struct Report
{
    std::string factsKey = "trace"; ///< json member holding the facts
    std::vector<std::pair<std::string, Cell>> facts;
    std::vector<Table> tables;

    /// Adds the facts every analysis starts with: trace id, source, spans, duration.
    void addTraceFacts(const Trace &trace);
    std::string render(const QString &format) const;
};

/// The formats of the analysis subcommands.
QStringList analysisFormats();

/// Renders and writes the report to stdout or --out; returns the exit code.
int writeReport(const CommonArgs &args, const Report &report);

/// The --by values of stats (and of export --format csv-stats), in GroupBy order.
QStringList statsGroupNames();

/// Reads a --by style option that must be one of choices; on a bad value prints the error.
bool choiceValue(const QCommandLineParser &parser, const QCommandLineOption &option,
    const QStringList &choices, QString &value, int &exitCode);

/// The columns that identify a span in every table: pre-order index (the span's place, for
/// jumping to it), name, service, host, start offset, and for scripts OSProfiler's own ids
/// (trace_id, parent_id).
std::vector<Column> spanColumns();
std::vector<Cell> spanCells(const Trace &trace, SpanIndex i);
/// The payload summary (request, SQL, function): shortened in text, whole in json and csv.
Column summaryColumn();
Cell summaryCell(const Trace &trace, SpanIndex i);

} // namespace Osp::Cli
