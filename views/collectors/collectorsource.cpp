#include "views/collectors/collectorsource.h"

#include "collectors/collectorrunner.h"
#include "collectors/connectionstring.h"

#include <QFutureWatcher>

namespace Osp {

CollectorSource::CollectorSource(QString connectionString, QString baseId, QObject *parent)
    : QObject(parent)
    , m_url(std::move(connectionString))
    , m_baseId(std::move(baseId))
{
    m_follow.setInterval(FollowIntervalMs);
    connect(&m_follow, &QTimer::timeout, this, [this] {
        if (!m_fetching)
            fetch();
    });
}

CollectorSource::~CollectorSource()
{
    if (m_collector)
        m_collector->cancel();
}

QString CollectorSource::title() const
{
    return ConnectionString::parse(m_url).redacted() + QStringLiteral(" · ") + m_baseId.left(8);
}

void CollectorSource::fetch()
{
    if (m_fetching)
        return;
    if (!m_collector) {
        Result<std::unique_ptr<Collector>> c = Collector::create(m_url);
        if (!c.ok()) {
            emit failed(c.error().toString());
            return;
        }
        m_collector = std::move(c).value();
    }
    m_fetching = true;
    const quint64 generation = ++m_generation;
    auto *watcher = new QFutureWatcher<FetchResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        m_fetching = false;
        const FetchResult r = watcher->result();
        if (r.cancelled())
            return;
        if (!r.ok()) {
            setFollowing(false);
            emit failed(r.error().toString());
            return;
        }
        const FetchedTrace &f = r.value();
        const bool changed = !m_fetchedOnce || f.eventCount != m_events;
        m_fetchedOnce = true;
        m_events = f.eventCount;
        m_quiet = changed ? 0 : m_quiet + 1;
        if (isFollowing() && m_quiet >= QuietRounds)
            setFollowing(false); // nothing new for a while: the trace has settled
        emit fetched(f.trace, changed);
    });
    watcher->setFuture(CollectorRunner::fetch(m_collector, m_baseId));
}

void CollectorSource::cancel()
{
    if (m_collector && m_fetching)
        m_collector->cancel();
    ++m_generation;
    m_fetching = false;
    setFollowing(false);
}

void CollectorSource::setFollowing(bool on)
{
    if (on == m_follow.isActive())
        return;
    m_quiet = 0;
    if (on) {
        m_follow.start();
        fetch();
    } else {
        m_follow.stop();
    }
    emit followingChanged(on);
}

} // namespace Osp
