#pragma once

#include <QWidget>

#include <memory>

class QChart;
class QChartView;
class QLabel;
class QTableWidget;
struct StrategyComparison;

// Seed 004 example 7's load test as a chart: for each strategy of the
// scenario, per trial on real threads, successes, errors, retries and lost
// updates; under it a table with those figures, the trials that broke a rule
// and the mean time.
class StrategyChart : public QWidget
{
    Q_OBJECT
public:
    explicit StrategyChart(QWidget *parent = nullptr);

    void setComparison(std::shared_ptr<const StrategyComparison> comparison);
    void clear();
    std::shared_ptr<const StrategyComparison> comparison() const { return m_comparison; }
    QString headline() const;
    QChartView *chartView() const { return m_view; }
    QTableWidget *table() const { return m_table; }

private:
    QLabel *m_headline = nullptr;
    QChartView *m_view = nullptr;
    QChart *m_chart = nullptr;
    QTableWidget *m_table = nullptr;
    std::shared_ptr<const StrategyComparison> m_comparison;
};
