#pragma once

#include <QSize>
#include <QString>

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

} // namespace Osp
