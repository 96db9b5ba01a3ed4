#include "machine/ruleverdict.h"

namespace Interleave {

namespace {
// Events that record how a move went, not what it changed.
bool bookkeeping(const TraceEvent &e)
{
    switch (e.kind) {
    case EventKind::Done:
    case EventKind::Local:
    case EventKind::Yield:
    case EventKind::Violation:
        return true;
    default:
        return false;
    }
}

QString withoutSpaces(QString text)
{
    text.remove(u' ');
    return text;
}
} // namespace

int ruleCulprit(const Machine &machine, const Trace &trace, const TraceAnalysis &analysis, int rule)
{
    if (rule < 0 || rule >= int(machine.invariants().size()))
        return -1;
    if (machine.invariants()[size_t(rule)].always) {
        for (int e = 0; e < int(trace.size()); ++e) {
            if (trace[size_t(e)].kind != EventKind::Violation || trace[size_t(e)].value != rule)
                continue;
            // The Violation is recorded after the move: blame the move's last event that
            // changed something (the write, not the "finished" after it).
            for (int c = e - 1; c >= 0 && trace[size_t(c)].step == trace[size_t(e)].step; --c)
                if (!bookkeeping(trace[size_t(c)]))
                    return c;
            return e;
        }
        return -1;
    }
    if (!analysis.lostUpdates.empty())
        return analysis.lostUpdates.front().overwritingWrite;
    if (!analysis.failures.empty())
        return analysis.failures.back();
    for (int e = int(trace.size()) - 1; e >= 0; --e)
        if (isWriteEvent(trace[size_t(e)]) || trace[size_t(e)].kind == EventKind::Insert)
            return e;
    return -1;
}

std::vector<RuleVerdict> judgeRules(const Machine &machine, const State &state, const Trace &trace,
                                    const TraceAnalysis &analysis)
{
    const bool terminal = machine.isTerminal(state);
    const std::vector<bool> holds = machine.checkInvariants(state);
    const uint64_t violated = machine.violatedMask(state);
    std::vector<RuleVerdict> verdicts(machine.invariants().size());
    for (size_t i = 0; i < verdicts.size(); ++i) {
        RuleVerdict &v = verdicts[i];
        if (machine.invariants()[i].always)
            v.status = (violated >> i) & 1 ? RuleVerdict::Broken : RuleVerdict::Holds;
        else if (terminal)
            v.status = holds[i] ? RuleVerdict::Holds : RuleVerdict::Broken;
        if (v.status == RuleVerdict::Broken)
            v.culprit = ruleCulprit(machine, trace, analysis, int(i));
    }
    return verdicts;
}

std::vector<int> rulesAboutFigure(const Machine &machine, int figure)
{
    std::vector<int> rules;
    const ScenarioSpec &spec = machine.scenario();
    if (figure < 0 || figure >= spec.figures.size())
        return rules;
    const QString expression = withoutSpaces(spec.figures.at(figure).actual);
    for (int i = 0; i < spec.invariants.size() && i < int(machine.invariants().size()); ++i)
        if (!expression.isEmpty() && withoutSpaces(spec.invariants.at(i).check).contains(expression))
            rules.push_back(i);
    return rules;
}

std::vector<FigureVerdict> judgeFigures(const Machine &machine, const State &state,
                                        const std::vector<RuleVerdict> &rules)
{
    const bool terminal = machine.isTerminal(state);
    std::vector<FigureVerdict> verdicts;
    for (int i = 0; i < int(machine.figures().size()); ++i) {
        const Figure &f = machine.figures()[size_t(i)];
        FigureVerdict v;
        v.actual = machine.evaluate(f.actual, state);
        if (f.hasExpected) {
            v.expected = machine.evaluate(f.expected, state);
            for (int rule : rulesAboutFigure(machine, i))
                if (rule < int(rules.size()) && rules[size_t(rule)].status == RuleVerdict::Broken && v.brokenRule < 0)
                    v.brokenRule = rule;
            if (v.brokenRule >= 0)
                v.status = FigureVerdict::Wrong;
            else if (!terminal)
                v.status = FigureVerdict::Pending;
            else
                v.status = v.actual == v.expected ? FigureVerdict::AsExpected : FigureVerdict::Wrong;
        }
        verdicts.push_back(v);
    }
    return verdicts;
}

} // namespace Interleave
