#pragma once

#include "scenario.h"

#include <QWidget>

class QButtonGroup;
class QHBoxLayout;

// The toolbar's fix toggle: one button per strategy the scenario has, named
// after its fix, exactly one pressed.
class StrategyBar : public QWidget
{
    Q_OBJECT
public:
    explicit StrategyBar(QWidget *parent = nullptr);

    void setScenario(const Interleave::ScenarioSpec &scenario);
    void setCurrent(const QString &strategyId);   // without emitting

    QString currentStrategy() const;
    int strategyCount() const;
    QWidget *strategyButton(const QString &id) const;   // tests click these

signals:
    void strategyChosen(const QString &id);

private:
    QHBoxLayout *m_buttons = nullptr;
    QButtonGroup *m_group = nullptr;
    QStringList m_ids;
    bool m_updating = false;
};
