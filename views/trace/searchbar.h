#pragma once

#include "analysis/search.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QTimer;
class QToolButton;

namespace Osp {

class AsyncTask;
class CallTreeModel;
class TraceSession;

/// Search and filter over one trace (replaces the foundation's regex filter): text or regex
/// over name, service, project, host and the payload summary (request path, SQL, function,
/// target, exception); minimum duration or self time; span type, service and host; errors
/// only. The call tree keeps matches and their ancestors; next/previous step through matches.
/// Searches run off the GUI thread (analysis/search), newer ones superseding older ones.
class SearchBar : public QWidget
{
    Q_OBJECT
public:
    SearchBar(TraceSession *session, CallTreeModel *model, QWidget *parent = nullptr);

    /// The query the controls describe now.
    SearchQuery query() const;
    /// Sets the text as a regex (the foundation's filter contract) and applies it at once, on
    /// the calling thread; an invalid regex leaves the previous filter in place.
    void setRegexText(const QString &pattern);
    QLineEdit *textEdit() const { return m_text; }
    size_t matchCount() const { return m_result.matchCount(); }
    const SearchResult &result() const { return m_result; }
    bool isSearching() const;
    /// Shows or hides the second row (durations, type, service, host).
    void setFiltersVisible(bool visible);

public slots:
    void focusText();
    bool selectNextMatch();
    bool selectPreviousMatch();
    /// Runs the query now (off the GUI thread).
    void apply();
    void clear();

signals:
    /// Per span: 1 when the span itself matches (empty: no search); timeline and flame graph
    /// dim the rest.
    void matchesChanged(const std::vector<uint8_t> &matches);

private:
    void take(SearchResult result);
    void fillChoices();
    void updateCount();
    bool isEmptyQuery(const SearchQuery &q) const;

    TraceSession *m_session;
    CallTreeModel *m_model;
    AsyncTask *m_task;
    SearchResult m_result;
    QTimer *m_debounce;
    QLineEdit *m_text;
    QCheckBox *m_regex;
    QCheckBox *m_payload;
    QCheckBox *m_errorsOnly;
    QToolButton *m_more;
    QWidget *m_filters;
    QDoubleSpinBox *m_minDuration;
    QDoubleSpinBox *m_minSelf;
    QComboBox *m_type;
    QComboBox *m_service;
    QComboBox *m_host;
    QLabel *m_count;
    QToolButton *m_prev;
    QToolButton *m_next;
    bool m_choicesFilled = false;
};

} // namespace Osp
