#pragma once

#include "scenario/scenario.h"

#include <QHash>
#include <QToolBar>

class QSpinBox;

// One spin box per scenario parameter (requests, amounts, initial balance,
// seats, retries, TTL), labelled as the scenario file labels it. A toolbar:
// what does not fit the window's width folds into its overflow menu.
class ParameterBar : public QToolBar
{
    Q_OBJECT
public:
    explicit ParameterBar(QWidget *parent = nullptr);

    void setScenario(const Interleave::ScenarioSpec &scenario);
    void setValues(const QHash<QString, int64_t> &values); // without emitting
    QSpinBox *spinBox(const QString &name) const { return m_boxes.value(name); }

signals:
    void parameterChanged(const QString &name, int64_t value);

private:
    QHash<QString, QSpinBox *> m_boxes;
    bool m_updating = false;
};
