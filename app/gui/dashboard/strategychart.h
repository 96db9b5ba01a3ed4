#pragma once

#include <QWidget>

#include <memory>

class BarRowsView;
class QLabel;
class ScenarioSession;
class QTableWidget;
struct StrategyComparison;

// Seed 004 example 7's load test: for each fix of the scenario, the share of
// trials on real threads that broke a rule, as bars (the one figure that says
// whether a fix works); under them a table with the figures per trial:
// successes, errors, retries, lost updates and the mean time.
class StrategyChart : public QWidget
{
    Q_OBJECT
public:
    explicit StrategyChart(QWidget *parent = nullptr);

    // A comparison is of one scenario, model and parameter set: cleared when `session` leaves them.
    void follow(const ScenarioSession *session);
    void setComparison(std::shared_ptr<const StrategyComparison> comparison);
    void clear();
    std::shared_ptr<const StrategyComparison> comparison() const { return m_comparison; }
    QString headline() const;
    BarRowsView *bars() const { return m_bars; }
    QTableWidget *table() const { return m_table; }

private:
    QLabel *m_headline = nullptr;
    BarRowsView *m_bars = nullptr;
    QTableWidget *m_table = nullptr;
    std::shared_ptr<const StrategyComparison> m_comparison;
    const ScenarioSession *m_session = nullptr;
    QString m_variantKey; // what the comparison was made for
    void fillTable(const StrategyComparison &comparison);
};
