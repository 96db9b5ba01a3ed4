#include "strategychart.h"

#include "strategycomparison.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

using namespace Interleave;

namespace {
// "Pessimistic locking (SELECT … FOR UPDATE)" -> "Pessimistic locking": the axis has little room.
QString shortLabel(const QString &label)
{
    const qsizetype paren = label.indexOf(QLatin1String(" ("));
    return paren > 0 ? label.left(paren) : label;
}
} // namespace

StrategyChart::StrategyChart(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_headline = new QLabel(this);
    m_headline->setWordWrap(true);
    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    QFont legendFont = font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    m_chart->legend()->setFont(legendFont);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setBackgroundRoundness(0);
    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(140);
    // The chart shows the shape; the table underneath has the exact figures, as the seed's load test prints them.
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("comparisonTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({360, 240});
    layout->addWidget(m_headline);
    layout->addWidget(splitter, 1);
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
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_view->hide();
    m_table->hide();
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
    // Everything as a percentage, so one axis serves them all; the table keeps the raw figures
    // (the money lost is in the scenario's own unit and would dwarf every other bar).
    struct SetSpec {
        QString name;
        QColor colour;
        Qt::BrushStyle pattern;
    };
    QList<SetSpec> specs = {{tr("succeeded %"), QColor(46, 125, 50), Qt::SolidPattern},
                            {tr("failed %"), QColor(176, 0, 32), Qt::BDiagPattern}};
    if (retries)
        specs.append({tr("retries /100"), QColor(230, 140, 0), Qt::CrossPattern});
    if (!expectedLabel.isEmpty())
        specs.append({tr("lost an update %"), QColor(90, 60, 160), Qt::DiagCrossPattern});
    QList<QBarSet *> sets;
    for (const SetSpec &s : std::as_const(specs)) {
        auto *set = new QBarSet(s.name);
        set->setBrush(QBrush(s.colour, s.pattern));
        set->setPen(QPen(s.colour, 1.5));
        sets << set;
    }
    QStringList categories;
    double max = 100;
    const int n = int(comparison->rows.size());
    // Horizontal bars list bottom-up: walk backwards so the first fix is on top.
    for (int r = n - 1; r >= 0; --r) {
        const StrategyStats &st = comparison->rows[size_t(r)].stats;
        const double requests = std::max<double>(1, double(st.successes + st.failures));
        QList<double> values = {100.0 * st.successes / requests, 100.0 * st.failures / requests};
        if (retries)
            values << 100.0 * st.retries / requests;
        if (!expectedLabel.isEmpty())
            values << 100.0 * st.trialsWithLostUpdates / std::max(1, st.trials);
        for (int i = 0; i < sets.size(); ++i) {
            *sets[i] << values.value(i);
            max = std::max(max, values.value(i));
        }
        categories << shortLabel(comparison->rows[size_t(r)].label);
    }
    auto *series = new QHorizontalBarSeries;
    for (QBarSet *set : std::as_const(sets))
        series->append(set);
    series->setBarWidth(0.85);
    m_chart->addSeries(series);
    auto *axisY = new QBarCategoryAxis;
    axisY->append(categories);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    axisY->setLabelsFont(small);
    m_chart->addAxis(axisY, Qt::AlignLeft);
    series->attachAxis(axisY);
    auto *axisX = new QValueAxis;
    axisX->setRange(0, max);
    axisX->applyNiceNumbers();
    axisX->setLabelFormat(QStringLiteral("%.0f"));
    axisX->setTitleText(tr("%"));
    m_chart->addAxis(axisX, Qt::AlignBottom);
    series->attachAxis(axisX);
    connect(series, &QHorizontalBarSeries::hovered, this, [this, n](bool on, int index, QBarSet *set) {
        if (on)
            m_view->setToolTip(QStringLiteral("%1: %2 — %3").arg(m_comparison->rows[size_t(n - 1 - index)].label, set->label())
                                   .arg(set->at(index), 0, 'f', 1));
    });

    // Per trial, as the seed's load test prints them.
    QStringList headers = {tr("Fix"), tr("Broke a rule"), tr("Successes"), tr("Errors")};
    if (retries)
        headers << tr("Retries");
    if (!expectedLabel.isEmpty())
        headers << tr("Lost (%1)").arg(expectedLabel);
    headers << tr("Mean time");
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(n);
    for (int r = 0; r < n; ++r) {
        const StrategyStats &st = comparison->rows[size_t(r)].stats;
        const double trials = std::max(1, st.trials);
        QStringList cells = {shortLabel(comparison->rows[size_t(r)].label),
                             tr("%1 of %2 %3").arg(st.trialsBreakingRules).arg(st.trials)
                                 .arg(st.trialsBreakingRules ? QStringLiteral("✗") : QStringLiteral("✓")),
                             QString::number(st.successes / trials, 'g', 3), QString::number(st.failures / trials, 'g', 3)};
        if (retries)
            cells << QString::number(st.retries / trials, 'g', 3);
        if (!expectedLabel.isEmpty())
            cells << QString::number(st.meanLostUpdates(), 'g', 4);
        cells << tr("%1 ms").arg(st.meanRunMs, 0, 'f', 1);
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (c == 1)
                item->setForeground(st.trialsBreakingRules ? QColor(176, 0, 32) : QColor(27, 110, 32));
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, c, item);
        }
    }
    m_table->resizeColumnsToContents();
    m_view->show();
    m_table->show();
    m_headline->setText(tr("<b>%n trial(s) per fix on real threads, %1.</b> The table gives the means per trial.", nullptr,
                           comparison->trialsPerStrategy)
                            .arg(comparison->model)
                        + (comparison->cancelled ? tr(" (cancelled: partial)") : QString()));
}
