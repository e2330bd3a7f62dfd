#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace Osp {

/// What this build is made of, for Help ▸ About and bug reports: the app's version, Qt (built
/// against and running), nlohmann/json, hiredis, zlib, the compiler and build type, and the
/// Qt SQL drivers that actually load (the collectors need them at run time).
QList<QPair<QString, QString>> buildInfo();

} // namespace Osp
