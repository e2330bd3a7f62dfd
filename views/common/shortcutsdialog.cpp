#include "views/common/shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Osp {

namespace {

/// "&Open…" -> "Open…", "Save && Quit" -> "Save & Quit".
QString withoutMnemonic(QString text)
{
    text.replace(QLatin1String("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QLatin1Char('\x01'), QLatin1Char('&'));
    return text;
}

void collectMenu(const QMenu *menu, const QString &path, QList<ShortcutsDialog::Row> &rows)
{
    for (QAction *a : menu->actions()) {
        if (a->isSeparator() || !a->isVisible())
            continue;
        QString text = withoutMnemonic(a->text());
        if (QMenu *sub = a->menu()) {
            collectMenu(sub, path + QStringLiteral(" ▸ ") + text, rows);
            continue;
        }
        QString hint;
        if (const qsizetype tab = text.indexOf(QLatin1Char('\t')); tab >= 0) {
            hint = text.mid(tab + 1);
            text.truncate(tab);
        }
        QStringList keys;
        for (const QKeySequence &k : a->shortcuts())
            keys << k.toString(QKeySequence::NativeText);
        if (keys.isEmpty() && !hint.isEmpty())
            keys << hint;
        if (!keys.isEmpty())
            rows.append({ path, text, keys.join(QLatin1String(", ")) });
    }
}

} // namespace

QList<ShortcutsDialog::Row> ShortcutsDialog::collect(const QMenuBar *bar)
{
    QList<Row> rows;
    for (QAction *top : bar->actions()) {
        if (QMenu *menu = top->menu())
            collectMenu(menu, withoutMnemonic(top->text()), rows);
    }
    return rows;
}

ShortcutsDialog::ShortcutsDialog(const QMenuBar *bar, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    auto *tree = new QTreeWidget(this);
    tree->setObjectName(QStringLiteral("shortcutsTree"));
    tree->setColumnCount(2);
    tree->setHeaderLabels({ tr("Action"), tr("Shortcut") });
    tree->setRootIsDecorated(false);
    tree->setUniformRowHeights(true);
    QTreeWidgetItem *group = nullptr;
    for (const Row &row : collect(bar)) {
        if (!group || group->text(0) != row.menu) {
            group = new QTreeWidgetItem(tree, { row.menu });
            QFont bold = group->font(0);
            bold.setBold(true);
            group->setFont(0, bold);
            group->setFirstColumnSpanned(true);
            group->setFlags(Qt::ItemIsEnabled);
        }
        new QTreeWidgetItem(tree, { QStringLiteral("    ") + row.action, row.keys });
    }
    tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    tree->header()->setStretchLastSection(false);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tree);
    layout->addWidget(buttons);
    resize(520, 640);
}

} // namespace Osp
