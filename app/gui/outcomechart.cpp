#include "outcomechart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QValueAxis>
#include <QVBoxLayout>

namespace {
const QColor breakColour(176, 0, 32);
const QColor holdColour(46, 125, 50);

QString elided(const QString &text, int max)
{
    return text.size() <= max ? text : text.left(max - 1) + u'…';
}
} // namespace

OutcomeChart::OutcomeChart(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_headline = new QLabel(this);
    m_headline->setObjectName(QStringLiteral("outcomeHeadline"));
    m_headline->setWordWrap(true);
    QFont f = m_headline->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.4);
    m_headline->setFont(f);
    m_detail = new QLabel(this);
    m_detail->setWordWrap(true);
    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setBackgroundRoundness(0);
    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(160);
    layout->addWidget(m_headline);
    layout->addWidget(m_detail);
    layout->addWidget(m_view, 1);
    clear();
}

void OutcomeChart::clear()
{
    setPlaceholder(tr("Press <b>Explore all</b> to count every possible interleaving, or <b>Run ×N</b> for trials on real threads."));
}

void OutcomeChart::setPlaceholder(const QString &text)
{
    m_bars.clear();
    m_chart->removeAllSeries();
    const auto axes = m_chart->axes();
    for (QAbstractAxis *axis : axes) {
        m_chart->removeAxis(axis);
        delete axis;
    }
    m_series = nullptr;
    m_headline->clear();
    m_detail->setText(text);
    m_view->hide();   // an empty chart is only noise
}

QString OutcomeChart::headline() const
{
    return m_headline->text();
}

void OutcomeChart::setBars(const QString &headline, const QString &detail, std::vector<Bar> bars)
{
    setPlaceholder(detail);
    m_headline->setText(headline);
    m_bars = std::move(bars);
    if (m_bars.empty())
        return;
    m_view->show();

    // Two sets stacked: each category has a value in exactly one of them, so a
    // bar is either "breaks a rule" (red, hatched) or "rules hold" (green, solid).
    auto *breaks = new QBarSet(tr("breaks a rule ✗"));
    breaks->setBrush(QBrush(breakColour, Qt::BDiagPattern));
    breaks->setPen(QPen(breakColour, 2));
    breaks->setLabelColor(Qt::black);
    auto *holds = new QBarSet(tr("all rules hold ✓"));
    holds->setBrush(holdColour);
    holds->setPen(QPen(holdColour.darker(), 1));
    holds->setLabelColor(Qt::white);
    QStringList categories;
    // Horizontal bars list bottom-up; reverse so the first outcome is on top.
    for (int i = int(m_bars.size()) - 1; i >= 0; --i) {
        const Bar &b = m_bars[size_t(i)];
        *breaks << (b.breaksRule ? b.count : 0);
        *holds << (b.breaksRule ? 0 : b.count);
        categories << QStringLiteral("%1 %2").arg(b.breaksRule ? QStringLiteral("✗") : QStringLiteral("✓"), elided(b.label, 48));
    }
    m_series = new QHorizontalStackedBarSeries;
    m_series->append(breaks);
    m_series->append(holds);
    m_series->setLabelsVisible(true);
    m_series->setLabelsFormat(QStringLiteral("@value"));
    m_series->setBarWidth(0.7);
    m_chart->addSeries(m_series);
    auto *axisY = new QBarCategoryAxis;
    axisY->append(categories);
    m_chart->addAxis(axisY, Qt::AlignLeft);
    m_series->attachAxis(axisY);
    auto *axisX = new QValueAxis;
    axisX->setLabelFormat(QStringLiteral("%.0f"));
    double max = 0;
    for (const Bar &b : m_bars)
        max = std::max(max, b.count);
    axisX->setRange(0, max > 0 ? max * 1.1 : 1);
    m_chart->addAxis(axisX, Qt::AlignBottom);
    m_series->attachAxis(axisX);
    const int n = int(m_bars.size());
    auto onClick = [this, n](int index) {
        const int bar = n - 1 - index;
        if (bar >= 0 && bar < n)
            emit barClicked(bar);
    };
    connect(breaks, &QBarSet::clicked, this, onClick);
    connect(holds, &QBarSet::clicked, this, onClick);
    for (QBarSet *set : {breaks, holds})
        connect(set, &QBarSet::hovered, this, [this, n](bool on, int index) {
            const int bar = n - 1 - index;
            if (on && bar >= 0 && bar < n)
                m_view->setToolTip(tr("%1\n%2 — click to load its schedule: %3")
                                       .arg(m_bars[size_t(bar)].label, m_bars[size_t(bar)].countText, m_bars[size_t(bar)].schedule));
        });
    m_view->setCursor(Qt::PointingHandCursor);
}

QPoint OutcomeChart::barCentre(int index) const
{
    if (!m_series || index < 0 || index >= barCount())
        return {};
    const int category = barCount() - 1 - index;
    const QPointF inChart = m_chart->mapToPosition(QPointF(m_bars[size_t(index)].count / 2, category), m_series);
    return m_view->mapFromScene(m_chart->mapToScene(inChart));
}
