// The timeline's math on its own: time↔pixel, zoom and pan, lanes, step
// widths, and the level-of-detail queries. No widget, no painter.

#include "drivers/stepper.h"
#include "scenario/scenario.h"
#include "timeline/timelinelayout.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Interleave;

namespace {

std::shared_ptr<const TimelineLayout> layoutFor(const std::shared_ptr<const ScenarioSpec> &spec,
                                                const QString &strategy, const QString &model, const QString &schedule,
                                                QString *error, AxisMode axis = AxisMode::Steps)
{
    if (!spec)
        return nullptr;
    const auto em = ExecutionModel::parse(model, error);
    const auto machine = em ? Machine::compile(*spec, strategy, *em, {}, error) : nullptr;
    if (!machine)
        return nullptr;
    Stepper stepper(machine);
    const auto s = Schedule::parse(schedule, *machine, error);
    if (!s || !stepper.replay(*s, error))
        return nullptr;
    return TimelineLayout::build(machine, stepper.trace(), analyze(*machine, stepper.trace()), axis);
}

std::shared_ptr<const ScenarioSpec> inlineSpec(const char *json)
{
    QString error;
    auto spec = ScenarioLoader::loadData(QByteArray(json), QStringLiteral("test.json"), &error);
    if (!spec)
        qWarning("%s", qPrintable(error));
    return spec;
}

const char *const leaseScenario = R"({
  "format": 1, "id": "lease", "title": "l", "summary": "s", "explanation": "e",
  "state": {"tables": [{"name": "files", "columns": ["data"], "rows": [{"id": 1, "data": 0}]}], "leases": ["job"]},
  "actors": [{"name": "Worker %1", "repeat": "2"}],
  "strategies": [{"id": "lease", "label": "lease", "programs": {"main": [
      {"code": "acquire", "steps": [{"op": "lease_acquire", "lease": "job", "ttl": "100", "token": "token", "wait": true, "await": true}]},
      {"code": "write", "steps": [{"op": "write", "cell": "files[1].data", "value": "token", "fence": "token", "await": true}]},
      {"code": "release", "steps": [{"op": "lease_release", "lease": "job", "await": true}]}]}}]
})";

} // namespace

class TestTimelineLayout : public QObject
{
    Q_OBJECT
private slots:
    void timeScale_data();
    void timeScale();
    void zoomKeepsAnchor_data();
    void zoomKeepsAnchor();
    void zoomAndPanClamp();
    void lostUpdateLanesAndTimes();
    void crowdedStepIsWider();
    void lanesFollowTheStrategy_data();
    void lanesFollowTheStrategy();
    void stepAtTime();
    void classesMatchBruteForce();
    void nearestEvent();
    void wallTimeAxis();
};

void TestTimelineLayout::timeScale_data()
{
    QTest::addColumn<double>("start");
    QTest::addColumn<double>("end");
    QTest::addColumn<double>("left");
    QTest::addColumn<double>("width");
    QTest::addColumn<double>("t");
    QTest::addColumn<double>("x");
    QTest::newRow("unit") << 0.0 << 10.0 << 0.0 << 100.0 << 5.0 << 50.0;
    QTest::newRow("offset plot") << 0.0 << 10.0 << 120.0 << 1000.0 << 2.5 << 370.0;
    QTest::newRow("zoomed in") << 3.0 << 3.5 << 100.0 << 500.0 << 3.25 << 350.0;
    QTest::newRow("left of range") << 10.0 << 20.0 << 0.0 << 100.0 << 5.0 << -50.0;
}

void TestTimelineLayout::timeScale()
{
    QFETCH(double, start);
    QFETCH(double, end);
    QFETCH(double, left);
    QFETCH(double, width);
    QFETCH(double, t);
    QFETCH(double, x);
    const TimeScale scale{{start, end}, left, width};
    QCOMPARE(scale.toX(t), x);
    QCOMPARE(scale.toTime(x), t);
    QCOMPARE(scale.pixelsPerUnit() * scale.unitsPerPixel(), 1.0);
}

void TestTimelineLayout::zoomKeepsAnchor_data()
{
    QTest::addColumn<double>("anchor");
    QTest::addColumn<double>("factor");
    QTest::newRow("in at the middle") << 50.0 << 0.5;
    QTest::newRow("in near the left") << 20.0 << 0.25;
    QTest::newRow("in near the right") << 70.0 << 0.8;
}

void TestTimelineLayout::zoomKeepsAnchor()
{
    QFETCH(double, anchor);
    QFETCH(double, factor);
    ZoomState zoom;
    zoom.setExtent({0, 100});
    zoom.setVisible({10, 90});
    const double fractionBefore = (anchor - zoom.visible.start) / zoom.visible.length();
    zoom.zoomAt(anchor, factor);
    QCOMPARE(zoom.visible.length(), 80 * factor);
    const double fractionAfter = (anchor - zoom.visible.start) / zoom.visible.length();
    QVERIFY(std::abs(fractionAfter - fractionBefore) < 1e-9); // the point under the mouse stays put
}

void TestTimelineLayout::zoomAndPanClamp()
{
    ZoomState zoom;
    zoom.minSpan = 2;
    zoom.setExtent({0, 100});
    QVERIFY(zoom.isFit());
    zoom.zoomAt(50, 0.001); // cannot zoom past the minimum span
    QCOMPARE(zoom.visible.length(), 2.0);
    zoom.panBy(-1000); // cannot pan off the left end
    QCOMPARE(zoom.visible.start, 0.0);
    zoom.panBy(1000); // nor off the right end
    QCOMPARE(zoom.visible.end, 100.0);
    zoom.zoomAt(99, 1000); // cannot zoom out past everything
    QVERIFY(zoom.isFit());
    zoom.setVisible({-20, 30}); // shifted into the extent, length kept
    QCOMPARE(zoom.visible.start, 0.0);
    QCOMPARE(zoom.visible.end, 50.0);
}

void TestTimelineLayout::lostUpdateLanesAndTimes()
{
    QString error;
    const auto layout =
        layoutFor(ScenarioLoader::resolve(QStringLiteral("lost-update"), &error), QStringLiteral("broken"),
                  QStringLiteral("threads"), QStringLiteral("A B A B"), &error);
    QVERIFY2(layout, qPrintable(error));
    // Two requests, and no lock-service or queue lane for the strategy without them.
    QCOMPARE(int(layout->lanes().size()), 2);
    QCOMPARE(layout->lockServiceLane(), -1);
    QCOMPARE(layout->laneForActor(1), 1);
    // Four moves of few events each: every move is one unit wide.
    QCOMPARE(layout->extent().start, 0.0);
    QCOMPARE(layout->extent().end, 4.0);
    for (int k = 0; k <= 4; ++k)
        QCOMPARE(layout->timeOfStep(k), double(k));
    // Every event lies inside its own move, in trace order within the move.
    for (int i = 0; i < layout->eventCount(); ++i) {
        const int step = layout->trace()[size_t(i)].step;
        QVERIFY(layout->eventTime(i) > layout->timeOfStep(step));
        QVERIFY(layout->eventTime(i) < layout->timeOfStep(step + 1));
        if (i > 0)
            QVERIFY(layout->eventTime(i) > layout->eventTime(i - 1));
    }
    // The lost write is classified so the renderer can strike it through.
    const LostUpdate &lu = layout->analysis().lostUpdates.at(0);
    QVERIFY(layout->eventClass(lu.overwrittenWrite) & ClassOverwritten);
    QVERIFY(layout->eventClass(lu.overwritingWrite) & ClassLost);
    QVERIFY(!(layout->eventClass(lu.overwritingWrite) & ClassOverwritten));
    QVERIFY(layout->eventClass(lu.staleRead) & ClassStale);
    QCOMPARE(layout->laneOfEvent(lu.overwrittenWrite), 0);
    QCOMPARE(layout->laneOfEvent(lu.overwritingWrite), 1);
}

void TestTimelineLayout::crowdedStepIsWider()
{
    // The detector's move holds waits, the deadlock, a rollback, a release and an error.
    const char *json = R"({
      "format": 1, "id": "t", "title": "t", "summary": "s", "explanation": "e",
      "state": {"tables": [{"name": "accounts", "columns": ["balance"], "rows": [{"id": 1, "balance": 1}, {"id": 2, "balance": 1}]}]},
      "actors": [{"name": "T%1", "locals": {"a": 1, "b": 2}}, {"name": "T%1", "locals": {"a": 2, "b": 1}}],
      "strategies": [{"id": "o", "label": "o", "programs": {"main": [
        {"code": "begin", "steps": [{"op": "begin", "await": true}]},
        {"code": "a", "steps": [{"op": "read", "cell": "accounts[a].balance", "into": "x", "forUpdate": true, "await": true}]},
        {"code": "b", "steps": [{"op": "read", "cell": "accounts[b].balance", "into": "y", "forUpdate": true, "await": true}]},
        {"code": "commit", "steps": [{"op": "commit", "await": true}]}]}}]
    })";
    QString error;
    const auto layout =
        layoutFor(inlineSpec(json), QStringLiteral("o"), QStringLiteral("threads"), QStringLiteral("A B A B"), &error);
    QVERIFY2(layout, qPrintable(error));
    const TraceAnalysis &an = layout->analysis();
    QCOMPARE(an.deadlocks.size(), size_t(1));
    const int step = layout->trace()[size_t(an.deadlocks.front().event)].step;
    const double width = layout->timeOfStep(step + 1) - layout->timeOfStep(step);
    QVERIFY2(width > 1.5, qPrintable(QString::number(width)));
    QCOMPARE(layout->timeOfStep(1) - layout->timeOfStep(0), 1.0); // a lone BEGIN stays one unit
    QCOMPARE(layout->extent().end, layout->timeOfStep(an.stepCount));
}

void TestTimelineLayout::lanesFollowTheStrategy_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("lanes");
    QTest::addColumn<bool>("lockService");
    QTest::newRow("threads") << "threads" << 3 << true;
    QTest::newRow("event loop") << "eventloop" << 4 << true;
    QTest::newRow("two instances") << "instances:2" << 5 << true;
}

void TestTimelineLayout::lanesFollowTheStrategy()
{
    QFETCH(QString, model);
    QFETCH(int, lanes);
    QFETCH(bool, lockService);
    QString error;
    const auto layout =
        layoutFor(inlineSpec(leaseScenario), QStringLiteral("lease"), model, QStringLiteral("A A A"), &error);
    QVERIFY2(layout, qPrintable(error));
    QCOMPARE(int(layout->lanes().size()), lanes);
    QCOMPARE(layout->lockServiceLane() >= 0, lockService);
    const TimelineLane &service = layout->lanes()[size_t(layout->lockServiceLane())];
    QCOMPARE(service.kind, TimelineLane::LockService);
    // The lease hold shows in the holder's lane and on the lock service's.
    QCOMPARE(int(service.intervalRows.size()), 1);
    const int interval = service.intervalRows.front().front();
    QCOMPARE(layout->analysis().intervals[size_t(interval)].token, 1);
    if (model != QLatin1String("threads"))
        QVERIFY(layout->laneForEventLoop(0) >= 0);
}

void TestTimelineLayout::stepAtTime()
{
    QString error;
    const auto layout =
        layoutFor(ScenarioLoader::resolve(QStringLiteral("lost-update"), &error), QStringLiteral("broken"),
                  QStringLiteral("threads"), QStringLiteral("A B A B"), &error);
    QVERIFY2(layout, qPrintable(error));
    QCOMPARE(layout->stepAtTime(-5), 0);
    QCOMPARE(layout->stepAtTime(1.4), 1);
    QCOMPARE(layout->stepAtTime(1.6), 2);
    QCOMPARE(layout->stepAtTime(99), 4);
    QCOMPARE(layout->stepContaining(2.5), 2);
    QCOMPARE(layout->stepContaining(-0.1), -1);
}

void TestTimelineLayout::classesMatchBruteForce()
{
    // A longer random run so that the segment tree has depth.
    QString error;
    const auto spec = ScenarioLoader::resolve(QStringLiteral("lost-update"), &error);
    QVERIFY2(spec, qPrintable(error));
    const auto machine =
        Machine::compile(*spec, QStringLiteral("broken"), ExecutionModel{}, {{QStringLiteral("requests"), 8}}, &error);
    QVERIFY2(machine, qPrintable(error));
    Stepper stepper(machine);
    QRandomGenerator rng(7);
    while (!stepper.availableMoves().empty()) {
        const auto moves = stepper.availableMoves();
        stepper.move(moves[rng.bounded(int(moves.size()))]);
    }
    const auto layout =
        TimelineLayout::build(machine, stepper.trace(), analyze(*machine, stepper.trace()), AxisMode::Steps);
    for (const TimelineLane &lane : layout->lanes()) {
        const int n = int(lane.events.size());
        QVERIFY(n > 2);
        for (int first = 0; first < n; ++first)
            for (int last = first; last <= n; ++last) {
                uint16_t expected = 0;
                for (int i = first; i < last; ++i)
                    expected |= layout->eventClass(lane.events[size_t(i)]);
                QCOMPARE(TimelineLayout::classesIn(lane, first, last), expected);
            }
        // lowerBound agrees with a linear scan.
        for (double t : {-1.0, 0.5, 3.3, 1e9}) {
            int linear = 0;
            while (linear < n && lane.times[size_t(linear)] < t)
                ++linear;
            QCOMPARE(TimelineLayout::lowerBound(lane, t), linear);
        }
    }
}

void TestTimelineLayout::nearestEvent()
{
    QString error;
    const auto layout =
        layoutFor(ScenarioLoader::resolve(QStringLiteral("lost-update"), &error), QStringLiteral("broken"),
                  QStringLiteral("threads"), QStringLiteral("A B A B"), &error);
    QVERIFY2(layout, qPrintable(error));
    const TimelineLane &lane = layout->lanes().front();
    const int target = lane.events[1];
    const double t = layout->eventTime(target);
    QCOMPARE(TimelineLayout::nearestEvent(lane, t + 0.01, 0.05), target);
    QCOMPARE(TimelineLayout::nearestEvent(lane, t - 0.01, 0.05), target);
    QCOMPARE(TimelineLayout::nearestEvent(lane, 3.99, 1e-6), -1); // nothing that close
}

void TestTimelineLayout::wallTimeAxis()
{
    // Wall time: events sit at their nanosecond stamps (in ms), sorted per lane.
    QString error;
    const auto spec = ScenarioLoader::resolve(QStringLiteral("lost-update"), &error);
    const auto machine =
        spec ? Machine::compile(*spec, QStringLiteral("broken"), ExecutionModel{}, {}, &error) : nullptr;
    QVERIFY2(machine, qPrintable(error));
    Stepper stepper(machine);
    QVERIFY(stepper.replay(*Schedule::parse(QStringLiteral("A B A B"), *machine, &error), &error));
    Trace trace = stepper.trace();
    for (size_t i = 0; i < trace.size(); ++i)
        trace[i].wallNs = int64_t(1000000 * (trace.size() - i)); // deliberately reversed
    const auto layout = TimelineLayout::build(machine, trace, analyze(*machine, trace), AxisMode::WallTime);
    QCOMPARE(layout->eventTime(0), double(trace.size()));
    for (const TimelineLane &lane : layout->lanes())
        QVERIFY(std::is_sorted(lane.times.begin(), lane.times.end()));
    QVERIFY(layout->extent().end > double(trace.size()));
}

QTEST_GUILESS_MAIN(TestTimelineLayout)
#include "tst_timelinelayout.moc"
