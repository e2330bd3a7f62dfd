// MainWindow's collector tabs: File ▸ Open from collector…, File ▸ Profile a
// request…, Reload (F5) and Follow.
// Kept apart from mainwindow.cpp so the wiring of files and of collectors read separately.

#include "mainwindow.h"

#include "itemmodels/tracesession.h"
#include "views/collectors/collectordialog.h"
#include "views/collectors/collectorsource.h"
#include "views/collectors/profiledialog.h"
#include "views/secrets/keychainsecretstore.h"
#include "views/trace/traceview.h"

#include <QAction>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>

namespace Osp {

namespace {

/// The collector dialogs go when closed, remember passwords in the keyring when asked, and
/// start from $OSPROFILER_CONNECTION_STRING, as the Python CLI does, when the history has
/// nothing.
template <class Dialog> void presetConnection(Dialog *dialog, SecretStore *secrets)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSecretStore(secrets);
    if (qEnvironmentVariableIsSet("OSPROFILER_CONNECTION_STRING")
        && dialog->connectionString().isEmpty())
        dialog->setConnectionString(qEnvironmentVariable("OSPROFILER_CONNECTION_STRING"));
}

} // namespace

void MainWindow::createCollectorActions(QMenu *file)
{
    // One store for the session, so "no desktop keyring" is said once.
    if (m_useSettings)
        m_secrets = new KeychainSecretStore(this);
    QAction *open
        = file->addAction(tr("Open from &Collector…"), this, &MainWindow::showCollectorDialog);
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QAction *profile
        = file->addAction(tr("&Profile a Request…"), this, &MainWindow::showProfileDialog);
    profile->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    profile->setToolTip(
        tr("Send an HTTP request with OSProfiler's trace headers and open its trace"));
    m_reload = file->addAction(tr("Re&load"), this, &MainWindow::reloadCurrent);
    m_reload->setShortcut(QKeySequence(Qt::Key_F5));
    m_reload->setToolTip(tr("Read the trace from its collector again"));
    m_follow = file->addAction(tr("&Follow"));
    m_follow->setCheckable(true);
    m_follow->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_follow->setToolTip(tr("Re-read the trace every few seconds while new events arrive"));
    connect(m_follow, &QAction::triggered, this, [this](bool on) {
        TraceView *v = currentTraceView();
        if (auto *source = v ? v->findChild<CollectorSource *>() : nullptr)
            source->setFollowing(on);
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateCollectorActions);
    updateCollectorActions();
}

void MainWindow::updateCollectorActions()
{
    TraceView *v = currentTraceView();
    auto *source = v ? v->findChild<CollectorSource *>() : nullptr;
    m_reload->setEnabled(source != nullptr);
    m_follow->setEnabled(source != nullptr);
    m_follow->setChecked(source && source->isFollowing());
}

void MainWindow::showCollectorDialog()
{
    auto *dialog = new CollectorDialog(m_useSettings, this);
    presetConnection(dialog, m_secrets);
    connect(dialog, &CollectorDialog::openRequested, this, &MainWindow::openFromCollector);
    connect(dialog, &CollectorDialog::compareRequested, this, &MainWindow::compareFromCollector);
    dialog->open();
}

void MainWindow::showProfileDialog()
{
    // Modeless: the trace opens behind it, and the next request can go out from the same form.
    auto *dialog = new ProfileDialog(m_useSettings, this);
    presetConnection(dialog, m_secrets);
    connect(dialog, &ProfileDialog::openRequested, this, &MainWindow::openProfiledTrace);
    dialog->show();
}

void MainWindow::openProfiledTrace(
    const QString &connectionString, const QString &baseId, bool follow)
{
    CollectorSource *source = startCollectorSource(connectionString, baseId);
    if (follow)
        source->setFollowing(true);
}

void MainWindow::openFromCollector(const QString &connectionString, const QString &baseId)
{
    startCollectorSource(connectionString, baseId);
}

CollectorSource *MainWindow::startCollectorSource(
    const QString &connectionString, const QString &baseId)
{
    auto *source = new CollectorSource(connectionString, baseId, this);
    connect(source, &CollectorSource::fetched, this,
        [this, source](
            const TracePtr &trace, bool changed) { showCollectorTrace(source, trace, changed); });
    connect(source, &CollectorSource::failed, this, [this, source](const QString &message) {
        // Before the first tab the source has nobody else: it goes with the error.
        const bool open = qobject_cast<TraceView *>(source->parent()) != nullptr;
        if (!open)
            source->deleteLater();
        QMessageBox::warning(this, tr("Cannot read the trace"), message);
    });
    connect(source, &CollectorSource::followingChanged, this, &MainWindow::updateCollectorActions);
    statusBar()->showMessage(tr("Reading %1…").arg(source->title()));
    source->fetch();
    return source;
}

void MainWindow::reloadCurrent()
{
    TraceView *v = currentTraceView();
    if (auto *source = v ? v->findChild<CollectorSource *>() : nullptr) {
        statusBar()->showMessage(tr("Reloading %1…").arg(source->title()));
        source->fetch();
    }
}

void MainWindow::showCollectorTrace(CollectorSource *source, const TracePtr &trace, bool changed)
{
    auto *old = qobject_cast<TraceView *>(source->parent());
    const QString title = source->title();
    if (old && !changed) {
        statusBar()->showMessage(tr("%1: no new events").arg(title), 3000);
        return;
    }
    if (!old) {
        TraceView *view = addResult(LoadResult(trace), title);
        if (!view) {
            source->deleteLater();
            return;
        }
        const int index = m_tabs->indexOf(view);
        m_tabs->setTabText(index, source->baseId().left(8));
        m_tabs->setTabToolTip(index, title);
        source->setParent(view); // closing the tab ends the source and its follow timer
        view->selectSomethingInteresting();
        updateCollectorActions();
        statusBar()->showMessage(
            tr("Read %n event(s) from %1", nullptr, int(source->eventCount())).arg(title), 5000);
        return;
    }
    // A new trace replaces the tab's view in place; the selection carries over by position.
    const int index = m_tabs->indexOf(old);
    const SpanIndex selected = old->session()->currentSpan();
    auto *view = new TraceView(trace, m_tabs);
    const bool current = m_tabs->currentWidget() == old;
    m_tabs->insertTab(index, view, source->baseId().left(8));
    m_tabs->setTabToolTip(index, title);
    source->setParent(view);
    m_tabs->removeTab(index + 1);
    old->deleteLater();
    if (current)
        m_tabs->setCurrentIndex(index);
    if (selected != NoSpan && selected < trace->spanCount())
        view->session()->setCurrentSpan(selected);
    updateCollectorActions();
    statusBar()->showMessage(tr("Reloaded: %n event(s)", nullptr, int(source->eventCount())), 4000);
}

} // namespace Osp
