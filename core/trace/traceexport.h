#pragma once

// Trace exports that need no painter: the Chrome/Perfetto trace-event JSON
// (opens in ui.perfetto.dev and chrome://tracing) and the wait-for graph as
// Graphviz DOT. Both read the same TraceAnalysis as the timeline, so a flow
// arrow in Perfetto is exactly an arrow on the screen.

#include "machine/machine.h"
#include "trace/trace.h"
#include "trace/traceanalysis.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <atomic>

namespace Interleave {

class TraceExport
{
    Q_DECLARE_TR_FUNCTIONS(TraceExport)
public:
    // Trace Event Format, JSON object form: {"traceEvents": [...], "displayTimeUnit": "ms", "otherData": {...}}.
    //  - one thread track per actor (tid = actor + 1; tid 0 is the clock), named by "thread_name" metadata;
    //  - every trace event exactly once, with args.event = its index: reads, writes, updates,
    //    inserts and lookups as short "X" slices (the anchors flows bind to), the rest as "i" instants;
    //  - lock holds, lock waits and busy spells as "X" slices (cat "lock"/"wait"/"busy", args.interval),
    //    split where two of them overlap without nesting, since a track's slices must nest;
    //  - one "s"/"f" flow pair (bp "e") per write→read the analysis found, inside the two anchor slices.
    // Time: logical step k spans [k, k+1) ms; threaded traces use their wall clock.
    // Once `cancel` is set (from any thread) it stops within a few thousand events and returns empty.
    static QByteArray perfettoJson(const Machine &machine, const Trace &trace, const TraceAnalysis &analysis,
                                   const QString &schedule = QString(), const std::atomic<bool> *cancel = nullptr);

    // The wait-for graph just after event `eventIndex` (-1: before any event; trace size - 1: the end):
    // actors as boxes, resources as ellipses, "holds" and "waits for" edges, the deadlock cycle in red
    // and the detector's victim marked. A cycle the detector already broke is shown as it was.
    static QByteArray waitForGraphDot(const Machine &machine, const Trace &trace, const TraceAnalysis &analysis,
                                      int eventIndex);
};

} // namespace Interleave
