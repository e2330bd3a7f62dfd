#include "views/collectors/collectorsource.h"

#include "collectors/collectorrunner.h"
#include "collectors/connectionstring.h"
#include "views/common/asynctask.h"

namespace Osp {

CollectorSource::CollectorSource(QString connectionString, QString baseId, QObject *parent)
    : QObject(parent)
    , m_url(std::move(connectionString))
    , m_baseId(std::move(baseId))
    , m_task(new AsyncTask(this))
{
    m_task->setPool(CollectorRunner::pool()); // a hung server must not starve the analyses
    m_follow.setInterval(FollowIntervalMs);
    connect(&m_follow, &QTimer::timeout, this, [this] {
        if (!isFetching())
            fetch();
    });
}

CollectorSource::~CollectorSource()
{
    if (m_collector)
        m_collector->cancel();
}

bool CollectorSource::isFetching() const
{
    return m_task->isRunning();
}

QString CollectorSource::title() const
{
    return ConnectionString::parse(m_url).redacted() + QStringLiteral(" · ") + m_baseId.left(8);
}

void CollectorSource::fetch()
{
    if (isFetching())
        return;
    if (!m_collector) {
        Result<std::unique_ptr<Collector>> c = Collector::create(m_url);
        if (!c.ok()) {
            emit failed(c.error().toString());
            return;
        }
        m_collector = std::move(c).value();
    }
    m_task->run(
        [collector = m_collector, baseId = m_baseId](const std::atomic<bool> *cancel) {
            LoadOptions options;
            options.cancel = cancel;
            return collector->fetchTrace(baseId, options);
        },
        [this](const FetchResult &r) {
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
}

void CollectorSource::cancel()
{
    if (m_collector && isFetching())
        m_collector->cancel(); // a blocking socket call returns at once
    m_task->cancel(); // the late result is dropped
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
