// Cancel latency of the explorer at 10 M explored states: the 8-request lost
// update (16.7 M states in all) is cancelled once 10 M are behind it, and the
// time from the cancel to the result is measured, in process and, with --cli,
// from SIGINT to the command-line program's exit.
// Usage: bench_cancel [repetitions] [--states N] [--cli path/to/interleave-cli]

#include "explore/explorer.h"
#include "scenario/scenario.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <vector>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

using namespace Interleave;

namespace {

struct Sample
{
    double latencyMs = 0; // cancel to result
    double reachMs = 0; // start to the cancel
    int64_t states = 0; // in the result
};

Sample cancelInProcess(const std::shared_ptr<const Machine> &machine, int64_t states)
{
    auto control = std::make_shared<ExplorerControl>();
    ExplorerOptions options;
    options.stateBudget = 0;
    QElapsedTimer clock;
    clock.start();
    QFuture<ExplorerResult> future = Explorer::exploreAsync(machine, options, control);
    while (control->states.load() < states && !future.isFinished())
        QThread::usleep(200); // the explorer publishes its count every 50 ms
    Sample s;
    s.reachMs = double(clock.nsecsElapsed()) / 1e6;
    QElapsedTimer latency;
    latency.start();
    control->cancel = true;
    future.waitForFinished();
    s.latencyMs = double(latency.nsecsElapsed()) / 1e6;
    s.states = future.result().states;
    return s;
}

// SIGINT after `afterMs`, then the time until the process has exited (memory given back included).
Sample cancelCli(const QString &cli, double afterMs)
{
    Sample s;
#ifdef Q_OS_UNIX
    QProcess process;
    process.start(cli,
                  {QStringLiteral("explore"), QStringLiteral("--scenario"), QStringLiteral("lost-update"),
                   QStringLiteral("--param"), QStringLiteral("requests=8"), QStringLiteral("--budget"),
                   QStringLiteral("0")});
    if (!process.waitForStarted())
        return s;
    QThread::usleep(static_cast<unsigned long>(afterMs * 1000));
    QElapsedTimer latency;
    latency.start();
    ::kill(pid_t(process.processId()), SIGINT);
    process.waitForFinished(60000);
    s.latencyMs = double(latency.nsecsElapsed()) / 1e6;
    const QString output = QString::fromUtf8(process.readAllStandardOutput());
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("(\\d+) distinct states")).match(output);
    s.states = m.hasMatch() ? m.captured(1).toLongLong() : -1;
#else
    Q_UNUSED(cli);
    Q_UNUSED(afterMs);
#endif
    return s;
}

void report(QTextStream &out, const char *what, std::vector<Sample> samples)
{
    std::sort(samples.begin(), samples.end(),
              [](const Sample &a, const Sample &b) { return a.latencyMs < b.latencyMs; });
    out << what << ": median " << QString::number(samples[samples.size() / 2].latencyMs, 'f', 1) << " ms, worst "
        << QString::number(samples.back().latencyMs, 'f', 1) << " ms over " << samples.size()
        << " runs; states at the cancel:";
    for (const Sample &s : samples)
        out << ' ' << s.states;
    out << Qt::endl;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    const QStringList args = app.arguments();
    const int reps = args.size() > 1 && args.at(1).toInt() > 0 ? args.at(1).toInt() : 3;
    const int statesAt = args.indexOf(QLatin1String("--states"));
    const int64_t states = statesAt > 0 && statesAt + 1 < args.size() ? args.at(statesAt + 1).toLongLong() : 10'000'000;
    const int cliAt = args.indexOf(QLatin1String("--cli"));

    QString error;
    const auto spec = ScenarioLoader::resolve(QStringLiteral("lost-update"), &error);
    const auto machine = spec
        ? Machine::compile(*spec, QStringLiteral("broken"), {}, {{QStringLiteral("requests"), 8}}, &error)
        : nullptr;
    if (!machine) {
        out << "cannot compile the 8-request lost update: " << error << Qt::endl;
        return 1;
    }
    std::vector<Sample> inProcess;
    for (int i = 0; i < reps; ++i)
        inProcess.push_back(cancelInProcess(machine, states));
    report(out, "explorer, cancel to result", inProcess);

    if (cliAt > 0 && cliAt + 1 < args.size()) {
        double reach = 0;
        for (const Sample &s : inProcess)
            reach += s.reachMs / double(inProcess.size());
        std::vector<Sample> cli;
        for (int i = 0; i < reps; ++i)
            cli.push_back(cancelCli(args.at(cliAt + 1), reach * 0.8)); // the CLI explores a little faster
        report(out, "interleave-cli, SIGINT to exit", cli);
    }
    return 0;
}
