#pragma once

#include "trace/trace.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace Osp {

class AsyncTask;
class Collector;

/// A trace open from a collector: fetches it off the GUI thread, re-reads it on Reload (F5),
/// and when following re-reads every few seconds while events still arrive (boots and
/// migrations keep writing long after the API answered), stopping after a quiet spell.
class CollectorSource : public QObject
{
    Q_OBJECT
public:
    static constexpr int FollowIntervalMs = 3000;
    /// Follow stops after this many re-reads without a new event.
    static constexpr int QuietRounds = 4;

    CollectorSource(QString connectionString, QString baseId, QObject *parent = nullptr);
    ~CollectorSource() override;

    QString connectionString() const { return m_url; }
    QString baseId() const { return m_baseId; }
    /// "redis://127.0.0.1:6379/0 · 1a6b6ea3" (no password).
    QString title() const;
    bool isFetching() const;
    bool isFollowing() const { return m_follow.isActive(); }
    size_t eventCount() const { return m_events; }

public slots:
    void fetch();
    void cancel();
    void setFollowing(bool on);

signals:
    /// changed: the event count differs from the previous read (always true the first time).
    void fetched(Osp::TracePtr trace, bool changed);
    void failed(const QString &message);
    void followingChanged(bool following);

private:
    QString m_url;
    QString m_baseId;
    std::shared_ptr<Collector> m_collector;
    AsyncTask *m_task; ///< on the collector I/O pool
    QTimer m_follow;
    size_t m_events = 0;
    int m_quiet = 0;
    bool m_fetchedOnce = false;
};

} // namespace Osp
