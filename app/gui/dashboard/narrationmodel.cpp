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

namespace {
// A problem (a rule broken, a failure, a deadlock, a write that overwrote) is drawn in red.
NarrationModel::RowKind kindOf(const TraceEvent &e)
{
    switch (e.kind) {
    case EventKind::Violation:
    case EventKind::Fail:
    case EventKind::Deadlock:
    case EventKind::Timeout:
    case EventKind::Anomaly:
        return NarrationModel::Problem;
    case EventKind::Write:
        return e.message >= 0 ? NarrationModel::Problem : NarrationModel::Plain;
    default:
        return NarrationModel::Plain;
    }
}

// The sentences that explain a lost update where it happens: at the read that goes stale
// and at the write that loses another.
class LostUpdateStory
{
public:
    LostUpdateStory(const Machine &machine, const Trace &trace, const TraceAnalysis &analysis)
        : m_machine(machine)
        , m_trace(trace)
        , m_analysis(analysis)
        , m_staleReadOf(trace.size(), -1)
        , m_lostAt(trace.size(), -1)
    {
        for (size_t i = 0; i < analysis.lostUpdates.size(); ++i) {
            const LostUpdate &lu = analysis.lostUpdates[i];
            if (lu.staleRead >= 0 && lu.staleRead < int(trace.size()))
                m_staleReadOf[size_t(lu.staleRead)] = int(i);
            if (lu.overwritingWrite >= 0 && lu.overwritingWrite < int(trace.size()))
                m_lostAt[size_t(lu.overwritingWrite)] = int(i);
        }
    }

    // Added to the read's own sentence; empty unless event `i` is a read that goes stale.
    QString staleRead(int i) const
    {
        const int lu = m_staleReadOf[size_t(i)];
        if (lu < 0)
            return {};
        const LostUpdate &l = m_analysis.lostUpdates[size_t(lu)];
        const TraceEvent &lost = m_trace[size_t(l.overwrittenWrite)];
        return u' ' +
            NarrationModel::tr("This value goes stale: %1 writes %2 (move %3) before %4 writes back.")
                .arg(name(lost.actor))
                .arg(lost.value)
                .arg(moveOf(l.overwrittenWrite))
                .arg(name(m_trace[size_t(i)].actor));
    }

    // A row of its own after the write; empty unless event `i` overwrote another's write.
    QString lostWrite(int i) const
    {
        const int lu = m_lostAt[size_t(i)];
        if (lu < 0)
            return {};
        const TraceEvent &e = m_trace[size_t(i)];
        const LostUpdate &l = m_analysis.lostUpdates[size_t(lu)];
        const TraceEvent &lost = m_trace[size_t(l.overwrittenWrite)];
        QString because;
        if (l.staleRead >= 0)
            because = NarrationModel::tr(" %1 computed %2 from the value it read at move %3, before %4 wrote.")
                          .arg(name(e.actor))
                          .arg(e.value)
                          .arg(moveOf(l.staleRead))
                          .arg(name(lost.actor));
        const QString write = QStringLiteral("%1 = %2")
                                  .arg(m_machine.resourceName(lost.place, lost.resource, lost.column))
                                  .arg(lost.value);
        return NarrationModel::tr("⚠ Lost update: %1's write (%2) is gone, overwritten by %3.")
                   .arg(name(lost.actor), write, name(e.actor)) +
            because;
    }

private:
    QString name(int actor) const
    {
        return actor >= 0 && actor < m_machine.actorCount() ? m_machine.actor(actor).name
                                                            : NarrationModel::tr("someone");
    }
    int moveOf(int event) const { return m_trace[size_t(event)].step + 1; }

    const Machine &m_machine;
    const Trace &m_trace;
    const TraceAnalysis &m_analysis;
    std::vector<int> m_staleReadOf, m_lostAt; // by event index: which lost update, or -1
};
} // namespace

void NarrationModel::setTrace(std::shared_ptr<const Machine> machinePtr, const Trace &trace,
                              const TraceAnalysis &analysis, int currentStep)
{
    beginResetModel();
    m_rows.clear();
    m_currentStep = currentStep;
    if (machinePtr) {
        const Machine &machine = *machinePtr;
        const LostUpdateStory story(machine, trace, analysis);
        for (int i = 0; i < int(trace.size()); ++i) {
            const TraceEvent &e = trace[size_t(i)];
            m_rows.push_back({i, e.step, e.actor, kindOf(e), machine.narrate(e) + story.staleRead(i)});
            if (const QString lost = story.lostWrite(i); !lost.isEmpty())
                m_rows.push_back({i, e.step, e.actor, Explanation, lost});
            if (e.kind == EventKind::Deadlock)
                m_rows.push_back({i, e.step, e.actor, Explanation,
                                  tr("⚠ Why: each transaction holds a lock the other one needs, and neither lets go. "
                                     "If every transaction takes its locks in the same order (for example sorted by "
                                     "id), this cycle cannot form.")});
        }
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
