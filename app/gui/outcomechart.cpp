#include "outcomechart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalStackedBarSeries>
#include <QGraphicsSimpleTextItem>
#include <QLabel>
#include <QSet>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace {
const QColor breakColour(176, 0, 32);
const QColor holdColour(46, 125, 50);
// Of each category's band: the bar below, its label above.
constexpr qreal BarWidth = 0.5;

void shortenLabels(std::vector<OutcomeChart::Bar> &bars)
{
    const QString separator = QStringLiteral(" · ");
    // Parts every outcome shares ("Rejected requests = 0") tell none apart: drop them.
    std::vector<QStringList> parts;
    for (const auto &b : bars)
        parts.push_back(b.label.split(separator));
    QStringList common = parts.empty() ? QStringList() : parts.front();
    for (const QStringList &p : parts)
        common.removeIf([&](const QString &segment) { return !p.contains(segment); });
    int most = 1;
    for (QStringList &p : parts) {
        p.removeIf([&](const QString &segment) { return common.contains(segment); });
        if (p.isEmpty())
            p << QString();
        most = std::max(most, int(p.size()));
    }
    // Then the shortest prefix that still tells them apart.
    QStringList labels;
    for (int take = 1; take <= most; ++take) {
        labels.clear();
        for (const QStringList &p : parts)
            labels << QStringList(p.mid(0, take)).join(separator);
        if (QSet<QString>(labels.begin(), labels.end()).size() == labels.size())
            break;
    }
    for (size_t i = 0; i < bars.size(); ++i)
        if (bars[i].shortLabel.isEmpty())
            bars[i].shortLabel = labels.at(int(i)).isEmpty() ? bars[i].label : labels.at(int(i));
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
    // The ✗/✓ in each label and the headline say what the colours mean; the
    // legend's height is better spent on bars tall enough for their labels.
    m_chart->legend()->hide();
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->setBackgroundRoundness(0);
    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(160);
    layout->addWidget(m_headline);
    layout->addWidget(m_detail);
    layout->addWidget(m_view, 1);
    layout->addStretch(0);   // keeps the placeholder text at the top while the chart is hidden
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
    m_categories = nullptr;
    qDeleteAll(m_barLabels);
    m_barLabels.clear();
    m_current = -1;
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
    shortenLabels(m_bars);
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
        categories << categoryLabel(i);
    }
    m_series = new QHorizontalStackedBarSeries;
    m_series->append(breaks);
    m_series->append(holds);
    m_series->setLabelsVisible(true);
    m_series->setLabelsFormat(QStringLiteral("@value"));
    m_series->setBarWidth(BarWidth);
    m_chart->addSeries(m_series);
    auto *axisY = m_categories = new QBarCategoryAxis;
    axisY->append(categories);
    // Qt Charts squeezes a left category axis to a sliver and elides every label
    // to "…"; the outcome's words go above its bar instead, across the plot.
    axisY->setLabelsVisible(false);
    axisY->setGridLineVisible(false);
    m_chart->addAxis(axisY, Qt::AlignLeft);
    m_series->attachAxis(axisY);
    QFont labelFont = font();
    labelFont.setPointSizeF(labelFont.pointSizeF() * 0.9);
    for (int i = 0; i < barCount(); ++i) {
        auto *text = new QGraphicsSimpleTextItem(m_chart);
        text->setFont(labelFont);
        text->setZValue(10);
        m_barLabels << text;
    }
    placeLabels();
    auto *axisX = new QValueAxis;
    axisX->setLabelFormat(QStringLiteral("%.0f"));
    double max = 0;
    for (const Bar &b : m_bars)
        max = std::max(max, b.count);
    // Whole-number ticks: counts are integers, and "0 1 1 2 2" would be nonsense.
    if (max <= 10) {
        const int top = std::max(1, int(std::ceil(max)));
        axisX->setRange(0, top);
        axisX->setTickCount(top + 1);
    } else {
        axisX->setRange(0, max);
        axisX->applyNiceNumbers();
    }
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
    connect(m_chart, &QChart::plotAreaChanged, this, &OutcomeChart::placeLabels, Qt::UniqueConnection);
}

QString OutcomeChart::categoryLabel(int bar) const
{
    const Bar &b = m_bars[size_t(bar)];
    QString text = b.shortLabel;
    // QBarCategoryAxis drops a category whose name it already has: number the look-alikes.
    int same = 0;
    for (int i = 0; i < bar; ++i)
        same += m_bars[size_t(i)].shortLabel == text;
    if (same > 0)
        text += QStringLiteral(" (%1)").arg(same + 1);
    return QStringLiteral("%1%2 %3").arg(bar == m_current ? QStringLiteral("▶ ") : QString(),
                                         b.breaksRule ? QStringLiteral("✗") : QStringLiteral("✓"), text);
}

void OutcomeChart::setCurrentBar(int index)
{
    if (index == m_current || !m_categories)
        return;
    const int old = m_current;
    m_current = index;
    // Categories run bottom-up, bars top-down.
    for (int bar : {old, index})
        if (bar >= 0 && bar < barCount())
            m_categories->replace(m_categories->at(barCount() - 1 - bar), categoryLabel(bar));
    placeLabels();
}

void OutcomeChart::placeLabels()
{
    if (!m_series || m_barLabels.size() != barCount())
        return;
    const QRectF plot = m_chart->plotArea();
    for (int bar = 0; bar < barCount(); ++bar) {
        QGraphicsSimpleTextItem *text = m_barLabels.at(bar);
        const QFontMetricsF fm(text->font());
        text->setText(fm.elidedText(categoryLabel(bar), Qt::ElideRight, plot.width() - 4));
        text->setBrush(m_bars[size_t(bar)].breaksRule ? breakColour : holdColour.darker(130));
        const int category = barCount() - 1 - bar;
        const qreal barTop = m_chart->mapToPosition(QPointF(0, category + BarWidth / 2), m_series).y();
        text->setPos(plot.left() + 2, barTop - fm.height());
    }
}

QPoint OutcomeChart::barCentre(int index) const
{
    if (!m_series || index < 0 || index >= barCount())
        return {};
    const int category = barCount() - 1 - index;
    const QPointF inChart = m_chart->mapToPosition(QPointF(m_bars[size_t(index)].count / 2, category), m_series);
    return m_view->mapFromScene(m_chart->mapToScene(inChart));
}
