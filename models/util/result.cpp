#include "util/result.h"

namespace Osp {

QString Error::toString() const
{
    QString where = source;
    if (line > 0)
        where += QStringLiteral(":%1:%2").arg(line).arg(column);
    if (offset >= 0)
        where += QStringLiteral(" (byte %1)").arg(offset);
    return where.isEmpty() ? message : where + QStringLiteral(": ") + message;
}

} // namespace Osp
