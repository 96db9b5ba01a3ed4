#pragma once

// Verdicts on a run, computed once for every front end: the dashboard, the
// command line and the exports all say which rules are broken, which event
// broke each, and whether a figure is as expected, from these functions.

#include "machine/machine.h"
#include "trace/trace.h"
#include "trace/traceanalysis.h"

#include <cstdint>
#include <vector>

namespace Interleave {

struct RuleVerdict
{
    enum Status : uint8_t {
        Holds, // an "always" rule that has held so far, or a final rule that holds at the end
        Broken,
        Pending, // a final rule before every request has finished: not judged yet
    };
    Status status = Pending;
    int culprit = -1; // the event that broke it (index into the trace), -1 unless Broken or unknown
};

// Every rule of `machine` after `trace`, which ends in `state`. An "always"
// rule breaks at its Violation event and stays broken; a final rule is judged
// only once every request has finished or none can move.
std::vector<RuleVerdict> judgeRules(const Machine &machine, const State &state, const Trace &trace,
                                    const TraceAnalysis &analysis);

// The event to blame for rule `rule` being broken in `trace`:
// - an "always" rule: the last event of the move that made it false that
//   changed something (a write, a wait, a failure; not "finished"), or the
//   Violation event itself;
// - a final rule: the write that threw a concurrent one away (lost update),
//   else the last failure (error, deadlock victim, timeout), else the last
//   write or insert.
// -1 when the trace holds no such event.
int ruleCulprit(const Machine &machine, const Trace &trace, const TraceAnalysis &analysis, int rule);

struct FigureVerdict
{
    enum Status : uint8_t {
        NoExpectation, // the figure has no expected value: shown, never judged
        Pending, // not judged before the run has finished (unless a rule about it broke)
        AsExpected,
        Wrong,
    };
    Status status = NoExpectation;
    int64_t actual = 0;
    int64_t expected = 0;
    int brokenRule = -1; // a broken rule about this figure, which makes it Wrong even when it equals expected
};

// The rules a figure is about: those whose check mentions the figure's expression.
std::vector<int> rulesAboutFigure(const Machine &machine, int figure);

// Every figure judged by the same rules as the checklist: ✓ only when it equals
// its expected value and no rule about it is broken.
std::vector<FigureVerdict> judgeFigures(const Machine &machine, const State &state,
                                        const std::vector<RuleVerdict> &rules);

} // namespace Interleave
