#include "timeline/timelineframe.h"

#include <QFontInfo>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QPalette>
#include <QScreen>

#include <cmath>

using namespace Interleave;

using namespace TimelinePaint;

namespace {

QFont pixelFont(int px, bool bold)
{
    QFont f;
    f.setPixelSize(px);
    f.setBold(bold);
    f.setStyleHint(QFont::SansSerif);
    return f;
}

} // namespace

// ---- themes ----

TimelineTheme TimelineTheme::light()
{
    TimelineTheme t;
    t.name = QStringLiteral("light");
    t.background = QColor(0xff, 0xff, 0xff);
    t.text = QColor(0x1a, 0x1a, 0x1a);
    t.mutedText = QColor(0x5f, 0x63, 0x68);
    t.grid = QColor(0xe3, 0xe5, 0xe8);
    t.laneAlternate = QColor(0xf5, 0xf7, 0xfa);
    t.axis = QColor(0x44, 0x44, 0x44);
    // Okabe–Ito hues: distinguishable with the common colour-vision deficiencies.
    t.read = QColor(0x00, 0x72, 0xb2);
    t.write = QColor(0xe6, 0x9f, 0x00);
    t.lost = QColor(0xc0, 0x00, 0x00);
    t.failure = QColor(0xc0, 0x00, 0x00);
    t.violation = QColor(0xa0, 0x00, 0x7a);
    t.deadlock = QColor(0xd0, 0x00, 0x00);
    t.cursor = QColor(0x1a, 0x1a, 0x1a);
    t.selection = QColor(0x00, 0x72, 0xb2);
    t.lease = QColor(0xcc, 0x79, 0xa7);
    t.wait = QColor(0x6b, 0x6b, 0x6b);
    t.busy = QColor(0x88, 0x88, 0x88);
    t.lockPalette = {QColor(0x00, 0x9e, 0x73), QColor(0x56, 0xb4, 0xe9), QColor(0xcc, 0x79, 0xa7),
                     QColor(0xd5, 0x5e, 0x00), QColor(0x99, 0x88, 0x00), QColor(0x00, 0x72, 0xb2)};
    t.font = pixelFont(13, false);
    t.laneFont = pixelFont(14, true);
    t.titleFont = pixelFont(18, true);
    t.lineWidth = 1.6;
    t.markSize = 11;
    t.laneHeight = 64;
    t.barHeight = 18;
    return t;
}

TimelineTheme TimelineTheme::dark()
{
    TimelineTheme t = light();
    t.name = QStringLiteral("dark");
    t.background = QColor(0x1e, 0x21, 0x26);
    t.text = QColor(0xe8, 0xea, 0xed);
    t.mutedText = QColor(0xa7, 0xad, 0xb4);
    t.grid = QColor(0x3a, 0x3f, 0x46);
    t.laneAlternate = QColor(0x26, 0x2a, 0x30);
    t.axis = QColor(0xc4, 0xc8, 0xcc);
    // The same Okabe–Ito hues, the darkest ones lightened to keep their contrast on the dark ground.
    t.read = QColor(0x56, 0xb4, 0xe9);
    t.write = QColor(0xe6, 0x9f, 0x00);
    t.lost = QColor(0xff, 0x5c, 0x5c);
    t.failure = QColor(0xe5, 0x3e, 0x3e);
    t.violation = QColor(0xe0, 0x7b, 0xc8);
    t.deadlock = QColor(0xff, 0x4d, 0x4d);
    t.cursor = QColor(0xe8, 0xea, 0xed);
    t.selection = QColor(0x56, 0xb4, 0xe9);
    t.wait = QColor(0x9a, 0x9a, 0x9a);
    t.busy = QColor(0x70, 0x70, 0x70);
    t.lockPalette = {QColor(0x00, 0x9e, 0x73), QColor(0x56, 0xb4, 0xe9), QColor(0xcc, 0x79, 0xa7),
                     QColor(0xd5, 0x5e, 0x00), QColor(0xb8, 0xa6, 0x00), QColor(0x3a, 0x8f, 0xd0)};
    return t;
}

TimelineTheme TimelineTheme::presenter()
{
    TimelineTheme t = light();
    t.name = QStringLiteral("presenter");
    t.text = Qt::black;
    t.mutedText = QColor(0x30, 0x30, 0x30);
    t.grid = QColor(0xc8, 0xc8, 0xc8);
    t.laneAlternate = QColor(0xee, 0xf0, 0xf3);
    t.axis = Qt::black;
    t.read = QColor(0x00, 0x4c, 0x99);
    t.write = QColor(0xd0, 0x80, 0x00);
    t.lost = QColor(0xd0, 0x00, 0x00);
    t.failure = QColor(0xd0, 0x00, 0x00);
    t.violation = QColor(0x90, 0x00, 0x70);
    t.lockPalette = {QColor(0x00, 0x80, 0x5c), QColor(0x1f, 0x8f, 0xd6), QColor(0xb0, 0x4f, 0x8e),
                     QColor(0xc0, 0x4a, 0x00), QColor(0x80, 0x70, 0x00), QColor(0x00, 0x4c, 0x99)};
    t.font = pixelFont(22, true);
    t.laneFont = pixelFont(26, true);
    t.titleFont = pixelFont(32, true);
    t.lineWidth = 3.5;
    t.markSize = 22;
    t.laneHeight = 118;
    t.barHeight = 34;
    t.boldLabels = true;
    return t;
}

TimelineTheme TimelineTheme::byName(const QString &name)
{
    return name == QLatin1String("presenter") ? presenter() : light();
}

TimelineTheme TimelineTheme::forPalette(const QPalette &palette)
{
    const bool darkWindow =
        palette.color(QPalette::Window).lightnessF() < palette.color(QPalette::WindowText).lightnessF();
    return darkWindow ? dark() : light();
}

qreal TimelineTheme::fontScale(const QFont &userFont)
{
    // The light theme's pixel sizes suit MainWindow::setUpApplication's 11 pt floor at 96 dpi. A
    // larger point size, or a screen set to more dots per inch, makes the user's text larger.
    constexpr qreal SmallestStartPx = 11 * 96 / 72.0;
    const QScreen *screen = QGuiApplication::primaryScreen();
    const qreal dpi = screen ? screen->logicalDotsPerInchY() : 96;
    const qreal points = userFont.pointSizeF() > 0 ? userFont.pointSizeF() : QFontInfo(userFont).pointSizeF();
    const qreal px = userFont.pixelSize() > 0 ? userFont.pixelSize() : points * dpi / 72;
    return std::max<qreal>(1, px / SmallestStartPx);
}

TimelineTheme TimelineTheme::resized(const TimelineTheme &sizes, qreal factor) const
{
    TimelineTheme t = *this;
    auto grow = [factor](QFont f, const QFont &size) {
        f.setPixelSize(std::max(1, qRound(size.pixelSize() * factor)));
        return f;
    };
    t.font = grow(t.font, sizes.font);
    t.laneFont = grow(t.laneFont, sizes.laneFont);
    t.titleFont = grow(t.titleFont, sizes.titleFont);
    t.markSize = sizes.markSize * factor;
    t.laneHeight = sizes.laneHeight * factor;
    t.barHeight = sizes.barHeight * factor;
    return t;
}

// ---- geometry ----

int TimelineGeometry::laneAt(qreal y) const
{
    for (size_t i = 0; i < laneRects.size(); ++i)
        if (y >= laneRects[i].top() && y < laneRects[i].bottom())
            return int(i);
    return -1;
}

TimelineGeometry TimelineRenderer::geometry(const QRectF &rect, const TimelineTheme &theme,
                                            const TimelineOptions &options) const
{
    TimelineGeometry g;
    const QFontMetricsF fm(theme.font), fmLane(theme.laneFont), fmTitle(theme.titleFont);
    const qreal pad = std::round(fm.height() * 0.5);
    qreal y = rect.top() + pad;
    if (!options.title.isEmpty() || !options.subtitle.isEmpty()) {
        qreal h = 0;
        if (!options.title.isEmpty())
            h += fmTitle.height();
        if (!options.subtitle.isEmpty())
            h += fm.height() * 1.15;
        g.titleRect = QRectF(rect.left() + pad, y, rect.width() - 2 * pad, h);
        y += h + pad;
    }
    // Header column: wide enough for the longest lane title, never more than a quarter.
    qreal header = 0;
    if (options.laneHeaders) {
        if (m_layout)
            for (const TimelineLane &lane : m_layout->lanes())
                header = std::max({header, fmLane.horizontalAdvance(lane.title), fm.horizontalAdvance(lane.subtitle)});
        header = std::min(header + 2 * pad, rect.width() * 0.25);
    }
    const qreal axisHeight = options.axis ? fm.height() * 2.4 + pad : 0;
    qreal legendHeight = 0;
    if (options.legend) {
        // Flow the legend items into rows across the width.
        const qreal swatch = theme.markSize * 2.6;
        qreal x = 0;
        int rows = 1;
        for (const LegendItem &item : legendItems(m_layout.get())) {
            const qreal w = swatch + fm.horizontalAdvance(item.text) + 2 * pad;
            if (x > 0 && x + w > rect.width() - 2 * pad) {
                ++rows;
                x = 0;
            }
            x += w;
        }
        legendHeight = rows * fm.height() * 1.5 + pad;
    }
    const qreal markBand = std::max(theme.laneHeight, fm.height() * 3.3 + theme.markSize);
    std::vector<qreal> heights;
    qreal needed = 0;
    if (m_layout)
        for (const TimelineLane &lane : m_layout->lanes()) {
            const qreal h = markBand + qreal(lane.intervalRows.size()) * theme.barHeight + pad * 0.5;
            heights.push_back(h);
            needed += h;
        }
    // A strip above the lanes for what belongs to no request: the clock and broken rules.
    const bool banner =
        m_layout && (m_layout->hasEventKind(EventKind::Tick) || m_layout->hasEventKind(EventKind::Violation));
    const qreal bannerHeight = banner ? std::round(fm.height() * 1.5) : 0;
    const qreal plotTop = y;
    y += bannerHeight;
    const qreal available = rect.bottom() - pad - legendHeight - axisHeight - y;
    const qreal scale = needed > available && needed > 0 ? std::max(0.3, available / needed) : 1.0;
    g.markBandHeight = markBand * scale;
    const qreal plotLeft = rect.left() + header;
    const qreal plotWidth = std::max<qreal>(10, rect.right() - pad - plotLeft);
    qreal ly = y;
    for (qreal h : heights) {
        g.laneRects.emplace_back(plotLeft, ly, plotWidth, h * scale);
        ly += h * scale;
    }
    if (heights.empty())
        ly = y + std::max<qreal>(markBand, available * 0.5);
    g.plotRect = QRectF(plotLeft, plotTop, plotWidth, ly - plotTop);
    g.headerRect = QRectF(rect.left(), plotTop, header, ly - plotTop);
    if (banner)
        g.bannerRect = QRectF(plotLeft, plotTop, plotWidth, bannerHeight);
    g.axisRect = QRectF(plotLeft, ly, plotWidth, axisHeight);
    g.legendRect = QRectF(rect.left() + pad, ly + axisHeight, rect.width() - 2 * pad, legendHeight);
    return g;
}

qreal TimelineRenderer::preferredHeight(qreal width, const TimelineTheme &theme, const TimelineOptions &options) const
{
    // Lay out in an effectively unbounded rectangle, then measure what was used.
    const TimelineGeometry g = geometry(QRectF(0, 0, width, 1e6), theme, options);
    const QFontMetricsF fm(theme.font);
    return g.legendRect.bottom() + std::round(fm.height() * 0.5); // the bottom padding geometry() keeps
}

void TimelineRenderer::paint(QPainter &painter, const QRectF &rect, const TimeRange &range, const TimelineTheme &theme,
                             const TimelineOptions &options) const
{
    const TimelineGeometry g = geometry(rect, theme, options);
    painter.save();
    painter.fillRect(rect, theme.background);
    if (!options.title.isEmpty() || !options.subtitle.isEmpty()) {
        const QFontMetricsF fmTitle(theme.titleFont);
        painter.setPen(theme.text);
        qreal y = g.titleRect.top();
        if (!options.title.isEmpty()) {
            painter.setFont(theme.titleFont);
            painter.drawText(QPointF(g.titleRect.left(), y + fmTitle.ascent()),
                             fmTitle.elidedText(options.title, Qt::ElideRight, g.titleRect.width()));
            y += fmTitle.height();
        }
        if (!options.subtitle.isEmpty()) {
            const QFontMetricsF fm(theme.font);
            painter.setFont(theme.font);
            painter.setPen(theme.mutedText);
            painter.drawText(QPointF(g.titleRect.left(), y + fm.ascent()),
                             fm.elidedText(options.subtitle, Qt::ElideRight, g.titleRect.width()));
        }
    }
    if (!m_layout || m_layout->lanes().empty()) {
        painter.setPen(theme.mutedText);
        painter.setFont(theme.font);
        painter.drawText(g.plotRect, Qt::AlignCenter, tr("Nothing has happened yet: step a request to start."));
        painter.restore();
        return;
    }
    Frame frame(painter, m_layout.get(), g, range.length() > 0 ? range : m_layout->extent(), theme, options);
    frame.paint();
    if (options.legend)
        frame.legend();
    painter.restore();
}

int TimelineRenderer::eventAt(const QPointF &pos, const QRectF &rect, const TimeRange &range,
                              const TimelineTheme &theme, const TimelineOptions &options) const
{
    if (!m_layout)
        return -1;
    const TimelineGeometry g = geometry(rect, theme, options);
    if (!g.plotRect.contains(pos))
        return -1;
    const int lane = g.laneAt(pos.y());
    if (lane < 0 || pos.y() > g.laneRects[size_t(lane)].top() + g.markBandHeight)
        return -1;
    TimeScale scale{range, g.plotRect.left(), g.plotRect.width()};
    const double tolerance = scale.unitsPerPixel() * std::max<qreal>(6, theme.markSize);
    return TimelineLayout::nearestEvent(m_layout->lanes()[size_t(lane)], scale.toTime(pos.x()), tolerance);
}

QPointF TimelineRenderer::eventPosition(int event, const QRectF &rect, const TimeRange &range,
                                        const TimelineTheme &theme, const TimelineOptions &options) const
{
    if (!m_layout || event < 0 || event >= m_layout->eventCount() || m_layout->laneOfEvent(event) < 0)
        return {};
    const TimelineGeometry g = geometry(rect, theme, options);
    const TimeScale scale{range, g.plotRect.left(), g.plotRect.width()};
    return {scale.toX(m_layout->eventTime(event)), g.glyphY(m_layout->laneOfEvent(event))};
}

int TimelineRenderer::intervalAt(const QPointF &pos, const QRectF &rect, const TimeRange &range,
                                 const TimelineTheme &theme, const TimelineOptions &options) const
{
    if (!m_layout)
        return -1;
    const TimelineGeometry g = geometry(rect, theme, options);
    const int laneIndex = g.laneAt(pos.y());
    if (laneIndex < 0 || !g.plotRect.contains(pos))
        return -1;
    const TimelineLane &lane = m_layout->lanes()[size_t(laneIndex)];
    const QRectF lr = g.laneRects[size_t(laneIndex)];
    const qreal offset = pos.y() - lr.top() - g.markBandHeight;
    if (offset < 0 || lane.intervalRows.empty())
        return -1;
    const qreal barH = (lr.height() - g.markBandHeight) / qreal(lane.intervalRows.size());
    const size_t row = size_t(offset / barH);
    if (row >= lane.intervalRows.size())
        return -1;
    TimeScale scale{range, g.plotRect.left(), g.plotRect.width()};
    const double t = scale.toTime(pos.x());
    const auto &ends = lane.intervalRowEnds[row];
    const size_t i = size_t(std::lower_bound(ends.begin(), ends.end(), t) - ends.begin());
    if (i < ends.size() && lane.intervalRowStarts[row][i] <= t)
        return lane.intervalRows[row][i];
    return -1;
}
