#pragma once

#include "drivers/stepper.h"
#include "machine/ruleverdict.h"
#include "trace/traceanalysis.h"

#include <QWidget>

class QGridLayout;
class ScenarioSession;
class QLabel;
class QTableWidget;
class QVBoxLayout;

// The right-hand dashboard, readable from the back of a lecture room: each
// figure actual against expected with the difference marked, the database
// rows (version counters included) and key tables (bookings, likes, charges),
// lost updates, and the business rules as a ✓/✗ checklist naming the event
// that broke each.
class DashboardView : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardView(QWidget *parent = nullptr);

    // Shows what `session` steps from now on: rebuilt for each variant, updated on every move.
    void follow(const ScenarioSession *session);
    void setMachine(const Interleave::Machine &machine); // rebuilds the figure and rule rows
    void updateState(const Interleave::Stepper &stepper, const Interleave::TraceAnalysis &analysis);

    // For tests and exports: what each part says now.
    int figureCount() const { return int(m_figures.size()); }
    QString figureActual(int i) const;
    QString figureExpected(int i) const;
    QString figureDifference(int i) const;
    int ruleCount() const { return int(m_rules.size()); }
    QString ruleText(int i) const;
    enum RuleState {
        Holds,
        Broken,
        Pending
    };
    RuleState ruleState(int i) const { return m_ruleStates.value(i, Pending); }
    int ruleCulprit(int i) const { return m_ruleCulprits.value(i, -1); } // the event named as breaking it
    QString lostUpdatesText() const;
    QTableWidget *rowsTable() const { return m_rowsTable; }

signals:
    void eventLinkActivated(int event); // a click on "the event that broke it"
    void stateShown(); // figures and rules now show the latest move

private:
    void updateFigures(const Interleave::Machine &machine, const std::vector<Interleave::FigureVerdict> &verdicts);
    void updateRules(const Interleave::Machine &machine, const Interleave::Trace &trace,
                     const std::vector<Interleave::RuleVerdict> &verdicts);
    void updateLostUpdates(const Interleave::Machine &machine, const Interleave::Trace &trace,
                           const Interleave::TraceAnalysis &analysis);
    void updateRows(const Interleave::Stepper &stepper);
    void updateKeyTables(const Interleave::Machine &machine, const Interleave::State &state);

    struct FigureRow
    {
        QLabel *label = nullptr;
        QLabel *actual = nullptr;
        QLabel *expected = nullptr;
        QLabel *difference = nullptr;
    };
    QGridLayout *m_figureBox = nullptr;
    QWidget *m_figureHost = nullptr;
    std::vector<FigureRow> m_figures;
    QVBoxLayout *m_ruleBox = nullptr;
    QWidget *m_ruleHost = nullptr;
    std::vector<QLabel *> m_rules;
    QList<RuleState> m_ruleStates;
    QList<int> m_ruleCulprits;
    QLabel *m_lost = nullptr;
    QTableWidget *m_rowsTable = nullptr;
    QLabel *m_keyTables = nullptr;
};
