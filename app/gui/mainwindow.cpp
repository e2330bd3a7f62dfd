#include "mainwindow.h"

#include "formats/traceloader.h"
#include "itemmodels/tracesession.h"
#include "util/buildinfo.h"
#include "views/calltree/calltreeview.h"
#include "views/common/asynctask.h"
#include "views/common/progressdialog.h"
#include "views/common/shortcutsdialog.h"
#include "views/common/theme.h"
#include "views/trace/exportmenu.h"
#include "views/trace/traceview.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>

#include <memory>

namespace Osp {

namespace {

constexpr int MaxRecentFiles = 10;
const QLatin1String RecentKey("recentFiles");
const QLatin1String GeometryKey("mainWindow/geometry");
const QLatin1String StateKey("mainWindow/state");
const QLatin1String LastDirKey("lastDirectory");
const QLatin1String ThemeKey("appearance/theme");
/// The trace view's splitters (found by object name) and where their sizes are kept.
const std::pair<QLatin1String, QLatin1String> Splitters[] = {
    { QLatin1String("traceSplitter"), QLatin1String("traceView/splitter") },
    { QLatin1String("detailsSplitter"), QLatin1String("traceView/detailsSplitter") },
    { QLatin1String("analysisSplitter"), QLatin1String("traceView/analysisSplitter") },
};

} // namespace

MainWindow::MainWindow(bool useSettings, QWidget *parent)
    : QMainWindow(parent)
    , m_useSettings(useSettings)
{
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateTitle);
    setAcceptDrops(true);
    createMenus();
    resize(1600, 1000);
    if (m_useSettings) {
        QSettings s;
        restoreGeometry(s.value(GeometryKey).toByteArray());
        restoreState(s.value(StateKey).toByteArray());
        setTheme(Theme::modeFromName(s.value(ThemeKey).toString()));
    }
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open…"), this, &MainWindow::showOpenDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    createCollectorActions(file);
    createCompareActions(file);
    file->addSeparator();
    QAction *close
        = file->addAction(tr("&Close Tab"), this, [this] { closeTab(m_tabs->currentIndex()); });
    close->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    m_traceActions << close;
    QAction *exportImage = file->addAction(tr("&Export Image…"), this, &MainWindow::exportImage);
    exportImage->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    exportImage->setToolTip(
        tr("The current view (call tree, timeline or flame graph) as PNG or SVG"));
    m_traceActions << exportImage;
    auto *exports = new ExportMenu(
        [this] {
            TraceView *v = currentTraceView();
            return v ? v->trace() : TracePtr();
        },
        m_useSettings, this);
    file->addMenu(exports);
    m_traceActions << exports->menuAction();
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    // QKeySequence::Quit is empty where the platform theme defines none (offscreen, Windows).
    quit->setShortcut(
        QKeySequence::keyBindings(QKeySequence::Quit).value(0, QKeySequence(Qt::CTRL | Qt::Key_Q)));

    auto onView = [this](auto fn) {
        return [this, fn] {
            if (TraceView *v = currentTraceView())
                fn(v);
        };
    };
    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *pageTree = view->addAction(
        tr("Call &Tree"), this, onView([](TraceView *v) { v->showPage(TraceView::Page::Tree); }));
    pageTree->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    QAction *pageTimeline = view->addAction(tr("&Timeline"), this,
        onView([](TraceView *v) { v->showPage(TraceView::Page::Timeline); }));
    pageTimeline->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    QAction *pageFlame = view->addAction(tr("F&lame Graph"), this,
        onView([](TraceView *v) { v->showPage(TraceView::Page::Flame); }));
    pageFlame->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    m_traceActions << pageTree << pageTimeline << pageFlame;
    view->addSeparator();
    QAction *filter = view->addAction(
        tr("&Filter Spans…"), this, onView([](TraceView *v) { v->focusFilter(); }));
    filter->setShortcut(QKeySequence::Find);
    view->addSeparator();
    QAction *expandAll
        = view->addAction(tr("&Expand All"), this, onView([](TraceView *v) { v->expandAll(); }));
    expandAll->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    QAction *collapseAll = view->addAction(
        tr("&Collapse All"), this, onView([](TraceView *v) { v->collapseAll(); }));
    collapseAll->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    // Plain keys would steal typing from the filter box: the tree handles them itself, the
    // menu only names them.
    QAction *expandSub = view->addAction(tr("Expand &Subtree\t*"), this,
        onView([](TraceView *v) { v->callTree()->expandCurrentSubtree(); }));
    QAction *collapseSub = view->addAction(tr("Collapse S&ubtree\t/"), this,
        onView([](TraceView *v) { v->callTree()->collapseCurrentSubtree(); }));
    view->addSeparator();
    QAction *zoom = view->addAction(tr("&Zoom Timeline to Span"), this,
        onView([](TraceView *v) { v->callTree()->zoomToCurrent(); }));
    zoom->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Plus));
    QAction *resetZoom = view->addAction(
        tr("&Reset Timeline Zoom"), this, onView([](TraceView *v) { v->session()->resetRange(); }));
    resetZoom->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction *zoomBack = view->addAction(
        tr("Zoom &Back"), this, onView([](TraceView *v) { v->session()->zoomBack(); }));
    zoomBack->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    QAction *zoomForward = view->addAction(
        tr("Zoom For&ward"), this, onView([](TraceView *v) { v->session()->zoomForward(); }));
    zoomForward->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    m_traceActions << zoomBack << zoomForward;
    view->addSeparator();
    QMenu *themeMenu = view->addMenu(tr("T&heme"));
    auto *themes = new QActionGroup(this);
    for (const auto &[mode, label] : { std::pair { Theme::Mode::System, tr("&System") },
             std::pair { Theme::Mode::Light, tr("&Light") },
             std::pair { Theme::Mode::Dark, tr("&Dark") } }) {
        QAction *a = themeMenu->addAction(label, this, [this, mode = mode] { setTheme(mode); });
        a->setCheckable(true);
        a->setData(int(mode));
        themes->addAction(a);
    }
    connect(themeMenu, &QMenu::aboutToShow, this, [themes] {
        for (QAction *a : themes->actions())
            a->setChecked(a->data().toInt() == int(Theme::instance()->mode()));
    });
    QAction *fullScreen = view->addAction(
        tr("&Full Screen"), this, [this] { setWindowState(windowState() ^ Qt::WindowFullScreen); });
    fullScreen->setShortcut(QKeySequence::FullScreen);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    QAction *nextError = go->addAction(
        tr("&Next Error"), this, onView([](TraceView *v) { v->selectNextError(false); }));
    nextError->setShortcut(QKeySequence(Qt::Key_F8));
    QAction *prevError = go->addAction(
        tr("&Previous Error"), this, onView([](TraceView *v) { v->selectNextError(true); }));
    prevError->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F8));
    go->addSeparator();
    QAction *nextTab = go->addAction(tr("Next &Tab"), this,
        [this] { m_tabs->setCurrentIndex((m_tabs->currentIndex() + 1) % m_tabs->count()); });
    nextTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown));
    QAction *prevTab = go->addAction(tr("Previous T&ab"), this, [this] {
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + m_tabs->count() - 1) % m_tabs->count());
    });
    prevTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp));

    m_traceActions << filter << expandAll << collapseAll << expandSub << collapseSub << zoom
                   << resetZoom << nextError << prevError << nextTab << prevTab;

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard Shortcuts"), this, [this] {
        auto *dialog = new ShortcutsDialog(menuBar(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    keys->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_Question), QKeySequence::HelpContents });
    help->addAction(tr("&About ospview"), this, &MainWindow::showAbout);
}

void MainWindow::setTheme(Theme::Mode mode)
{
    Theme::instance()->setMode(mode);
    if (m_useSettings)
        QSettings().setValue(ThemeKey, Theme::modeName(mode));
}

QString MainWindow::aboutText()
{
    QString rows;
    for (const auto &[component, version] : buildInfo())
        rows += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>")
                    .arg(component.toHtmlEscaped(), version.toHtmlEscaped());
    return tr("<h3>ospview %1</h3><p>A native viewer for OpenStack OSProfiler traces, and "
              "<tt>osptrace</tt>, its command line.</p><table cellspacing=\"4\">%2</table>")
        .arg(QApplication::applicationVersion(), rows);
}

void MainWindow::showAbout()
{
    QMessageBox box(QMessageBox::NoIcon, tr("About ospview"), aboutText(), QMessageBox::Ok, this);
    box.setIconPixmap(windowIcon().pixmap(64, 64));
    box.setTextInteractionFlags(Qt::TextSelectableByMouse); // to paste into a bug report
    box.exec();
}

TraceView *MainWindow::currentTraceView() const
{
    return qobject_cast<TraceView *>(m_tabs->currentWidget());
}

void MainWindow::updateTitle()
{
    TraceView *v = currentTraceView();
    const QString file = v ? m_tabs->tabToolTip(m_tabs->currentIndex()) : QString();
    // The platform adds the application's display name ("… — ospview"): the title is only
    // what is open, or nothing.
    setWindowTitle(file.isEmpty() ? QString() : QFileInfo(file).fileName());
    for (QAction *a : std::as_const(m_traceActions))
        a->setEnabled(v != nullptr);
}

void MainWindow::showOpenDialog()
{
    QString dir;
    if (m_useSettings)
        dir = QSettings().value(LastDirKey).toString();
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Open Trace"), dir, tr("OSProfiler traces (*.json *.html *.gz);;All files (*)"));
    openOrCompare(files);
}

void MainWindow::openFile(const QString &path)
{
    // A task of its own per file: files opened together load side by side, each with its
    // dialog (a shared task would cancel the earlier loads).
    auto *task = new AsyncTask(this);
    connect(task, &AsyncTask::stopped, task, &QObject::deleteLater);
    task->run(
        [path](JobToken &job) {
            LoadOptions options;
            options.progress = [&job](int permille) { job.setProgress(permille); };
            options.cancel = job.cancelFlag();
            return loadTraceFile(path, options);
        },
        [this, path](const LoadResult &result) {
            if (result.cancelled())
                statusBar()->showMessage(tr("Loading cancelled"), 4000);
            else
                addResult(result, path); // the progress dialog has closed
        });
    auto *dialog
        = new ProgressDialog(task, tr("Loading %1…").arg(QFileInfo(path).fileName()), this);
    connect(dialog, &QProgressDialog::canceled, this,
        [this] { statusBar()->showMessage(tr("Loading cancelled"), 4000); });
}

TraceView *MainWindow::addResult(const LoadResult &result, const QString &path)
{
    if (!result.ok()) {
        QMessageBox::warning(this, tr("Cannot open trace"), result.error().toString());
        return nullptr;
    }
    auto *view = new TraceView(result.value(), m_tabs);
    if (m_useSettings) {
        QSettings s;
        for (const auto &[name, key] : Splitters) {
            const QByteArray state = s.value(key).toByteArray();
            if (auto *split = view->findChild<QSplitter *>(name); split && !state.isEmpty())
                split->restoreState(state);
        }
        addRecentFile(path);
        s.setValue(LastDirKey, QFileInfo(path).absolutePath());
    }
    const int index = m_tabs->addTab(view, QFileInfo(path).fileName());
    m_tabs->setTabToolTip(index, QFileInfo(path).absoluteFilePath());
    m_tabs->setCurrentIndex(index);
    updateTitle();
    if (const std::optional<Error> &stopped = result.value()->partialError())
        statusBar()->showMessage(tr("Opened a partial trace: %1").arg(stopped->toString()), 8000);
    else if (const qsizetype notes = result.value()->loadNotes().size())
        statusBar()->showMessage(notes == 1
                ? tr("Opened, with a note on odd data (above the call tree)")
                : tr("Opened, with %1 notes on odd data (above the call tree)").arg(notes),
            8000);
    return view;
}

void MainWindow::exportImage()
{
    TraceView *v = currentTraceView();
    if (!v)
        return;
    QString dir;
    if (m_useSettings)
        dir = QSettings().value(LastDirKey).toString();
    const QString page = v->currentPage() == TraceView::Page::Timeline ? QStringLiteral("timeline")
        : v->currentPage() == TraceView::Page::Flame ? QStringLiteral("flamegraph")
                                                     : QStringLiteral("calltree");
    const QString base = QFileInfo(m_tabs->tabToolTip(m_tabs->currentIndex())).completeBaseName();
    QString selected;
    QString path = QFileDialog::getSaveFileName(this, tr("Export Image"),
        QDir(dir).filePath(base + QLatin1Char('-') + page + QStringLiteral(".png")),
        tr("PNG image (*.png);;SVG drawing (*.svg)"), &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected.contains(QLatin1String("svg")) ? QStringLiteral(".svg")
                                                        : QStringLiteral(".png");
    QString error;
    if (!v->exportCurrentView(path, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
    else
        statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::saveSplitter(TraceView *view)
{
    if (!m_useSettings || !view)
        return;
    QSettings s;
    for (const auto &[name, key] : Splitters) {
        if (auto *split = view->findChild<QSplitter *>(name))
            s.setValue(key, split->saveState());
    }
}

void MainWindow::closeTab(int index)
{
    QWidget *tab = m_tabs->widget(index); // a TraceView or a ComparisonView
    if (!tab)
        return;
    if (auto *view = qobject_cast<TraceView *>(tab))
        saveSplitter(view);
    m_tabs->removeTab(index);
    tab->deleteLater();
    updateTitle();
}

void MainWindow::addRecentFile(const QString &path)
{
    QSettings s;
    QStringList recent = s.value(RecentKey).toStringList();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > MaxRecentFiles)
        recent.removeLast();
    s.setValue(RecentKey, recent);
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent
        = m_useSettings ? QSettings().value(RecentKey).toStringList() : QStringList();
    int n = 0;
    for (const QString &f : recent) {
        QAction *a = m_recentMenu->addAction(
            QStringLiteral("&%1  %2").arg(++n).arg(QDir::toNativeSeparators(f)), this,
            [this, f] { openFile(f); });
        a->setEnabled(QFileInfo::exists(f));
    }
    if (recent.isEmpty()) {
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear List"), this, [] { QSettings().remove(RecentKey); });
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_useSettings) {
        QSettings s;
        s.setValue(GeometryKey, saveGeometry());
        s.setValue(StateKey, saveState());
        saveSplitter(currentTraceView());
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths << url.toLocalFile();
    }
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    openOrCompare(paths); // asks "new tab or compare?" (DESIGN.md, Views)
}

} // namespace Osp
