#pragma once

// The building blocks of a printed handout page: a paper theme that is light
// whatever the desktop, text blocks, the variant's code with lines marked, the
// timeline (TimelineRenderer, as the exports draw it) and an empty or filled-in
// move grid. Everything is in logical pixels (96 per inch) on a landscape page;
// the writers scale a page to the paper and the resolution.
//
// QtGui only: the CLI paints handouts with no display.

#include "machine/machine.h"
#include "timeline/timelinerenderer.h"

#include <QFont>
#include <QMap>
#include <QRectF>
#include <QSet>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QPainter;

namespace HandoutPaper {

// The light timeline theme with pure white paper, black text and greys dark
// enough to survive a black-and-white printer. Never the window's dark theme.
TimelineTheme theme();
QFont font(qreal pixels, bool bold = false);
QFont monospace(qreal pixels, bool bold = false);

constexpr qreal Margin = 44;

// Height of `text` wrapped to `width` in `font`.
qreal textHeight(const QString &text, const QFont &font, qreal width);
// Draws `text` wrapped at the top of `box`; returns the height it took.
qreal drawText(QPainter &painter, const QRectF &box, const QString &text, const QFont &font, const QColor &colour,
               int flags = Qt::AlignLeft | Qt::AlignTop);

// Paints something of natural size `natural` into `rect`, scaled down (never up) to fit,
// from the top left, but never below `minScale` (what then does not fit is cut off:
// code too small to read on paper helps nobody). Returns the height it took.
qreal paintFitted(QPainter &painter, const QRectF &rect, const QSizeF &natural,
                  const std::function<void(QPainter &, const QRectF &)> &paint, qreal minScale = 0);
// Code is not made smaller than this on paper: 13 px × 0.72 is about 7 pt.
constexpr qreal MinCodeScale = 0.72;

// Top line (bold, left) with a short muted note on the right, a rule, and a muted
// subtitle below it (wrapped); a muted line at the bottom. Returns the y below the header.
qreal paintHeader(QPainter &painter, const QRectF &page, const QString &title, const QString &note,
                  const QString &subtitle = QString());
void paintFooter(QPainter &painter, const QRectF &page, const QString &text);

// Which lines to mark in the code: the lines a move just ran (per program index)
// and, per program and line, the letters of the requests about to run it.
struct CodeMarks
{
    QMap<int, QSet<int>> ran;
    QMap<int, QMap<int, QStringList>> next;
};

// Each distinct program of the variant, under the names of the requests that run it;
// its natural size (long lines make it wider than `width`: paint it fitted).
QSizeF codeSize(const Interleave::Machine &machine, qreal width);
void paintCode(QPainter &painter, const QRectF &rect, const Interleave::Machine &machine, const CodeMarks &marks = {});

// The timeline of `layout` over `range`, as the exports draw it, with the cursor after
// `cursorStep` moves (-1: none); the legend when asked.
qreal timelineHeight(const std::shared_ptr<const TimelineLayout> &layout, qreal width, bool legend);
void paintTimeline(QPainter &painter, const QRectF &rect, const std::shared_ptr<const TimelineLayout> &layout,
                   const TimeRange &range, int cursorStep, bool legend, const std::atomic<bool> *cancel);

// A grid with one lane per name and `columns` numbered moves, for a schedule drawn
// by hand. `moves` (optional) fills it in: per column, the lane that moves (an index
// into `lanes`) and the text to write in its cell (the line it runs).
struct GridMove
{
    int lane = -1;
    QString text;
};
qreal gridHeight(int lanes);
void paintGrid(QPainter &painter, const QRectF &rect, const QStringList &lanes, int columns,
               const std::vector<GridMove> &moves = {});

} // namespace HandoutPaper
