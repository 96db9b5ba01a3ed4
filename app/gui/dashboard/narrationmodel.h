#pragma once

#include "machine/machine.h"
#include "trace/trace.h"
#include "trace/traceanalysis.h"

#include <QAbstractListModel>

#include <memory>

// One plain sentence per trace event (Machine::narrate), with the moments
// that matter explained where they happen: the read that goes stale, the
// write that loses another, the rule that breaks, the deadlock.
class NarrationModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        EventRole = Qt::UserRole + 1,
        StepRole,
        ActorRole,
        KindRole,
        CurrentRole
    };
    enum RowKind {
        Plain,
        Problem,
        Explanation
    };

    explicit NarrationModel(QObject *parent = nullptr);

    // `currentStep` is the move whose sentences are highlighted (the last one taken), -1 none.
    void setTrace(std::shared_ptr<const Interleave::Machine> machine, const Interleave::Trace &trace,
                  const Interleave::TraceAnalysis &analysis, int currentStep);
    void clear();

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    int rowOfEvent(int event) const; // -1 when the event has no row
    int firstRowOfStep(int step) const; // -1 when the step has no rows
    QString textAt(int row) const;

private:
    struct Row
    {
        int event = -1;
        int step = -1;
        int actor = -1;
        RowKind kind = Plain;
        QString text;
    };
    std::vector<Row> m_rows;
    int m_currentStep = -1;
};
