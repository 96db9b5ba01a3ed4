// interleave-cli export: the same pictures and traces as the window's File ›
// Export, in batch, with no display. The verb needs QtGui (fonts, painting),
// so the CLI creates a QGuiApplication on the offscreen platform for this
// verb only; every other verb keeps a plain QCoreApplication.

#include "commands.h"
#include "interrupt.h"
#include "output.h"

#include "drivers/session.h"
#include "drivers/stepper.h"
#include "explore/explorer.h"
#include "export/exporter.h"
#include "export/handout.h"
#include "timeline/timelinelayout.h"
#include "trace/traceanalysis.h"
#include "trace/traceexport.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>

using namespace Interleave;

namespace Cli {

namespace {

int fail(const CliContext &context, const QString &message, int code = BadInput)
{
    *context.err << QStringLiteral("interleave-cli: export: %1").arg(message) << Qt::endl;
    return code;
}

} // namespace

std::unique_ptr<QCoreApplication> createApplication(int &argc, char **argv)
{
    bool exporting = false;
    for (int i = 1; i < argc && !exporting; ++i)
        exporting = qstrcmp(argv[i], "export") == 0;
    if (!exporting)
        return std::make_unique<QCoreApplication>(argc, argv);
    // Batch export must work on a server with no display: choose the offscreen
    // platform before Qt looks for one, unless the caller chose a platform.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt's own chatter on such a machine ("XDG_RUNTIME_DIR not set", font
    // fallbacks) is not for the user: errors keep the one-line form.
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        if (type == QtCriticalMsg || type == QtFatalMsg)
            fprintf(stderr, "%s\n", qPrintable(message));
    });
    return std::make_unique<QGuiApplication>(argc, argv);
}

void addExportOptions(QCommandLineParser &parser)
{
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      Text::tr("File to write (required). Its suffix picks the format unless --format is given."),
                      Text::tr("FILE")});
    parser.addOption({QStringLiteral("format"),
                      Text::tr("png, svg, pdf (the timeline with caption and legend), perfetto (trace JSON for "
                               "ui.perfetto.dev) or dot (the wait-for graph)."),
                      Text::tr("FORMAT")});
    parser.addOption({QStringLiteral("schedule"),
                      Text::tr("Moves to replay, for example \"A B A ~ B\" (default: every request in turn)."),
                      Text::tr("MOVES")});
    parser.addOption(
        {QStringLiteral("counterexample"), Text::tr("Replay the explorer's simplest schedule that breaks a rule.")});
    parser.addOption(
        {QStringLiteral("session-file"),
         Text::tr("Export a saved session (.interleave): its scenario, fix, model, parameters, moves and cursor."),
         Text::tr("FILE")});
    parser.addOption({QStringLiteral("scale"),
                      Text::tr("PNG resolution: device pixels per pixel, 1 to 4 (default 2; use 3 for large slides)."),
                      Text::tr("N")});
    parser.addOption({QStringLiteral("theme"),
                      Text::tr("light (default) or presenter (large type, high contrast, thick lines)."),
                      Text::tr("THEME")});
    parser.addOption({QStringLiteral("range"),
                      Text::tr("Only logical steps FROM to TO of the timeline, for example 2:6 (default: all)."),
                      Text::tr("FROM:TO")});
    parser.addOption(
        {QStringLiteral("cursor"),
         Text::tr("Show the state after N moves: the timeline's cursor and the wait-for graph (default: the end)."),
         Text::tr("N")});
    parser.addOption({QStringLiteral("width"), Text::tr("Picture width in pixels (default: fits the timeline)."),
                      Text::tr("PIXELS")});
    parser.addOption({QStringLiteral("pages"),
                      Text::tr("Handout: a title page and one page per move of the schedule, as a PDF (out.pdf) or "
                               "a numbered PNG series (a folder, or out-%03d.png)."),
                      Text::tr("FILE|DIR")});
    parser.addOption({QStringLiteral("worksheet"),
                      Text::tr("Exercise sheet: the code and an empty move grid to draw a schedule on (PDF or PNG)."),
                      Text::tr("FILE")});
    parser.addOption({QStringLiteral("answers"),
                      Text::tr("Answer sheet: every outcome that breaks a rule with its simplest schedule (explores "
                               "every interleaving; PDF or PNG)."),
                      Text::tr("FILE")});
    parser.addOption({QStringLiteral("paper"),
                      Text::tr("Handout paper: a4 or letter (default: letter in the United States, a4 elsewhere)."),
                      Text::tr("SIZE")});
}

namespace {

// The format from --format, or else from the file's suffix; Ok or the exit code of a message already given.
int readFormat(const CliContext &context, const QString &path, ExportFormat &format)
{
    const QCommandLineParser &parser = *context.parser;
    QString error;
    std::optional<ExportFormat> chosen;
    if (parser.isSet(QStringLiteral("format"))) {
        chosen = Exporter::parseFormat(parser.value(QStringLiteral("format")), &error);
        if (!chosen)
            return fail(context, QStringLiteral("--format: %1").arg(error));
    } else {
        chosen = Exporter::formatForFile(path);
        if (!chosen)
            return fail(context,
                        Text::tr("cannot tell the format from \"%1\": give --format png|svg|pdf|perfetto|dot")
                            .arg(QFileInfo(path).fileName()));
    }
    format = *chosen;
    return Ok;
}

// --scale, --theme and --width; Ok or the exit code of a message already given.
int readPictureSettings(const CliContext &context, ExportSettings &settings)
{
    const QCommandLineParser &parser = *context.parser;
    if (parser.isSet(QStringLiteral("scale"))) {
        bool ok = false;
        settings.scale = parser.value(QStringLiteral("scale")).toDouble(&ok);
        if (!ok || settings.scale < 1 || settings.scale > 4)
            return fail(
                context,
                Text::tr("--scale \"%1\": expected a number from 1 to 4").arg(parser.value(QStringLiteral("scale"))));
    }
    if (parser.isSet(QStringLiteral("theme"))) {
        settings.theme = parser.value(QStringLiteral("theme"));
        if (settings.theme != QLatin1String("light") && settings.theme != QLatin1String("presenter"))
            return fail(context, Text::tr("--theme \"%1\": expected light or presenter").arg(settings.theme));
    }
    if (parser.isSet(QStringLiteral("width"))) {
        bool ok = false;
        settings.width = parser.value(QStringLiteral("width")).toInt(&ok);
        if (!ok || settings.width < 200 || settings.width > 20000)
            return fail(context,
                        Text::tr("--width \"%1\": expected pixels from 200 to 20000")
                            .arg(parser.value(QStringLiteral("width"))));
    }
    return Ok;
}

// The run to draw: a saved session, the simplest counterexample, --schedule, or round robin.
// Ok, Cancelled when Ctrl+C stopped the explorer, or the exit code of a message already given.
int readRun(const CliContext &context, std::shared_ptr<const Machine> &machine, std::unique_ptr<Stepper> &saved,
            Schedule &schedule, ExplorerControl *control)
{
    const QCommandLineParser &parser = *context.parser;
    QString error;
    if (parser.isSet(QStringLiteral("session-file"))) {
        // The session names its own variant; --scenario and the others are not used.
        // (Not "--session": QGuiApplication takes that for X11 session management.)
        const QString file = parser.value(QStringLiteral("session-file"));
        const auto session = Session::load(file, &error);
        saved = session ? session->restore(&error, file) : nullptr;
        if (!saved)
            return fail(context, QStringLiteral("--session-file: %1").arg(error));
        machine = saved->machinePtr();
    } else {
        machine = context.machine();
    }
    if (!machine)
        return BadInput;
    if (saved) {
        schedule = saved->fullSchedule();
    } else if (parser.isSet(QStringLiteral("counterexample"))) {
        const ExplorerResult result = Explorer::explore(*machine, ExplorerOptions{}, control);
        if (result.cancelled)
            return Cancelled;
        const ExplorerOutcome *counterexample = result.simplestCounterexample();
        if (!counterexample)
            return fail(context,
                        Text::tr("no schedule breaks a rule under %1 · %2: nothing to show as a counterexample")
                            .arg(machine->strategy().label, machine->model().displayName()),
                        Failure);
        schedule = counterexample->schedule;
    } else if (parser.isSet(QStringLiteral("schedule"))) {
        const auto parsed = Schedule::parse(parser.value(QStringLiteral("schedule")), *machine, &error);
        if (!parsed)
            return fail(context, QStringLiteral("--schedule: %1").arg(error));
        schedule = *parsed;
    } else {
        schedule = Handout::roundRobin(*machine);
    }
    return Ok;
}

// Replays the schedule and moves the cursor where the session or --cursor puts it.
int replay(const CliContext &context, const Schedule &schedule, const Stepper *saved, Stepper &stepper)
{
    QString error;
    if (!stepper.replay(schedule, &error))
        return fail(context, QStringLiteral("--schedule: %1").arg(error));
    if (saved)
        stepper.seek(saved->cursor());
    if (context.parser->isSet(QStringLiteral("cursor"))) {
        const QString text = context.parser->value(QStringLiteral("cursor"));
        bool ok = false;
        const int cursor = text.toInt(&ok);
        if (!ok || cursor < 0 || cursor > stepper.length())
            return fail(
                context,
                Text::tr("--cursor \"%1\": expected a move number from 0 to %2").arg(text).arg(stepper.length()));
        stepper.seek(cursor);
    }
    return Ok;
}

// Where an export stops on a failure or on Ctrl+C, and says which.
struct ExportJob
{
    const CliContext &context;
    const QString &path;
    const Interrupt &interrupt;

    int failOrCancel(const QString &message) const
    {
        return interrupt.isSet()
            ? Interrupt::cancelled(*context.err, QStringLiteral("export"), Text::tr("%1 not written").arg(path))
            : fail(context, message, Failure);
    }
};

// PNG, SVG or PDF of the timeline; `detail` says how big it came out.
int writePicture(const ExportJob &job, const ExportSettings &settings, const Stepper &stepper, const Trace &trace,
                 const TraceAnalysis &analysis, QString &detail)
{
    const Machine &machine = stepper.machine();
    const QCommandLineParser &parser = *job.context.parser;
    auto layout = TimelineLayout::build(stepper.machinePtr(), trace, analysis, AxisMode::Steps);
    if (job.interrupt.isSet())
        return job.failOrCancel(QString());
    TimeRange range = layout->extent();
    if (parser.isSet(QStringLiteral("range"))) {
        const QStringList parts = parser.value(QStringLiteral("range")).split(u':');
        bool okFrom = false, okTo = false;
        const double from = parts.value(0).toDouble(&okFrom), to = parts.value(1).toDouble(&okTo);
        if (parts.size() != 2 || !okFrom || !okTo || from < 0 || to <= from)
            return fail(job.context,
                        Text::tr("--range \"%1\": expected FROM:TO with FROM < TO, for example 2:6")
                            .arg(parser.value(QStringLiteral("range"))));
        range = {std::max(from, range.start), std::min(to, std::max(range.end, from + 1))};
    }
    const ExportCaption caption =
        ExportCaption::describe(machine, &stepper.state(), stepper.schedule().toString(machine), &stepper.trace());
    const int cursor = stepper.cursor();
    QString error;
    if (!Exporter::exportTimeline(layout, range, caption, settings, job.path, &error,
                                  cursor < stepper.length() ? cursor : -1))
        return job.failOrCancel(error);
    const QSizeF size = Exporter::timelineSize(*layout, range, caption, settings);
    const qreal scale = settings.format == ExportFormat::Png ? settings.scale : 1;
    detail = Text::tr("%1 × %2 px").arg(qRound(size.width() * scale)).arg(qRound(size.height() * scale));
    return Ok;
}

// Perfetto trace, wait-for graph or picture of the stepper's whole run; `detail` says what was written.
int writeExport(const ExportJob &job, const ExportSettings &settings, Stepper &stepper, QString &detail,
                QString &scheduleText)
{
    const Machine &machine = stepper.machine();
    // The whole run is drawn; the cursor marks where the state shown is.
    const int cursor = stepper.cursor();
    stepper.seek(stepper.length());
    const Trace trace = stepper.trace();
    const TraceAnalysis analysis = analyze(machine, trace);
    if (job.interrupt.isSet()) // each step before this one takes milliseconds; the writers check as they go
        return job.failOrCancel(QString());
    scheduleText = stepper.fullSchedule().toString(machine);
    stepper.seek(cursor);

    QString error;
    if (settings.format == ExportFormat::Perfetto) {
        const QByteArray json = TraceExport::perfettoJson(machine, trace, analysis, scheduleText, job.interrupt.flag());
        if (!Exporter::writeBytes(json, job.path, &error, job.interrupt.flag()))
            return job.failOrCancel(error);
        detail = Text::tr("%n trace event(s)", nullptr, int(trace.size()));
    } else if (settings.format == ExportFormat::Dot) {
        const int lastEvent =
            cursor < stepper.length() ? stepper.moveStarts()[size_t(cursor)] - 1 : int(trace.size()) - 1;
        if (!Exporter::writeBytes(TraceExport::waitForGraphDot(machine, trace, analysis, lastEvent), job.path, &error,
                                  job.interrupt.flag()))
            return job.failOrCancel(error);
        detail = Text::tr("wait-for graph after %n move(s)", nullptr, cursor);
    } else {
        return writePicture(job, settings, stepper, trace, analysis, detail);
    }
    return Ok;
}

} // namespace

namespace {

struct HandoutTarget
{
    HandoutKind kind;
    QString option;
    QString target;
};

QList<HandoutTarget> handoutTargets(const QCommandLineParser &parser)
{
    QList<HandoutTarget> targets;
    const std::pair<HandoutKind, QString> options[] = {{HandoutKind::Pages, QStringLiteral("pages")},
                                                       {HandoutKind::Worksheet, QStringLiteral("worksheet")},
                                                       {HandoutKind::Answers, QStringLiteral("answers")}};
    for (const auto &[kind, option] : options)
        if (parser.isSet(option))
            targets.append({kind, option, parser.value(option)});
    return targets;
}

// One line on stderr at most every half second, once the work has taken half a second.
std::function<void(const QString &, qint64, qint64)> progressOnStderr(const CliContext &context)
{
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    auto last = std::make_shared<qint64>(0);
    return [&context, clock, last](const QString &what, qint64, qint64) {
        const qint64 now = clock->elapsed();
        if (now < 500 || now - *last < 500)
            return;
        *last = now;
        *context.err << QStringLiteral("interleave-cli: export: %1").arg(what) << Qt::endl;
    };
}

// Writes each handout asked for; Ok or the exit code of a message already given.
int writeHandouts(const CliContext &context, const QList<HandoutTarget> &targets, const Stepper &stepper,
                  const ExportSettings &settings, const Interrupt &interrupt, QJsonArray &json)
{
    HandoutOptions options;
    options.cancel = interrupt.flag();
    options.pngDpi = 96 * settings.scale;
    options.progress = progressOnStderr(context);
    options.paper = Handout::defaultPaper();
    if (context.parser->isSet(QStringLiteral("paper"))) {
        QString error;
        const auto paper = Handout::parsePaper(context.parser->value(QStringLiteral("paper")), &error);
        if (!paper)
            return fail(context, QStringLiteral("--paper: %1").arg(error));
        options.paper = *paper;
    }
    for (const HandoutTarget &t : targets) {
        QStringList files;
        int pages = 0;
        QString error;
        if (!Handout::write(t.kind, stepper.machinePtr(), stepper.fullSchedule(), options, t.target, &files, &pages,
                            &error))
            return interrupt.isSet() ? Interrupt::cancelled(*context.err, QStringLiteral("export"),
                                                            Text::tr("%1 not written").arg(t.target))
                                     : fail(context, QStringLiteral("--%1: %2").arg(t.option, error), Failure);
        if (context.json)
            json.append(QJsonObject{{QStringLiteral("handout"), t.option},
                                    {QStringLiteral("pages"), pages},
                                    {QStringLiteral("files"), QJsonArray::fromStringList(files)}});
        else
            *context.out << Text::tr("Wrote %1 (%2, pages: %3)")
                                .arg(files.size() == 1 ? files.front()
                                                       : Text::tr("%1 … %2").arg(files.front(), files.back()),
                                     t.option)
                                .arg(pages)
                         << Qt::endl;
    }
    return Ok;
}

} // namespace

int runExport(const CliContext &context)
{
    const QCommandLineParser &parser = *context.parser;
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return fail(context, Text::tr("needs a QGuiApplication (internal error)"), Failure);
    const QString path = parser.value(QStringLiteral("output"));
    const QList<HandoutTarget> handouts = handoutTargets(parser);
    if (path.isEmpty() && handouts.isEmpty())
        return fail(context, Text::tr("missing -o FILE (or --pages, --worksheet, --answers)"));
    ExportFormat format = ExportFormat::Png;
    if (!path.isEmpty())
        if (const int exit = readFormat(context, path, format); exit != Ok)
            return exit;
    // Ctrl+C cancels the export instead of killing the process half-way, which would leave
    // QSaveFile's temporary file behind; the explorer behind --counterexample stops too.
    ExplorerControl control;
    const Interrupt interrupt([&control] { control.cancel = true; });
    ExportSettings settings;
    settings.format = format;
    settings.cancel = interrupt.flag();
    if (const int exit = readPictureSettings(context, settings); exit != Ok)
        return exit;
    const int sources = int(parser.isSet(QStringLiteral("schedule"))) +
        int(parser.isSet(QStringLiteral("counterexample"))) + int(parser.isSet(QStringLiteral("session-file")));
    if (sources > 1)
        return fail(context, Text::tr("give one of --schedule, --counterexample and --session-file"));

    std::shared_ptr<const Machine> machine;
    std::unique_ptr<Stepper> saved;
    Schedule schedule;
    if (const int exit = readRun(context, machine, saved, schedule, &control); exit != Ok)
        return exit == Cancelled ? ExportJob{context, path, interrupt}.failOrCancel(QString()) : exit;
    Stepper stepper(machine);
    if (const int exit = replay(context, schedule, saved.get(), stepper); exit != Ok)
        return exit;
    QString detail, scheduleText;
    if (!path.isEmpty())
        if (const int exit = writeExport({context, path, interrupt}, settings, stepper, detail, scheduleText);
            exit != Ok)
            return exit;
    QJsonArray written;
    if (const int exit = writeHandouts(context, handouts, stepper, settings, interrupt, written); exit != Ok)
        return exit;

    if (context.json) {
        QJsonObject object;
        if (!path.isEmpty())
            object = QJsonObject{{QStringLiteral("file"), QFileInfo(path).absoluteFilePath()},
                                 {QStringLiteral("format"), Exporter::suffix(format)},
                                 {QStringLiteral("schedule"), scheduleText},
                                 {QStringLiteral("detail"), detail}};
        if (!written.isEmpty())
            object.insert(QStringLiteral("handouts"), written);
        printJson(*context.out, object);
    } else if (!path.isEmpty()) {
        *context.out << Text::tr("Wrote %1 (%2; schedule %3)")
                            .arg(path, detail, scheduleText.isEmpty() ? QStringLiteral("-") : scheduleText)
                     << Qt::endl;
    }
    return Ok;
}

} // namespace Cli
