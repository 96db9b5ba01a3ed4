#include "dashboard/narrationmodel.h"

#include "window/desktoplook.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

using namespace Interleave;

namespace {
const QColor CurrentRow(255, 236, 153);
}

NarrationModel::NarrationModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void NarrationModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_currentStep = -1;
    endResetModel();
}

void NarrationModel::setTrace(std::shared_ptr<const Machine> machinePtr, const Trace &trace,
                              const TraceAnalysis &analysis, int currentStep)
{
    beginResetModel();
    m_rows.clear();
    m_currentStep = currentStep;
    if (!machinePtr) {
        endResetModel();
        return;
    }
    const Machine &machine = *machinePtr;
    auto name = [&](int actor) {
        return actor >= 0 && actor < machine.actorCount() ? machine.actor(actor).name : tr("someone");
    };
    auto moveOf = [&](int event) { return trace[size_t(event)].step + 1; };

    // Which reads went stale and which writes lost another, by event index.
    std::vector<int> staleReadOf(trace.size(), -1), lostAt(trace.size(), -1);
    for (size_t i = 0; i < analysis.lostUpdates.size(); ++i) {
        const LostUpdate &lu = analysis.lostUpdates[i];
        if (lu.staleRead >= 0 && lu.staleRead < int(trace.size()))
            staleReadOf[size_t(lu.staleRead)] = int(i);
        if (lu.overwritingWrite >= 0 && lu.overwritingWrite < int(trace.size()))
            lostAt[size_t(lu.overwritingWrite)] = int(i);
    }

    for (int i = 0; i < int(trace.size()); ++i) {
        const TraceEvent &e = trace[size_t(i)];
        Row row{i, e.step, e.actor, Plain, machine.narrate(e)};
        switch (e.kind) {
        case EventKind::Violation:
        case EventKind::Fail:
        case EventKind::Deadlock:
        case EventKind::Timeout:
        case EventKind::Anomaly:
            row.kind = Problem;
            break;
        case EventKind::Write:
            if (e.message >= 0)
                row.kind = Problem;
            break;
        default:
            break;
        }
        if (const int lu = staleReadOf[size_t(i)]; lu >= 0) {
            const LostUpdate &l = analysis.lostUpdates[size_t(lu)];
            const TraceEvent &lost = trace[size_t(l.overwrittenWrite)];
            row.text += u' ' +
                tr("This value goes stale: %1 writes %2 (move %3) before %4 writes back.")
                    .arg(name(lost.actor))
                    .arg(lost.value)
                    .arg(moveOf(l.overwrittenWrite))
                    .arg(name(e.actor));
        }
        m_rows.push_back(row);
        if (const int lu = lostAt[size_t(i)]; lu >= 0) {
            const LostUpdate &l = analysis.lostUpdates[size_t(lu)];
            const TraceEvent &lost = trace[size_t(l.overwrittenWrite)];
            QString because;
            if (l.staleRead >= 0)
                because = tr(" %1 computed %2 from the value it read at move %3, before %4 wrote.")
                              .arg(name(e.actor))
                              .arg(e.value)
                              .arg(moveOf(l.staleRead))
                              .arg(name(lost.actor));
            m_rows.push_back({i, e.step, e.actor, Explanation,
                              tr("⚠ Lost update: %1's write (%2) is gone, overwritten by %3.")
                                      .arg(name(lost.actor),
                                           QStringLiteral("%1 = %2")
                                               .arg(machine.resourceName(lost.place, lost.resource, lost.column))
                                               .arg(lost.value),
                                           name(e.actor)) +
                                  because});
        }
        if (e.kind == EventKind::Deadlock)
            m_rows.push_back({i, e.step, e.actor, Explanation,
                              tr("⚠ Why: each transaction holds a lock the other one needs, and neither lets go. "
                                 "If every transaction takes its locks in the same order (for example sorted by id), "
                                 "this cycle cannot form.")});
    }
    endResetModel();
}

int NarrationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant NarrationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[size_t(index.row())];
    const bool current = row.step == m_currentStep && m_currentStep >= 0;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole: {
        const bool firstOfStep = index.row() == 0 || m_rows[size_t(index.row() - 1)].step != row.step;
        const QString prefix = firstOfStep ? QStringLiteral("%1.").arg(row.step + 1) : QString();
        return role == Qt::DisplayRole ? QStringLiteral("%1\t%2").arg(prefix, row.text) : row.text;
    }
    case Qt::ForegroundRole: {
        // The current row is light yellow on every palette: its text stays dark there.
        const QColor base = current ? CurrentRow : QGuiApplication::palette().color(QPalette::Base);
        if (row.kind == Problem)
            return QBrush(DesktopLook::readable(QColor(176, 0, 32), base));
        if (row.kind == Explanation)
            return QBrush(DesktopLook::readable(QColor(138, 75, 0), base));
        return current ? QBrush(Qt::black) : QVariant();
    }
    case Qt::BackgroundRole:
        return current ? QBrush(CurrentRow) : QVariant();
    case Qt::FontRole:
        if (current || row.kind != Plain) {
            QFont f;
            f.setBold(current || row.kind == Problem);
            f.setItalic(row.kind == Explanation);
            return f;
        }
        return {};
    case EventRole:
        return row.event;
    case StepRole:
        return row.step;
    case ActorRole:
        return row.actor;
    case KindRole:
        return int(row.kind);
    case CurrentRole:
        return current;
    default:
        return {};
    }
}

int NarrationModel::rowOfEvent(int event) const
{
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].event == event)
            return int(i);
    return -1;
}

int NarrationModel::firstRowOfStep(int step) const
{
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].step == step)
            return int(i);
    return -1;
}

QString NarrationModel::textAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[size_t(row)].text : QString();
}
