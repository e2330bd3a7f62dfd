#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QMenuBar;

namespace Osp {

/// Help ▸ Keyboard Shortcuts: a table generated from the menu bar's QActions at the moment it
/// opens, so it cannot disagree with what the keys do (no hand-kept list).
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    struct Row
    {
        QString menu; ///< "View", "View ▸ Theme"
        QString action; ///< the menu text without mnemonics or a "\t key" hint
        QString keys; ///< the shortcuts in the platform's notation, ", "-separated
    };

    /// Every action in bar's menus (recursively) that has a shortcut, or whose text names a
    /// key after a tab (keys a widget handles itself, e.g. "Expand Subtree\t*"), in menu order.
    static QList<Row> collect(const QMenuBar *bar);

    explicit ShortcutsDialog(const QMenuBar *bar, QWidget *parent = nullptr);
};

} // namespace Osp
