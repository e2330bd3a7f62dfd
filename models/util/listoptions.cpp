#include "util/listoptions.h"

namespace Osp {

ListOptions splitListOptions(const QStringList &arguments, const QStringList &names)
{
    ListOptions s;
    QStringList *collecting = nullptr;
    bool optionsEnded = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (i == 0 || optionsEnded) {
            s.rest << arg;
            continue;
        }
        if (arg == QLatin1String("--")) {
            optionsEnded = true;
            s.rest << arg;
            continue;
        }
        bool isListOption = false;
        for (const QString &name : names) {
            const bool bare = arg == name;
            if (!bare && !arg.startsWith(name + QLatin1Char('=')))
                continue;
            QStringList &list = s.values[name];
            if (!bare)
                list << arg.mid(name.size() + 1);
            collecting = &list;
            isListOption = true;
        }
        if (isListOption)
            continue;
        if (collecting && (!arg.startsWith(QLatin1Char('-')) || arg == QLatin1String("-"))) {
            *collecting << arg;
            continue;
        }
        collecting = nullptr;
        s.rest << arg;
    }
    return s;
}

} // namespace Osp
