#include "collectors/tracedetailsloader.h"

#include "collectors/collectorrunner.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace Osp {

TraceDetailsLoader::TraceDetailsLoader(QObject *parent)
    : QObject(parent)
{ }

TraceDetailsLoader::~TraceDetailsLoader()
{
    cancelAll();
}

void TraceDetailsLoader::setFactory(Factory factory, int parallel)
{
    cancelAll();
    m_factory = std::move(factory);
    m_slots.clear(); // a running call keeps its collector alive through its shared_ptr
    m_slots.resize(static_cast<size_t>(std::max(1, parallel)));
}

bool TraceDetailsLoader::isIdle() const
{
    return m_queue.isEmpty() && std::all_of(m_slots.begin(), m_slots.end(), [](const Slot &s) {
        return s.baseId.isEmpty();
    });
}

void TraceDetailsLoader::cancelSlot(Slot &slot)
{
    if (slot.baseId.isEmpty())
        return;
    slot.cancel->store(true);
    if (slot.collector)
        slot.collector->cancel(); // shuts a blocking socket call down at once
    slot.baseId.clear();
    slot.generation = ++m_generation; // its late answer is dropped
    ++m_cancelled;
}

void TraceDetailsLoader::cancelAll()
{
    m_queue.clear();
    for (Slot &slot : m_slots)
        cancelSlot(slot);
}

void TraceDetailsLoader::request(const QStringList &baseIds)
{
    for (Slot &slot : m_slots)
        if (!slot.baseId.isEmpty() && !baseIds.contains(slot.baseId))
            cancelSlot(slot);
    m_queue.clear();
    for (const QString &id : baseIds) {
        const bool running = std::any_of(
            m_slots.begin(), m_slots.end(), [&](const Slot &s) { return s.baseId == id; });
        if (!running && !m_queue.contains(id))
            m_queue << id;
    }
    pump();
}

void TraceDetailsLoader::pump()
{
    if (!m_factory)
        return;
    for (Slot &slot : m_slots) {
        if (m_queue.isEmpty())
            return;
        if (!slot.baseId.isEmpty())
            continue;
        // A cancelled call may still be unwinding on the pool: never share its collector.
        if (!slot.collector || slot.collector.use_count() > 1)
            slot.collector = m_factory();
        const QString id = m_queue.takeFirst();
        if (!slot.collector) {
            emit detailsFailed(id, tr("cannot open the collector"));
            continue;
        }
        slot.baseId = id;
        slot.cancel = std::make_shared<std::atomic<bool>>(false);
        const quint64 generation = ++m_generation;
        slot.generation = generation;
        ++m_started;
        const size_t index = static_cast<size_t>(&slot - m_slots.data());
        auto *watcher = new QFutureWatcher<TraceDetailsResult>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, index, generation] {
            watcher->deleteLater();
            if (index >= m_slots.size() || m_slots[index].generation != generation)
                return; // cancelled or superseded
            Slot &done = m_slots[index];
            const QString id = done.baseId;
            done.baseId.clear();
            const TraceDetailsResult r = watcher->result();
            if (r.ok())
                emit detailsReady(id, r.value());
            else if (!r.cancelled())
                emit detailsFailed(id, r.error().message);
            pump();
        });
        watcher->setFuture(QtConcurrent::run(
            CollectorRunner::pool(), [collector = slot.collector, cancel = slot.cancel, id] {
                return collector->traceDetails(id, cancel.get());
            }));
    }
}

} // namespace Osp
