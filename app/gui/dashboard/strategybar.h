#pragma once

#include "scenario/scenario.h"

#include <QToolBar>

class QButtonGroup;
class QLabel;

// The fix toggle: one button per strategy the scenario has, named after its
// fix, exactly one pressed; Ctrl+1 … Ctrl+9 press them from the keyboard. A toolbar of its own, so that buttons that do
// not fit the window's width fold into its overflow menu instead of widening it.
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

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void addKey(int index); // Ctrl+1 … Ctrl+9
    void fitLabels(); // the longest form of the fixes' names in which all fit the row

    QLabel *m_fixLabel = nullptr;
    QButtonGroup *m_group = nullptr;
    QList<QAction *> m_buttonActions;
    QList<QAction *> m_keyActions;
    QStringList m_ids;
    QStringList m_labels; // the whole names, as the scenario has them
    bool m_updating = false;
};
