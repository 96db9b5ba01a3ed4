#pragma once

#include <QLabel>

class DashboardView;

// One large line for the lecture arrangement of presenter mode: the rules a
// schedule broke, or that none is broken (yet). It reads the dashboard after
// each move, so both always say the same.
class VerdictLine : public QLabel
{
    Q_OBJECT
public:
    VerdictLine(DashboardView *dashboard, QWidget *parent = nullptr);

    void refresh();

private:
    QString readable(const QColor &colour) const; // for the style sheet, on this palette
    DashboardView *m_dashboard = nullptr;
};
