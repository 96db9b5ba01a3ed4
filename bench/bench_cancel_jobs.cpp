// Cancel latency outside the explorer: how long after cancel() a job has
// stopped, for threaded trials (the driver alone and through the window's
// EngineJobs), for exports of the largest trace a session may hold (the
// stepper's move cap) and for Ctrl+C in `interleave-cli run` and `export`.
// Each job is cancelled after it has run a while, several times; the worst
// latency is reported. The target is 100 ms.
//
// The window's Explore all at 9.5 M states is measured here too; the explorer alone and
// `interleave-cli explore` at 10 M states are in bench_cancel.
//
//   bench_cancel_jobs [--repeats N] [--cli PATH] [--only driver,jobs,explore,exports,cli]

#include "drivers/stepper.h"
#include "drivers/threadeddriver.h"
#include "export/exporter.h"
#include "scenario/scenario.h"
#include "timeline/timelinelayout.h"
#include "trace/traceanalysis.h"
#include "trace/traceexport.h"
#include "window/enginejobs.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <functional>
#include <thread>

using namespace Interleave;

namespace {

// Six requests that move money for ever: any schedule length is possible.
const char *const loopScenario = R"({
  "format": 1, "id": "bench-cancel", "title": "Cancel benchmark: transfers that never stop",
  "state": {"tables": [{"name": "accounts", "columns": ["balance"], "rows": [{"id": 1, "balance": 1000}, {"id": 2, "balance": 1000}]}]},
  "actors": [{"name": "Request %1", "repeat": "6", "locals": {"id": "1 + i % 2"}}],
  "strategies": [{"id": "mixed", "label": "Locked and unlocked updates", "programs": {"main": [
    {"code": "BEGIN", "label": "top", "steps": [{"op": "begin"}]},
    {"code": "SELECT … FOR UPDATE", "steps": [{"op": "read", "cell": "accounts[id].balance", "into": "b", "forUpdate": true}]},
    {"code": "UPDATE", "steps": [{"op": "write", "cell": "accounts[id].balance", "value": "b + 1"}]},
    {"code": "COMMIT", "steps": [{"op": "commit"}]},
    {"code": "SELECT", "steps": [{"op": "read", "cell": "accounts[3 - id].balance", "into": "c"}]},
    {"code": "UPDATE", "steps": [{"op": "write", "cell": "accounts[3 - id].balance", "value": "c + 1"}]},
    {"code": "again", "steps": [{"op": "goto", "to": "top"}]}]}}],
  "models": ["threads"]
})";

std::shared_ptr<const Machine> compile(const QByteArray &source, const QString &id, const QString &strategy,
                                       const QHash<QString, int64_t> &params)
{
    QString error;
    auto spec = source.isEmpty() ? ScenarioLoader::resolve(id, &error) : ScenarioLoader::loadData(source, id, &error);
    auto machine = spec ? Machine::compile(*spec, strategy, ExecutionModel{}, params, &error) : nullptr;
    if (!machine)
        qFatal("%s", qPrintable(error));
    return machine;
}

struct Latency
{
    double worstMs = 0;
    int stoppedEarly = 0; // runs that finished before the cancel came: no figure
};

// Runs `work` on a thread, sets the flag after `afterMs`, and times until `work` returns.
Latency cancelLatency(const std::function<void(const std::atomic<bool> *)> &work, int afterMs, int repeats)
{
    Latency latency;
    for (int r = 0; r < repeats; ++r) {
        std::atomic<bool> cancel{false}, done{false};
        std::thread worker([&] {
            work(&cancel);
            done = true;
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(afterMs));
        QElapsedTimer timer;
        timer.start();
        const bool wasDone = done;
        cancel = true;
        worker.join();
        if (wasDone)
            ++latency.stoppedEarly;
        else
            latency.worstMs = std::max(latency.worstMs, timer.nsecsElapsed() / 1e6);
    }
    return latency;
}

double timeMs(const std::function<void()> &work)
{
    QElapsedTimer timer;
    timer.start();
    work();
    return timer.nsecsElapsed() / 1e6;
}

QString report(const QString &what, const Latency &l, const QString &extra = QString())
{
    QString line = QStringLiteral("%1: worst %2 ms").arg(what).arg(l.worstMs, 0, 'f', 1);
    if (!extra.isEmpty())
        line += QStringLiteral(" (%1)").arg(extra);
    if (l.stoppedEarly)
        line += QStringLiteral(" [%1 run(s) finished before the cancel]").arg(l.stoppedEarly);
    return line;
}

void benchDriver(QTextStream &out, int repeats)
{
    const auto small =
        compile({}, QStringLiteral("lost-update"), QStringLiteral("broken"), {{QStringLiteral("delay_ms"), 0}});
    const auto big =
        compile({}, QStringLiteral("lost-update"), QStringLiteral("pessimistic"), {{QStringLiteral("requests"), 100}});
    for (const auto &[machine, label] :
         {std::pair{small, QStringLiteral("2 requests")}, std::pair{big, QStringLiteral("100 requests, row locks")}}) {
        for (int afterMs : {200, 2000}) {
            int completed = 0;
            const Latency l = cancelLatency(
                [&, m = machine](const std::atomic<bool> *cancel) {
                    ThreadedDriver driver(m);
                    driver.setStopFlag(cancel);
                    // The flag alone is seen at each actor's next step; cancel() also wakes sleepers.
                    std::thread waker([&] {
                        while (!*cancel)
                            std::this_thread::sleep_for(std::chrono::microseconds(200));
                        driver.cancel();
                    });
                    completed = driver.runTrials(1000000, 1).completed;
                    waker.join();
                },
                afterMs, repeats);
            out << report(
                       QStringLiteral("threaded trials, lost-update %1, cancelled after %2 ms").arg(label).arg(afterMs),
                       l, QStringLiteral("%1 trials done").arg(completed))
                << Qt::endl;
        }
    }
}

// EngineJobs as the window drives it: start, cancel from the GUI thread, wait for finished().
void benchEngineJobs(QTextStream &out, int repeats)
{
    const auto machine =
        compile({}, QStringLiteral("lost-update"), QStringLiteral("pessimistic"), {{QStringLiteral("requests"), 100}});
    const std::vector<std::pair<QString, std::function<void(EngineJobs &)>>> jobs = {
        {QStringLiteral("trials"), [&](EngineJobs &j) { j.runTrials(machine, 1000000, 1); }},
        {QStringLiteral("strategy comparison"), [&](EngineJobs &j) { j.compareStrategies(machine, 1000000, 1); }},
        {QStringLiteral("one run on threads"), [&](EngineJobs &j) { j.runOnThreads(machine, 1); }},
    };
    for (const auto &[label, start] : jobs) {
        double worst = 0;
        for (int r = 0; r < repeats; ++r) {
            EngineJobs engine;
            QEventLoop loop;
            QElapsedTimer timer;
            QObject::connect(&engine, &EngineJobs::finished, &loop, [&] { loop.quit(); });
            start(engine);
            QTimer::singleShot(500, &engine, [&] {
                timer.start();
                engine.cancel();
            });
            loop.exec();
            worst = std::max(worst, timer.isValid() ? timer.nsecsElapsed() / 1e6 : 0.0);
        }
        out << QStringLiteral(
                   "window jobs (EngineJobs), %1 on lost-update 100 requests, cancelled after 500 ms: worst %2 ms")
                   .arg(label)
                   .arg(worst, 0, 'f', 1)
            << Qt::endl;
    }
}

// The window's Explore all on the 8-request lost update (16.7 M states), cancelled once 9.5 M
// states are behind it (the window stops at 10 M by itself): cancel to finished().
void benchWindowExplore(QTextStream &out, int repeats)
{
    const auto machine =
        compile({}, QStringLiteral("lost-update"), QStringLiteral("broken"), {{QStringLiteral("requests"), 8}});
    double worst = 0;
    int64_t statesAtCancel = 0;
    for (int r = 0; r < repeats; ++r) {
        EngineJobs engine;
        QEventLoop loop;
        QElapsedTimer timer;
        QObject::connect(&engine, &EngineJobs::finished, &loop, [&] { loop.quit(); });
        QObject::connect(&engine, &EngineJobs::progress, &engine, [&](int states, int) {
            if (states >= 9'500'000 && !timer.isValid()) {
                statesAtCancel = states;
                timer.start();
                engine.cancel();
            }
        });
        engine.explore(machine);
        loop.exec();
        worst = std::max(worst, timer.isValid() ? timer.nsecsElapsed() / 1e6 : 0.0);
    }
    out << QStringLiteral(
               "window Explore all (EngineJobs), lost-update 8 requests, cancelled at %1 states: worst %2 ms "
               "to the partial result")
               .arg(statesAtCancel)
               .arg(worst, 0, 'f', 1)
        << Qt::endl;
}

// The largest trace a session can hold: Stepper::MaxMoves moves of the endless transfers.
std::unique_ptr<Stepper> longestRun()
{
    auto stepper =
        std::make_unique<Stepper>(compile(loopScenario, QStringLiteral("bench-cancel"), QStringLiteral("mixed"), {}));
    for (uint32_t k = 0; stepper->cursor() < Stepper::MaxMoves; ++k) {
        const std::vector<int> moves = stepper->availableMoves();
        if (moves.empty() || !stepper->move(moves[(k * 2654435761u >> 7) % moves.size()]))
            break;
    }
    return stepper;
}

void benchExports(QTextStream &out, const Stepper &stepper, int repeats)
{
    const auto machine = stepper.machinePtr();
    const Trace &trace = stepper.trace();
    const TraceAnalysis analysis = analyze(*machine, trace);
    auto layout = TimelineLayout::build(machine, trace, analysis, AxisMode::Steps);
    const ExportCaption caption = ExportCaption::describe(*machine, &stepper.state(), QString());
    QTemporaryDir dir;
    out << QStringLiteral("exports of %1 moves, %2 events:").arg(stepper.cursor()).arg(trace.size()) << Qt::endl;

    const double perfettoMs = timeMs([&] { TraceExport::perfettoJson(*machine, trace, analysis); });
    const Latency perfetto = cancelLatency(
        [&](const std::atomic<bool> *cancel) {
            TraceExport::perfettoJson(*machine, trace, analysis, QString(), cancel);
        },
        int(perfettoMs / 2), repeats);
    out << "  "
        << report(QStringLiteral("Perfetto JSON, cancelled half-way"), perfetto,
                  QStringLiteral("whole export %1 ms").arg(perfettoMs, 0, 'f', 0))
        << Qt::endl;

    for (ExportFormat format : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf}) {
        ExportSettings settings;
        settings.format = format;
        settings.scale = 3;
        const QString path = dir.filePath(QStringLiteral("t.") + Exporter::suffix(format));
        QString error;
        const double wholeMs =
            timeMs([&] { Exporter::exportTimeline(layout, layout->extent(), caption, settings, path, &error); });
        const Latency l = cancelLatency(
            [&](const std::atomic<bool> *cancel) {
                ExportSettings s = settings;
                s.cancel = cancel;
                QString e;
                Exporter::exportTimeline(layout, layout->extent(), caption, s, path + QStringLiteral(".c"), &e);
            },
            int(wholeMs / 2), repeats);
        out << "  "
            << report(QStringLiteral("%1 timeline (3×), cancelled half-way").arg(Exporter::suffix(format).toUpper()), l,
                      QStringLiteral("whole export %1 ms").arg(wholeMs, 0, 'f', 0))
            << Qt::endl;
    }
}

// Wall time of one CLI command; -1 if it did not start.
double runCli(const QString &cli, const QStringList &arguments, int interruptAfterMs, int *exitCode)
{
    QProcess process;
    process.start(cli, arguments);
    if (!process.waitForStarted())
        return -1;
    QElapsedTimer timer;
    timer.start();
    if (interruptAfterMs >= 0) {
        QThread::msleep(ulong(interruptAfterMs));
        timer.start();
        ::kill(pid_t(process.processId()), SIGINT);
    }
    process.waitForFinished(60000);
    *exitCode = process.exitCode();
    return timer.nsecsElapsed() / 1e6;
}

// Ctrl+C to the real CLI: from SIGINT to the process's exit (its start-up excluded).
void benchCli(QTextStream &out, const QString &cli, const Stepper &stepper, int repeats)
{
    if (!QFileInfo(cli).isExecutable()) {
        out << QStringLiteral("interleave-cli not found at %1: give --cli PATH").arg(cli) << Qt::endl;
        return;
    }
    QTemporaryDir dir;
    const QString session = dir.filePath(QStringLiteral("long.interleave"));
    QFile file(session);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(session));
    file.write(QStringLiteral(R"({"format": "interleave-session", "version": 1, "scenario": {"source": %1},
        "strategy": "mixed", "model": "threads", "schedule": "%2"})")
                   .arg(QString::fromUtf8(loopScenario), stepper.fullSchedule().toString(stepper.machine()))
                   .toUtf8());
    file.close();
    const QStringList run = {QStringLiteral("run"),          QStringLiteral("--param"),
                             QStringLiteral("requests=100"), QStringLiteral("--strategy"),
                             QStringLiteral("pessimistic"),  QStringLiteral("--trials"),
                             QStringLiteral("1000000")};
    const std::vector<std::pair<QString, QStringList>> commands = {
        {QStringLiteral("run --trials 1000000 (lost-update, 100 requests)"), run},
        {QStringLiteral("export of the %1-move session to Perfetto JSON").arg(stepper.cursor()),
         {QStringLiteral("export"), QStringLiteral("--session-file"), session, QStringLiteral("-o"),
          dir.filePath(QStringLiteral("t.json"))}},
        {QStringLiteral("export of the %1-move session to PNG (3×)").arg(stepper.cursor()),
         {QStringLiteral("export"), QStringLiteral("--session-file"), session, QStringLiteral("--scale"),
          QStringLiteral("3"), QStringLiteral("-o"), dir.filePath(QStringLiteral("t.png"))}},
    };
    for (const auto &[label, arguments] : commands) {
        int code = 0;
        // Interrupted half-way through an uninterrupted run (the trials would take hours: 1.5 s in).
        const double whole = label.startsWith(QLatin1String("run")) ? 3000 : runCli(cli, arguments, -1, &code);
        double worst = 0;
        for (int r = 0; r < repeats; ++r)
            worst = std::max(worst, runCli(cli, arguments, int(whole / 2), &code));
        out << QStringLiteral("interleave-cli %1, Ctrl+C after %2 ms: worst %3 ms to exit (exit code %4)")
                   .arg(label)
                   .arg(int(whole / 2))
                   .arg(worst, 0, 'f', 1)
                   .arg(code)
            << Qt::endl;
    }
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("repeats"), QStringLiteral("Cancels per job; the worst is reported (default 5)."),
                      QStringLiteral("N"), QStringLiteral("5")});
    parser.addOption({QStringLiteral("cli"), QStringLiteral("interleave-cli to send Ctrl+C to."),
                      QStringLiteral("PATH"),
                      QCoreApplication::applicationDirPath() + QStringLiteral("/../app/cli/interleave-cli")});
    parser.addOption(
        {QStringLiteral("only"),
         QStringLiteral("Only these parts, comma-separated: driver, jobs, explore, exports, cli (default: all)."),
         QStringLiteral("PARTS")});
    parser.addHelpOption();
    parser.process(app);
    const int repeats = std::max(1, parser.value(QStringLiteral("repeats")).toInt());
    const QStringList only = parser.value(QStringLiteral("only")).split(u',', Qt::SkipEmptyParts);
    auto wanted = [&](const char *part) { return only.isEmpty() || only.contains(QLatin1String(part)); };
    QTextStream out(stdout);
    if (wanted("driver"))
        benchDriver(out, repeats);
    if (wanted("jobs"))
        benchEngineJobs(out, repeats);
    if (wanted("explore"))
        benchWindowExplore(out, repeats);
    const std::unique_ptr<Stepper> longest = longestRun();
    if (wanted("exports"))
        benchExports(out, *longest, repeats);
    if (wanted("cli"))
        benchCli(out, parser.value(QStringLiteral("cli")), *longest, repeats);
    return 0;
}
