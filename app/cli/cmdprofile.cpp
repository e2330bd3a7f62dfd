#include "cliargs.h"
#include "collectors/profilerequest.h"
#include "collectors/tracesettler.h"
#include "commands.h"
#include "export/reportwriter.h"
#include "export/textwriter.h"

#include <QFile>

#include <termios.h>
#include <unistd.h>

namespace Osp::Cli {

namespace {

/// The HMAC key: never a plain argument (/proc/PID/cmdline shows those to every user).
QByteArray readHmacKey(const QString &file, QString *error)
{
    if (!file.isEmpty()) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("%1: cannot read the HMAC key: %2").arg(file, f.errorString());
            return {};
        }
        QByteArray key = f.readAll();
        while (key.endsWith('\n') || key.endsWith('\r'))
            key.chop(1);
        return key;
    }
    if (qEnvironmentVariableIsSet("OSPROFILER_HMAC_KEY"))
        return qgetenv("OSPROFILER_HMAC_KEY");
    // Prompt on the terminal without echo, as a password prompt does.
    FILE *tty = std::fopen("/dev/tty", "r+");
    if (!tty) {
        *error
            = QStringLiteral("no HMAC key: give --hmac-key-file FILE or set $OSPROFILER_HMAC_KEY");
        return {};
    }
    std::fputs("HMAC key: ", tty);
    std::fflush(tty);
    termios old {};
    const bool isTerminal = tcgetattr(fileno(tty), &old) == 0;
    if (isTerminal) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
    }
    char line[1024] = {};
    const bool got = std::fgets(line, sizeof line, tty) != nullptr;
    if (isTerminal)
        tcsetattr(fileno(tty), TCSAFLUSH, &old);
    std::fputs("\n", tty);
    std::fclose(tty);
    QByteArray key(got ? line : "");
    while (key.endsWith('\n') || key.endsWith('\r'))
        key.chop(1);
    if (key.isEmpty())
        *error = QStringLiteral("no HMAC key given");
    return key;
}

} // namespace

int runProfile(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Send an HTTP request with OSProfiler's signed trace headers (as openstack --os-profile), "
        "wait until the collector got no new event for a quiet period, and print the trace."));
    parser.addPositionalArgument(QStringLiteral("URL"), QStringLiteral("The request's URL."));
    const QCommandLineOption keyFile(QStringLiteral("hmac-key-file"),
        QStringLiteral("File holding the HMAC key (else $OSPROFILER_HMAC_KEY, else a prompt)."),
        QStringLiteral("FILE"));
    const QCommandLineOption header(QStringList { QStringLiteral("H"), QStringLiteral("header") },
        QStringLiteral("Extra header 'Name: value' (repeatable), e.g. X-Auth-Token."),
        QStringLiteral("HEADER"));
    const QCommandLineOption method(QStringList { QStringLiteral("X"), QStringLiteral("method") },
        QStringLiteral("HTTP method (default GET, POST with --data)."), QStringLiteral("METHOD"));
    const QCommandLineOption data(QStringList { QStringLiteral("d"), QStringLiteral("data") },
        QStringLiteral("Request body."), QStringLiteral("BODY"));
    const QCommandLineOption wait(QStringLiteral("wait"),
        QStringLiteral(
            "Quiet period in seconds: done when no event arrived for this long (default 3)."),
        QStringLiteral("SECONDS"), QStringLiteral("3"));
    const QCommandLineOption maxWait(QStringLiteral("max-wait"),
        QStringLiteral("Give up waiting after this many seconds (default 120)."),
        QStringLiteral("SECONDS"), QStringLiteral("120"));
    parser.addOptions({ keyFile, header, method, data, wait, maxWait });
    CommonArgs args(parser, { QStringLiteral("text"), QStringLiteral("json") });
    int code = Success;
    if (!args.parse(arguments, code))
        return code;
    if (args.sources().size() != 1) {
        printError(QStringLiteral("profile takes exactly one URL (see osptrace profile --help)"));
        return InputError;
    }
    const QString url = args.connectionString();
    if (url.isEmpty()) {
        printError(
            QStringLiteral("profile needs --connection-string URL or $OSPROFILER_CONNECTION_STRING "
                           "(the collector the services write to)"));
        return InputError;
    }
    bool okWait = false, okMax = false;
    const double quietS = parser.value(wait).toDouble(&okWait);
    const double maxS = parser.value(maxWait).toDouble(&okMax);
    if (!okWait || !okMax || quietS < 0 || maxS <= 0) {
        printError(QStringLiteral("--wait and --max-wait take seconds"));
        return InputError;
    }
    std::unique_ptr<Collector> collector = openCollector(url, code);
    if (!collector)
        return code;

    ProfileRequest request;
    request.url = args.sources().first();
    request.body = parser.value(data).toUtf8();
    request.method = parser.isSet(method) ? parser.value(method).toUpper().toUtf8()
                                          : QByteArray(request.body.isEmpty() ? "GET" : "POST");
    for (const QString &h : parser.values(header)) {
        if (!request.addHeader(h)) {
            const qsizetype colon = h.indexOf(QLatin1Char(':'));
            printError(QStringLiteral("--header takes 'Name: value', not '%1'")
                           .arg(h.left(colon < 0 ? 20 : colon)));
            return InputError;
        }
    }
    QString error;
    const QByteArray key = readHmacKey(parser.value(keyFile), &error);
    if (key.isEmpty()) {
        printError(error);
        return InputError;
    }

    const ProfileRequest::Result sent = request.send(key);
    std::fprintf(stderr, "Trace ID: %s\n", qPrintable(sent.baseId));
    if (sent.httpStatus == 0) {
        printError(QStringLiteral("%1: %2").arg(request.url, sent.error));
        return NotFoundOrCollectorError;
    }
    std::fprintf(stderr,
        "HTTP %d in %lld ms; waiting for the trace to settle (%g s without new events)\n",
        sent.httpStatus, static_cast<long long>(sent.elapsedMs), quietS);

    // Services keep writing after the answer (casts, boots): read until it stops growing.
    TraceSettler settler;
    settler.quietMs = static_cast<int>(quietS * 1000);
    settler.maxWaitMs = static_cast<int>(maxS * 1000);
    const Result<TraceSettler::Arrival> settled = settler.wait(*collector, sent.baseId);
    if (!settled.ok()) {
        printError(settled.error().toString());
        return NotFoundOrCollectorError;
    }
    if (settled.value().outcome == TraceSettler::Arrival::StillArriving)
        std::fprintf(stderr,
            "osptrace: note: events still arriving after %g s; showing what is there\n", maxS);
    const FetchedTrace &last = settled.value().last;
    if (args.format() == QLatin1String("json")) {
        ReportWriter writer(*last.trace);
        return writeOutput(
            args, [&](const TextSink &sink) { return writer.write(sink).ok(); }, true);
    }
    TextWriter writer(*last.trace);
    return writeOutput(
        args, [&](const TextSink &sink) { return writer.write(sink).ok(); }, false);
}

} // namespace Osp::Cli
