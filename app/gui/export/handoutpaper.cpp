#include "export/handoutpaper.h"

#include "export/exporter.h"
#include "export/handout.h"

#include <QFontDatabase>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

using namespace Interleave;

namespace HandoutPaper {

namespace {

const QColor Ink(0, 0, 0);
const QColor Muted(0x44, 0x44, 0x44);
const QColor Rule(0x88, 0x88, 0x88);
const QColor Highlight(0xdd, 0xdd, 0xdd); // a line just run: grey, so it prints on any printer

constexpr qreal CodePixels = 13;
constexpr qreal CodeLeading = 4;

// Program index -> "Request A, Request B", in order of first appearance.
std::vector<std::pair<int, QString>> programsWithActors(const Machine &machine)
{
    std::vector<std::pair<int, QStringList>> seen;
    for (int a = 0; a < machine.actorCount(); ++a) {
        const int p = machine.actor(a).program;
        auto it = std::find_if(seen.begin(), seen.end(), [p](const auto &entry) { return entry.first == p; });
        if (it == seen.end())
            it = seen.insert(seen.end(), {p, {}});
        it->second << machine.actor(a).name;
    }
    std::vector<std::pair<int, QString>> result;
    for (const auto &[program, names] : seen) {
        QString who = names.mid(0, 4).join(QLatin1String(", "));
        if (names.size() > 4)
            who = Handout::tr("%1 and %2 more").arg(who).arg(names.size() - 4);
        result.push_back({program, who});
    }
    return result;
}

qreal codeLineHeight()
{
    return QFontMetricsF(monospace(CodePixels)).height() + CodeLeading;
}

// Room left of the code: the letters of the requests about to run a line, ▶, the line number.
qreal gutterWidth()
{
    return QFontMetricsF(font(11, true)).horizontalAdvance(QStringLiteral("A B C ▶")) + 6;
}

qreal codeIndent()
{
    return gutterWidth() + QFontMetricsF(monospace(CodePixels)).horizontalAdvance(QStringLiteral("00 ")) + 8;
}

} // namespace

TimelineTheme theme()
{
    TimelineTheme t = TimelineTheme::light();
    t.background = Qt::white;
    t.text = Ink;
    t.mutedText = Muted;
    t.grid = QColor(0xb0, 0xb0, 0xb0);
    t.laneAlternate = QColor(0xf4, 0xf4, 0xf4);
    t.axis = Ink;
    t.cursor = Ink;
    return t;
}

QFont font(qreal pixels, bool bold)
{
    QFont f;
    f.setPixelSize(qRound(pixels));
    f.setBold(bold);
    f.setStyleHint(QFont::SansSerif);
    return f;
}

QFont monospace(qreal pixels, bool bold)
{
    QFont f = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    f.setStyleHint(QFont::Monospace);
    f.setPixelSize(qRound(pixels));
    f.setBold(bold);
    return f;
}

qreal textHeight(const QString &text, const QFont &font, qreal width)
{
    if (text.isEmpty())
        return 0;
    return QFontMetricsF(font)
        .boundingRect(QRectF(0, 0, std::max<qreal>(10, width), 1e6), Qt::TextWordWrap, text)
        .height();
}

qreal drawText(QPainter &painter, const QRectF &box, const QString &text, const QFont &font, const QColor &colour,
               int flags)
{
    if (text.isEmpty())
        return 0;
    painter.save();
    painter.setFont(font);
    painter.setPen(colour);
    QRectF used;
    painter.drawText(QRectF(box.topLeft(), QSizeF(box.width(), 1e6)), flags | Qt::TextWordWrap, text, &used);
    painter.restore();
    return std::max(used.height(), textHeight(text, font, box.width()));
}

qreal paintFitted(QPainter &painter, const QRectF &rect, const QSizeF &natural,
                  const std::function<void(QPainter &, const QRectF &)> &paint, qreal minScale)
{
    if (natural.isEmpty() || rect.isEmpty())
        return 0;
    const qreal fit = std::min({1.0, rect.width() / natural.width(), rect.height() / natural.height()});
    const qreal scale = std::max(fit, std::min(1.0, minScale));
    painter.save();
    if (scale > fit)
        painter.setClipRect(rect, Qt::IntersectClip);
    painter.translate(rect.topLeft());
    painter.scale(scale, scale);
    paint(painter, QRectF(QPointF(0, 0), natural));
    painter.restore();
    return std::min(natural.height() * scale, rect.height());
}

qreal paintHeader(QPainter &painter, const QRectF &page, const QString &title, const QString &note,
                  const QString &subtitle)
{
    const QRectF box(page.left() + Margin, page.top() + Margin * 0.6, page.width() - 2 * Margin, 0);
    const QFont noteFont = font(12);
    const qreal noteWidth = std::min(box.width() * 0.4, QFontMetricsF(noteFont).horizontalAdvance(note) + 2);
    painter.save();
    painter.setFont(noteFont);
    painter.setPen(Muted);
    painter.drawText(QRectF(box.right() - noteWidth, box.top() + 6, noteWidth, 20), Qt::AlignRight | Qt::AlignTop,
                     QFontMetricsF(noteFont).elidedText(note, Qt::ElideRight, noteWidth));
    painter.restore();
    const qreal h = drawText(painter, box.adjusted(0, 0, -noteWidth - 12, 0), title, font(22, true), Ink);
    qreal y = box.top() + h + 6;
    painter.save();
    painter.setPen(QPen(Ink, 1.2));
    painter.drawLine(QPointF(box.left(), y), QPointF(box.right(), y));
    painter.restore();
    y += 8;
    if (!subtitle.isEmpty())
        y += drawText(painter, QRectF(box.left(), y, box.width(), 0), subtitle, font(12), Muted) + 4;
    return y + 6;
}

void paintFooter(QPainter &painter, const QRectF &page, const QString &text)
{
    const QFont f = font(11);
    const QFontMetricsF fm(f);
    const qreal width = page.width() - 2 * Margin;
    painter.save();
    painter.setFont(f);
    painter.setPen(Muted);
    painter.drawText(QPointF(page.left() + Margin, page.bottom() - Margin * 0.5),
                     fm.elidedText(text, Qt::ElideMiddle, width));
    painter.restore();
}

QSizeF codeSize(const Machine &machine, qreal width)
{
    const QFontMetricsF fm(monospace(CodePixels, true));
    const qreal indent = codeIndent();
    qreal h = 0, w = width;
    for (const auto &[program, who] : programsWithActors(machine)) {
        h += textHeight(who, font(13, true), width) + 4 +
            qreal(machine.program(program).lines.size()) * codeLineHeight() + 10;
        for (const ProgramLine &line : machine.program(program).lines)
            w = std::max(w, indent + fm.horizontalAdvance(line.code) + 8);
    }
    return {w, h};
}

void paintCode(QPainter &painter, const QRectF &rect, const Machine &machine, const CodeMarks &marks)
{
    const QFont code = monospace(CodePixels), codeBold = monospace(CodePixels, true), small = font(11, true);
    const QFontMetricsF fm(code);
    const qreal lineHeight = codeLineHeight();
    const qreal gutter = gutterWidth();
    const qreal numbers = fm.horizontalAdvance(QStringLiteral("00 "));
    qreal y = rect.top();
    painter.save();
    painter.setClipRect(rect, Qt::IntersectClip);
    for (const auto &[program, who] : programsWithActors(machine)) {
        y += drawText(painter, QRectF(rect.left(), y, rect.width(), 0), who, font(13, true), Ink) + 4;
        const Program &p = machine.program(program);
        const QSet<int> ran = marks.ran.value(program);
        const QMap<int, QStringList> next = marks.next.value(program);
        for (int line = 0; line < int(p.lines.size()); ++line, y += lineHeight) {
            const QRectF row(rect.left(), y, rect.width(), lineHeight);
            const bool justRan = ran.contains(line);
            if (justRan) {
                painter.fillRect(row.adjusted(gutter - 4, 0, 0, 0), Highlight);
                painter.setPen(QPen(Ink, 1));
                painter.drawRect(row.adjusted(gutter - 4, 0, -1, 0));
            }
            QStringList label = next.value(line);
            if (justRan)
                label << QStringLiteral("▶");
            painter.setFont(small);
            painter.setPen(Ink);
            painter.drawText(QRectF(rect.left(), y, gutter - 8, lineHeight), Qt::AlignRight | Qt::AlignVCenter,
                             label.join(u' '));
            painter.setFont(code);
            painter.setPen(Muted);
            painter.drawText(QRectF(rect.left() + gutter, y, numbers, lineHeight), Qt::AlignRight | Qt::AlignVCenter,
                             QString::number(line + 1));
            painter.setFont(justRan ? codeBold : code);
            painter.setPen(Ink);
            painter.drawText(QRectF(rect.left() + codeIndent(), y, rect.width(), lineHeight),
                             Qt::AlignLeft | Qt::AlignVCenter, p.lines[size_t(line)].code);
        }
        y += 10;
    }
    painter.restore();
}

qreal timelineHeight(const std::shared_ptr<const TimelineLayout> &layout, qreal width, bool legend)
{
    return TimelineRenderer(layout).preferredHeight(width, theme(), Exporter::timelineOptions(-1, nullptr, legend));
}

void paintTimeline(QPainter &painter, const QRectF &rect, const std::shared_ptr<const TimelineLayout> &layout,
                   const TimeRange &range, int cursorStep, bool legend, const std::atomic<bool> *cancel)
{
    TimelineRenderer(layout).paint(painter, rect, range, theme(),
                                   Exporter::timelineOptions(cursorStep, cancel, legend));
}

qreal gridHeight(int lanes)
{
    return 28 + lanes * 40.0;
}

void paintGrid(QPainter &painter, const QRectF &rect, const QStringList &lanes, int columns,
               const std::vector<GridMove> &moves)
{
    const QFont laneFont = font(13, true), numberFont = font(11), cellFont = font(13, true);
    qreal header = 0;
    for (const QString &lane : lanes)
        header = std::max(header, QFontMetricsF(laneFont).horizontalAdvance(lane));
    header = std::min(header + 12, rect.width() * 0.3);
    const qreal axis = 28, laneHeight = lanes.isEmpty() ? 0 : (rect.height() - axis) / lanes.size();
    const qreal cell = columns > 0 ? (rect.width() - header) / columns : 0;
    painter.save();
    painter.setPen(QPen(Rule, 0.8));
    for (int c = 0; c <= columns; ++c) // one column per move
        painter.drawLine(QPointF(rect.left() + header + c * cell, rect.top()),
                         QPointF(rect.left() + header + c * cell, rect.top() + axis + lanes.size() * laneHeight));
    for (int l = 0; l <= lanes.size(); ++l) {
        const qreal y = rect.top() + axis + l * laneHeight;
        painter.setPen(QPen(l == 0 || l == lanes.size() ? Ink : Rule, l == 0 || l == lanes.size() ? 1.2 : 0.8));
        painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y));
    }
    painter.setPen(Ink);
    painter.setFont(numberFont);
    painter.drawText(QRectF(rect.left(), rect.top(), header - 6, axis), Qt::AlignRight | Qt::AlignVCenter,
                     Handout::tr("move"));
    for (int c = 0; c < columns; ++c)
        painter.drawText(QRectF(rect.left() + header + c * cell, rect.top(), cell, axis), Qt::AlignCenter,
                         QString::number(c + 1));
    painter.setFont(laneFont);
    for (int l = 0; l < lanes.size(); ++l)
        painter.drawText(QRectF(rect.left(), rect.top() + axis + l * laneHeight, header - 6, laneHeight),
                         Qt::AlignRight | Qt::AlignVCenter, lanes[l]);
    painter.setFont(cellFont);
    for (int c = 0; c < int(moves.size()) && c < columns; ++c) {
        const GridMove &move = moves[size_t(c)];
        if (move.lane < 0 || move.lane >= lanes.size())
            continue;
        const QRectF box(rect.left() + header + c * cell, rect.top() + axis + move.lane * laneHeight, cell, laneHeight);
        const qreal r = std::min(box.width(), box.height()) * 0.38;
        painter.setPen(QPen(Ink, 1.4));
        painter.drawEllipse(box.center(), r, r);
        painter.drawText(box, Qt::AlignCenter, move.text);
    }
    painter.restore();
}

} // namespace HandoutPaper
