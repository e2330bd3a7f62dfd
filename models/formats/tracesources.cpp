#include "formats/tracesources.h"

#include <QDir>
#include <QFileInfo>

namespace Osp {

Result<QStringList> expandTraceSources(const QStringList &sources)
{
    QStringList out;
    for (const QString &source : sources) {
        const QFileInfo info(source);
        if (!info.isDir()) {
            out << source;
            continue;
        }
        const QDir dir(source);
        const QStringList names
            = dir.entryList({ QStringLiteral("*.json"), QStringLiteral("*.html"),
                                QStringLiteral("*.json.gz"), QStringLiteral("*.html.gz") },
                QDir::Files | QDir::Readable, QDir::Name);
        if (names.isEmpty())
            return Error { .message
                = QStringLiteral("no *.json or *.html reports in this directory"),
                .source = source };
        for (const QString &name : names)
            out << dir.filePath(name);
    }
    return out;
}

} // namespace Osp
