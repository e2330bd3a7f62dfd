#pragma once
// Helpers shared by the core tests: fixtures, shared traces, JSON comparison.

#include "trace/loadresult.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <string>

namespace OspTest {

/// The error a load met: the one that left no trace, or the one that cut a partial trace short
/// (Trace::partialError), as the loader's callers tell it.
inline std::optional<Osp::Error> loadError(const Osp::LoadResult &r)
{
    return r.ok() ? r.value()->partialError() : std::optional<Osp::Error>(r.error());
}

/// True when the load read all of its input: ok() holds for a partial trace too.
inline bool readInFull(const Osp::LoadResult &r)
{
    return r.ok() && !r.value()->partialError();
}

inline QString dataFile(const char *name)
{
    return QStringLiteral(OSP_TEST_DATA "/") + QLatin1String(name);
}

/// The team's shared traces (../shared/traces) when present, else an empty string.
inline QString sharedTraces()
{
    const QDir dir(QStringLiteral(OSP_SHARED_DIR "/traces"));
    return dir.exists() ? dir.absolutePath() : QString();
}

inline std::string readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = f.readAll();
    return std::string(bytes.constData(), static_cast<size_t>(bytes.size()));
}

/// The JSON literal after "var OSProfilerData = " in an HTML report (brace matching).
inline std::string htmlLiteral(const std::string &html)
{
    const std::string marker = "var OSProfilerData = ";
    const size_t start = html.find(marker);
    if (start == std::string::npos)
        return {};
    size_t i = start + marker.size();
    const size_t begin = i;
    int depth = 0;
    bool inString = false;
    for (; i < html.size(); ++i) {
        const char c = html[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{') {
            ++depth;
        } else if (c == '}' && --depth == 0) {
            return html.substr(begin, i + 1 - begin);
        }
    }
    return {};
}

/// Sorts every "children" array by (info.started, trace_id): the order of siblings that
/// started in the same millisecond is not part of the data. Iterative.
inline void normaliseSiblings(nlohmann::json &doc)
{
    std::vector<nlohmann::json *> stack { &doc };
    while (!stack.empty()) {
        nlohmann::json *node = stack.back();
        stack.pop_back();
        if (!node->is_object() || !node->contains("children") || !(*node)["children"].is_array())
            continue;
        auto &children = (*node)["children"];
        std::stable_sort(children.begin(), children.end(), [](const auto &a, const auto &b) {
            auto key = [](const nlohmann::json &n) {
                const auto started = n.contains("info") && n["info"].contains("started")
                    ? n["info"]["started"].dump()
                    : std::string();
                return std::make_pair(started.size(), started + n.value("trace_id", std::string()));
            };
            return key(a) < key(b);
        });
        for (auto &c : children)
            stack.push_back(&c);
    }
}

/// A short description of how two documents differ, empty when equal.
inline std::string describeDifference(const nlohmann::json &a, const nlohmann::json &b)
{
    if (a == b)
        return {};
    const nlohmann::json patch = nlohmann::json::diff(a, b);
    std::string out;
    for (size_t i = 0; i < patch.size() && i < 5; ++i)
        out += patch[i].dump().substr(0, 300) + "\n";
    return out;
}

/// What one osptrace run printed and returned (code -1: it did not finish normally).
struct CliRun
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

/// Runs the built osptrace with args (and env, when given) and waits up to a minute.
inline CliRun runOsptrace(const QStringList &args, const QProcessEnvironment &env = {})
{
    QProcess p;
    if (!env.isEmpty())
        p.setProcessEnvironment(env);
    p.start(QStringLiteral(OSPTRACE_BIN), args);
    CliRun r;
    if (!p.waitForFinished(60000))
        return r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace OspTest
