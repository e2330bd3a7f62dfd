#pragma once

#include <QHeaderView>

namespace Osp {

class TraceSession;

/// The call tree's header: ordinary sections, except that the Timeline section is a time
/// ruler (ticks and labels for the session's range) lined up with the bars below it.
class CallTreeHeader : public QHeaderView
{
    Q_OBJECT
public:
    CallTreeHeader(TraceSession *session, int timelineSection, QWidget *parent = nullptr);

    QSize sizeHint() const override;

protected:
    void paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const override;

private:
    TraceSession *m_session;
    int m_timelineSection;
};

} // namespace Osp
