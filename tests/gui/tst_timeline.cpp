// The timeline paints what the trace says: ink at the coordinates the layout
// computes for known schedules (never an image hash), and the view's zoom,
// pan, selection and keyboard behaviour.

#include "classroom/presentermode.h"
#include "drivers/stepper.h"
#include "scenario/scenario.h"
#include "timeline/timelinerenderer.h"
#include "timeline/timelineview.h"

#include <QAccessible>
#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

using namespace Interleave;

namespace {

struct Fixture
{
    std::shared_ptr<const TimelineLayout> layout;
    QString error;
};

Fixture build(const QString &scenarioJsonOrId, const QString &strategy, const QString &schedule,
              const QHash<QString, int64_t> &params = {}, const QString &model = QStringLiteral("threads"))
{
    Fixture f;
    std::shared_ptr<const ScenarioSpec> spec;
    if (scenarioJsonOrId.startsWith(u'{'))
        spec = ScenarioLoader::loadData(scenarioJsonOrId.toUtf8(), QStringLiteral("test.json"), &f.error);
    else
        spec = ScenarioLoader::resolve(scenarioJsonOrId, &f.error);
    const auto parsedModel = ExecutionModel::parse(model, &f.error);
    const auto machine =
        spec && parsedModel ? Machine::compile(*spec, strategy, *parsedModel, params, &f.error) : nullptr;
    if (!machine)
        return f;
    Stepper stepper(machine);
    const auto s = Schedule::parse(schedule, *machine, &f.error);
    if (!s || !stepper.replay(*s, &f.error))
        return f;
    f.layout = TimelineLayout::build(machine, stepper.trace(), analyze(*machine, stepper.trace()), AxisMode::Steps);
    return f;
}

int find(const TimelineLayout &layout, int actor, EventKind kind, int nth = 0)
{
    for (int i = 0; i < layout.eventCount(); ++i)
        if (layout.trace()[size_t(i)].kind == kind && layout.trace()[size_t(i)].actor == actor && nth-- == 0)
            return i;
    return -1;
}

// Pixels in a box around `centre` that differ clearly from the background.
int ink(const QImage &image, QPointF centre, int radius, const QColor &background)
{
    int count = 0;
    for (int y = int(centre.y()) - radius; y <= int(centre.y()) + radius; ++y)
        for (int x = int(centre.x()) - radius; x <= int(centre.x()) + radius; ++x) {
            if (!image.rect().contains(x, y))
                continue;
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - background.red()) + std::abs(c.green() - background.green()) +
                    std::abs(c.blue() - background.blue()) >
                90)
                ++count;
        }
    return count;
}

// Pixels near `centre` close to `color` (a strong red stroke, say).
int pixelsOf(const QImage &image, QPointF centre, int radius, const QColor &color)
{
    int count = 0;
    for (int y = int(centre.y()) - radius; y <= int(centre.y()) + radius; ++y)
        for (int x = int(centre.x()) - radius; x <= int(centre.x()) + radius; ++x) {
            if (!image.rect().contains(x, y))
                continue;
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - color.red()) + std::abs(c.green() - color.green()) +
                    std::abs(c.blue() - color.blue()) <
                60)
                ++count;
        }
    return count;
}

const char *const deadlockScenario = R"({
  "format": 1, "id": "t", "title": "t", "summary": "s", "explanation": "e",
  "state": {"tables": [{"name": "accounts", "columns": ["balance"], "rows": [{"id": 1, "balance": 1}, {"id": 2, "balance": 1}]}]},
  "actors": [{"name": "T%1", "locals": {"a": 1, "b": 2}}, {"name": "T%1", "locals": {"a": 2, "b": 1}}],
  "strategies": [{"id": "o", "label": "o", "programs": {"main": [
    {"code": "begin", "steps": [{"op": "begin", "await": true}]},
    {"code": "a", "steps": [{"op": "read", "cell": "accounts[a].balance", "into": "x", "forUpdate": true, "await": true}]},
    {"code": "b", "steps": [{"op": "read", "cell": "accounts[b].balance", "into": "y", "forUpdate": true, "await": true}]},
    {"code": "commit", "steps": [{"op": "commit", "await": true}]}]}}]
})";

using DrawnTexts = std::vector<std::pair<QString, QRectF>>;

// Paints the whole of a layout and returns the picture and every label the plot drew.
QImage paintAll(const TimelineLayout &layout, const TimelineTheme &theme, DrawnTexts &texts, qreal width = 1400)
{
    TimelineRenderer renderer(std::shared_ptr<const TimelineLayout>(&layout, [](const TimelineLayout *) {}));
    TimelineOptions options;
    options.legend = false;
    options.drawnTexts = &texts;
    const QRectF rect(0, 0, width, renderer.preferredHeight(width, theme, options));
    QImage image(rect.size().toSize(), QImage::Format_ARGB32);
    image.fill(theme.background);
    QPainter p(&image);
    renderer.paint(p, rect, layout.extent(), theme, options);
    return image;
}

QStringList textsOf(const DrawnTexts &texts)
{
    QStringList out;
    for (const auto &[text, rect] : texts)
        out << text;
    return out;
}

} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT
private slots:
    void lostUpdateInk_data();
    void lostUpdateInk();
    void cancelledPaintStopsEarly();
    void holdsAndDeadlockCycle();
    void cursorLine();
    void emptyLayoutPaints();
    void keyboardZoomAndPan();
    void clickSelectsEvent();
    void rubberBandZooms();
    void wheelZoomsAtMouse();
    void steppingKeepsZoom();
    void tallLanesScrollInsteadOfShrinking();
    void labelsStayInsideThePlot();
    void readsNameTheirRow();
    void deadlockLoopLeavesTextClear();
    void lockWaitTimeoutIsNotADeadlock();
    void lostUpdateSaidOnEveryModel_data();
    void lostUpdateSaidOnEveryModel();
    void instanceLocksNameTheirInstance();
    void eventLoopShowsTheCpuWorkThatBlocksIt();
    void accessibleChildrenAreTheNarratedEvents();
    void keyboardWalksEventByEvent();
    void themeFollowsPaletteAndFont();
};

void TestTimeline::lostUpdateInk_data()
{
    QTest::addColumn<QString>("theme");
    QTest::newRow("light") << "light";
    QTest::newRow("presenter") << "presenter";
}

// A cancel before painting: the lanes' backgrounds, but no marks, labels or axis; without it, all of them.
void TestTimeline::cancelledPaintStopsEarly()
{
    const Fixture f = build(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("A B A B"));
    QVERIFY2(f.layout, qPrintable(f.error));
    const TimelineTheme t = TimelineTheme::light();
    TimelineRenderer renderer(f.layout);
    const QRectF rect(0, 0, 1400, 600);
    std::atomic<bool> cancel{false};
    auto paint = [&](DrawnTexts &texts) {
        TimelineOptions options;
        options.drawnTexts = &texts;
        options.cancel = &cancel;
        QImage image(rect.size().toSize(), QImage::Format_ARGB32);
        image.fill(Qt::magenta);
        QPainter p(&image);
        renderer.paint(p, rect, f.layout->extent(), t, options);
        p.end();
        return image;
    };
    DrawnTexts whole, cancelled;
    const QImage wholeImage = paint(whole);
    cancel = true;
    const QImage cancelledImage = paint(cancelled);
    QVERIFY(!whole.empty());
    QVERIFY(cancelled.empty());
    QVERIFY(wholeImage != cancelledImage);
}

void TestTimeline::lostUpdateInk()
{
    QFETCH(QString, theme);
    const Fixture f = build(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("A B A B"));
    QVERIFY2(f.layout, qPrintable(f.error));
    const TimelineTheme t = TimelineTheme::byName(theme);
    TimelineRenderer renderer(f.layout);
    TimelineOptions options;
    options.title = QStringLiteral("Lost update");
    const QRectF rect(0, 0, 1400, 600);
    QImage image(rect.size().toSize(), QImage::Format_ARGB32);
    image.fill(Qt::magenta); // anything not painted would show
    QPainter p(&image);
    renderer.paint(p, rect, f.layout->extent(), t, options);
    p.end();
    QCOMPARE(image.pixelColor(2, 2), t.background);

    const int readA = find(*f.layout, 0, EventKind::Read), writeA = find(*f.layout, 0, EventKind::Write);
    const int readB = find(*f.layout, 1, EventKind::Read), writeB = find(*f.layout, 1, EventKind::Write);
    auto at = [&](int event) { return renderer.eventPosition(event, rect, f.layout->extent(), t, options); };
    const TimelineGeometry g = renderer.geometry(rect, t, options);
    QCOMPARE(g.laneRects.size(), size_t(2));
    // A's lane has ink where its read and write are; B's lane has none at those x.
    for (int event : {readA, writeA, readB, writeB}) {
        const QPointF c = at(event);
        QVERIFY(g.laneRects[size_t(f.layout->laneOfEvent(event))].contains(c));
        QVERIFY2(ink(image, c, 3, t.background) > 8, qPrintable(QStringLiteral("no ink at event %1").arg(event)));
    }
    const qreal laneBY = g.glyphY(1), laneAY = g.glyphY(0);
    QCOMPARE(ink(image, QPointF(at(readA).x(), laneBY), 3, t.laneAlternate), 0);
    QCOMPARE(ink(image, QPointF(at(readB).x(), laneAY), 3, t.background), 0);
    // The read mark is in the read colour, the write mark in the write colour.
    QVERIFY(pixelsOf(image, at(readA), int(t.markSize / 2), t.read) > 4);
    QVERIFY(pixelsOf(image, at(writeB), int(t.markSize / 3), t.write) > 4);
    // The overwritten write is struck through in the lost colour; the winning write is not.
    // (the stroke runs from lower left to upper right; the arrow leaves to the lower right)
    const qreal h = t.markSize / 2;
    QVERIFY(pixelsOf(image, at(writeA) + QPointF(-1.2 * h, 0.9 * h), 2, t.lost) >= 3);
    QCOMPARE(pixelsOf(image, at(writeB) + QPointF(-1.2 * h, 0.9 * h), 2, t.lost), 0);
    // The arrow from the lost write to the one that overwrote it crosses between the lanes.
    const QPointF mid = (at(writeA) + at(writeB)) / 2;
    QVERIFY(pixelsOf(image, mid, int(t.markSize * 2), t.lost) > 4);
}

void TestTimeline::holdsAndDeadlockCycle()
{
    const Fixture f = build(QString::fromUtf8(deadlockScenario), QStringLiteral("o"), QStringLiteral("A B A B"));
    QVERIFY2(f.layout, qPrintable(f.error));
    const TimelineTheme t = TimelineTheme::light();
    TimelineRenderer renderer(f.layout);
    TimelineOptions options;
    options.legend = false;
    const QRectF rect(0, 0, 1200, 500);
    QImage image(rect.size().toSize(), QImage::Format_ARGB32);
    QPainter p(&image);
    renderer.paint(p, rect, f.layout->extent(), t, options);
    p.end();
    const TimelineGeometry g = renderer.geometry(rect, t, options);
    const TimeScale scale{f.layout->extent(), g.plotRect.left(), g.plotRect.width()};

    // A's hold of accounts[1]: solid in the lock's colour, from its lock to after the detector fired.
    const TraceAnalysis &an = f.layout->analysis();
    int hold = -1;
    for (int k = 0; k < int(an.intervals.size()); ++k)
        if (an.intervals[size_t(k)].kind == LockInterval::Hold && an.intervals[size_t(k)].actor == 0 &&
            an.intervals[size_t(k)].resource == 0)
            hold = k;
    QVERIFY(hold >= 0);
    const TimelineLane &laneA = f.layout->lanes()[0];
    QVERIFY(!laneA.intervalRows.empty());
    const QRectF laneRect = g.laneRects[0];
    const qreal barH = (laneRect.height() - g.markBandHeight) / qreal(laneA.intervalRows.size());
    int row = -1;
    for (size_t r = 0; r < laneA.intervalRows.size(); ++r)
        for (int k : laneA.intervalRows[r])
            if (k == hold)
                row = int(r);
    QVERIFY(row >= 0);
    const qreal barY = laneRect.top() + g.markBandHeight + row * barH + barH / 2;
    const qreal x0 = scale.toX(f.layout->intervalStart(hold)), x1 = scale.toX(f.layout->intervalEnd(hold));
    QVERIFY(x1 - x0 > 20);
    // Sample the bar's right half, away from its label.
    const QColor lockColor = image.pixelColor(int(x1 - 4), int(barY));
    QVERIFY(lockColor != t.background);
    QVERIFY(pixelsOf(image, QPointF((x0 + 3 * x1) / 4, barY), 2, lockColor) >= 20);
    QCOMPARE(ink(image, QPointF(x0 - 8, barY), 2, t.background), 0); // nothing before it was taken

    // The cycle: red strokes between the two lanes at the moment it closed.
    QCOMPARE(an.deadlocks.size(), size_t(1));
    const double tc = f.layout->deadlockTime(0);
    const QPointF between(scale.toX(tc), (g.glyphY(0) + g.glyphY(1)) / 2);
    QVERIFY(pixelsOf(image, between, int(t.markSize * 4), t.deadlock) > 10);
}

void TestTimeline::cursorLine()
{
    const Fixture f = build(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("A B A B"));
    QVERIFY2(f.layout, qPrintable(f.error));
    const TimelineTheme t = TimelineTheme::light();
    TimelineRenderer renderer(f.layout);
    TimelineOptions options;
    options.legend = false;
    options.cursorStep = 2;
    const QRectF rect(0, 0, 1000, 400);
    QImage image(rect.size().toSize(), QImage::Format_ARGB32);
    QPainter p(&image);
    renderer.paint(p, rect, f.layout->extent(), t, options);
    p.end();
    const TimelineGeometry g = renderer.geometry(rect, t, options);
    const qreal x = TimeScale{f.layout->extent(), g.plotRect.left(), g.plotRect.width()}.toX(f.layout->timeOfStep(2));
    // A dark vertical line down the plot at the cursor, on lane backgrounds.
    int dark = 0;
    for (int y = int(g.plotRect.top()) + 2; y < int(g.plotRect.bottom()) - 2; ++y)
        dark += image.pixelColor(int(x), y).lightness() < 80 ? 1 : 0;
    QVERIFY2(dark > g.plotRect.height() * 0.8, qPrintable(QString::number(dark)));
}

void TestTimeline::emptyLayoutPaints()
{
    TimelineRenderer renderer;
    QImage image(400, 200, QImage::Format_ARGB32);
    image.fill(Qt::magenta);
    QPainter p(&image);
    renderer.paint(p, QRectF(0, 0, 400, 200), {0, 1}, TimelineTheme::light(), TimelineOptions());
    p.end();
    QCOMPARE(image.pixelColor(200, 5), TimelineTheme::light().background);
}

void TestTimeline::keyboardZoomAndPan()
{
    const Fixture f = build(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("A B A B"));
    QVERIFY2(f.layout, qPrintable(f.error));
    TimelineView view;
    view.resize(1000, 400);
    view.setLayout(f.layout);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy spy(&view, &TimelineView::visibleRangeChanged);
    QCOMPARE(view.visibleRange(), f.layout->extent());

    QTest::keyClick(&view, Qt::Key_Plus);
    const TimeRange zoomed = view.visibleRange();
    QVERIFY(zoomed.length() < f.layout->extent().length() * 0.7);
    QCOMPARE((zoomed.start + zoomed.end) / 2, 2.0); // zooms about the middle
    QTest::keyClick(&view, Qt::Key_Right);
    QVERIFY(view.visibleRange().start > zoomed.start);
    QCOMPARE(view.visibleRange().length(), zoomed.length());
    QTest::keyClick(&view, Qt::Key_Left, Qt::ShiftModifier);
    QTest::keyClick(&view, Qt::Key_Left, Qt::ShiftModifier);
    QCOMPARE(view.visibleRange().start, 0.0); // clamped at the start
    QTest::keyClick(&view, Qt::Key_Minus);
    QVERIFY(view.visibleRange().length() > zoomed.length());
    QTest::keyClick(&view, Qt::Key_Plus);
    QTest::keyClick(&view, Qt::Key_Plus);
    QTest::keyClick(&view, Qt::Key_0);
    QCOMPARE(view.visibleRange(), f.layout->extent());
    QVERIFY(spy.count() >= 6);
}

void TestTimeline::clickSelectsEvent()
{
    const Fixture f = build(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("A B A B"));
    QVERIFY2(f.layout, qPrintable(f.error));
    TimelineView view;
    view.resize(1000, 400);
    view.setLayout(f.layout);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy spy(&view, &TimelineView::eventSelected);
    const int writeB = find(*f.layout, 1, EventKind::Write);
    const QPointF c =
        view.renderer().eventPosition(writeB, view.rect(), view.visibleRange(), view.theme(), view.options());
    QTest::mouseClick(&view, Qt::LeftButton, {}, c.toPoint());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toInt(), writeB);
    QCOMPARE(view.selectedEvent(), writeB);
    // A click on empty plot space clears the selection.
    const TimelineGeometry g = view.renderer().geometry(view.rect(), view.theme(), view.options());
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPointF(c.x(), g.laneRects[0].bottom() - 2).toPoint());
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(0).toInt(), -1);
    // A click on the axis asks to seek to the nearest step boundary.
    QSignalSpy seek(&view, &TimelineView::stepClicked);
    const TimeScale scale{view.visibleRange(), g.plotRect.left(), g.plotRect.width()};
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPointF(scale.toX(3.1), g.axisRect.center().y()).toPoint());
    QCOMPARE(seek.count(), 1);
    QCOMPARE(seek.at(0).at(0).toInt(), 3);
}

void TestTimeline::rubberBandZooms()
{
    const Fixture f = build(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("A B A B"));
    QVERIFY2(f.layout, qPrintable(f.error));
    TimelineView view;
    view.resize(1000, 400);
    view.setLayout(f.layout);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const TimelineGeometry g = view.renderer().geometry(view.rect(), view.theme(), view.options());
    const TimeScale scale{view.visibleRange(), g.plotRect.left(), g.plotRect.width()};
    const QPoint from(int(scale.toX(1.0)), int(g.laneRects[0].center().y()));
    const QPoint to(int(scale.toX(3.0)), from.y());
    QTest::mousePress(&view, Qt::LeftButton, Qt::ShiftModifier, from);
    QMouseEvent move(QEvent::MouseMove, to, view.mapToGlobal(to), Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
    QApplication::sendEvent(&view, &move);
    QTest::mouseRelease(&view, Qt::LeftButton, Qt::ShiftModifier, to);
    QVERIFY(std::abs(view.visibleRange().start - scale.toTime(from.x())) < 1e-9);
    QVERIFY(std::abs(view.visibleRange().end - scale.toTime(to.x())) < 1e-9);
}

void TestTimeline::wheelZoomsAtMouse()
{
    const Fixture f = build(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("A B A B"));
    QVERIFY2(f.layout, qPrintable(f.error));
    TimelineView view;
    view.resize(1000, 400);
    view.setLayout(f.layout);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const TimelineGeometry g = view.renderer().geometry(view.rect(), view.theme(), view.options());
    const TimeScale before{view.visibleRange(), g.plotRect.left(), g.plotRect.width()};
    const QPointF pos(before.toX(1.0), g.laneRects[0].center().y());
    QWheelEvent wheel(pos, view.mapToGlobal(pos), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(&view, &wheel);
    QVERIFY(view.visibleRange().length() < f.layout->extent().length());
    const TimeScale after{view.visibleRange(), g.plotRect.left(), g.plotRect.width()};
    QVERIFY(std::abs(after.toTime(pos.x()) - 1.0) < 1e-9); // the time under the mouse stays put
}

void TestTimeline::steppingKeepsZoom()
{
    // The stepper grows the trace one move at a time: a zoomed view keeps its range,
    // a fitted one follows the growing trace.
    QString error;
    const auto spec = ScenarioLoader::resolve(QStringLiteral("lost-update"), &error);
    const auto machine =
        spec ? Machine::compile(*spec, QStringLiteral("broken"), ExecutionModel{}, {}, &error) : nullptr;
    QVERIFY2(machine, qPrintable(error));
    Stepper stepper(machine);
    TimelineView view;
    view.resize(800, 300);
    for (const char *token : {"A", "B"})
        stepper.move(machine->actorByToken(QLatin1String(token)));
    view.setTrace(machine, stepper.trace(), analyze(*machine, stepper.trace()));
    QCOMPARE(view.visibleRange().end, 2.0);
    stepper.move(0);
    view.setTrace(machine, stepper.trace(), analyze(*machine, stepper.trace()));
    QCOMPARE(view.visibleRange().end, 3.0); // was fitted: stays fitted
    view.setVisibleRange({0.5, 1.5});
    stepper.move(1);
    view.setTrace(machine, stepper.trace(), analyze(*machine, stepper.trace()));
    QCOMPARE(view.visibleRange(), (TimeRange{0.5, 1.5}));
    view.setCursorStep(4);
    QCOMPARE(view.cursorStep(), 4);
}

// Twelve requests in a short view: lanes keep the height their labels need and
// a scroll bar reaches the rest; clicks still find marks after scrolling.
void TestTimeline::tallLanesScrollInsteadOfShrinking()
{
    const Fixture f =
        build(QStringLiteral("lost-update"), QStringLiteral("broken"),
              QStringLiteral("A B C D E F G H I J K L A B C D E F G H I J K L"), {{QStringLiteral("requests"), 12}});
    QVERIFY2(f.layout, qPrintable(f.error));
    const auto &layout = f.layout;

    TimelineView view;
    view.resize(900, 300);
    view.setLayout(layout);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto *bar = view.findChild<QScrollBar *>();
    QVERIFY(bar);
    QVERIFY(bar->isVisible());
    const QRectF content = view.contentRect();
    const TimelineGeometry g = view.renderer().geometry(content, view.theme(), view.options());
    const TimelineGeometry roomy =
        view.renderer().geometry(QRectF(0, 0, content.width(), 1e6), view.theme(), view.options());
    QCOMPARE(g.laneRects.size(), size_t(12));
    QCOMPARE(g.laneRects[0].height(), roomy.laneRects[0].height());
    QVERIFY(g.laneRects.back().top() > view.height());

    const int writeL = find(*layout, 11, EventKind::Write);
    QVERIFY(writeL >= 0);
    for (int i = 0; i < 20 && bar->value() < bar->maximum(); ++i)
        QTest::keyClick(&view, Qt::Key_PageDown);
    QCOMPARE(bar->value(), bar->maximum());
    const QPointF c =
        view.renderer().eventPosition(writeL, view.contentRect(), view.visibleRange(), view.theme(), view.options());
    QVERIFY(view.rect().contains(c.toPoint()));
    QSignalSpy spy(&view, &TimelineView::eventSelected);
    QTest::mouseClick(&view, Qt::LeftButton, {}, c.toPoint());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(view.selectedEvent(), writeL);
    QTest::keyClick(&view, Qt::Key_PageUp);
    QVERIFY(bar->value() < bar->maximum());

    // Two requests fit: no scroll bar, and the content is the widget itself.
    const Fixture small = build(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("A B A B"));
    QVERIFY2(small.layout, qPrintable(small.error));
    view.setLayout(small.layout);
    QVERIFY(!bar->isVisible());
    QCOMPARE(view.contentRect(), QRectF(view.rect()));
}

// Zoomed so that B's write sits at the right edge: its label moves left to stay
// whole, and nothing spills into the margin right of the plot.
void TestTimeline::labelsStayInsideThePlot()
{
    const Fixture f = build(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("A B A B"));
    QVERIFY2(f.layout, qPrintable(f.error));
    const TimelineTheme t = TimelineTheme::light();
    TimelineRenderer renderer(f.layout);
    TimelineOptions options;
    options.legend = false;
    const QRectF rect(0, 0, 900, 300);
    const int writeB = find(*f.layout, 1, EventKind::Write);
    const TimeRange visible{f.layout->extent().start, f.layout->eventTime(writeB) + 0.02};
    QImage image(rect.size().toSize(), QImage::Format_ARGB32);
    image.fill(t.background);
    QPainter p(&image);
    renderer.paint(p, rect, visible, t, options);
    p.end();
    const TimelineGeometry g = renderer.geometry(rect, t, options);
    const QPointF c = renderer.eventPosition(writeB, rect, visible, t, options);
    QVERIFY(c.x() > g.plotRect.right() - 2 * t.markSize); // the mark is at the edge
    // The plot clips what crosses its edge, so a label that ran past it would leave
    // ink in the last pixel columns of the label line above the mark.
    const QFontMetricsF fm(t.font);
    const qreal base = g.glyphY(1) - t.markSize * 0.75 - fm.descent() - 2;
    int atEdge = 0;
    for (int y = int(base - fm.ascent()); y <= int(base); ++y)
        for (int x = int(g.plotRect.right()) - 2; x < int(g.plotRect.right()); ++x)
            atEdge += ink(image, QPointF(x, y), 0, t.laneAlternate); // clear ink only: grid lines are faint
    QCOMPARE(atEdge, 0);
    // The label is still drawn: there is text left of the mark in the label band.
    QVERIFY(ink(image, QPointF(c.x() - 40, g.glyphY(1) - g.markBandHeight * 0.25), 12, t.laneAlternate) > 0);
}

void TestTimeline::readsNameTheirRow()
{
    // Transfers touch two accounts: a read says which one. One account: the column is enough.
    const Fixture transfer =
        build(QStringLiteral("transfer-deadlock"), QStringLiteral("request-order"), QStringLiteral("A A"));
    QVERIFY2(transfer.layout, qPrintable(transfer.error));
    const Fixture lost = build(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("A B"));
    QVERIFY2(lost.layout, qPrintable(lost.error));
    // Only one row read so far, but the transfer's trace is checked whole: after A's two moves it read accounts[1].
    const int readA = find(*transfer.layout, 0, EventKind::Read);
    QVERIFY(readA >= 0);
    const Fixture both =
        build(QStringLiteral("transfer-deadlock"), QStringLiteral("request-order"), QStringLiteral("A A B B"));
    QVERIFY2(both.layout, qPrintable(both.error));
    QVERIFY(both.layout->touchesSeveralRows());
    QCOMPARE(TimelineRenderer::markLabel(*both.layout, find(*both.layout, 0, EventKind::Read)),
             QStringLiteral("R accounts[1].balance=1000"));
    QCOMPARE(TimelineRenderer::markLabel(*both.layout, find(*both.layout, 1, EventKind::Read)),
             QStringLiteral("R accounts[2].balance=1000"));
    QVERIFY(!lost.layout->touchesSeveralRows());
    QCOMPARE(TimelineRenderer::markLabel(*lost.layout, find(*lost.layout, 0, EventKind::Read)),
             QStringLiteral("R balance=1000"));
}

void TestTimeline::deadlockLoopLeavesTextClear()
{
    const Fixture f =
        build(QStringLiteral("transfer-deadlock"), QStringLiteral("request-order"), QStringLiteral("A A B B A A A A"));
    QVERIFY2(f.layout, qPrintable(f.error));
    const TimelineTheme t = TimelineTheme::light();
    // Roomy, and as narrow as the window's timeline gets at 1366×768: never a badge over a label.
    for (qreal width : {1400.0, 560.0}) {
        DrawnTexts texts;
        const QImage image = paintAll(*f.layout, t, texts, width);
        const QStringList words = textsOf(texts);
        if (width > 1000) {
            QVERIFY2(words.contains(QStringLiteral("DEADLOCK · victim B")), qPrintable(words.join(u'|')));
            QVERIFY(words.contains(QStringLiteral("ER_LOCK_DEADLOCK")));
        }
        for (const auto &[text, rect] : texts) {
            if (text.startsWith(QLatin1String("DEADLOCK")))
                continue;
            // The loop is drawn in the deadlock red; none of it shows inside another label.
            int red = 0;
            for (int y = int(rect.top()) + 1; y < int(rect.bottom()); ++y)
                for (int x = int(rect.left()) + 1; x < int(rect.right()); ++x)
                    red += image.pixelColor(x, y) == t.deadlock;
            QVERIFY2(red == 0, qPrintable(QStringLiteral("the deadlock loop covers \"%1\"").arg(text)));
            // And the badge sits where no other label is.
            for (const auto &[badge, box] : texts)
                if (badge.startsWith(QLatin1String("DEADLOCK")))
                    QVERIFY2(!box.intersects(rect), qPrintable(text));
        }
    }
}

void TestTimeline::lockWaitTimeoutIsNotADeadlock()
{
    const TimelineTheme t = TimelineTheme::light();
    // The timeout fires and fails A: the badge says so, and nothing says "deadlock".
    const Fixture resolved =
        build(QStringLiteral("transfer-deadlock"), QStringLiteral("lock-timeout"), QStringLiteral("A A B B ~ B B B"));
    QVERIFY2(resolved.layout, qPrintable(resolved.error));
    DrawnTexts texts;
    paintAll(*resolved.layout, t, texts);
    QStringList words = textsOf(texts);
    QVERIFY2(words.contains(QStringLiteral("wait for each other · lock wait timeout fails A")),
             qPrintable(words.join(u'|')));
    QVERIFY(words.filter(QStringLiteral("DEADLOCK")).isEmpty());
    // Still waiting: true whether or not a timeout lies ahead, never "forever".
    const Fixture open =
        build(QStringLiteral("transfer-deadlock"), QStringLiteral("lock-timeout"), QStringLiteral("A A B B"));
    QVERIFY2(open.layout, qPrintable(open.error));
    texts.clear();
    paintAll(*open.layout, t, texts);
    words = textsOf(texts);
    QVERIFY2(words.contains(QStringLiteral("DEADLOCK · they wait for each other")), qPrintable(words.join(u'|')));
    QVERIFY(words.filter(QStringLiteral("forever")).isEmpty());
}

void TestTimeline::lostUpdateSaidOnEveryModel_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("schedule");
    QTest::newRow("threads") << "threads"
                             << "A B A B";
    QTest::newRow("event loop") << "eventloop"
                                << "A A B B B A";
    QTest::newRow("instances") << "instances:2"
                               << "A A B B B A";
}

void TestTimeline::lostUpdateSaidOnEveryModel()
{
    QFETCH(QString, model);
    QFETCH(QString, schedule);
    const Fixture f = build(QStringLiteral("lost-update"), QStringLiteral("broken"), schedule, {}, model);
    QVERIFY2(f.layout, qPrintable(f.error));
    QCOMPARE(f.layout->analysis().lostUpdates.size(), size_t(1));
    for (qreal width : {900.0, 1400.0}) {
        DrawnTexts texts;
        paintAll(*f.layout, TimelineTheme::light(), texts, width);
        const QStringList lost = textsOf(texts).filter(QStringLiteral("LOST UPDATE"));
        QVERIFY2(lost.size() == 1, qPrintable(textsOf(texts).join(u'|')));
    }
}

void TestTimeline::instanceLocksNameTheirInstance()
{
    const Fixture f = build(QStringLiteral("lost-update"), QStringLiteral("mutex"), QStringLiteral("A A A B B B B A"),
                            {}, QStringLiteral("instances:2"));
    QVERIFY2(f.layout, qPrintable(f.error));
    QStringList holds;
    const auto &intervals = f.layout->analysis().intervals;
    for (int k = 0; k < int(intervals.size()); ++k)
        if (intervals[size_t(k)].kind == LockInterval::Hold)
            holds << TimelineRenderer::intervalLabel(*f.layout, k);
    QVERIFY2(holds.size() == 2, qPrintable(holds.join(u'|')));
    QVERIFY2(holds.at(0).endsWith(QLatin1String("of instance 1")), qPrintable(holds.at(0)));
    QVERIFY2(holds.at(1).endsWith(QLatin1String("of instance 2")), qPrintable(holds.at(1)));
    // On threads there is one process: no instance to name.
    const Fixture threads = build(QStringLiteral("lost-update"), QStringLiteral("mutex"), QStringLiteral("A A A"));
    QVERIFY2(threads.layout, qPrintable(threads.error));
    for (int k = 0; k < int(threads.layout->analysis().intervals.size()); ++k)
        QVERIFY(!TimelineRenderer::intervalLabel(*threads.layout, k).contains(QLatin1String("instance")));
}

void TestTimeline::eventLoopShowsTheCpuWorkThatBlocksIt()
{
    const Fixture f = build(QStringLiteral("event-loop-blocking"), QStringLiteral("blocking"),
                            QStringLiteral("A ~ A B C D E"), {}, QStringLiteral("eventloop"));
    QVERIFY2(f.layout, qPrintable(f.error));
    const int loop = f.layout->laneForEventLoop(0);
    QVERIFY(loop >= 0);
    const TimelineLane &lane = f.layout->lanes()[size_t(loop)];
    QCOMPARE(lane.loopBusy.size(), size_t(1));
    QVERIFY(lane.intervalRows.empty()); // drawn in the loop's band, not in a row under it
    const TimelineTheme t = TimelineTheme::light();
    DrawnTexts texts;
    const QImage image = paintAll(*f.layout, t, texts, 1200);
    QVERIFY2(textsOf(texts).contains(QStringLiteral("CPU work of A blocks the loop")),
             qPrintable(textsOf(texts).join(u'|')));
    // Busy hatching in the loop's band, across the move where time passes and nobody else runs.
    TimelineRenderer renderer(f.layout);
    TimelineOptions options;
    options.legend = false;
    const QRectF rect(0, 0, 1200, image.height());
    const TimelineGeometry g = renderer.geometry(rect, t, options);
    const TimeScale scale{f.layout->extent(), g.plotRect.left(), g.plotRect.width()};
    const int busy = lane.loopBusy.front();
    const qreal x = scale.toX(f.layout->intervalEnd(busy)) - 6;
    QVERIFY(pixelsOf(image, QPointF(x, g.glyphY(loop)), 4, t.busy) > 3);
}

// A screen reader sees the timeline as a list of the events in trace order, each named by its
// narration; the list follows the trace when stepping makes it shorter.
void TestTimeline::accessibleChildrenAreTheNarratedEvents()
{
    const Fixture f = build(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("A B A B"));
    QVERIFY2(f.layout, qPrintable(f.error));
    TimelineView view;
    view.resize(1000, 400);
    view.setLayout(f.layout);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QAccessibleInterface *timeline = QAccessible::queryAccessibleInterface(&view);
    QVERIFY(timeline);
    QCOMPARE(timeline->role(), QAccessible::List);
    QCOMPARE(timeline->text(QAccessible::Name), QStringLiteral("Timeline"));
    QCOMPARE(timeline->childCount(), f.layout->eventCount());
    QVERIFY(f.layout->eventCount() >= 4);
    const Machine &machine = f.layout->machine();
    for (int i = 0; i < timeline->childCount(); ++i) {
        QAccessibleInterface *event = timeline->child(i);
        QVERIFY(event && event->isValid());
        QCOMPARE(event->role(), QAccessible::ListItem);
        const QString narration = machine.narrate(f.layout->trace()[size_t(i)]);
        QVERIFY(!narration.isEmpty());
        QCOMPARE(event->text(QAccessible::Name), narration);
        QVERIFY(event->text(QAccessible::Description).startsWith(narration));
        QCOMPARE(event->parent(), timeline);
        QCOMPARE(timeline->indexOfChild(event), i);
        QCOMPARE(timeline->child(i), event); // one interface per event, not a new one per question
    }
    // Each read names its writer, and the overwriting write says it is the lost update.
    const int readB = find(*f.layout, 1, EventKind::Read);
    QVERIFY(timeline->child(readB)->text(QAccessible::Description).contains(QLatin1String("initial value")));
    const int writeB = find(*f.layout, 1, EventKind::Write);
    QVERIFY(timeline->child(writeB)->text(QAccessible::Description).contains(QLatin1String("stale read")));
    // A mark on screen is where assistive technology points.
    const QRect r = timeline->child(writeB)->rect();
    const QPointF c =
        view.renderer().eventPosition(writeB, view.contentRect(), view.visibleRange(), view.theme(), view.options());
    QVERIFY(r.contains(view.mapToGlobal(c.toPoint())));
    QCOMPARE(timeline->childAt(r.center().x(), r.center().y()), timeline->child(writeB));

    // Undo two moves: fewer children, and the gone ones no longer answer.
    QAccessibleInterface *last = timeline->child(timeline->childCount() - 1);
    const Fixture shorter = build(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("A B"));
    view.setLayout(shorter.layout);
    QCOMPARE(timeline->childCount(), shorter.layout->eventCount());
    QVERIFY(timeline->childCount() < f.layout->eventCount());
    QVERIFY(!last->isValid());
}

// Ctrl+Right / Ctrl+Left walk the events in order: each is selected (so the window's narration
// follows), kept on screen, and is the accessible focus.
void TestTimeline::keyboardWalksEventByEvent()
{
    const Fixture f = build(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("A B A B"));
    QVERIFY2(f.layout, qPrintable(f.error));
    TimelineView view;
    view.resize(1000, 400);
    view.setLayout(f.layout);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.activateWindow();
    view.setFocus();
    QVERIFY(QTest::qWaitForWindowActive(&view));
    for (int i = 0; i < 3; ++i)
        QTest::keyClick(&view, Qt::Key_Plus); // zoomed in: the walk has to pan
    QVERIFY(view.visibleRange().length() < f.layout->extent().length() / 2);
    QSignalSpy selected(&view, &TimelineView::eventSelected);
    const QImage unwalked = view.grab().toImage();

    QTest::keyClick(&view, Qt::Key_Right, Qt::ControlModifier);
    QCOMPARE(view.selectedEvent(), 0);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.at(0).at(0).toInt(), 0);
    QVERIFY(view.visibleRange().contains(f.layout->eventTime(0)));
    const int last = f.layout->eventCount() - 1;
    for (int i = 1; i <= last; ++i) {
        QTest::keyClick(&view, Qt::Key_Right, Qt::ControlModifier);
        QCOMPARE(view.selectedEvent(), i);
        QVERIFY2(view.visibleRange().contains(f.layout->eventTime(i)), qPrintable(QString::number(i)));
    }
    QCOMPARE(selected.count(), last + 1);
    QTest::keyClick(&view, Qt::Key_Right, Qt::ControlModifier); // at the end: stays, says nothing new
    QCOMPARE(view.selectedEvent(), last);
    QCOMPARE(selected.count(), last + 1);
    QTest::keyClick(&view, Qt::Key_Left, Qt::ControlModifier);
    QCOMPARE(view.selectedEvent(), last - 1);
    QCOMPARE(selected.last().at(0).toInt(), last - 1);

    // The walked event is the accessible focus, and a focus mark is drawn round it.
    QAccessibleInterface *timeline = QAccessible::queryAccessibleInterface(&view);
    QCOMPARE(timeline->focusChild(), timeline->child(last - 1));
    QVERIFY(timeline->child(last - 1)->state().focused);
    QVERIFY(!timeline->child(last)->state().focused);
    const QImage walked = view.grab().toImage();
    QVERIFY(walked != unwalked);
    // Plain Left / Right still pan and leave the selection alone.
    const TimeRange before = view.visibleRange();
    QTest::keyClick(&view, Qt::Key_Left);
    QVERIFY(view.visibleRange().start < before.start);
    QCOMPARE(view.selectedEvent(), last - 1);
}

// The screen follows the desktop: a dark palette gives the dark timeline, a larger font a
// larger one (presenter mode's factor on top); exports keep the theme they are asked for.
void TestTimeline::themeFollowsPaletteAndFont()
{
    TimelineView view;
    QCOMPARE(view.theme().name, QStringLiteral("light"));
    QPalette dark = view.palette();
    dark.setColor(QPalette::Window, QColor(0x2a, 0x2e, 0x32));
    dark.setColor(QPalette::WindowText, QColor(0xfc, 0xfc, 0xfc));
    view.setPalette(dark);
    QCOMPARE(view.theme().name, QStringLiteral("dark"));
    QVERIFY(view.theme().background.lightnessF() < 0.2);
    QVERIFY(view.theme().text.lightnessF() > 0.8);
    QCOMPARE(TimelineTheme::byName(QStringLiteral("light")).background, QColor(Qt::white));

    const TimelineTheme light = TimelineTheme::light();
    QCOMPARE(view.theme().font.pixelSize(), light.font.pixelSize()); // 11 pt or less: as designed
    QFont large = view.font();
    large.setPointSizeF(22); // twice the smallest start size
    view.setFont(large);
    QCOMPARE(view.theme().font.pixelSize(), 2 * light.font.pixelSize());
    QCOMPARE(view.theme().laneFont.pixelSize(), 2 * light.laneFont.pixelSize());
    QCOMPARE(view.theme().laneHeight, 2 * light.laneHeight);
    QCOMPARE(view.theme().name, QStringLiteral("dark"));

    // Presenter mode enlarges the application font by its factor; the timeline does not count it twice.
    large.setPointSizeF(22 * PresenterMode::Scale);
    view.setFont(large);
    view.setPresenterMode(true);
    QCOMPARE(view.theme().name, QStringLiteral("presenter"));
    QCOMPARE(view.theme().font.pixelSize(), qRound(2 * light.font.pixelSize() * PresenterMode::Scale));
    view.setPresenterMode(false);
    large.setPointSizeF(9);
    view.setFont(large);
    QCOMPARE(view.theme().font.pixelSize(), light.font.pixelSize());
}

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
