// Export speed: a timeline of 10,000 real engine events (locked and unlocked
// reads and writes, waits, commits, lost updates) written whole to PNG (2× and
// 3×), SVG, PDF, Perfetto JSON and DOT. The budget is under 1 s per format.
//
//   bench_export [--events N] [--runs N] [--keep DIR]

#include "drivers/stepper.h"
#include "export/exporter.h"
#include "scenario/scenario.h"
#include "timeline/timelinelayout.h"
#include "trace/traceanalysis.h"
#include "trace/traceexport.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace Interleave;

namespace {

const char *const loopScenario = R"({
  "format": 1, "id": "bench-export", "title": "Export benchmark: transfers that never stop",
  "params": [{"name": "requests", "label": "Requests", "default": 6, "min": 1, "max": 64}],
  "state": {"tables": [{"name": "accounts", "columns": ["balance"], "rows": [{"id": 1, "balance": 1000}, {"id": 2, "balance": 1000}]}]},
  "actors": [{"name": "Request %1", "repeat": "requests", "locals": {"id": "1 + i % 2"}}],
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

Trace generate(const Machine &m, int events, Schedule *schedule)
{
    QRandomGenerator rng(7);
    State s = m.initialState();
    Trace trace;
    trace.reserve(size_t(events) + 64);
    std::vector<int> enabled;
    for (int step = 0; int(trace.size()) < events; ++step) {
        enabled.clear();
        for (int a = 0; a < m.actorCount(); ++a)
            if (m.isEnabled(s, a))
                enabled.push_back(a);
        if (enabled.empty())
            break;
        const int actor = enabled[rng.bounded(int(enabled.size()))];
        schedule->moves.push_back(actor);
        m.step(s, actor, &trace, step);
    }
    return trace;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("events"), QStringLiteral("Trace events (default 10000)."), QStringLiteral("N"),
                      QStringLiteral("10000")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Runs per format; the median is reported (default 3)."),
                      QStringLiteral("N"), QStringLiteral("3")});
    parser.addOption(
        {QStringLiteral("keep"), QStringLiteral("Write the files into DIR and keep them."), QStringLiteral("DIR")});
    parser.addHelpOption();
    parser.process(app);
    QTextStream out(stdout);

    QString error;
    auto spec = ScenarioLoader::loadData(loopScenario, QStringLiteral("bench-export.json"), &error);
    auto machine = spec ? Machine::compile(*spec, QStringLiteral("mixed"), ExecutionModel{}, {}, &error) : nullptr;
    if (!machine) {
        out << error << Qt::endl;
        return 1;
    }
    Schedule schedule;
    const Trace trace = generate(*machine, parser.value(QStringLiteral("events")).toInt(), &schedule);
    QElapsedTimer prep;
    prep.start();
    const TraceAnalysis analysis = analyze(*machine, trace);
    auto layout = TimelineLayout::build(machine, trace, analysis, AxisMode::Steps);
    const qint64 prepMs = prep.elapsed();
    const ExportCaption caption =
        ExportCaption::describe(*machine, nullptr, schedule.toString(*machine).left(400) + QStringLiteral(" …"));

    QTemporaryDir temp;
    const QString dir = parser.isSet(QStringLiteral("keep")) ? parser.value(QStringLiteral("keep")) : temp.path();
    QDir().mkpath(dir);
    out << "bench_export: " << trace.size() << " events, " << analysis.stepCount << " steps, " << analysis.flows.size()
        << " write->read flows, " << analysis.intervals.size() << " lock intervals; "
        << "analysis + layout " << prepMs << " ms" << Qt::endl;

    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    bool allUnder = true;
    struct Job
    {
        ExportFormat format;
        qreal scale;
    };
    for (const Job &job : {Job{ExportFormat::Png, 2}, Job{ExportFormat::Png, 3}, Job{ExportFormat::Svg, 1},
                           Job{ExportFormat::Pdf, 1}, Job{ExportFormat::Perfetto, 1}, Job{ExportFormat::Dot, 1}}) {
        const ExportFormat format = job.format;
        const QString name =
            format == ExportFormat::Png ? QStringLiteral("png %1x").arg(job.scale) : Exporter::suffix(format);
        const QString path = QDir(dir).filePath(
            QStringLiteral("bench-timeline-%1.%2").arg(int(job.scale)).arg(Exporter::suffix(format)));
        std::vector<qint64> times;
        for (int r = 0; r < runs; ++r) {
            QElapsedTimer timer;
            timer.start();
            bool ok = false;
            if (format == ExportFormat::Perfetto) {
                ok = Exporter::writeBytes(TraceExport::perfettoJson(*machine, trace, analysis), path, &error);
            } else if (format == ExportFormat::Dot) {
                ok = Exporter::writeBytes(
                    TraceExport::waitForGraphDot(*machine, trace, analysis, int(trace.size()) - 1), path, &error);
            } else {
                ExportSettings settings;
                settings.format = format;
                settings.scale = job.scale;
                ok = Exporter::exportTimeline(layout, layout->extent(), caption, settings, path, &error);
            }
            times.push_back(timer.elapsed());
            if (!ok) {
                out << error << Qt::endl;
                return 1;
            }
        }
        std::sort(times.begin(), times.end());
        const qint64 median = times[times.size() / 2];
        allUnder = allUnder && median < 1000;
        out << QStringLiteral("  %1  %2 ms  (%3 KiB)%4")
                   .arg(name.leftJustified(6))
                   .arg(median, 5)
                   .arg(QFileInfo(path).size() / 1024, 6)
                   .arg(median < 1000 ? QString() : QStringLiteral("  over the 1 s budget"))
            << Qt::endl;
    }
    out << (allUnder ? "every format under 1 s" : "SOME FORMAT OVER 1 s") << Qt::endl;
    return allUnder ? 0 : 1;
}
