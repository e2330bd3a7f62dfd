#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

class QWidget;

namespace Osp {

/// `ospview --screenshot`: load one trace synchronously, show the main window at `size`,
/// select the first error (else the first span with children), and save the window to `out`.
/// Returns the process exit code (0 ok, 2 unreadable input, 1 the picture could not be written).
/// page: "tree" (default), "timeline" or "flame"; lanes: "depth", "service", "host" or
/// "project" (timeline only). panel: "" hides the analysis panel; "stats", "top", "critical",
/// "errors" or "repeated" shows that page of it. links: the timeline draws service hops.
int takeScreenshot(const QString &tracePath, const QString &out, QSize size,
    const QString &view = QString(), const QString &lanes = QString(),
    const QString &panel = QString(), bool links = false);

/// `ospview --screenshot OUT --view compare A B` (or several per side): the comparison tab
/// with its first row (the largest change) selected, the table above the two timelines
/// (screenshotcompare.cpp). Exit codes as takeScreenshot.
int takeComparisonScreenshot(
    const QStringList &baseline, const QStringList &candidate, const QString &out, QSize size);

/// Lets posted layout and paint events settle, then saves window as PNG: 0, or 1 when the
/// file cannot be written.
int saveWindowPicture(QWidget &window, const QString &out);

} // namespace Osp
