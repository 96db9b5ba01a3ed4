#include "strategychart.h"

#include "strategycomparison.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QValueAxis>
#include <QVBoxLayout>

using namespace Interleave;

StrategyChart::StrategyChart(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_headline = new QLabel(this);
    m_headline->setWordWrap(true);
    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setBackgroundRoundness(0);
    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(160);
    layout->addWidget(m_headline);
    layout->addWidget(m_view, 1);
    clear();
}

void StrategyChart::clear()
{
    m_comparison.reset();
    m_chart->removeAllSeries();
    const auto axes = m_chart->axes();
    for (QAbstractAxis *axis : axes) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    m_headline->setText(tr("Press <b>Compare fixes</b> to run the same load test on real threads under every fix "
                           "(seed 004, example 7)."));
}

QString StrategyChart::headline() const
{
    return m_headline->text();
}

void StrategyChart::setComparison(std::shared_ptr<const StrategyComparison> comparison)
{
    clear();
    m_comparison = comparison;
    if (!comparison || comparison->rows.empty())
        return;
    QString expectedLabel;
    bool retries = false;
    for (const auto &row : comparison->rows) {
        retries = retries || row.stats.countsRetries;
        if (row.stats.hasExpected)
            expectedLabel = row.stats.expectedLabel;
    }
    // Per-trial means, so the bars read like one run of the seed's load test.
    struct SetSpec {
        QString name;
        QColor colour;
        Qt::BrushStyle pattern;
    };
    QList<SetSpec> specs = {{tr("successes"), QColor(46, 125, 50), Qt::SolidPattern},
                            {tr("errors"), QColor(176, 0, 32), Qt::BDiagPattern}};
    if (retries)
        specs.append({tr("retries"), QColor(230, 140, 0), Qt::CrossPattern});
    if (!expectedLabel.isEmpty())
        specs.append({tr("lost (%1 missing)").arg(expectedLabel), QColor(90, 60, 160), Qt::DiagCrossPattern});
    QList<QBarSet *> sets;
    for (const SetSpec &s : std::as_const(specs)) {
        auto *set = new QBarSet(s.name);
        set->setBrush(QBrush(s.colour, s.pattern));
        set->setPen(QPen(s.colour, 2));
        set->setLabelColor(Qt::black);
        sets << set;
    }
    QStringList categories;
    double max = 0;
    QStringList lines;
    for (const auto &row : comparison->rows) {
        const StrategyStats &st = row.stats;
        const double n = std::max(1, st.trials);
        QList<double> values = {st.successes / n, st.failures / n};
        if (retries)
            values << st.retries / n;
        if (!expectedLabel.isEmpty())
            values << st.meanLostUpdates();
        for (int i = 0; i < sets.size(); ++i) {
            *sets[i] << values.value(i);
            max = std::max(max, values.value(i));
        }
        categories << tr("%1 (%2 ms)").arg(row.label).arg(st.meanRunMs, 0, 'f', 1);
        lines << tr("%1: %2 of %3 trials broke a rule").arg(row.label).arg(st.trialsBreakingRules).arg(st.trials);
    }
    auto *series = new QBarSeries;
    for (QBarSet *set : std::as_const(sets))
        series->append(set);
    series->setLabelsVisible(true);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(3);
    m_chart->addSeries(series);
    auto *axisX = new QBarCategoryAxis;
    axisX->append(categories);
    m_chart->addAxis(axisX, Qt::AlignBottom);
    series->attachAxis(axisX);
    auto *axisY = new QValueAxis;
    axisY->setRange(0, max > 0 ? max * 1.15 : 1);
    axisY->setTitleText(tr("per trial"));
    m_chart->addAxis(axisY, Qt::AlignLeft);
    series->attachAxis(axisY);
    m_headline->setText(tr("<b>%n trial(s) per fix on real threads, %1.</b> ", nullptr, comparison->trialsPerStrategy)
                            .arg(comparison->model)
                        + lines.join(QLatin1String(" · ")) + (comparison->cancelled ? tr(" (cancelled: partial)") : QString()));
}
