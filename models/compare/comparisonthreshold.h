#pragma once

#include "compare/comparison.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Osp {

/// A crossed threshold: which rule, where (NoRow for the whole request) and the two values.
struct ThresholdHit
{
    std::string rule; ///< the rule as written ("self>50ms")
    uint32_t row = NoRow;
    int64_t a = 0;
    int64_t b = 0;
    std::string description; ///< one line for stderr
};

/// One `--fail-if METRIC>VALUE` rule of `osptrace diff` (CI gates): `total>10%` (the request
/// slower by more than 10 %), `self>50ms` / `duration>1s` (any aligned call path slower by
/// more than that), `count>0` (any path runs more often). Units us, ms, s, % (count: none or
/// %). A path new in B crosses every % rule its growth applies to (its Δ% is infinite).
/// Many-vs-many comparisons are checked on their medians, as the rows hold them.
class ComparisonThreshold
{
public:
    enum class Metric : uint8_t { Total, Self, Duration, Count };

    /// Parses "METRIC>VALUE[UNIT]"; on error returns nullopt and says why in *error.
    static std::optional<ComparisonThreshold> parse(std::string_view text, std::string *error);

    /// The rows (or the total) that cross this rule, largest change first for rows.
    std::vector<ThresholdHit> check(const Comparison &comparison) const;

    Metric metric() const { return m_metric; }
    bool isPercent() const { return m_percent; }
    /// µs for durations, a plain number for counts, percent points for % rules.
    double limit() const { return m_limit; }
    const std::string &text() const { return m_text; }

private:
    bool crossed(int64_t a, int64_t b) const;

    Metric m_metric = Metric::Total;
    bool m_percent = false;
    double m_limit = 0;
    std::string m_text;
};

} // namespace Osp
