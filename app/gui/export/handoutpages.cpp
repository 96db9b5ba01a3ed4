// Handout::pages: a title page, then one page per move.

#include "export/handout.h"
#include "export/handoutpaper.h"

#include "machine/ruleverdict.h"
#include "trace/traceanalysis.h"

#include <QLocale>
#include <QPainter>

using namespace Interleave;
using namespace HandoutPaper;

namespace {

// The run every page draws from, shared by the pages' paintings.
struct Run
{
    std::shared_ptr<const Machine> machine;
    Schedule schedule;
    QString scheduleText;
    QString variant; // fix · model · database · parameters
    std::vector<int> moveStarts; // first trace event of each move
    Trace trace; // of the whole run
    TimeRange extent; // of the whole run's timeline: every page has the same axis
    QDate date;
    int pageCount = 0;
    const std::atomic<bool> *cancel = nullptr;
};

const QColor Ink(0, 0, 0);
const QColor Muted(0x44, 0x44, 0x44);

QString footer(const Run &run, int page)
{
    return Handout::tr("Interleave · %1 · page %2 of %3 · schedule %4")
        .arg(run.machine->scenario().title)
        .arg(page + 1)
        .arg(run.pageCount)
        .arg(run.scheduleText.isEmpty() ? QStringLiteral("-") : run.scheduleText);
}

std::vector<std::pair<QString, QString>> titleFacts(const Run &run)
{
    const Machine &m = *run.machine;
    std::vector<std::pair<QString, QString>> facts{
        {Handout::tr("Fix"), m.strategy().label},
        {Handout::tr("Model"), m.model().displayName()},
    };
    if (m.rowCount() > 0 || m.tableCount() > 0)
        facts.push_back({Handout::tr("Database"), m.database().displayName()});
    QStringList params;
    for (const ParameterSpec &p : m.scenario().params)
        params << QStringLiteral("%1 = %2").arg(p.label).arg(m.params().value(p.name, p.defaultValue));
    if (!params.isEmpty())
        facts.push_back({Handout::tr("Parameters"), params.join(QLatin1String(", "))});
    facts.push_back(
        {Handout::tr("Schedule"), run.scheduleText.isEmpty() ? Handout::tr("(no moves)") : run.scheduleText});
    facts.push_back({Handout::tr("Moves"), QString::number(run.schedule.moves.size())});
    facts.push_back({Handout::tr("Date"), QLocale().toString(run.date, QLocale::LongFormat)});
    return facts;
}

void paintTitlePage(QPainter &painter, const QRectF &page, const Run &run)
{
    const Machine &m = *run.machine;
    qreal y = paintHeader(painter, page, m.scenario().title, Handout::tr("Handout: one page per move"));
    const qreal left = page.left() + Margin, width = page.width() - 2 * Margin;
    y += drawText(painter, QRectF(left, y, width, 0), m.scenario().summary, font(15), Ink) + 14;
    const qreal key = width * 0.16;
    for (const auto &[name, value] : titleFacts(run)) {
        drawText(painter, QRectF(left, y, key - 10, 0), name, font(13, true), Ink);
        y += drawText(painter, QRectF(left + key, y, width - key, 0), value, font(13), Ink) + 5;
    }
    if (!m.strategy().description.isEmpty())
        y += 8 + drawText(painter, QRectF(left, y + 8, width, 0), m.strategy().description, font(13), Muted);
    y += 10 +
        drawText(painter, QRectF(left, y + 10, width, 0),
                 Handout::tr("Each page shows the timeline up to one move, the code with the line that move ran "
                             "(▶, in a box; letters mark the line each request runs next), what happened, "
                             "and which rules hold."),
                 font(13), Muted);
    // The whole run, with the legend: the map for the pages that follow.
    auto layout = TimelineLayout::build(run.machine, run.trace, analyze(*run.machine, run.trace), AxisMode::Steps);
    const qreal natural = timelineHeight(layout, width, true);
    paintFitted(painter, QRectF(left, y + 14, width, page.bottom() - Margin - y - 24), QSizeF(width, natural),
                [&](QPainter &p, const QRectF &r) { paintTimeline(p, r, layout, run.extent, -1, true, run.cancel); });
    paintFooter(painter, page, footer(run, 0));
}

// The dashboard's verdict after the move: each rule, each figure, the outcome when it is over.
QString verdictText(const Machine &machine, const State &state, const Trace &trace)
{
    const std::vector<RuleVerdict> rules = judgeRules(machine, state, trace, analyze(machine, trace));
    QStringList lines;
    for (size_t i = 0; i < rules.size(); ++i) {
        const QString &label = machine.invariants()[i].label;
        if (rules[i].status == RuleVerdict::Holds)
            lines << Handout::tr("✓ holds: %1").arg(label);
        else if (rules[i].status == RuleVerdict::Pending)
            lines << Handout::tr("… checked when every request has finished: %1").arg(label);
        else if (rules[i].culprit >= 0)
            lines << Handout::tr("✗ BROKEN at move %1: %2").arg(trace[size_t(rules[i].culprit)].step + 1).arg(label);
        else
            lines << Handout::tr("✗ BROKEN: %1").arg(label);
    }
    const std::vector<FigureVerdict> figures = judgeFigures(machine, state, rules);
    for (size_t i = 0; i < figures.size() && i < machine.figures().size(); ++i) {
        const FigureVerdict &f = figures[i];
        QString line = QStringLiteral("%1 = %2").arg(machine.figures()[i].label).arg(f.actual);
        if (f.status == FigureVerdict::AsExpected)
            line = Handout::tr("%1 (expected %2: ✓)").arg(line).arg(f.expected);
        else if (f.status == FigureVerdict::Wrong)
            line = Handout::tr("%1 (expected %2: ✗ wrong)").arg(line).arg(f.expected);
        else if (f.status == FigureVerdict::Pending)
            line = Handout::tr("%1 (expected %2 at the end)").arg(line).arg(f.expected);
        lines << line;
    }
    if (machine.isTerminal(state))
        lines << Handout::tr("Outcome: %1").arg(machine.describeOutcome(state));
    return lines.join(u'\n');
}

CodeMarks codeMarks(const Machine &machine, const State &state, const Trace &trace, int firstEvent)
{
    CodeMarks marks;
    for (size_t e = size_t(firstEvent); e < trace.size(); ++e)
        if (trace[e].actor >= 0 && trace[e].actor < machine.actorCount() && trace[e].line >= 0)
            marks.ran[machine.actor(trace[e].actor).program].insert(trace[e].line);
    for (int a = 0; a < machine.actorCount(); ++a) {
        const int line = machine.currentLine(state, a);
        if (line >= 0)
            marks.next[machine.actor(a).program][line] << machine.actor(a).letter;
    }
    return marks;
}

void paintMovePage(QPainter &painter, const QRectF &page, const Run &run, int move)
{
    const Machine &m = *run.machine;
    Stepper stepper(run.machine);
    stepper.replay(Schedule{std::vector<int>(run.schedule.moves.begin(), run.schedule.moves.begin() + move)}, nullptr);
    const Trace &trace = stepper.trace();
    const int first = run.moveStarts[size_t(move - 1)];
    const int who = run.schedule.moves[size_t(move - 1)];
    const QString mover = who == Schedule::Tick ? Handout::tr("time passes (~)") : m.actor(who).name;
    qreal y =
        paintHeader(painter, page, Handout::tr("Move %1 of %2: %3").arg(move).arg(run.schedule.moves.size()).arg(mover),
                    m.scenario().title, run.variant);
    const qreal left = page.left() + Margin, width = page.width() - 2 * Margin;
    const qreal bottom = page.bottom() - Margin;

    auto layout = TimelineLayout::build(run.machine, trace, analyze(m, trace), AxisMode::Steps);
    const qreal natural = timelineHeight(layout, width, false);
    y += paintFitted(
             painter, QRectF(left, y, width, (bottom - y) * 0.45), QSizeF(width, natural),
             [&](QPainter &p, const QRectF &r) { paintTimeline(p, r, layout, run.extent, move, false, run.cancel); }) +
        14;

    const qreal codeWidth = width * 0.6, gap = 24;
    const QRectF codeBox(left, y, codeWidth, bottom - y - 16);
    drawText(painter, codeBox, Handout::tr("Code"), font(14, true), Ink);
    const qreal codeTop = y + 24;
    paintFitted(
        painter, QRectF(left, codeTop, codeWidth, bottom - codeTop - 16), codeSize(m, codeWidth),
        [&](QPainter &p, const QRectF &r) { paintCode(p, r, m, codeMarks(m, stepper.state(), trace, first)); },
        MinCodeScale);

    const qreal right = left + codeWidth + gap, rightWidth = width - codeWidth - gap;
    qreal ry = y;
    ry += drawText(painter, QRectF(right, ry, rightWidth, 0), Handout::tr("What happened"), font(14, true), Ink) + 4;
    QStringList story;
    for (size_t e = size_t(first); e < trace.size(); ++e)
        if (const QString line = m.narrate(trace[e]); !line.isEmpty())
            story << QStringLiteral("• ") + line;
    ry += drawText(painter, QRectF(right, ry, rightWidth, 0), story.join(u'\n'), font(13), Ink) + 14;
    ry += drawText(painter, QRectF(right, ry, rightWidth, 0), Handout::tr("Verdict"), font(14, true), Ink) + 4;
    drawText(painter, QRectF(right, ry, rightWidth, 0), verdictText(m, stepper.state(), trace), font(13), Ink);
    paintFooter(painter, page, footer(run, move));
}

} // namespace

std::optional<HandoutDocument> Handout::pages(std::shared_ptr<const Machine> machine, const Schedule &schedule,
                                              const HandoutOptions &options, QString *error)
{
    if (schedule.moves.size() > size_t(MaxMoves)) {
        if (error)
            *error = tr("the schedule has %1 moves; a handout has one page per move, at most %2")
                         .arg(schedule.moves.size())
                         .arg(MaxMoves);
        return std::nullopt;
    }
    Stepper stepper(machine);
    QString why;
    if (!stepper.replay(schedule, &why)) {
        if (error)
            *error = why;
        return std::nullopt;
    }
    auto run = std::make_shared<Run>();
    run->machine = machine;
    run->schedule = schedule;
    run->scheduleText = schedule.toString(*machine);
    run->variant = ExportCaption::describe(*machine, nullptr, run->scheduleText).variant;
    run->moveStarts = stepper.moveStarts();
    run->trace = stepper.trace();
    run->extent = TimelineLayout::build(machine, run->trace, analyze(*machine, run->trace), AxisMode::Steps)->extent();
    run->date = options.date;
    run->pageCount = int(schedule.moves.size()) + 1;
    run->cancel = options.cancel;

    HandoutDocument document;
    document.title = tr("%1 — one page per move").arg(machine->scenario().title);
    document.baseName = machine->scenario().id + QStringLiteral("-move");
    document.pageSize = pageSize(options.paper);
    document.pages.push_back([run](QPainter &p, const QRectF &r) { paintTitlePage(p, r, *run); });
    for (int move = 1; move <= int(schedule.moves.size()); ++move)
        document.pages.push_back([run, move](QPainter &p, const QRectF &r) { paintMovePage(p, r, *run, move); });
    return document;
}
