#pragma once

#include "jobs/comparisonrun.h"
#include "trace/loadresult.h"
#include "views/common/theme.h"

#include <QMainWindow>

class QMenu;
class QTabWidget;

namespace Osp {

class CollectorSource;
class ComparisonView;
class SecretStore;
class TraceView;

/// The one main window: a tab per open trace, menus, background loading, recent files and
/// remembered geometry (DESIGN.md, Views). Wiring only; the views live in ospwidgets.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// useSettings=false for --screenshot and tests: nothing is read from or written to
    /// QSettings, so pictures do not depend on the user's last session.
    explicit MainWindow(bool useSettings = true, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Starts loading path off the GUI thread; the tab appears when it is done.
    void openFile(const QString &path);
    /// Adds a tab for an already loaded result (shows the error box when there is no trace).
    TraceView *addResult(const LoadResult &result, const QString &path);
    TraceView *currentTraceView() const;
    /// Reads a trace from a collector off the GUI thread and opens it in a new tab, which
    /// Reload (F5) and Follow re-read (mainwindowcollector.cpp).
    void openFromCollector(const QString &connectionString, const QString &baseId);
    /// The same for a trace File ▸ Profile a request… produced; follow: keep re-reading it
    /// while events arrive (they were still arriving when the dialog stopped waiting).
    void openProfiledTrace(const QString &connectionString, const QString &baseId, bool follow);
    QTabWidget *tabs() const { return m_tabs; }
    /// Applies a theme and remembers it (when settings are used).
    void setTheme(Theme::Mode mode);
    /// Help ▸ About's text: the versions of everything this build is made of.
    static QString aboutText();
    // Comparison tabs, in mainwindowcompare.cpp.
    /// Opens a comparison tab and aligns the inputs off the GUI thread (progress, Cancel).
    ComparisonView *compare(
        std::vector<ComparisonInput> baseline, std::vector<ComparisonInput> candidate);
    /// The same for files and directories of per-iteration reports.
    ComparisonView *compareFiles(const QStringList &baseline, const QStringList &candidate);
    /// Opens files; one file while a trace is open (or two with none) asks "open in a new tab
    /// or compare?" first.
    void openOrCompare(const QStringList &paths);
    /// Reads two traces from a collector and compares them (A = the older one).
    void compareFromCollector(
        const QString &connectionString, const QString &baseIdA, const QString &baseIdB);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createMenus();
    void showOpenDialog();
    void exportImage();
    void closeTab(int index);
    void updateTitle();
    void addRecentFile(const QString &path);
    void fillRecentMenu();
    void saveSplitter(TraceView *view);
    void showAbout();
    // Collector tabs, in mainwindowcollector.cpp.
    void createCollectorActions(QMenu *file);
    void showCollectorDialog();
    void showProfileDialog();
    CollectorSource *startCollectorSource(const QString &connectionString, const QString &baseId);
    void reloadCurrent();
    void updateCollectorActions();
    void showCollectorTrace(CollectorSource *source, const TracePtr &trace, bool changed);
    void createCompareActions(QMenu *file);
    void showCompareDialog();

    bool m_useSettings;
    QTabWidget *m_tabs;
    QMenu *m_recentMenu = nullptr;
    QList<QAction *> m_traceActions; ///< enabled only while a trace is open
    QAction *m_reload = nullptr;
    QAction *m_follow = nullptr;
    /// The desktop keyring for the collector dialogs' remembered passwords (settings on only).
    SecretStore *m_secrets = nullptr;
};

} // namespace Osp
