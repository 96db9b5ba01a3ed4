#pragma once

#include <QString>
#include <QWidget>

#include <cstdint>
#include <vector>

class BarRowsView;
class QLabel;
class QScrollArea;

namespace Interleave {
class Machine;
}

// The outcome map, over every interleaving (Explore all) or over threaded
// trials. Outcomes are grouped by the rule they break; each bar says only
// what tells it apart within its group (what the group shares is in its
// heading). Past MaxShown outcomes the rest share one "others" bar, which
// shows them all when clicked. Bars that break a rule are red and hatched
// (colour is never the only signal). Clicking a bar asks for its example
// schedule to be loaded into the stepper.
class OutcomeChart : public QWidget
{
    Q_OBJECT
public:
    struct Bar
    {
        QString label; // the outcome in words (tooltip, exports)
        QString shortLabel; // what the bar says; worked out from the labels when empty
        double count = 0; // interleavings or trials
        QString countText; // exact count as text (may exceed a double's precision)
        bool breaksRule = false;
        QString schedule; // example schedule, as text for the stepper
        QString rule; // the rules it breaks, in words; groups the bars (empty: by breaksRule)
    };
    static constexpr int MaxShown = 6;

    explicit OutcomeChart(QWidget *parent = nullptr);

    // `headline` is the one sentence: "4 of 6 interleavings break a rule."
    void setBars(const QString &headline, const QString &detail, std::vector<Bar> bars);
    void setPlaceholder(const QString &text);
    void clear();

    // Marks the bar the stepper's state ends in ("you are here"); -1 none.
    void setCurrentBar(int index);
    int currentBar() const { return m_current; }

    int barCount() const { return int(m_bars.size()); }
    const Bar &bar(int index) const { return m_bars[size_t(index)]; }
    QString headline() const;
    // The scroll area the bars are drawn in (tests click in its viewport).
    QScrollArea *chartView() const { return m_scroll; }
    BarRowsView *rowsView() const { return m_rows; }
    // Centre of bar `index` (or of the "others" bar that holds it) in chartView()->viewport() coordinates.
    QPoint barCentre(int index) const;
    // "every transfer completes · balance ≥ 0": the labels of the rules in `mask`.
    static QString ruleNames(const Interleave::Machine &machine, uint64_t mask);

signals:
    void barClicked(int index);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QLabel *m_headline = nullptr;
    QLabel *m_detail = nullptr;
    QScrollArea *m_scroll = nullptr;
    BarRowsView *m_rows = nullptr;
    std::vector<Bar> m_bars;
    int m_current = -1;
    bool m_expanded = false; // every outcome shown, no "others" bar
    void rebuildRows();
    void onRowClicked(int row);
};
