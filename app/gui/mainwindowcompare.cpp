// MainWindow's comparison tabs: File ▸ Compare…, "open in a new tab or compare?"
// when a second file arrives, and two collector traces compared. Kept apart from
// mainwindow.cpp like the collector wiring.

#include "mainwindow.h"

#include "formats/tracesources.h"
#include "views/collectors/collectorsource.h"
#include "views/compare/comparedialog.h"
#include "views/compare/comparisonview.h"
#include "views/trace/traceview.h"

#include <QAction>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

namespace Osp {

void MainWindow::createCompareActions(QMenu *file)
{
    QAction *compare = file->addAction(tr("Co&mpare…"), this, &MainWindow::showCompareDialog);
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    compare->setToolTip(tr("Align two traces (or two groups of traces) by call path"));
}

void MainWindow::showCompareDialog()
{
    TraceView *current = currentTraceView();
    const int index = m_tabs->currentIndex();
    const QString name = current ? m_tabs->tabText(index) : QString();
    const QString dir
        = m_useSettings ? QSettings().value(QStringLiteral("lastDirectory")).toString() : QString();
    auto *dialog = new CompareDialog(current ? current->trace() : nullptr, name, dir, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        compare(dialog->inputs(ComparisonSide::A), dialog->inputs(ComparisonSide::B));
    });
    dialog->open();
}

ComparisonView *MainWindow::compare(
    std::vector<ComparisonInput> baseline, std::vector<ComparisonInput> candidate)
{
    auto *view = new ComparisonView(m_tabs);
    view->start(std::move(baseline), std::move(candidate));
    const int index = m_tabs->addTab(view, view->title());
    m_tabs->setTabToolTip(index, view->title());
    m_tabs->setCurrentIndex(index);
    connect(view, &ComparisonView::ready, view, &ComparisonView::selectFirstRow);
    connect(view, &ComparisonView::cancelled, this, [this, view] {
        statusBar()->showMessage(tr("Comparison cancelled"), 4000);
        const int i = m_tabs->indexOf(view);
        if (i >= 0)
            m_tabs->removeTab(i);
        view->deleteLater();
    });
    connect(view, &ComparisonView::failed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Cannot compare: %1").arg(message), 8000);
    });
    return view;
}

ComparisonView *MainWindow::compareFiles(const QStringList &baseline, const QStringList &candidate)
{
    std::vector<ComparisonInput> a, b;
    for (const auto &[sources, inputs] :
        { std::pair { &baseline, &a }, std::pair { &candidate, &b } }) {
        const Result<QStringList> files = expandTraceSources(*sources);
        if (!files.ok() || files.value().isEmpty()) {
            QMessageBox::warning(this, tr("Cannot compare"),
                files.ok() ? tr("A comparison needs a trace on each side")
                           : files.error().toString());
            return nullptr;
        }
        for (const QString &f : files.value())
            inputs->push_back({ f, nullptr });
    }
    return compare(std::move(a), std::move(b));
}

void MainWindow::openOrCompare(const QStringList &paths)
{
    TraceView *current = currentTraceView();
    const bool withCurrent = paths.size() == 1 && current;
    const bool pair = paths.size() == 2 && !current;
    if (!withCurrent && !pair) {
        for (const QString &p : paths)
            openFile(p);
        return;
    }
    // Asked without blocking (open(), not exec()): the event loop and the tests keep running.
    auto *box = new QMessageBox(QMessageBox::Question, tr("Open or Compare"),
        withCurrent
            ? tr("Open %1 in a new tab, or compare it with %2?")
                  .arg(QFileInfo(paths.front()).fileName(), m_tabs->tabText(m_tabs->currentIndex()))
            : tr("Open %1 and %2 in two tabs, or compare them?")
                  .arg(QFileInfo(paths.front()).fileName(), QFileInfo(paths.back()).fileName()),
        QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("openOrCompare"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *open = box->addButton(
        withCurrent ? tr("Open in New Tab") : tr("Open in Two Tabs"), QMessageBox::AcceptRole);
    open->setObjectName(QStringLiteral("openInNewTab"));
    QPushButton *compareButton = box->addButton(
        withCurrent ? tr("Compare with Current") : tr("Compare"), QMessageBox::AcceptRole);
    compareButton->setObjectName(QStringLiteral("compareWithCurrent"));
    box->setDefaultButton(compareButton);
    const TracePtr currentTrace = withCurrent ? current->trace() : nullptr;
    const QString currentName = withCurrent ? m_tabs->tabText(m_tabs->currentIndex()) : QString();
    connect(box, &QMessageBox::buttonClicked, this,
        [this, box, open, compareButton, paths, currentTrace, currentName](QAbstractButton *b) {
            if (b == open) {
                for (const QString &p : paths)
                    openFile(p);
            } else if (b == compareButton) {
                if (currentTrace)
                    compare({ { currentName, currentTrace } }, { { paths.front(), nullptr } });
                else
                    compareFiles({ paths.front() }, { paths.back() });
            }
            box->close();
        });
    box->open();
}

void MainWindow::compareFromCollector(
    const QString &connectionString, const QString &baseIdA, const QString &baseIdB)
{
    // Both are read in parallel; the comparison starts when the second arrives.
    struct Pending
    {
        TracePtr traces[2];
        bool failed = false;
    };
    auto pending = std::make_shared<Pending>();
    CollectorSource *sources[2] = { new CollectorSource(connectionString, baseIdA, this),
        new CollectorSource(connectionString, baseIdB, this) };
    const auto finish = [sources] {
        sources[0]->deleteLater();
        sources[1]->deleteLater();
    };
    statusBar()->showMessage(tr("Reading %1 and %2…").arg(baseIdA.left(8), baseIdB.left(8)));
    for (int side = 0; side < 2; ++side) {
        connect(sources[side], &CollectorSource::fetched, this,
            [this, pending, side, finish, baseIdA, baseIdB](const TracePtr &trace, bool) {
                pending->traces[side] = trace;
                if (!pending->traces[0] || !pending->traces[1] || pending->failed)
                    return;
                finish();
                compare({ { baseIdA.left(8), pending->traces[0] } },
                    { { baseIdB.left(8), pending->traces[1] } });
            });
        connect(sources[side], &CollectorSource::failed, this,
            [this, pending, finish](const QString &message) {
                if (pending->failed)
                    return;
                pending->failed = true;
                finish();
                QMessageBox::warning(this, tr("Cannot read the trace"), message);
            });
        sources[side]->fetch();
    }
}

} // namespace Osp
