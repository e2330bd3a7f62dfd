#pragma once

#include "trace/trace.h"

#include <QCoreApplication>
#include <QVariant>

namespace Osp {

/// What a span row shows, the same in every span model (the call tree, the analysis lists):
/// the texts of the span's own columns, its tooltip, their alignment and the typed roles the
/// delegates read (Role::SpanIndexRole, DurationUsRole, IsErrorRole...). A model maps its
/// columns onto Fields and answers only the roles that are its own (expansion, rank, notes).
class SpanRoles
{
    Q_DECLARE_TR_FUNCTIONS(SpanRoles)
public:
    /// A span column's content; OtherField: a column of the model's own (tooltip and typed
    /// roles still answer for the span).
    enum Field {
        OtherField,
        NameField,
        DurationField,
        SelfField,
        ProjectField,
        ServiceField,
        HostField,
        DetailsField
    };

    /// The colour of the exception line in tooltips, an HTML colour name from the view layer's
    /// theme (ospcore sees no theme); empty leaves the line in the tooltip's text colour.
    void setErrorColor(const QString &name) { m_errorColor = name; }
    const QString &errorColor() const { return m_errorColor; }

    /// data() of span i in a cell showing field; invalid for roles that are the model's own.
    QVariant data(const Trace &t, SpanIndex i, Field field, int role) const;
    /// The header of a column showing field (display text, tooltip, alignment).
    static QVariant headerData(Field field, int role);
    /// Name, times, unfinished or missing start, exception and message, summary (rich text).
    QString tooltip(const Trace &t, SpanIndex i) const;

private:
    QString m_errorColor;
};

} // namespace Osp
