#include "dashboard/outcomechart.h"

#include "dashboard/barrowsview.h"
#include "dashboard/outcomelabels.h"
#include "machine/machine.h"

#include <QLabel>
#include <QMouseEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

OutcomeChart::OutcomeChart(QWidget *parent)
    : QWidget(parent)
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
    m_rows = new BarRowsView;
    m_rows->setObjectName(QStringLiteral("outcomeBars"));
    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(m_rows);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setMinimumHeight(120);
    layout->addWidget(m_headline);
    layout->addWidget(m_detail);
    layout->addWidget(m_scroll, 1);
    layout->addStretch(0); // keeps the placeholder text at the top while the chart is hidden
    connect(m_rows, &BarRowsView::rowClicked, this, &OutcomeChart::onRowClicked);
    m_scroll->viewport()->installEventFilter(this);
    clear();
}

void OutcomeChart::clear()
{
    setPlaceholder(tr(
        "Press <b>Explore all</b> to count every possible interleaving, or <b>Run ×N</b> for trials on real threads."));
}

void OutcomeChart::setPlaceholder(const QString &text)
{
    m_bars.clear();
    m_current = -1;
    m_expanded = false;
    m_rows->setRows({});
    m_headline->clear();
    m_detail->setText(text);
    m_scroll->hide(); // an empty chart is only noise
}

QString OutcomeChart::headline() const
{
    return m_headline->text();
}

QString OutcomeChart::ruleNames(const Interleave::Machine &machine, uint64_t mask)
{
    QStringList names;
    for (size_t i = 0; i < machine.invariants().size() && i < 64; ++i)
        if (mask & (uint64_t(1) << i))
            names << machine.invariants()[i].label;
    return names.join(QStringLiteral(" · "));
}

void OutcomeChart::setBars(const QString &headline, const QString &detail, std::vector<Bar> bars)
{
    setPlaceholder(detail);
    m_headline->setText(headline);
    m_bars = std::move(bars);
    if (m_bars.empty())
        return;
    m_scroll->show();
    rebuildRows();
}

void OutcomeChart::rebuildRows()
{
    // Bars arrive largest first. Past MaxShown, the smallest share one "others" bar.
    const int shownCount = m_expanded || barCount() <= MaxShown ? barCount() : MaxShown - 1;
    // Groups by the rule they break, breaking groups first, in order of their largest outcome.
    auto groupOf = [&](const Bar &b) {
        return b.breaksRule ? (b.rule.isEmpty() ? tr("✗ Breaks a rule") : tr("✗ Breaks: %1").arg(b.rule))
                            : tr("✓ Every rule holds");
    };
    QStringList groups;
    for (int pass = 0; pass < 2; ++pass)
        for (int i = 0; i < shownCount; ++i)
            if (m_bars[size_t(i)].breaksRule == (pass == 0) && !groups.contains(groupOf(m_bars[size_t(i)])))
                groups << groupOf(m_bars[size_t(i)]);
    QStringList all;
    for (const Bar &b : m_bars)
        all << b.label;
    const QStringList actors = OutcomeLabels::actorsIn(all);
    std::vector<BarRowsView::Row> rows;
    for (const QString &group : std::as_const(groups)) {
        std::vector<int> members;
        QStringList labels;
        for (int i = 0; i < shownCount; ++i)
            if (groupOf(m_bars[size_t(i)]) == group) {
                members.push_back(i);
                labels << m_bars[size_t(i)].label;
            }
        const OutcomeLabels::Group words = OutcomeLabels::tellApart(labels, actors);
        BarRowsView::Row heading;
        heading.kind = BarRowsView::Row::Heading;
        heading.text = words.shared.isEmpty() ? group : tr("%1 — %2").arg(group, words.shared);
        heading.toolTip = heading.text;
        rows.push_back(heading);
        for (size_t k = 0; k < members.size(); ++k) {
            const Bar &b = m_bars[size_t(members[k])];
            BarRowsView::Row row;
            row.text = b.shortLabel.isEmpty() ? words.distinct.at(int(k)) : b.shortLabel;
            row.value = QString::number(b.count, 'g', 12);
            row.amount = b.count;
            row.bad = b.breaksRule;
            row.current = members[k] == m_current;
            row.toolTip = tr("%1\n%2 — click to load its schedule: %3").arg(b.label, b.countText, b.schedule);
            row.id = members[k];
            rows.push_back(row);
        }
    }
    if (shownCount < barCount()) {
        BarRowsView::Row others;
        others.kind = BarRowsView::Row::Others;
        int breaking = 0;
        for (int i = shownCount; i < barCount(); ++i) {
            others.amount += m_bars[size_t(i)].count;
            breaking += m_bars[size_t(i)].breaksRule;
        }
        others.text =
            tr("%n other outcome(s), %1 breaking a rule — click to show them all", nullptr, barCount() - shownCount)
                .arg(breaking);
        others.value = QString::number(others.amount, 'g', 12);
        others.toolTip = others.text;
        rows.push_back(others);
    }
    m_rows->setRows(std::move(rows));
}

bool OutcomeChart::eventFilter(QObject *watched, QEvent *event)
{
    // A click delivered to the viewport itself (scripts, tests) means the bar under it.
    if (watched == m_scroll->viewport() && event->type() == QEvent::MouseButtonPress) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const int row = m_rows->rowAt(m_rows->mapFrom(m_scroll->viewport(), mouse->position().toPoint()));
        if (row >= 0 && mouse->button() == Qt::LeftButton) {
            onRowClicked(row);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void OutcomeChart::onRowClicked(int row)
{
    const BarRowsView::Row &r = m_rows->rows()[size_t(row)];
    if (r.kind == BarRowsView::Row::Others) {
        m_expanded = true;
        rebuildRows();
        return;
    }
    if (r.id >= 0 && r.id < barCount())
        emit barClicked(r.id);
}

void OutcomeChart::setCurrentBar(int index)
{
    if (index == m_current || m_bars.empty())
        return;
    m_current = index;
    // The bar the stepper ends in is always on show.
    if (index >= MaxShown - 1 && barCount() > MaxShown)
        m_expanded = true;
    rebuildRows();
}

QPoint OutcomeChart::barCentre(int index) const
{
    if (index < 0 || index >= barCount())
        return {};
    const auto &rows = m_rows->rows();
    // Its own bar, or the "others" bar that holds it.
    auto found = std::find_if(rows.begin(), rows.end(),
                              [&](const auto &r) { return r.kind == BarRowsView::Row::Bar && r.id == index; });
    if (found == rows.end())
        found =
            std::find_if(rows.begin(), rows.end(), [](const auto &r) { return r.kind == BarRowsView::Row::Others; });
    if (found == rows.end())
        return {};
    const QRectF bar = m_rows->placed()[size_t(found - rows.begin())].bar;
    m_scroll->ensureVisible(int(bar.center().x()), int(bar.center().y()), 0, int(bar.height() * 2));
    return m_rows->mapTo(m_scroll->viewport(), bar.center().toPoint());
}
