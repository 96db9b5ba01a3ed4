#pragma once

// The words for one trace event, in the two lengths the program shows them: short on a
// timeline mark, where space is tight and the lane already names the actor; long in an
// exported trace, where each event stands alone. One place lists every event kind's words.

#include "machine/machine.h"
#include "trace/trace.h"

#include <QCoreApplication>
#include <QString>

namespace Interleave {

class EventLabel
{
    Q_DECLARE_TR_FUNCTIONS(EventLabel)
public:
    // A short label names a cell by its column, "balance", unless the trace touches several
    // rows: then "accounts[1].balance", so a read in a transfer says which account it saw.
    static QString shortText(const Machine &machine, const TraceEvent &event, bool severalRows);
    static QString longText(const Machine &machine, const TraceEvent &event);

private:
    enum Length {
        Short,
        Long
    };
    struct Names
    {
        QString cell; // table, row and column, or the memory cell
        QString resource; // a lock, lease, queue, pool or table
        bool severalRows = false; // Short: keep a row's table and row in a cell's name
    };
    static QString text(const Machine &machine, const TraceEvent &e, Length length, const Names &names);
    static QString dataText(const Machine &machine, const TraceEvent &e, Length length, const Names &names);
    static QString timeText(const TraceEvent &e, Length length); // transactions, awaits, CPU work, ticks
    static QString lockText(const TraceEvent &e, Length length, const Names &names);
    static QString outcomeText(const Machine &machine, const TraceEvent &e, Length length);
};

} // namespace Interleave
