// Explorer speed: the 7-request lost update (681,080,400 interleavings) and
// friends, as states per second and wall time per full outcome histogram.
// Usage: bench_explorer [repetitions] [--big] [--one-thread]
//   --big adds 8 requests (16.7 M states); --one-thread keeps the explorer on the calling thread

#include "explore/explorer.h"
#include "scenario/scenario.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>
#include <vector>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

using namespace Interleave;

namespace {

// (k n)! / (n!)^k: interleavings of k straight-line actors with n points each.
InterleavingCount multinomial(int k, int n)
{
    unsigned __int128 c = 1;
    int placed = 0;
    for (int a = 0; a < k; ++a)
        for (int i = 1; i <= n; ++i) {
            ++placed;
            c = c * unsigned(placed) / unsigned(i); // stays integral: binomial prefix products
        }
    return InterleavingCount::fromRaw(c);
}

// CPU time of the whole process (both expansion threads, user + system), so a
// figure still means something on a machine other jobs keep busy.
double cpuSeconds()
{
#ifdef Q_OS_UNIX
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
#else
    return 0;
#endif
}

struct Case
{
    QString scenario, strategy, model;
    int requests;
    bool simplest;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = app.arguments();
    const int reps = args.size() > 1 ? std::max(1, args.at(1).toInt()) : 5;

    std::vector<Case> cases = {
        {QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("threads"), 7, false},
        {QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("threads"), 7, true},
        {QStringLiteral("lost-update"), QStringLiteral("atomic"), QStringLiteral("threads"), 7, false},
        {QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("threads"), 6, false},
    };
    if (args.contains(QLatin1String("--big")))
        cases.push_back({QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("threads"), 8, false});
    for (const Case &c : cases) {
        QString error;
        auto spec = ScenarioLoader::resolve(c.scenario, &error);
        std::shared_ptr<const Machine> machine;
        if (spec)
            machine = Machine::compile(*spec, c.strategy, *ExecutionModel::parse(c.model, nullptr),
                                       {{QStringLiteral("requests"), c.requests}}, &error);
        if (!machine) {
            out << "skip " << c.scenario << '/' << c.strategy << ": " << error << Qt::endl;
            continue;
        }
        ExplorerOptions options;
        options.simplestCounterexamples = c.simplest;
        if (args.contains(QLatin1String("--one-thread")))
            options.threads = 1;
        std::vector<double> times, cpu;
        ExplorerResult r;
        for (int i = 0; i < reps; ++i) {
            QElapsedTimer t;
            const double c0 = cpuSeconds();
            t.start();
            r = Explorer::explore(*machine, options);
            times.push_back(double(t.nsecsElapsed()) / 1e9);
            cpu.push_back(cpuSeconds() - c0);
        }
        // The first run also pays for fresh memory (page faults, the kernel zeroing pages).
        const double first = times.front();
        std::sort(times.begin(), times.end());
        std::sort(cpu.begin(), cpu.end());
        const double best = times.front(), median = times[times.size() / 2];
        out << c.scenario << '/' << c.strategy << ' ' << c.model << " requests=" << c.requests
            << (c.simplest ? " +simplest counterexamples" : " histogram only") << '\n'
            << "  interleavings " << r.interleavings.toString() << ", breaking " << r.breaking.toString()
            << ", outcomes " << r.outcomes.size() << ", states " << r.states << ", transitions " << r.transitions
            << '\n'
            << "  first " << QString::number(first * 1000, 'f', 1) << " ms, best "
            << QString::number(best * 1000, 'f', 1) << " ms, median " << QString::number(median * 1000, 'f', 1)
            << " ms (CPU " << QString::number(cpu.front() * 1000, 'f', 0) << " ms), "
            << QString::number(double(r.states) / best / 1e6, 'f', 2) << " M states/s, "
            << QString::number(double(r.transitions) / best / 1e6, 'f', 2) << " M transitions/s" << Qt::endl;
        if (c.strategy == QLatin1String("broken")) {
            const InterleavingCount formula = multinomial(c.requests, 2);
            out << "  formula (2k)!/2^k = " << formula.toString()
                << (formula == r.interleavings ? " (matches)" : " (MISMATCH)") << Qt::endl;
        }
        if (c.simplest)
            if (const ExplorerOutcome *ce = r.simplestCounterexample())
                out << "  simplest counterexample: " << ce->scheduleText << " (" << ce->preemptions << " preemptions)"
                    << Qt::endl;
    }
    return 0;
}
