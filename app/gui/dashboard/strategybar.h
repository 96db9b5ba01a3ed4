#pragma once

#include "scenario/scenario.h"

#include <QToolBar>

class QButtonGroup;

// The fix toggle: one button per strategy the scenario has, named after its
// fix, exactly one pressed. A toolbar of its own, so that buttons that do not
// fit the window's width fold into its overflow menu instead of widening it.
class StrategyBar : public QToolBar
{
    Q_OBJECT
public:
    explicit StrategyBar(QWidget *parent = nullptr);

    void setScenario(const Interleave::ScenarioSpec &scenario);
    void setCurrent(const QString &strategyId); // without emitting

    QString currentStrategy() const;
    int strategyCount() const;
    QWidget *strategyButton(const QString &id) const; // tests click these

signals:
    void strategyChosen(const QString &id);

private:
    QButtonGroup *m_group = nullptr;
    QList<QAction *> m_buttonActions;
    QStringList m_ids;
    bool m_updating = false;
};
