#include "itemmodels/spanroles.h"

#include "itemmodels/roles.h"
#include "util/durationformat.h"

#include <iterator>

namespace Osp {

namespace {

QString orNa(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("n/a") : s;
}

/// Header text and tooltip of each field, in Field order.
struct FieldTexts
{
    const char *header;
    const char *tip;
};
constexpr FieldTexts TextsOf[] = {
    { nullptr, nullptr },
    { QT_TRANSLATE_NOOP("SpanRoles", "Name"), nullptr },
    { QT_TRANSLATE_NOOP("SpanRoles", "Duration"),
        QT_TRANSLATE_NOOP("SpanRoles", "Wall time from start to stop") },
    { QT_TRANSLATE_NOOP("SpanRoles", "Self"),
        QT_TRANSLATE_NOOP("SpanRoles", "Time not covered by child spans") },
    { QT_TRANSLATE_NOOP("SpanRoles", "Project"), nullptr },
    { QT_TRANSLATE_NOOP("SpanRoles", "Service"), nullptr },
    { QT_TRANSLATE_NOOP("SpanRoles", "Host"), nullptr },
    { QT_TRANSLATE_NOOP("SpanRoles", "Details"),
        QT_TRANSLATE_NOOP("SpanRoles", "Request, SQL statement or function") },
};
static_assert(std::size(TextsOf) == SpanRoles::DetailsField + 1);

bool isRightAligned(SpanRoles::Field field)
{
    return field == SpanRoles::DurationField || field == SpanRoles::SelfField;
}

QVariant alignment(bool right)
{
    return QVariant::fromValue(
        right ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
}

QVariant display(const Trace &t, SpanIndex i, SpanRoles::Field field)
{
    const Span &s = t.span(i);
    const bool ms = s.has(MsPrecision);
    switch (field) {
    case SpanRoles::OtherField:
        return {};
    case SpanRoles::NameField:
        return t.text(s.name);
    case SpanRoles::DurationField:
        // Unfinished: the effective end is only a lower bound.
        return s.has(NoStopEvent) ? QStringLiteral("≥ ") + formatDuration(s.durationUs(), ms)
                                  : formatDuration(s.durationUs(), ms);
    case SpanRoles::SelfField:
        return formatDuration(s.selfUs, ms);
    case SpanRoles::ProjectField:
        return orNa(t.text(s.project));
    case SpanRoles::ServiceField:
        return orNa(t.text(s.service));
    case SpanRoles::HostField:
        return orNa(t.text(s.host));
    case SpanRoles::DetailsField:
        return t.text(t.details(i).summary).simplified();
    }
    return {};
}

} // namespace

QVariant SpanRoles::data(const Trace &t, SpanIndex i, Field field, int role) const
{
    const Span &s = t.span(i);
    switch (role) {
    case Qt::DisplayRole:
        return display(t, i, field);
    case Qt::ToolTipRole:
        return tooltip(t, i);
    case Qt::TextAlignmentRole:
        return alignment(isRightAligned(field));
    case Role::SpanIndexRole:
        return uint(i);
    case Role::DepthRole:
        return int(s.depth);
    case Role::StartUsRole:
        return qint64(s.startUs);
    case Role::EndUsRole:
        return qint64(s.endUs);
    case Role::DurationUsRole:
        return qint64(s.durationUs());
    case Role::SelfUsRole:
        return qint64(s.selfUs);
    case Role::FlagsRole:
        return uint(s.flags);
    case Role::IsErrorRole:
        return s.has(HasError);
    case Role::IsUnfinishedRole:
        return s.has(NoStopEvent);
    case Role::IsLastStartedRole:
        return i == t.lastStarted();
    case Role::ServiceRole:
        return t.text(s.service);
    case Role::ExceptionRole:
        return s.has(HasError) ? t.text(t.details(i).exception) : QString();
    case Role::MsPrecisionRole:
        return s.has(MsPrecision);
    }
    return {};
}

QVariant SpanRoles::headerData(Field field, int role)
{
    const FieldTexts &texts = TextsOf[field];
    const char *text = role == Qt::DisplayRole ? texts.header
        : role == Qt::ToolTipRole              ? texts.tip
                                               : nullptr;
    if (text)
        return tr(text);
    if (role == Qt::TextAlignmentRole && isRightAligned(field))
        return alignment(true);
    return {};
}

QString SpanRoles::tooltip(const Trace &t, SpanIndex i) const
{
    const Span &s = t.span(i);
    const bool ms = s.has(MsPrecision);
    QString tip = QStringLiteral("<b>") + t.text(s.name).toHtmlEscaped() + QStringLiteral("</b>");
    tip += QStringLiteral("<br>")
        + tr("start %1, duration %2, self %3")
              .arg(formatDuration(s.startUs, ms), formatDuration(s.durationUs(), ms),
                  formatDuration(s.selfUs, ms));
    if (s.has(NoStopEvent))
        tip += QStringLiteral("<br>") + tr("<i>unfinished: no stop event</i>");
    if (s.has(NoStartEvent))
        tip += QStringLiteral("<br>") + tr("<i>no start event</i>");
    if (s.has(HasError)) {
        QString error = t.text(t.details(i).exception).toHtmlEscaped();
        const QString msg = t.text(t.details(i).message);
        if (!msg.isEmpty())
            error += QStringLiteral(": ") + msg.left(300).toHtmlEscaped();
        if (m_errorColor.isEmpty())
            tip += QStringLiteral("<br>") + error;
        else
            tip += QStringLiteral("<br><font color=\"") + m_errorColor.toHtmlEscaped()
                + QStringLiteral("\">") + error + QStringLiteral("</font>");
    }
    const QString summary = t.text(t.details(i).summary);
    if (!summary.isEmpty())
        tip += QStringLiteral("<br>") + summary.left(400).toHtmlEscaped();
    return tip;
}

} // namespace Osp
