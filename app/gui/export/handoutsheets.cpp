// Handout::worksheet and Handout::answers: the exercise sheet with an empty move
// grid, and its answers with each breaking outcome's simplest schedule in that grid.

#include "export/handout.h"
#include "export/handoutpaper.h"

#include <QPainter>

#include <algorithm>

using namespace Interleave;
using namespace HandoutPaper;

namespace {

const QColor Ink(0, 0, 0);
const QColor Muted(0x44, 0x44, 0x44);

// A grid of more lanes than this would be too thin to draw in: the rest are left out, and said so.
constexpr int MaxLanes = 12;
constexpr int MaxColumns = 36;

struct Grid
{
    QStringList lanes; // one per request (at most MaxLanes), then the clock if time can pass
    int clockLane = -1;
    int columns = 0;
    int requestsLeftOut = 0;
};

Grid gridFor(const Machine &machine)
{
    Grid grid;
    for (int a = 0; a < machine.actorCount() && a < MaxLanes; ++a)
        grid.lanes << machine.actor(a).name;
    grid.requestsLeftOut = std::max(0, machine.actorCount() - MaxLanes);
    const Schedule everyoneInTurn = Handout::roundRobin(machine);
    const auto &moves = everyoneInTurn.moves;
    if (std::find(moves.begin(), moves.end(), Schedule::Tick) != moves.end()) {
        grid.clockLane = int(grid.lanes.size());
        grid.lanes << Handout::tr("time passes (~)");
    }
    // Room for a schedule a little longer than everyone in turn.
    grid.columns = std::clamp(int(moves.size()) + 4, 8, MaxColumns);
    return grid;
}

// Per move of `schedule`: the lane that moves and the line it runs (1-based), as the answer grid shows it.
std::vector<GridMove> gridMoves(const std::shared_ptr<const Machine> &machine, const Schedule &schedule,
                                const Grid &grid)
{
    Stepper stepper(machine);
    stepper.replay(schedule, nullptr);
    const Trace &trace = stepper.trace();
    const std::vector<int> &starts = stepper.moveStarts();
    std::vector<GridMove> cells;
    for (size_t k = 0; k < size_t(stepper.length()); ++k) {
        const int who = schedule.moves[k];
        GridMove cell;
        cell.lane = who == Schedule::Tick ? grid.clockLane : (who < MaxLanes ? who : -1);
        cell.text = QStringLiteral("~");
        const size_t end = k + 1 < starts.size() ? size_t(starts[k + 1]) : trace.size();
        for (size_t e = size_t(starts[k]); e < end && who != Schedule::Tick; ++e)
            if (trace[e].actor == who && trace[e].line >= 0) {
                cell.text = QString::number(trace[e].line + 1);
                break;
            }
        cells.push_back(cell);
    }
    return cells;
}

QString variantOf(const Machine &machine)
{
    return ExportCaption::describe(machine, nullptr, QString()).variant;
}

QString rulesList(const Machine &machine, uint64_t only = ~uint64_t(0))
{
    QStringList rules;
    for (size_t i = 0; i < machine.invariants().size() && i < 64; ++i)
        if (only & (uint64_t(1) << i))
            rules << machine.invariants()[i].label;
    return rules.join(QLatin1String("; "));
}

void paintWorksheet(QPainter &painter, const QRectF &page, const std::shared_ptr<const Machine> &machine,
                    const Grid &grid)
{
    const Machine &m = *machine;
    qreal y = paintHeader(painter, page, Handout::tr("Exercise: %1").arg(m.scenario().title),
                          Handout::tr("Exercise sheet"), variantOf(m));
    const qreal left = page.left() + Margin, width = page.width() - 2 * Margin, bottom = page.bottom() - Margin;
    QString task = Handout::tr("Find a schedule that breaks a rule. Draw it in the grid: in each move's column, "
                               "circle the request that moves and write the number of the line it runs.");
    if (grid.clockLane >= 0)
        task += u' ' + Handout::tr("When no request moves and time passes instead, use the last row.");
    if (grid.requestsLeftOut > 0)
        task += u' ' +
            Handout::tr("(Requests left out of the grid, which run the same code: %1.)").arg(grid.requestsLeftOut);
    y += drawText(painter, QRectF(left, y, width, 0), task, font(13), Ink) + 12;

    const qreal gridNatural = gridHeight(int(grid.lanes.size()));
    const qreal codeWidth = width * 0.66, gap = 24;
    const qreal codeRoom = std::max<qreal>(120, bottom - y - gridNatural - 30);
    const qreal codeTaken = paintFitted(
        painter, QRectF(left, y, codeWidth, codeRoom), codeSize(m, codeWidth),
        [&](QPainter &p, const QRectF &r) { paintCode(p, r, m); }, MinCodeScale);
    const qreal right = left + codeWidth + gap, rightWidth = width - codeWidth - gap;
    qreal ry = y +
        drawText(painter, QRectF(right, y, rightWidth, 0), Handout::tr("Which rules break?"), font(14, true), Ink) + 6;
    for (const Invariant &rule : m.invariants())
        ry += drawText(painter, QRectF(right, ry, rightWidth, 0), QStringLiteral("☐ ") + rule.label, font(13), Ink) + 6;
    ry += 10 +
        drawText(painter, QRectF(right, ry + 10, rightWidth, 0), Handout::tr("Final values:"), font(14, true), Ink);
    for (const Figure &figure : m.figures())
        ry += 8 +
            drawText(painter, QRectF(right, ry + 8, rightWidth, 0), figure.label + QStringLiteral(" = ______"),
                     font(13), Ink);

    const qreal gridTop = std::max(y + codeTaken, ry) + 18;
    const qreal gridRoom = bottom - gridTop - 16;
    const qreal laneRoom = std::min<qreal>(70, (gridRoom - 28) / std::max<qreal>(1, grid.lanes.size()));
    paintGrid(painter, QRectF(left, gridTop, width, 28 + laneRoom * grid.lanes.size()), grid.lanes, grid.columns);
    paintFooter(painter, page,
                Handout::tr("Interleave · %1 · exercise sheet · answers on the answer sheet").arg(m.scenario().title));
}

// A piece of the answer sheet, flowed onto pages by its height.
struct Block
{
    qreal height = 0;
    std::function<void(QPainter &, const QRectF &)> paint;
};

Block textBlock(const QString &text, const QFont &font, const QColor &colour, qreal width, qreal after)
{
    return {textHeight(text, font, width) + after,
            [text, font, colour](QPainter &p, const QRectF &r) { drawText(p, r, text, font, colour); }};
}

QString outcomeFacts(const Machine &machine, const ExplorerResult &result, const ExplorerOutcome &outcome)
{
    QStringList lines;
    if (const QString rules = rulesList(machine, outcome.brokenRules); !rules.isEmpty())
        lines << Handout::tr("Breaks: %1").arg(rules);
    if (outcome.stuck)
        lines << Handout::tr("Every request left waits for another: stuck for ever (a deadlock).");
    if (result.counted && result.interleavings.isExact())
        lines << Handout::tr("Happens in %1 of %2 interleavings (%3 %).")
                     .arg(outcome.count.toString(), result.interleavings.toString())
                     .arg(outcome.share * 100, 0, 'f', 1);
    QString schedule = Handout::tr("Simplest schedule: %1 (moves: %2, preemptions: %3)")
                           .arg(outcome.scheduleText.isEmpty() ? QStringLiteral("-") : outcome.scheduleText)
                           .arg(outcome.schedule.moves.size())
                           .arg(outcome.preemptions);
    if (!outcome.simplest)
        schedule += u' ' + Handout::tr("(a schedule, not proven the simplest: the space was too large)");
    lines << schedule;
    return lines.join(u'\n');
}

std::vector<Block> answerBlocks(const std::shared_ptr<const Machine> &machine, const ExplorerResult &result,
                                const Grid &grid, qreal width)
{
    const Machine &m = *machine;
    std::vector<Block> blocks{textBlock(result.summary(), font(14), Ink, width, 14)};
    int number = 0;
    for (const ExplorerOutcome &outcome : result.outcomes) {
        if (!outcome.breaksRule)
            continue;
        blocks.push_back(
            textBlock(Handout::tr("%1. %2").arg(++number).arg(outcome.description), font(14, true), Ink, width, 4));
        blocks.push_back(textBlock(outcomeFacts(m, result, outcome), font(13), Ink, width, 8));
        const int columns = std::max(grid.columns, int(outcome.schedule.moves.size()));
        if (columns <= MaxColumns && outcome.kind != ExplorerOutcome::Livelock) {
            const qreal laneHeight = 30, height = 28 + laneHeight * grid.lanes.size();
            blocks.push_back({height + 18,
                              [lanes = grid.lanes, columns, cells = gridMoves(machine, outcome.schedule, grid),
                               height](QPainter &p, const QRectF &r) {
                                  paintGrid(p, QRectF(r.topLeft(), QSizeF(r.width(), height)), lanes, columns, cells);
                              }});
        }
    }
    if (number == 0)
        blocks.push_back(
            textBlock(Handout::tr("No schedule breaks a rule under this variant."), font(14, true), Ink, width, 12));
    QStringList safe;
    for (const ExplorerOutcome &outcome : result.outcomes)
        if (!outcome.breaksRule)
            safe << QStringLiteral("• ") + outcome.description;
    if (!safe.isEmpty()) {
        blocks.push_back(textBlock(Handout::tr("Outcomes that break no rule"), font(14, true), Ink, width, 4));
        blocks.push_back(textBlock(safe.join(u'\n'), font(13), Muted, width, 8));
    }
    return blocks;
}

} // namespace

HandoutDocument Handout::worksheet(std::shared_ptr<const Machine> machine, const HandoutOptions &options)
{
    HandoutDocument document;
    document.title = tr("%1 — exercise sheet").arg(machine->scenario().title);
    document.baseName = machine->scenario().id + QStringLiteral("-worksheet");
    document.pageSize = pageSize(options.paper);
    document.pages.push_back(
        [machine, grid = gridFor(*machine)](QPainter &p, const QRectF &r) { paintWorksheet(p, r, machine, grid); });
    return document;
}

HandoutDocument Handout::answers(std::shared_ptr<const Machine> machine, const ExplorerResult &result,
                                 const HandoutOptions &options)
{
    HandoutDocument document;
    const Machine &m = *machine;
    document.title = tr("%1 — answer sheet").arg(m.scenario().title);
    document.baseName = m.scenario().id + QStringLiteral("-answers");
    document.pageSize = pageSize(options.paper);
    const QRectF page(QPointF(0, 0), document.pageSize);
    const qreal width = page.width() - 2 * Margin;
    // Below the header and its variant line (as paintHeader lays them out), above the footer.
    const qreal top = Margin * 0.6 + 50 + textHeight(variantOf(m), font(12), width) + 10;
    const qreal bottom = page.height() - Margin - 16;
    auto blocks = std::make_shared<const std::vector<Block>>(answerBlocks(machine, result, gridFor(m), width));
    // Pages of consecutive blocks, a new page when the next does not fit (a block taller than a page gets one).
    std::vector<std::pair<size_t, size_t>> ranges;
    size_t first = 0;
    qreal used = 0;
    for (size_t i = 0; i < blocks->size(); ++i) {
        if (i > first && top + used + (*blocks)[i].height > bottom) {
            ranges.push_back({first, i});
            first = i;
            used = 0;
        }
        used += (*blocks)[i].height;
    }
    ranges.push_back({first, blocks->size()});
    const QString title = tr("Answers: %1").arg(m.scenario().title);
    const QString variant = variantOf(m);
    const int pages = int(ranges.size());
    for (int n = 0; n < pages; ++n)
        document.pages.push_back(
            [blocks, range = ranges[size_t(n)], title, variant, n, pages, width](QPainter &p, const QRectF &r) {
                qreal y = paintHeader(p, r, title, tr("Answer sheet"), variant);
                for (size_t i = range.first; i < range.second; ++i) {
                    (*blocks)[i].paint(p, QRectF(r.left() + Margin, y, width, (*blocks)[i].height));
                    y += (*blocks)[i].height;
                }
                paintFooter(p, r, tr("Interleave · answer sheet · page %1 of %2").arg(n + 1).arg(pages));
            });
    return document;
}
