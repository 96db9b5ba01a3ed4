#pragma once

#include <QString>
#include <QWidget>

#include <vector>

class QChart;
class QChartView;
class QBarSet;
class QBarCategoryAxis;
class QHorizontalStackedBarSeries;
class QGraphicsSimpleTextItem;
class QLabel;
class QValueAxis;

// The outcome histogram, over every interleaving (Explore all) or over
// threaded trials. Bars that break a rule are red and hatched (colour is never
// the only signal) and say so in their label. Clicking a bar asks for its
// example schedule to be loaded into the stepper.
class OutcomeChart : public QWidget
{
    Q_OBJECT
public:
    struct Bar {
        QString label;        // the outcome in words (tooltip, exports)
        QString shortLabel;   // what fits beside the bar; label when empty
        double count = 0;     // interleavings or trials
        QString countText;    // exact count as text (may exceed a double's precision)
        bool breaksRule = false;
        QString schedule;     // example schedule, as text for the stepper
    };

    explicit OutcomeChart(QWidget *parent = nullptr);

    // `headline` is the one sentence: "4 of 6 interleavings break a rule."
    // Bars without a short label get the shortest prefix of their " · "-separated
    // description that still tells them apart.
    void setBars(const QString &headline, const QString &detail, std::vector<Bar> bars);
    void setPlaceholder(const QString &text);
    void clear();

    // Marks the bar the stepper's state ends in ("you are here"); -1 none.
    void setCurrentBar(int index);
    int currentBar() const { return m_current; }

    int barCount() const { return int(m_bars.size()); }
    const Bar &bar(int index) const { return m_bars[size_t(index)]; }
    QString headline() const;
    QChartView *chartView() const { return m_view; }
    // Centre of bar `index` in chartView()->viewport() coordinates (tests click here).
    QPoint barCentre(int index) const;

signals:
    void barClicked(int index);

private:
    QLabel *m_headline = nullptr;
    QLabel *m_detail = nullptr;
    QChartView *m_view = nullptr;
    QChart *m_chart = nullptr;
    std::vector<Bar> m_bars;
    QHorizontalStackedBarSeries *m_series = nullptr;
    QBarCategoryAxis *m_categories = nullptr;
    int m_current = -1;
    QString categoryLabel(int bar) const;
    void placeLabels();
    QList<QGraphicsSimpleTextItem *> m_barLabels;   // owned by the chart
};
