#pragma once

#include "machine/machine.h"
#include "scenario/scenario.h"

#include <QWidget>

class QComboBox;
class QHBoxLayout;
class QLabel;
class QSpinBox;

// The execution-model toggle: the models the scenario lists (threads, one
// Node.js event loop, several server instances with how many).
class ModelBar : public QWidget
{
    Q_OBJECT
public:
    explicit ModelBar(QWidget *parent = nullptr);

    void setScenario(const Interleave::ScenarioSpec &scenario);
    void setCurrent(const Interleave::ExecutionModel &model); // without emitting
    Interleave::ExecutionModel currentModel() const;
    void setCurrentDatabase(const Interleave::DatabaseVariant &database); // without emitting
    Interleave::DatabaseVariant currentDatabase() const;
    QComboBox *databaseBox() const { return m_database; }
    QComboBox *modelBox() const { return m_model; }
    QSpinBox *instancesBox() const { return m_instances; }

signals:
    void modelChosen(const Interleave::ExecutionModel &model);
    void databaseChosen(const Interleave::DatabaseVariant &database);

private:
    void emitModel();
    void showInstances(bool on);
    void addDatabaseBox(QHBoxLayout *layout);

    QComboBox *m_model = nullptr;
    QComboBox *m_database = nullptr;
    QSpinBox *m_instances = nullptr;
    QLabel *m_instancesLabel = nullptr;
    bool m_updating = false;
};
