#pragma once

#include "trace/span.h"

#include <cstdint>
#include <span>
#include <vector>

namespace Osp {

/// Bits of DrawItem::flags.
enum DrawItemFlag : uint16_t {
    ItemMerged = 1u << 0, ///< several spans narrower than a pixel drawn as one
    ItemError = 1u << 1, ///< the span (or one of the merged spans) has an error
    ItemUnfinished = 1u << 2, ///< no stop event: drawn open-ended
    ItemLabel = 1u << 3, ///< wide enough for text (see TextFit)
    ItemCritical = 1u << 4, ///< on the critical path (SpanMarks)
    ItemSkewed = 1u << 5, ///< does not fit in its parent: clock skew between hosts (SpanMarks)
    ItemAsync = 1u << 6, ///< outlives its parent (a cast or other async work)
};

/// The flags a merged run keeps when any of its spans has them: what must stay visible.
inline constexpr uint16_t ItemStateFlags
    = ItemError | ItemUnfinished | ItemCritical | ItemSkewed | ItemAsync;

/// Text decisions without fonts: the caller passes the font's average glyph width, and an item
/// gets a label only when at least minChars characters fit (DESIGN.md: no text under ~6).
struct TextFit
{
    double avgGlyphPx = 7.0;
    int minChars = 6;
    double paddingPx = 3.0; ///< on each side of the text
};

/// One rectangle to paint: a span, or a merged run of sub-pixel spans (span = the longest,
/// which also decides the colour and what hovering it shows).
struct DrawItem
{
    float x0 = 0;
    float x1 = 0;
    uint32_t row = 0;
    SpanIndex span = NoSpan;
    uint32_t count = 1;
    uint16_t flags = 0;
    uint16_t labelChars = 0; ///< characters of room for a label (when ItemLabel)

    bool has(DrawItemFlag f) const { return (flags & f) != 0; }
    float width() const { return x1 - x0; }
};

/// The rectangles of one frame, grouped by row (ascending) and in paint order within a row
/// (later items are painted over earlier ones), so painting and hit-testing agree.
struct DrawList
{
    std::vector<DrawItem> items;
    uint32_t firstRow = 0;
    std::vector<uint32_t> rowStart; ///< items of row firstRow + r: [rowStart[r], rowStart[r+1])
    size_t visited = 0; ///< spans or runs looked at to build it (tests, benchmark)

    std::span<const DrawItem> row(uint32_t r) const;
    /// The item painted at pixel x of `row` (the topmost when several overlap), or null.
    /// Items thinner than minHitPx are hit within that width, as they are painted that wide.
    const DrawItem *hitTest(double x, uint32_t row, double minHitPx = 1.0) const;
};

/// Appends the items of one row in start order, merging neighbours narrower than a pixel
/// (DESIGN.md: merge what is narrower than a pixel). Used by the timeline and flame graph
/// builders; exposed so tests can check the merging alone.
class RowMerger
{
public:
    RowMerger(std::vector<DrawItem> &out, uint32_t row, const TextFit &text, double mergePx = 1.0)
        : m_out(out)
        , m_row(row)
        , m_text(text)
        , m_mergePx(mergePx)
    { }
    ~RowMerger() { flush(); }

    /// x0 ≤ x1 in pixels; duration ranks candidates for the merged run's representative.
    void add(
        double x0, double x1, SpanIndex span, uint32_t count, uint16_t flags, int64_t duration);
    void flush();

private:
    void push(const DrawItem &item);

    std::vector<DrawItem> &m_out;
    uint32_t m_row;
    TextFit m_text;
    double m_mergePx;
    bool m_pending = false;
    DrawItem m_merge;
    int64_t m_mergeBest = -1;
};

} // namespace Osp
