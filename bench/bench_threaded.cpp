// Threaded driver speed. Targets (ROADMAP): the 2-request lost update with no
// injected delay at >= 2,000 trials/s; the seed's 100-request load test (seed
// 004 example 7) at <= 20 ms per trial; trace recording <= 100 ns per event.
// Usage: bench_threaded [trials for the 2-request case]

#include "drivers/stepper.h"
#include "drivers/threadeddriver.h"
#include "scenario/scenario.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <chrono>
#include <ctime>

using namespace Interleave;

namespace {

std::shared_ptr<const Machine> compile(const QString &strategy, const QHash<QString, int64_t> &params)
{
    QString error;
    auto spec = ScenarioLoader::resolve(QStringLiteral("lost-update"), &error);
    auto machine = spec ? Machine::compile(*spec, strategy, ExecutionModel{}, params, &error) : nullptr;
    if (!machine)
        qFatal("%s", qPrintable(error));
    return machine;
}

ThreadedSummary run(const std::shared_ptr<const Machine> &machine, int trials, bool trace, int parallel = 0)
{
    ThreadedDriver driver(machine);
    ThreadedOptions options;
    options.recordTrace = trace;
    options.parallelTrials = parallel;
    driver.setOptions(options);
    return driver.runTrials(trials, 1);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const int trials = argc > 1 ? std::max(100, QString::fromLocal8Bit(argv[1]).toInt()) : 20000;

    // 1. Two deposits, no delay: the cost of a trial itself (threads, barrier, hand-offs).
    {
        auto machine = compile(QStringLiteral("broken"), {{QStringLiteral("delay_ms"), 0}});
        run(machine, 200, true); // warm the pool's threads
        for (int parallel : {1, 0}) {
            const ThreadedSummary s = run(machine, trials, true, parallel);
            out << QStringLiteral("lost-update/broken, 2 requests, delay 0, %1: %2 trials in %3 ms = %4 trials/s "
                                  "(target >= 2000); %5 outcomes")
                       .arg(parallel == 1 ? QStringLiteral("one trial at a time") : QStringLiteral("parallel batches"))
                       .arg(s.completed)
                       .arg(s.wallMs, 0, 'f', 0)
                       .arg(s.completed / (s.wallMs / 1000.0), 0, 'f', 0)
                       .arg(s.outcomes.size())
                << Qt::endl;
        }
    }

    // 2. Seed 004 example 7: 100 concurrent deposits of 10 on 1000, each endpoint once.
    //    The broken one waits the seed's 100 ms between read and write (1 ms at the default time scale).
    for (const QString &strategy : {QStringLiteral("broken"), QStringLiteral("atomic"), QStringLiteral("optimistic")}) {
        auto machine = compile(strategy,
                               {{QStringLiteral("requests"), 100},
                                {QStringLiteral("first_amount"), 10},
                                {QStringLiteral("amount_step"), 0}});
        run(machine, 2, true);
        const int n = 50;
        const ThreadedSummary s = run(machine, n, true);
        out << QStringLiteral("load test (100 requests) lost-update/%1: %2 ms per trial (target <= 20) · mean lost %3 "
                              "· successes %4/trial · errors %5/trial%6")
                   .arg(strategy)
                   .arg(s.wallMs / n, 0, 'f', 2)
                   .arg(s.stats.meanLostUpdates(), 0, 'f', 0)
                   .arg(double(s.stats.successes) / n, 0, 'f', 1)
                   .arg(double(s.stats.failures) / n, 0, 'f', 1)
                   .arg(s.stats.countsRetries
                            ? QStringLiteral(" · retries %1/trial").arg(double(s.stats.retries) / n, 0, 'f', 1)
                            : QString())
            << Qt::endl;
    }

    // 3. Trace recording overhead per event.
    {
        // a) Exact: the same moves through Machine::step with and without a trace, plus the driver's
        //    wall-time stamp, on one thread. This is what recording adds to each step under the lock.
        auto machine = compile(QStringLiteral("broken"),
                               {{QStringLiteral("requests"), 100},
                                {QStringLiteral("first_amount"), 10},
                                {QStringLiteral("amount_step"), 0}});
        std::vector<int> moves;
        for (int round = 0; round < 2; ++round)
            for (int a = 0; a < machine->actorCount(); ++a)
                moves.push_back(a);
        const State initial = machine->initialState();
        Trace trace;
        trace.reserve(moves.size() * 8);
        const int reps = 300;
        // Thread CPU time, not wall time: other processes on a busy machine do not count.
        auto cpuNs = [] {
            timespec ts;
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
            return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
        };
        auto timeIt = [&](bool record) {
            int64_t events = 0;
            const double t0 = cpuNs();
            for (int r = 0; r < reps; ++r) {
                State s = initial;
                trace.clear();
                int stepNo = 0;
                for (int m : moves) {
                    const size_t first = trace.size();
                    machine->step(s, m, record ? &trace : nullptr, stepNo++);
                    if (record) {
                        const int64_t ns = std::chrono::steady_clock::now().time_since_epoch().count();
                        for (size_t i = first; i < trace.size(); ++i)
                            trace[i].wallNs = ns;
                    }
                }
                events += int64_t(trace.size());
            }
            return std::pair{cpuNs() - t0, events};
        };
        timeIt(true);
        double without = 1e300, with = 1e300;
        int64_t events = 0;
        for (int k = 0; k < 15; ++k) { // best of fifteen: the machine is shared with other work
            without = std::min(without, timeIt(false).first);
            const auto [ns, n] = timeIt(true);
            with = std::min(with, ns);
            events = n;
        }
        out << QStringLiteral("trace recording, same moves with and without a trace: %1 ns per event (target <= 100; "
                              "%2 events per run)")
                   .arg((with - without) / double(events), 0, 'f', 1)
                   .arg(events / reps)
            << Qt::endl;

        // b) In the threaded driver itself: whole trials with and without recording (noisier: real threads).
        auto small =
            compile(QStringLiteral("broken"), {{QStringLiteral("delay_ms"), 0}, {QStringLiteral("requests"), 4}});
        // Process CPU time of whole batches, so time other programs take does not count.
        auto processNs = [] {
            timespec ts;
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
            return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
        };
        auto batch = [&](bool record) {
            const double t0 = processNs();
            run(small, 4000, record);
            return processNs() - t0;
        };
        double off = 1e300, on = 1e300;
        int64_t perTrialEvents = 0;
        for (int k = 0; k < 7; ++k) {
            off = std::min(off, batch(false));
            on = std::min(on, batch(true));
        }
        {
            ThreadedDriver driver(small);
            perTrialEvents = int64_t(driver.runTrial(1).trace.size());
        }
        out << QStringLiteral("trace recording in threaded trials (4 requests, %1 events each): %2 ns CPU per event "
                              "(whole-batch difference; real threads make it noisy) · %3 µs CPU per trial")
                   .arg(perTrialEvents)
                   .arg((on - off) / (4000.0 * double(perTrialEvents)), 0, 'f', 1)
                   .arg(off / 4000.0 / 1000.0, 0, 'f', 1)
            << Qt::endl;
    }
    return 0;
}
