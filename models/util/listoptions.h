#pragma once

#include <QHash>
#include <QStringList>

namespace Osp {

/// Options that take several values (`--baseline A B… --candidate C D…`), which
/// QCommandLineParser cannot express: their values are collected here (until the next option),
/// everything else is passed on in order. Shared by `osptrace diff` and `ospview --baseline`.
struct ListOptions
{
    QStringList rest; ///< the other arguments, program name first
    QHash<QString, QStringList> values; ///< option name ("--baseline") -> its values
    bool isSet(const QString &name) const { return values.contains(name); }
    QStringList operator[](const QString &name) const { return values.value(name); }
};

/// arguments[0] is the program name; names are the list options ("--baseline"). `--NAME=V`
/// counts as one value; after `--` nothing is an option any more.
ListOptions splitListOptions(const QStringList &arguments, const QStringList &names);

} // namespace Osp
