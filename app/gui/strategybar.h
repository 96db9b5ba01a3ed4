#pragma once

#include "machine.h"
#include "scenario.h"

#include <QWidget>

class QButtonGroup;
class QComboBox;
class QHBoxLayout;
class QSpinBox;
class QLabel;

// The toolbar's fix and execution-model toggles. It offers only what the
// scenario has: one button per strategy, named after its fix, and the models
// the scenario lists (with the number of instances when there are several).
class VariantBar : public QWidget
{
    Q_OBJECT
public:
    explicit VariantBar(QWidget *parent = nullptr);

    void setScenario(const Interleave::ScenarioSpec &scenario);
    // Reflects the session's current choice without emitting.
    void setCurrent(const QString &strategyId, const Interleave::ExecutionModel &model);

    QString currentStrategy() const;
    Interleave::ExecutionModel currentModel() const;
    int strategyCount() const;
    QWidget *strategyButton(const QString &id) const;   // tests click these
    QComboBox *modelBox() const { return m_model; }
    QSpinBox *instancesBox() const { return m_instances; }

signals:
    void strategyChosen(const QString &id);
    void modelChosen(const Interleave::ExecutionModel &model);

private:
    void emitModel();

    QHBoxLayout *m_strategies = nullptr;
    QButtonGroup *m_group = nullptr;
    QComboBox *m_model = nullptr;
    QSpinBox *m_instances = nullptr;
    QLabel *m_instancesLabel = nullptr;
    QStringList m_ids;
    bool m_updating = false;
};
