#pragma once

#include "formats/loadresult.h"

#include <QMainWindow>

class QMenu;
class QTabWidget;

namespace Osp {

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
    QTabWidget *tabs() const { return m_tabs; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createMenus();
    void showOpenDialog();
    void closeTab(int index);
    void updateTitle();
    void addRecentFile(const QString &path);
    void fillRecentMenu();
    void saveSplitter(TraceView *view);

    bool m_useSettings;
    QTabWidget *m_tabs;
    QMenu *m_recentMenu = nullptr;
    QList<QAction *> m_traceActions; ///< enabled only while a trace is open
};

} // namespace Osp
