// Timeline frame time: a million events painted offscreen into a 1920×1080
// QImage at several zoom levels, for the logical-step and the wall-time axis.
// The budget is 16 ms per frame at any zoom (level of detail, culling).
//
//   bench_timeline [--events N] [--frames N] [--png DIR]
//
// --png DIR also renders the lost update (A B A B) and the transfer deadlock
// in the light and presenter themes, for looking at them.

#include "drivers/stepper.h"
#include "scenario/scenario.h"
#include "timeline/timelinelayout.h"
#include "timeline/timelinerenderer.h"
#include "timeline/timelineview.h"
#include "trace/traceanalysis.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QTextStream>

#include <algorithm>
#include <ctime>

using namespace Interleave;

namespace {

// Transfers that loop forever: locked and unlocked reads and writes, waits,
// commits, and lost updates on the unlocked path. Real engine events, not made up.
const char *const loopScenario = R"({
  "format": 1, "id": "bench-loop", "title": "Bench", "summary": "s", "explanation": "e",
  "params": [{"name": "requests", "label": "Requests", "default": 8, "min": 1, "max": 64}],
  "state": {"tables": [{"name": "accounts", "columns": ["balance"], "rows": [{"id": 1, "balance": 1000}, {"id": 2, "balance": 1000}]}]},
  "actors": [{"name": "Request %1", "repeat": "requests", "locals": {"id": "1 + i % 2"}}],
  "strategies": [{"id": "mixed", "label": "mixed", "database": {"deadlockDetection": true}, "programs": {"main": [
    {"code": "begin", "label": "top", "steps": [{"op": "begin", "await": true}]},
    {"code": "lock", "steps": [{"op": "read", "cell": "accounts[id].balance", "into": "b", "forUpdate": true, "await": true}]},
    {"code": "write", "steps": [{"op": "write", "cell": "accounts[id].balance", "value": "b + 1", "await": true}]},
    {"code": "commit", "steps": [{"op": "commit", "await": true}]},
    {"code": "read", "steps": [{"op": "read", "cell": "accounts[3 - id].balance", "into": "c", "await": true}]},
    {"code": "write", "steps": [{"op": "write", "cell": "accounts[3 - id].balance", "value": "c + 1", "await": true}]},
    {"code": "again", "steps": [{"op": "goto", "to": "top"}]}]}}]
})";

Trace generate(const Machine &m, int events, quint32 seed)
{
    QRandomGenerator rng(seed);
    State s = m.initialState();
    Trace trace;
    trace.reserve(size_t(events) + 64);
    int step = 0;
    std::vector<int> enabled;
    int64_t wall = 0;
    while (int(trace.size()) < events) {
        enabled.clear();
        for (int a = 0; a < m.actorCount(); ++a)
            if (m.isEnabled(s, a))
                enabled.push_back(a);
        if (enabled.empty())
            break;
        const size_t before = trace.size();
        m.step(s, enabled[rng.bounded(int(enabled.size()))], &trace, step++);
        for (size_t i = before; i < trace.size(); ++i) {
            wall += 200 + rng.bounded(800); // ns: a threaded run's spacing
            trace[i].wallNs = wall;
        }
    }
    return trace;
}

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

void savePng(const std::shared_ptr<const TimelineLayout> &layout, const TimelineTheme &theme, const QString &title,
             const QString &subtitle, int cursor, const QString &path, int width)
{
    TimelineRenderer renderer(layout);
    TimelineOptions options;
    options.title = title;
    options.subtitle = subtitle;
    options.cursorStep = cursor;
    const int height = int(renderer.preferredHeight(width, theme, options));
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    QPainter p(&image);
    renderer.paint(p, QRectF(0, 0, width, height), layout->extent(), theme, options);
    p.end();
    image.save(path);
}

struct Example
{
    QString scenario, strategy, model, schedule, name;
};

bool renderExamples(const QString &dir, QTextStream &out, const QStringList &extra)
{
    std::vector<Example> examples = {
        {QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("threads"), QStringLiteral("A B A B"),
         QStringLiteral("lost-update")},
        {QStringLiteral("transfer-deadlock"), QStringLiteral("request-order"), QStringLiteral("threads"),
         QStringLiteral("A B A B A A A A A"), QStringLiteral("deadlock")},
    };
    // --example scenario:strategy:model:schedule (the name is the scenario and strategy)
    for (const QString &spec : extra) {
        const QStringList parts = spec.split(u':');
        if (parts.size() >= 4)
            examples.push_back({parts[0], parts[1], parts[2], parts.mid(3).join(u':'), parts[0] + u'-' + parts[1]});
    }
    for (const Example &ex : examples) {
        QString error;
        const auto spec = ScenarioLoader::resolve(ex.scenario, &error);
        const auto model = spec ? ExecutionModel::parse(ex.model, &error) : std::nullopt;
        const auto machine = model ? Machine::compile(*spec, ex.strategy, *model, {}, &error) : nullptr;
        if (!machine) {
            out << "skip " << ex.name << ": " << error << Qt::endl;
            continue;
        }
        Stepper stepper(machine);
        const auto schedule = Schedule::parse(ex.schedule, *machine, &error);
        if (!schedule) {
            out << "skip " << ex.name << ": " << error << Qt::endl;
            continue;
        }
        stepper.replayPossible(*schedule);
        const auto layout =
            TimelineLayout::build(machine, stepper.trace(), analyze(*machine, stepper.trace()), AxisMode::Steps);
        const QString title =
            QStringLiteral("%1 · %2 · %3").arg(spec->title, machine->strategy().label, machine->model().displayName());
        const QString subtitle = QStringLiteral("schedule: %1").arg(stepper.schedule().toString(*machine));
        for (const QString &themeName : {QStringLiteral("light"), QStringLiteral("presenter")}) {
            const QString path = QDir(dir).filePath(QStringLiteral("timeline-%1-%2.png").arg(ex.name, themeName));
            savePng(layout, TimelineTheme::byName(themeName), title, subtitle, stepper.cursor(), path,
                    themeName == QLatin1String("presenter") ? 1920 : 1280);
            out << "wrote " << path << Qt::endl;
        }
        // The widget as the main window shows it, zoomed to the first half.
        TimelineView view;
        view.resize(1100, 420);
        view.setLayout(layout);
        view.setCursorStep(stepper.cursor() / 2);
        view.setVisibleRange({0, layout->extent().end / 2});
        const QString path = QDir(dir).filePath(QStringLiteral("timeline-%1-view.png").arg(ex.name));
        view.grab().save(path);
        out << "wrote " << path << Qt::endl;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("events"), QStringLiteral("Events in the trace."), QStringLiteral("n"),
                      QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("frames"), QStringLiteral("Frames per zoom level."), QStringLiteral("n"),
                      QStringLiteral("15")});
    parser.addOption(
        {QStringLiteral("zoom"), QStringLiteral("Only this visible fraction (for profiling)."), QStringLiteral("f")});
    parser.addOption({QStringLiteral("example"),
                      QStringLiteral("More examples for --png: scenario:strategy:model:schedule."),
                      QStringLiteral("spec")});
    parser.addOption(
        {QStringLiteral("png"), QStringLiteral("Also render example timelines into DIR."), QStringLiteral("dir")});
    parser.process(app);
    QTextStream out(stdout);

    if (parser.isSet(QStringLiteral("png")))
        renderExamples(parser.value(QStringLiteral("png")), out, parser.values(QStringLiteral("example")));

    QString error;
    const auto spec = ScenarioLoader::loadData(QByteArray(loopScenario), QStringLiteral("bench-loop.json"), &error);
    const auto machine =
        spec ? Machine::compile(*spec, QStringLiteral("mixed"), ExecutionModel{}, {}, &error) : nullptr;
    if (!machine) {
        out << "bench scenario: " << error << Qt::endl;
        return 1;
    }
    const int events = parser.value(QStringLiteral("events")).toInt();
    const int frames = std::max(1, parser.value(QStringLiteral("frames")).toInt());
    QElapsedTimer timer;
    timer.start();
    Trace trace = generate(*machine, events, 42);
    const double genMs = timer.nsecsElapsed() / 1e6;
    timer.restart();
    TraceAnalysis analysis = analyze(*machine, trace);
    const double analyzeMs = timer.nsecsElapsed() / 1e6;
    out << "trace: " << trace.size() << " events, " << analysis.stepCount << " steps, " << analysis.intervals.size()
        << " intervals, " << analysis.flows.size() << " read-from arrows, " << analysis.lostUpdates.size()
        << " lost updates (generated in " << qRound(genMs) << " ms)" << Qt::endl;
    out << "analyze: " << QString::number(analyzeMs, 'f', 1) << " ms" << Qt::endl;

    QImage image(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    for (const AxisMode axis : {AxisMode::Steps, AxisMode::WallTime}) {
        timer.restart();
        const auto layout = TimelineLayout::build(machine, trace, analysis, axis);
        const double buildMs = timer.nsecsElapsed() / 1e6;
        out << (axis == AxisMode::Steps ? "steps axis" : "wall-time axis") << ": layout build "
            << QString::number(buildMs, 'f', 1) << " ms" << Qt::endl;
        TimelineRenderer renderer(layout);
        const TimeRange all = layout->extent();
        for (const TimelineTheme &theme : {TimelineTheme::light(), TimelineTheme::presenter()}) {
            std::vector<double> fractions{1.0, 0.1, 0.01, 0.001, 1e-4, 1e-5};
            if (parser.isSet(QStringLiteral("zoom")))
                fractions = {parser.value(QStringLiteral("zoom")).toDouble()};
            for (const double fraction : fractions) {
                const double len = all.length() * fraction;
                const double start = all.start + (all.length() - len) * 0.37;
                const TimeRange range{start, start + len};
                TimelineOptions options;
                options.title = QStringLiteral("Bench");
                options.cursorStep = analysis.stepCount / 2;
                std::vector<double> times, cpu;
                for (int f = 0; f < frames; ++f) {
                    QPainter p(&image);
                    const double cpu0 = threadCpuMs();
                    timer.restart();
                    renderer.paint(p, QRectF(0, 0, 1920, 1080), range, theme, options);
                    p.end();
                    times.push_back(timer.nsecsElapsed() / 1e6);
                    cpu.push_back(threadCpuMs() - cpu0);
                }
                // CPU time is what the frame costs; wall time also counts waiting for a busy machine.
                out << QStringLiteral(
                           "  %1 theme, visible %2 of the trace: median %3 ms CPU (%4 ms wall), worst %5 ms CPU")
                           .arg(theme.name, -9)
                           .arg(fraction, 0, 'g', 2)
                           .arg(median(cpu), 0, 'f', 2)
                           .arg(median(times), 0, 'f', 2)
                           .arg(*std::max_element(cpu.begin(), cpu.end()), 0, 'f', 2)
                    << Qt::endl;
            }
        }
    }
    return 0;
}
