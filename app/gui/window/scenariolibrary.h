#pragma once

#include "scenario/scenario.h"

#include <QWidget>

#include <memory>

class QListWidget;
class QListWidgetItem;
class QTextBrowser;

// The left dock: every scenario with its lesson (what goes wrong, why, which
// fix the seeds recommend, and where a seed's claim differs from reality).
class ScenarioLibrary : public QWidget
{
    Q_OBJECT
public:
    explicit ScenarioLibrary(QWidget *parent = nullptr);

    void setBuiltins(const QList<std::shared_ptr<const Interleave::ScenarioSpec>> &scenarios);
    // A teacher's file: added under "Your files", or replaced when already listed.
    void addUserScenario(std::shared_ptr<const Interleave::ScenarioSpec> scenario);
    // Marks the current scenario without emitting scenarioChosen.
    void setCurrent(const Interleave::ScenarioSpec *scenario, const QString &strategyId);
    int count() const;
    std::shared_ptr<const Interleave::ScenarioSpec> scenarioAt(int row) const;
    int rowOf(const QString &idOrFileName) const;
    QString detailsText() const; // plain text of the explanation pane (tests)

    // The lesson as HTML, shared with the exporters and the About-this-scenario view.
    static QString lessonHtml(const Interleave::ScenarioSpec &scenario, const QString &strategyId);

signals:
    void scenarioChosen(std::shared_ptr<const Interleave::ScenarioSpec> scenario);
    void openFileRequested();

private:
    void onCurrentRowChanged(int row);
    QListWidgetItem *makeItem(const std::shared_ptr<const Interleave::ScenarioSpec> &scenario, bool user);

    QListWidget *m_list = nullptr;
    QTextBrowser *m_details = nullptr;
    QList<std::shared_ptr<const Interleave::ScenarioSpec>> m_scenarios; // row order
    bool m_updating = false;
};
