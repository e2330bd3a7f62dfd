#pragma once

#include "jobs/comparisonrun.h"

#include <QDialog>

class QLabel;
class QListWidget;
class QPushButton;

namespace Osp {

/// File ▸ Compare…: the traces of A (baseline) and of B (candidate), one or several per side —
/// files, directories of per-iteration reports, or the trace open in the current tab.
class CompareDialog : public QDialog
{
    Q_OBJECT
public:
    /// current: the open tab's trace (offered as A), may be null.
    explicit CompareDialog(TracePtr current, const QString &currentName, const QString &startDir,
        QWidget *parent = nullptr);

    /// Adds sources to a side (files or directories; tests and drops).
    void addSources(ComparisonSide side, const QStringList &paths);
    /// The chosen inputs, directories expanded; empty with *error when a directory holds no
    /// report.
    std::vector<ComparisonInput> inputs(ComparisonSide side, QString *error = nullptr) const;
    QListWidget *list(ComparisonSide side) const;

private:
    QWidget *makeSide(ComparisonSide side, const QString &title);
    void updateButtons();

    TracePtr m_current;
    QString m_currentName;
    QString m_startDir;
    QListWidget *m_lists[2] = { nullptr, nullptr };
    QPushButton *m_compare = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace Osp
