#pragma once

#include <QStringList>

namespace Osp {

/// The collector connection strings used before, newest first, shared by File ▸ Open from
/// collector… and File ▸ Profile a request…. Passwords never reach the settings file: an entry
/// is the URL without them (the user types them again).
class ConnectionHistory
{
public:
    static QStringList entries();
    static void remember(const QString &url);
    /// The history entry for a connection string: the password removed.
    static QString entry(const QString &url);
};

} // namespace Osp
