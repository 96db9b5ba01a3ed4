// Stepper speed on the lost update: one move plus its undo, as the student
// does it with the Step button and Ctrl+Z. Target: at least 1,000,000 per second.
// Usage: bench_stepper [seconds per case]

#include "drivers/stepper.h"
#include "scenario/scenario.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

using namespace Interleave;

namespace {

std::shared_ptr<const Machine> compile(const QString &strategy, int requests)
{
    QString error;
    auto spec = ScenarioLoader::resolve(QStringLiteral("lost-update"), &error);
    auto machine = spec
        ? Machine::compile(*spec, strategy, ExecutionModel{}, {{QStringLiteral("requests"), requests}}, &error)
        : nullptr;
    if (!machine)
        qFatal("%s", qPrintable(error));
    return machine;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const double seconds = argc > 1 ? std::max(0.1, QString::fromLocal8Bit(argv[1]).toDouble()) : 1.0;

    struct Case
    {
        QString strategy;
        int requests;
        QString schedule;
    };
    const Case cases[] = {
        {QStringLiteral("broken"), 2, QStringLiteral("A B A B")},
        {QStringLiteral("broken"), 7, QStringLiteral("A B C D E F G A B C D E F G")},
        {QStringLiteral("optimistic"), 2, QStringLiteral("A B A B B B")}, // B conflicts and retries
    };
    for (const Case &c : cases) {
        auto machine = compile(c.strategy, c.requests);
        const Schedule schedule = *Schedule::parse(c.schedule, *machine, nullptr);
        {
            Stepper check(machine);
            QString error;
            if (!check.replay(schedule, &error) || !machine->isFinal(check.state()))
                qFatal("schedule %s does not finish: %s", qPrintable(c.schedule), qPrintable(error));
        }

        // 1. At every point of the schedule: step, undo, then redo to go on. One step + undo counts once.
        Stepper stepper(machine);
        int64_t steps = 0;
        QElapsedTimer timer;
        timer.start();
        while (timer.nsecsElapsed() < int64_t(seconds * 1e9)) {
            for (int round = 0; round < 1000; ++round) {
                stepper.reset();
                for (int m : schedule.moves) {
                    stepper.move(m);
                    stepper.undo();
                    stepper.redo();
                    ++steps;
                }
            }
        }
        const double stepUndo = double(steps) / (double(timer.nsecsElapsed()) / 1e9);

        // 2. The raw semantics: Machine::step on a State copy, no trace, no stepper bookkeeping.
        int64_t raw = 0;
        timer.restart();
        const State initial = machine->initialState();
        State s;
        while (timer.nsecsElapsed() < int64_t(seconds * 1e9)) {
            for (int round = 0; round < 1000; ++round) {
                s = initial;
                for (int m : schedule.moves)
                    machine->step(s, m, nullptr, 0);
                raw += int64_t(schedule.moves.size());
            }
        }
        const double rawRate = double(raw) / (double(timer.nsecsElapsed()) / 1e9);

        out << QStringLiteral("lost-update/%1 requests=%2 [%3]: stepper move+undo %4 steps/s (%5 ns per step) · "
                              "Machine::step alone %6 steps/s")
                   .arg(c.strategy)
                   .arg(c.requests)
                   .arg(c.schedule)
                   .arg(stepUndo, 0, 'f', 0)
                   .arg(1e9 / stepUndo, 0, 'f', 0)
                   .arg(rawRate, 0, 'f', 0)
            << Qt::endl;
    }
    return 0;
}
