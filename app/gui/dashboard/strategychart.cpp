#include "dashboard/strategychart.h"

#include "dashboard/barrowsview.h"
#include "dashboard/strategycomparison.h"
#include "window/scenariosession.h"

#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Interleave;

namespace {
// "Pessimistic locking (SELECT … FOR UPDATE)" -> "Pessimistic locking": the table has little room.
QString shortLabel(const QString &label)
{
    const qsizetype paren = label.indexOf(QLatin1String(" ("));
    return paren > 0 ? label.left(paren) : label;
}
} // namespace

StrategyChart::StrategyChart(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_headline = new QLabel(this);
    m_headline->setWordWrap(true);
    m_bars = new BarRowsView;
    m_bars->setObjectName(QStringLiteral("comparisonBars"));
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_bars);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    // The bars show which fix holds; the table underneath has the exact figures, as the seed's load test prints them.
    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("comparisonTable"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(scroll);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({300, 240});
    layout->addWidget(m_headline);
    layout->addWidget(splitter, 1);
    clear();
}

void StrategyChart::follow(const ScenarioSession *session)
{
    m_session = session;
    connect(session, &ScenarioSession::scenarioChanged, this, &StrategyChart::clear);
    connect(session, &ScenarioSession::variantChanged, this, [this] {
        if (m_comparison && m_variantKey != m_session->variantKey(false))
            clear();
    });
}

void StrategyChart::clear()
{
    m_comparison.reset();
    m_bars->setRows({});
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_bars->parentWidget()->parentWidget()->hide(); // the scroll area
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
    m_variantKey = m_session ? m_session->variantKey(false) : QString();
    if (!comparison || comparison->rows.empty())
        return;
    // What the lecture asks of a fix: did any trial break a rule? That leads; the rest is in the table.
    std::vector<BarRowsView::Row> rows;
    for (size_t r = 0; r < comparison->rows.size(); ++r) {
        const StrategyStats &st = comparison->rows[r].stats;
        BarRowsView::Row row;
        const bool broke = st.trialsBreakingRules > 0;
        row.text = QStringLiteral("%1 %2").arg(broke ? QStringLiteral("✗") : QStringLiteral("✓"),
                                               shortLabel(comparison->rows[r].label));
        row.value = tr("%1 of %2 broke a rule").arg(st.trialsBreakingRules).arg(st.trials);
        row.amount = 100.0 * st.trialsBreakingRules / std::max(1, st.trials);
        row.bad = broke;
        row.toolTip = tr("%1: %2 of %3 trials broke a rule")
                          .arg(comparison->rows[r].label)
                          .arg(st.trialsBreakingRules)
                          .arg(st.trials);
        row.id = int(r);
        rows.push_back(row);
    }
    // A scale to measure against: 100 % of the trials.
    BarRowsView::Row scale;
    scale.kind = BarRowsView::Row::Heading;
    scale.text = tr("Trials that broke a rule, per fix (a full bar is every trial)");
    rows.insert(rows.begin(), scale);
    m_bars->setRows(std::move(rows));
    fillTable(*comparison);
    m_bars->parentWidget()->parentWidget()->show();
    m_table->show();
    m_headline->setText(tr("<b>%n trial(s) per fix on real threads, %1.</b> The table gives the means per trial.",
                           nullptr, comparison->trialsPerStrategy)
                            .arg(comparison->model) +
                        (comparison->cancelled ? tr(" (cancelled: partial)") : QString()));
}

void StrategyChart::fillTable(const StrategyComparison &comparison)
{
    QString expectedLabel;
    bool retries = false;
    for (const auto &row : comparison.rows) {
        retries = retries || row.stats.countsRetries;
        if (row.stats.hasExpected)
            expectedLabel = row.stats.expectedLabel;
    }
    // Per trial, as the seed's load test prints them (which fix broke a rule is in the bars above).
    // Headers break between words, so the figures' columns stay narrow and the table fits the dock.
    QStringList headers = {tr("Fix"), tr("Successes"), tr("Errors")};
    if (retries)
        headers << tr("Retries");
    if (!expectedLabel.isEmpty())
        headers << tr("Lost (%1)").arg(expectedLabel);
    headers << tr("Mean time");
    for (QString &h : headers)
        h.replace(u' ', u'\n');
    const int n = int(comparison.rows.size());
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->setRowCount(n);
    for (int r = 0; r < n; ++r) {
        const StrategyStats &st = comparison.rows[size_t(r)].stats;
        const double trials = std::max(1, st.trials);
        QStringList cells = {
            QStringLiteral("%1 %2").arg(st.trialsBreakingRules ? QStringLiteral("✗") : QStringLiteral("✓"),
                                        shortLabel(comparison.rows[size_t(r)].label)),
            QString::number(st.successes / trials, 'g', 3), QString::number(st.failures / trials, 'g', 3)};
        if (retries)
            cells << QString::number(st.retries / trials, 'g', 3);
        if (!expectedLabel.isEmpty())
            cells << QString::number(st.meanLostUpdates(), 'g', 4);
        cells << tr("%1 ms").arg(st.meanRunMs, 0, 'f', 1);
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            item->setToolTip(c == 0 ? comparison.rows[size_t(r)].label
                                    : QString(headers.at(c)).replace(u'\n', u' ') + QStringLiteral(": ") + cells.at(c));
            if (c == 0)
                item->setForeground(st.trialsBreakingRules ? QColor(176, 0, 32) : QColor(27, 110, 32));
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, c, item);
        }
    }
    // Every column fits the width: figures keep their size, the fix's name takes what is left and elides.
    QHeaderView *header = m_table->horizontalHeader();
    header->setMinimumSectionSize(24);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(0, QHeaderView::Stretch);
    header->setStretchLastSection(false);
}
