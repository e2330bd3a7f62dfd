#pragma once

#include <optional>
#include <vector>

namespace Osp {

/// Back and forward steps of a view's own zoom state, as in a browser: push the state a
/// gesture starts from, go back to it, forward again. For a view whose zoom is not the
/// session's (the flame graph's value range); the timeline's is kept by the session.
template <typename State> class ZoomHistory
{
public:
    /// Remembers `now` as a step back (once: a repeated push of one state is one step) and
    /// forgets the steps forward.
    void push(const State &now)
    {
        if (!m_back.empty() && m_back.back() == now)
            return;
        m_back.push_back(now);
        // A long session must not grow without bound; 200 steps back is plenty.
        if (m_back.size() > MaxSteps)
            m_back.erase(m_back.begin());
        m_forward.clear();
    }
    /// The state to go back to from `now` (remembered as a step forward); none at the start.
    std::optional<State> back(const State &now) { return step(m_back, m_forward, now); }
    std::optional<State> forward(const State &now) { return step(m_forward, m_back, now); }
    bool canGoBack() const { return !m_back.empty(); }
    bool canGoForward() const { return !m_forward.empty(); }
    void clear()
    {
        m_back.clear();
        m_forward.clear();
    }

private:
    static constexpr size_t MaxSteps = 200;
    static std::optional<State> step(
        std::vector<State> &from, std::vector<State> &to, const State &now)
    {
        if (from.empty())
            return std::nullopt;
        to.push_back(now);
        const State state = from.back();
        from.pop_back();
        return state;
    }

    std::vector<State> m_back;
    std::vector<State> m_forward;
};

} // namespace Osp
