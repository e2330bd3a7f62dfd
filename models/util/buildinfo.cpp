#include "util/buildinfo.h"

#include <QSqlDatabase>
#include <QStringList>

#include <hiredis/hiredis.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#ifndef OSP_BUILD_TYPE
#define OSP_BUILD_TYPE "unknown"
#endif

namespace Osp {

QList<QPair<QString, QString>> buildInfo()
{
    const auto text = [](const char *s) { return QString::fromUtf8(s); };
#if defined(__clang__)
    const QString compiler = QStringLiteral("Clang ") + text(__clang_version__);
#elif defined(__GNUC__)
    const QString compiler = QStringLiteral("GCC ") + text(__VERSION__);
#else
    const QString compiler = QStringLiteral("unknown compiler");
#endif
    QString qt = text(qVersion());
    if (qt != text(QT_VERSION_STR))
        qt += QStringLiteral(" (built against %1)").arg(text(QT_VERSION_STR));
    return {
        { QStringLiteral("ospview"), text(OSP_VERSION) },
        { QStringLiteral("Qt"), qt },
        { QStringLiteral("nlohmann/json"),
            QStringLiteral("%1.%2.%3")
                .arg(NLOHMANN_JSON_VERSION_MAJOR)
                .arg(NLOHMANN_JSON_VERSION_MINOR)
                .arg(NLOHMANN_JSON_VERSION_PATCH) },
        { QStringLiteral("hiredis"),
            QStringLiteral("%1.%2.%3").arg(HIREDIS_MAJOR).arg(HIREDIS_MINOR).arg(HIREDIS_PATCH) },
        { QStringLiteral("zlib"), text(zlibVersion()) },
        { QStringLiteral("Build"), compiler + QStringLiteral(", ") + text(OSP_BUILD_TYPE) },
        { QStringLiteral("SQL drivers"), QSqlDatabase::drivers().join(QLatin1String(", ")) },
    };
}

} // namespace Osp
