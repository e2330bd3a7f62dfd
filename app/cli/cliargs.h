#pragma once

#include "collectors/collector.h"
#include "export/reportwriter.h"
#include "trace/loadresult.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <cstdio>

namespace Osp::Cli {

/// The options every subcommand shares: sources, --format, --out, --connection-string.
class CommonArgs
{
public:
    /// Adds the shared options; formats lists what --format accepts, the first is the default.
    CommonArgs(QCommandLineParser &parser, const QStringList &formats);
    /// Parses; on error or --help prints and returns false with exitCode set.
    bool parse(const QStringList &arguments, int &exitCode);

    QStringList sources() const { return m_parser.positionalArguments(); }
    QString format() const { return m_format; }
    QString outPath() const { return m_parser.value(m_out); }
    QString connectionString() const;

private:
    QCommandLineParser &m_parser;
    QStringList m_formats;
    QCommandLineOption m_formatOption;
    QCommandLineOption m_json;
    QCommandLineOption m_out;
    QCommandLineOption m_connection;
    QString m_format;
};

/// Prints one clear line to stderr.
void printError(const QString &message);

/// Prints Trace::loadNotes() to stderr, one "osptrace: SOURCE: note: …" line each.
void printLoadNotes(const QString &source, const Trace &trace);

/// Creates the collector for --connection-string; on failure prints and sets exitCode.
std::unique_ptr<Collector> openCollector(const QString &url, int &exitCode);

/// Reads one trace from a collector; on failure prints the error and sets exitCode (3).
TracePtr loadFromCollector(const QString &url, const QString &baseId, int &exitCode);

/// Loads SOURCE (a file or "-"); on failure prints the error and sets exitCode.
TracePtr loadSource(const QString &source, const CommonArgs &args, int &exitCode);

/// Loads the one SOURCE that command takes; prints what is wrong (no or several sources, an
/// unreadable file, a collector failure) and sets exitCode.
TracePtr loadOnlySource(const CommonArgs &args, const char *command, int &exitCode);

/// A subcommand that reads one trace file and takes only the common options: its description,
/// SOURCE argument, parsing and load in one place.
struct SingleSourceCommand
{
    SingleSourceCommand(const QString &description, const QStringList &formats);
    /// Parses and loads; false with exitCode set on --help, a bad option or an unreadable
    /// source (the reason already printed).
    bool load(const QStringList &arguments, const char *command);

    QCommandLineParser parser;
    CommonArgs args;
    TracePtr trace;
    int exitCode = 0;
};

/// Writes through `write` to stdout, or atomically to --out (no trailing newline there, as
/// `osprofiler trace show --out`); returns the exit code.
int writeOutput(const CommonArgs &args, const std::function<bool(const TextSink &)> &write,
    bool newlineOnStdout);

} // namespace Osp::Cli
