// Explorer speed: the 7-request lost update (681,080,400 interleavings) and
// friends, as states per second and wall time per full outcome histogram.
// Usage: bench_explorer [repetitions] [--big] [--one-thread] [--no-reuse] [--only TEXT] [--requests N]
//   --big adds 8 requests (16.7 M states); --one-thread keeps the explorer on the calling thread;
//   --no-reuse runs the machine for every successor (ExplorerOptions::reuseLocalSteps off);
//   --only runs the cases whose name contains TEXT (e.g. "pessimistic", "p4", "broken");
//   --requests the cases with N requests

#include "explore/explorer.h"
#include "scenario/scenario.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

// Hermitage's P4 has two transactions, T1 and T2; the same transaction run by `count`.
std::shared_ptr<const ScenarioSpec> hermitageP4(int count, QString *error)
{
    QFile file(QStringLiteral(":/scenarios/hermitage-p4.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return nullptr;
    }
    QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    root[QLatin1String("actors")] = QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("T%1")},
                                                           {QStringLiteral("repeat"), QString::number(count)},
                                                           {QStringLiteral("program"), QStringLiteral("main")}}};
    return ScenarioLoader::loadData(QJsonDocument(root).toJson(),
                                    QStringLiteral("hermitage-p4 (%1 transactions)").arg(count), error);
}

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
    // Transactions, at the scenarios' MySQL REPEATABLE READ: a transaction's wait for
    // a row lock is where steps stop being local (Machine::stepsAreLocal).
    cases.push_back(
        {QStringLiteral("lost-update"), QStringLiteral("pessimistic"), QStringLiteral("threads"), 6, false});
    cases.push_back({QStringLiteral("hermitage-p4"), QStringLiteral("hermitage"), QStringLiteral("threads"), 6, false});
    // With 3,645 states, one miss of the memo tables in six moves still runs the machine;
    // with 10 requests (452,709 states) the tables are warm for most of the run.
    cases.push_back(
        {QStringLiteral("lost-update"), QStringLiteral("pessimistic"), QStringLiteral("threads"), 10, false});
    if (args.contains(QLatin1String("--big")))
        cases.push_back({QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("threads"), 8, false});
    const int only = int(args.indexOf(QLatin1String("--only")));
    const QString filter = only > 0 ? args.value(only + 1) : QString();
    const int requestsAt = int(args.indexOf(QLatin1String("--requests")));
    const int requests = requestsAt > 0 ? args.value(requestsAt + 1).toInt() : 0;
    for (const Case &c : cases) {
        if (!filter.isEmpty() && !QString(c.scenario + u'/' + c.strategy).contains(filter, Qt::CaseInsensitive))
            continue;
        if (requests > 0 && c.requests != requests)
            continue;
        QString error;
        const bool p4 = c.scenario == QLatin1String("hermitage-p4");
        auto spec = p4 ? hermitageP4(c.requests, &error) : ScenarioLoader::resolve(c.scenario, &error);
        std::shared_ptr<const Machine> machine;
        QHash<QString, int64_t> params;
        if (!p4)
            params.insert(QStringLiteral("requests"), c.requests);
        if (spec)
            machine = Machine::compile(*spec, c.strategy, *ExecutionModel::parse(c.model, nullptr), params, &error);
        if (!machine) {
            out << "skip " << c.scenario << '/' << c.strategy << ": " << error << Qt::endl;
            continue;
        }
        ExplorerOptions options;
        options.simplestCounterexamples = c.simplest;
        if (args.contains(QLatin1String("--one-thread")))
            options.threads = 1;
        if (args.contains(QLatin1String("--no-reuse")))
            options.reuseLocalSteps = false;
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
        out << c.scenario << '/' << c.strategy << ' ' << c.model << " requests=" << c.requests << ' '
            << machine->database().toString() << (machine->stepsAreLocal() ? " (local steps)" : "")
            << (c.simplest ? " +simplest counterexamples" : " histogram only") << '\n'
            << "  interleavings " << r.interleavings.toString() << ", breaking " << r.breaking.toString()
            << ", outcomes " << r.outcomes.size() << ", states " << r.states << ", transitions " << r.transitions
            << '\n'
            << "  first " << QString::number(first * 1000, 'f', 1) << " ms, best "
            << QString::number(best * 1000, 'f', 1) << " ms, median " << QString::number(median * 1000, 'f', 1)
            << " ms (CPU " << QString::number(cpu.front() * 1000, 'f', 0) << " ms best, "
            << QString::number(cpu[cpu.size() / 2] * 1e9 / double(std::max<int64_t>(1, r.states)), 'f', 0)
            << " ns CPU/state median), " << QString::number(double(r.states) / median / 1e6, 'f', 2)
            << " M states/s (median), "
            << QString::number(median * 1e9 / double(std::max<int64_t>(1, r.states)), 'f', 0) << " ns/state, "
            << QString::number(double(r.states) / best / 1e6, 'f', 2) << " M states/s (best), "
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
