// libFuzzer harness: a scenario file from a stranger goes through the loader (which
// compiles every strategy under every model), then one strategy is explored with a
// small state budget and stepped round-robin for a bounded number of moves, under
// each model the file offers.
#include "drivers/stepper.h"
#include "explore/explorer.h"
#include "machine/machine.h"
#include "scenario/scenario.h"

#include <QLocale>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>

using namespace Interleave;

namespace {
// Bounds so that one input costs milliseconds, not seconds.
constexpr size_t MaxInputBytes = 64 * 1024;
constexpr int64_t ExploreStateBudget = 300;
constexpr int StepperMoves = 64;
constexpr qsizetype MaxModels = 3;

void exploreBounded(const std::shared_ptr<const Machine> &machine)
{
    ExplorerOptions options;
    options.stateBudget = ExploreStateBudget;
    options.threads = 1; // deterministic, and on this thread
    const ExplorerResult result = Explorer::explore(*machine, options);
    result.summary();
    result.incompleteReason();
    // Every schedule the explorer reports must replay in the stepper.
    for (size_t k = 0; k < result.outcomes.size() && k < 4; ++k) {
        Stepper replayer(machine);
        QString problem;
        if (!replayer.replay(result.outcomes[k].schedule, &problem))
            qFatal("explorer schedule %s does not replay: %s", qPrintable(result.outcomes[k].scheduleText),
                   qPrintable(problem));
    }
}

void stepRoundRobin(const std::shared_ptr<const Machine> &machine)
{
    Stepper stepper(machine);
    for (int k = 0; k < StepperMoves; ++k) {
        const std::vector<int> moves = stepper.availableMoves();
        if (moves.empty())
            break;
        stepper.move(moves[size_t(k) % moves.size()]);
    }
    for (const TraceEvent &event : stepper.trace())
        machine->narrate(event);
    machine->describeOutcome(stepper.state());
    machine->checkInvariants(stepper.state());
    stepper.undo();
    stepper.seek(0);
    stepper.redo();
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // German: the loader applies a scenario's own "translations" for the default locale.
    QLocale::setDefault(QLocale(QLocale::German));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MaxInputBytes)
        return -1; // not added to the corpus
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const auto spec = ScenarioLoader::loadData(bytes, QStringLiteral("fuzz.json"), &error);
    if (!spec || spec->strategies.isEmpty())
        return 0;
    // The strategy is picked by the input's size, so that mutations reach every one.
    const StrategySpec &strategy = spec->strategies.at(qsizetype(size % size_t(spec->strategies.size())));
    QHash<QString, int64_t> params;
    const QMap<QString, qint64> defaults = spec->defaultParams();
    for (auto it = defaults.cbegin(); it != defaults.cend(); ++it)
        params.insert(it.key(), it.value());
    for (qsizetype m = 0; m < spec->models.size() && m < MaxModels; ++m) {
        const auto model = ExecutionModel::parse(spec->models.at(m), &error);
        if (!model)
            continue;
        if (const auto machine = Machine::compile(*spec, strategy.id, *model, params, &error)) {
            exploreBounded(machine);
            stepRoundRobin(machine);
        }
    }
    return 0;
}
