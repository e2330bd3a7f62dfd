#include "mainwindow.h"
#include "screenshot.h"
#include "util/allocator.h"
#include "util/listoptions.h"
#include "views/common/theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QStyleFactory>

#include <cstdio>
#include <cstring>

int main(int argc, char *argv[])
{
    Osp::tuneAllocatorForLargeTraces();
    // The platform is chosen when QApplication is constructed, before the parser can run:
    // look for --screenshot by hand so that headless machines need no QT_QPA_PLATFORM.
    // --version and --help must answer on a headless machine too.
    bool headlessOk = false;
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        if (std::strncmp(a, "--screenshot", 12) == 0 || std::strcmp(a, "--version") == 0
            || std::strcmp(a, "-v") == 0 || std::strcmp(a, "--help") == 0
            || std::strcmp(a, "-h") == 0)
            headlessOk = true;
    }
    if (headlessOk && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ospview"));
    QApplication::setOrganizationName(QStringLiteral("ospview"));
    QApplication::setApplicationVersion(QLatin1String(OSP_VERSION));
    QApplication::setApplicationDisplayName(QStringLiteral("ospview"));
    // The desktop matches windows to packaging/io.github.ospview.ospview.desktop (Wayland
    // app id); the icon comes from the icon theme once installed, else from the resources.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.ospview.ospview"));
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("io.github.ospview.ospview"),
        QIcon(QStringLiteral(":/icons/io.github.ospview.ospview.svg"))));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Native viewer for OpenStack OSProfiler traces."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("files"),
        QStringLiteral("Trace files to open (.json, .html, .gz)."), QStringLiteral("[FILE…]"));
    const QCommandLineOption compareOption(QStringLiteral("compare"),
        QStringLiteral("Compare instead of opening: FILE A and FILE B, or A… -- B… (several per "
                       "side; a directory stands for the reports in it)."));
    const QCommandLineOption baselineOption(QStringLiteral("baseline"),
        QStringLiteral("Compare: the baseline traces (several may follow; with --candidate)."),
        QStringLiteral("A…"));
    const QCommandLineOption candidateOption(QStringLiteral("candidate"),
        QStringLiteral("Compare: the candidate traces (several may follow)."),
        QStringLiteral("B…"));
    parser.addOption(compareOption);
    parser.addOption(baselineOption);
    parser.addOption(candidateOption);
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
        QStringLiteral("Render FILE in the main window, save it as a PNG to OUT and exit."),
        QStringLiteral("OUT"));
    const QCommandLineOption sizeOption(QStringLiteral("size"),
        QStringLiteral("Window size for --screenshot (1600x1000)."), QStringLiteral("WxH"),
        QStringLiteral("1600x1000"));
    const QCommandLineOption viewOption(QStringLiteral("view"),
        QStringLiteral("Page for --screenshot: tree (default), timeline, flame, or compare (the "
                       "comparison of the FILEs as with --compare)."),
        QStringLiteral("VIEW"), QStringLiteral("tree"));
    const QCommandLineOption lanesOption(QStringLiteral("lanes"),
        QStringLiteral("Timeline lanes for --screenshot: depth (default), service, host, project."),
        QStringLiteral("LANES"), QStringLiteral("depth"));
    parser.addOption(viewOption);
    parser.addOption(lanesOption);
    const QCommandLineOption panelOption(QStringLiteral("panel"),
        QStringLiteral("Analysis page for --screenshot: stats, top, critical, errors, repeated "
                       "(default: the panel is hidden)."),
        QStringLiteral("PANEL"));
    parser.addOption(panelOption);
    const QCommandLineOption linksOption(QStringLiteral("links"),
        QStringLiteral("Draw the RPC and HTTP hops between services in a --screenshot of the "
                       "timeline."));
    parser.addOption(linksOption);
    const QCommandLineOption themeOption(QStringLiteral("theme"),
        QStringLiteral("Theme for --screenshot: light (default) or dark."), QStringLiteral("THEME"),
        QStringLiteral("light"));
    parser.addOption(themeOption);
    const QCommandLineOption connectionOption(QStringLiteral("connection-string"),
        QStringLiteral("OSProfiler collector to read --trace from (default: "
                       "$OSPROFILER_CONNECTION_STRING)."),
        QStringLiteral("URL"));
    const QCommandLineOption traceOption(QStringLiteral("trace"),
        QStringLiteral("Base id of a trace to open from the collector."),
        QStringLiteral("BASE_ID"));
    parser.addOption(connectionOption);
    parser.addOption(traceOption);
    parser.addOption(screenshotOption);
    parser.addOption(sizeOption);
    // --baseline/--candidate take several values and `--compare A… -- B…` splits at "--":
    // both are taken apart before QCommandLineParser, which knows neither.
    const QString baselineName = QStringLiteral("--baseline");
    const QString candidateName = QStringLiteral("--candidate");
    const Osp::ListOptions lists
        = Osp::splitListOptions(QApplication::arguments(), { baselineName, candidateName });
    QStringList arguments = lists.rest;
    QStringList afterDashes;
    if (const qsizetype dashes = arguments.indexOf(QStringLiteral("--")); dashes > 0) {
        afterDashes = arguments.mid(dashes + 1);
        arguments = arguments.mid(0, dashes);
    }
    parser.process(arguments);

    QStringList files = parser.positionalArguments();
    const bool comparing = parser.isSet(compareOption) || lists.isSet(baselineName)
        || lists.isSet(candidateName) || parser.value(viewOption) == QLatin1String("compare");
    QStringList baseline, candidate;
    if (comparing) {
        if (lists.isSet(baselineName) || lists.isSet(candidateName)) {
            baseline = lists[baselineName];
            candidate = lists[candidateName];
            if (!files.isEmpty() || !afterDashes.isEmpty())
                baseline.clear(); // mixed forms: reported below
        } else if (!afterDashes.isEmpty()) {
            baseline = files;
            candidate = afterDashes;
        } else if (files.size() == 2) {
            baseline = { files[0] };
            candidate = { files[1] };
        }
        if (baseline.isEmpty() || candidate.isEmpty()) {
            std::fprintf(stderr,
                "ospview: compare A B, A1 A2… -- B1 B2…, or --baseline A… --candidate B…\n");
            return 2;
        }
    } else {
        files += afterDashes;
    }
    if (parser.isSet(screenshotOption)) {
        const QStringList wh = parser.value(sizeOption).split(QLatin1Char('x'));
        bool okW = false, okH = false;
        const int w = wh.size() == 2 ? wh[0].toInt(&okW) : 0;
        const int h = wh.size() == 2 ? wh[1].toInt(&okH) : 0;
        if (!okW || !okH || w < 200 || h < 150 || (!comparing && files.size() != 1)) {
            std::fprintf(stderr, "ospview: --screenshot OUT [--size WxH] FILE: %s\n",
                okW && okH && w >= 200 && h >= 150 ? "exactly one FILE is needed"
                                                   : "--size must be like 1600x1000");
            return 2;
        }
        // Pictures must not depend on the desktop's style or theme.
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        const QString theme = parser.value(themeOption);
        if (theme != QLatin1String("light") && theme != QLatin1String("dark")) {
            std::fprintf(stderr, "ospview: --theme light|dark\n");
            return 2;
        }
        Osp::Theme::instance()->setMode(Osp::Theme::modeFromName(theme));
        if (comparing)
            return Osp::takeComparisonScreenshot(
                baseline, candidate, parser.value(screenshotOption), QSize(w, h));
        const QString view = parser.value(viewOption);
        const QString lanes = parser.value(lanesOption);
        if (!QStringList {
                QStringLiteral("tree"), QStringLiteral("timeline"), QStringLiteral("flame") }
                 .contains(view)
            || !QStringList { QStringLiteral("depth"), QStringLiteral("service"),
                QStringLiteral("host"), QStringLiteral("project") }
                    .contains(lanes)) {
            std::fprintf(stderr,
                "ospview: --view tree|timeline|flame|compare, --lanes "
                "depth|service|host|project\n");
            return 2;
        }
        return Osp::takeScreenshot(files.first(), parser.value(screenshotOption), QSize(w, h), view,
            lanes, parser.value(panelOption), parser.isSet(linksOption));
    }

    Osp::MainWindow window;
    window.show();
    if (comparing)
        window.compareFiles(baseline, candidate);
    else
        for (const QString &f : files)
            window.openFile(f);
    if (parser.isSet(traceOption)) {
        const QString url = parser.isSet(connectionOption)
            ? parser.value(connectionOption)
            : qEnvironmentVariable("OSPROFILER_CONNECTION_STRING");
        if (url.isEmpty()) {
            std::fprintf(stderr,
                "ospview: --trace needs --connection-string URL or "
                "$OSPROFILER_CONNECTION_STRING\n");
            return 2;
        }
        window.openFromCollector(url, parser.value(traceOption));
    }
    return app.exec();
}
