#include "compare/comparisonthreshold.h"

#include "util/durationformat.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace Osp {

namespace {

std::string trimmed(std::string_view s)
{
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    return std::string(s);
}

std::string signedDuration(int64_t us, bool ms)
{
    // Appended, not prepended: GCC 12's -O3 warns (-Wrestrict, a false positive) on "+" + s.
    std::string sign = us > 0 ? "+" : us < 0 ? "-" : "";
    sign += formatDurationAscii(us < 0 ? -us : us, ms);
    return sign;
}

std::string percentText(int64_t a, int64_t b)
{
    const std::optional<double> p = deltaPercent(a, b);
    if (!p)
        return "new";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.1f %%", *p);
    return buf;
}

} // namespace

std::optional<ComparisonThreshold> ComparisonThreshold::parse(
    std::string_view text, std::string *error)
{
    const auto fail = [&](const std::string &why) -> std::optional<ComparisonThreshold> {
        if (error)
            *error = "--fail-if '" + std::string(text) + "': " + why;
        return std::nullopt;
    };
    const size_t gt = text.find('>');
    if (gt == std::string_view::npos)
        return fail("expected METRIC>VALUE, e.g. total>10% or self>50ms");
    ComparisonThreshold t;
    t.m_text = std::string(text);
    const std::string metric = trimmed(text.substr(0, gt));
    if (metric == "total")
        t.m_metric = Metric::Total;
    else if (metric == "self")
        t.m_metric = Metric::Self;
    else if (metric == "duration")
        t.m_metric = Metric::Duration;
    else if (metric == "count")
        t.m_metric = Metric::Count;
    else
        return fail("unknown metric '" + metric + "'; expected total, self, duration or count");

    const std::string value = trimmed(text.substr(gt + 1));
    if (value.empty() || value.front() == '=')
        return fail("expected a value after '>' (only '>' is supported)");
    errno = 0;
    char *end = nullptr;
    const double number = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || errno != 0 || !std::isfinite(number) || number < 0)
        return fail("expected a non-negative number after '>'");
    const std::string unit = trimmed(std::string_view(end));
    double scale = 1;
    if (unit == "%") {
        t.m_percent = true;
    } else if (t.m_metric == Metric::Count) {
        if (!unit.empty())
            return fail("count takes a plain number or %, not '" + unit + "'");
    } else if (unit == "us") {
        scale = 1;
    } else if (unit == "ms") {
        scale = 1e3;
    } else if (unit == "s") {
        scale = 1e6;
    } else if (unit.empty()) {
        return fail("a duration needs a unit: us, ms, s or %");
    } else {
        return fail("unknown unit '" + unit + "'; expected us, ms, s or %");
    }
    t.m_limit = number * scale;
    return t;
}

bool ComparisonThreshold::crossed(int64_t a, int64_t b) const
{
    if (m_percent) {
        const std::optional<double> p = deltaPercent(a, b);
        return p ? *p > m_limit : b > a;
    }
    return static_cast<double>(b - a) > m_limit;
}

std::vector<ThresholdHit> ComparisonThreshold::check(const Comparison &c) const
{
    std::vector<ThresholdHit> hits;
    const bool ms = c.msPrecision;
    if (m_metric == Metric::Total) {
        if (crossed(c.totalA, c.totalB)) {
            ThresholdHit h { m_text, NoRow, c.totalA, c.totalB, {} };
            h.description = m_text + ": request " + formatDurationAscii(c.totalA, ms) + " -> "
                + formatDurationAscii(c.totalB, ms) + " (" + signedDuration(c.totalB - c.totalA, ms)
                + ", " + percentText(c.totalA, c.totalB) + ")";
            hits.push_back(std::move(h));
        }
        return hits;
    }
    for (uint32_t row : c.impactOrder) {
        const ComparisonRow &r = c.rows[row];
        int64_t a = 0, b = 0;
        switch (m_metric) {
        case Metric::Self:
            a = r.a.selfUs;
            b = r.b.selfUs;
            break;
        case Metric::Duration:
            a = r.a.durationUs;
            b = r.b.durationUs;
            break;
        case Metric::Count:
            a = r.a.count;
            b = r.b.count;
            break;
        case Metric::Total:
            break;
        }
        if (!crossed(a, b))
            continue;
        ThresholdHit h { m_text, row, a, b, {} };
        const std::string what = m_metric == Metric::Count
            ? std::to_string(a) + " -> " + std::to_string(b) + " (" + (b > a ? "+" : "")
                + std::to_string(b - a) + ", " + percentText(a, b) + ")"
            : formatDurationAscii(a, ms) + " -> " + formatDurationAscii(b, ms) + " ("
                + signedDuration(b - a, ms) + ", " + percentText(a, b) + ")";
        std::string work(c.view(r.work));
        if (work.size() > 80)
            work = work.substr(0, 80) + "...";
        h.description = m_text + ": " + c.pathText(row) + (work.empty() ? "" : " [" + work + "]")
            + " " + what;
        hits.push_back(std::move(h));
    }
    return hits;
}

} // namespace Osp
