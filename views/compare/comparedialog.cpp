#include "views/compare/comparedialog.h"

#include "formats/tracesources.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace Osp {

namespace {

/// Marks the list entry that stands for the open tab's trace (not a path).
constexpr int CurrentTraceRole = Qt::UserRole + 1;

} // namespace

CompareDialog::CompareDialog(
    TracePtr current, const QString &currentName, const QString &startDir, QWidget *parent)
    : QDialog(parent)
    , m_current(std::move(current))
    , m_currentName(currentName)
    , m_startDir(startDir)
{
    setWindowTitle(tr("Compare Traces"));
    setObjectName(QStringLiteral("compareDialog"));
    auto *v = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Align the call trees of A and B by call path. With several "
                                "traces per side (a directory of per-iteration reports, e.g. "
                                "a Rally run), medians and p95s are compared and outlier "
                                "traces flagged."),
        this);
    intro->setWordWrap(true);
    v->addWidget(intro);
    auto *sides = new QHBoxLayout;
    sides->addWidget(makeSide(ComparisonSide::A, tr("A — baseline")));
    sides->addWidget(makeSide(ComparisonSide::B, tr("B — candidate")));
    v->addLayout(sides, 1);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("compareMessage"));
    m_message->setWordWrap(true);
    m_message->hide();
    v->addWidget(m_message);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_compare = buttons->addButton(tr("&Compare"), QDialogButtonBox::AcceptRole);
    m_compare->setObjectName(QStringLiteral("compareButton"));
    v->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_compare, &QPushButton::clicked, this, [this] {
        QString error;
        if (inputs(ComparisonSide::A, &error).empty()
            || inputs(ComparisonSide::B, &error).empty()) {
            m_message->setText(error);
            m_message->show();
            return;
        }
        accept();
    });
    if (m_current) {
        auto *item = new QListWidgetItem(tr("%1 (open tab)").arg(m_currentName), m_lists[0]);
        item->setData(CurrentTraceRole, true);
    }
    resize(900, 420);
    updateButtons();
}

QWidget *CompareDialog::makeSide(ComparisonSide side, const QString &title)
{
    auto *box = new QWidget(this);
    auto *v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    v->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), box));
    QListWidget *list = new QListWidget(box);
    list->setObjectName(side == ComparisonSide::A ? QStringLiteral("baselineList")
                                                  : QStringLiteral("candidateList"));
    list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_lists[int(side)] = list;
    v->addWidget(list, 1);
    auto *row = new QHBoxLayout;
    auto *files = new QPushButton(tr("Add &Files…"), box);
    auto *dir = new QPushButton(tr("Add &Directory…"), box);
    auto *remove = new QPushButton(tr("&Remove"), box);
    row->addWidget(files);
    row->addWidget(dir);
    row->addWidget(remove);
    row->addStretch(1);
    v->addLayout(row);
    connect(files, &QPushButton::clicked, this, [this, side] {
        addSources(side,
            QFileDialog::getOpenFileNames(this, tr("Add Traces"), m_startDir,
                tr("OSProfiler traces (*.json *.html *.gz);;All files (*)")));
    });
    connect(dir, &QPushButton::clicked, this, [this, side] {
        const QString d = QFileDialog::getExistingDirectory(
            this, tr("Directory of Per-Iteration Reports"), m_startDir);
        if (!d.isEmpty())
            addSources(side, { d });
    });
    connect(remove, &QPushButton::clicked, this, [this, list] {
        qDeleteAll(list->selectedItems());
        updateButtons();
    });
    return box;
}

QListWidget *CompareDialog::list(ComparisonSide side) const
{
    return m_lists[int(side)];
}

void CompareDialog::addSources(ComparisonSide side, const QStringList &paths)
{
    for (const QString &p : paths) {
        if (p.isEmpty())
            continue;
        const QFileInfo info(p);
        auto *item = new QListWidgetItem(QDir::toNativeSeparators(info.absoluteFilePath())
                + (info.isDir() ? tr("  (directory)") : QString()),
            m_lists[int(side)]);
        item->setData(Qt::UserRole, info.absoluteFilePath());
        if (!info.isDir())
            m_startDir = info.absolutePath();
    }
    m_message->hide();
    updateButtons();
}

std::vector<ComparisonInput> CompareDialog::inputs(ComparisonSide side, QString *error) const
{
    std::vector<ComparisonInput> out;
    const QListWidget *list = m_lists[int(side)];
    for (int i = 0; i < list->count(); ++i) {
        const QListWidgetItem *item = list->item(i);
        if (item->data(CurrentTraceRole).toBool()) {
            out.push_back({ m_currentName, m_current });
            continue;
        }
        const Result<QStringList> files
            = expandTraceSources({ item->data(Qt::UserRole).toString() });
        if (!files.ok()) {
            if (error)
                *error = files.error().toString();
            return {};
        }
        for (const QString &f : files.value())
            out.push_back({ f, nullptr });
    }
    if (out.empty() && error && error->isEmpty())
        *error = side == ComparisonSide::A ? tr("Add at least one trace to A")
                                           : tr("Add at least one trace to B");
    return out;
}

void CompareDialog::updateButtons()
{
    m_compare->setEnabled(m_lists[0]->count() > 0 && m_lists[1]->count() > 0);
}

} // namespace Osp
