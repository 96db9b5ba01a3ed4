#pragma once

// What the verbs print, shared between them so `run` and `step` describe a
// state, a rule and an event in the same words and the same JSON shape
// (docs/cli.md).

#include "drivers/threadeddriver.h"
#include "machine/machine.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QTextStream>

namespace Cli {

// Translation context for every CLI string.
class Text
{
    Q_DECLARE_TR_FUNCTIONS(Cli)
};

// The options every verb shares, as text and as JSON.
QString variantLine(const Interleave::Machine &machine);
// The variant line, and under it why this variant cannot go wrong on its model, when it cannot.
QString variantHeader(const Interleave::Machine &machine);
QJsonObject variantJson(const Interleave::Machine &machine);
// The `step` command that replays `schedule` on exactly this variant: a file
// scenario by its path, every parameter that differs from its default.
QString replayCommand(const Interleave::Machine &machine, const QString &schedule);

QJsonObject stateJson(const Interleave::Machine &machine, const Interleave::State &state);
QStringList stateText(const Interleave::Machine &machine,
                      const Interleave::State &state); // one line per row, cell, table, actor

QJsonObject eventJson(const Interleave::Machine &machine, const Interleave::TraceEvent &event, int index);
QString eventKindName(Interleave::EventKind kind);
QString endName(Interleave::ThreadedTrial::End end); // "finished", "deadlock", "move-limit", "cancelled"

// Each rule and whether it holds in `state`; for a broken one the event that
// broke it, as ruleCulprit() in the core names it for every front end.
struct RuleCheck
{
    const Interleave::Invariant *rule = nullptr;
    bool holds = true;
    int event = -1; // index into the trace, -1 when unknown
};
std::vector<RuleCheck> checkRules(const Interleave::Machine &machine, const Interleave::State &state,
                                  const Interleave::Trace &trace);
QJsonArray rulesJson(const Interleave::Machine &machine, const std::vector<RuleCheck> &rules,
                     const Interleave::Trace &trace);

QStringList anomalyNames(uint64_t mask);

// Actor letter -> error message -> count.
QJsonObject errorsJson(const QMap<QString, QMap<QString, int64_t>> &errors);

void printJson(QTextStream &out, const QJsonObject &object);

} // namespace Cli
