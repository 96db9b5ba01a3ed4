#include "trace/traceexport.h"

#include "drivers/stepper.h"
#include "scenario/scenario.h"
#include "trace/traceanalysis.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <map>

using namespace Interleave;

namespace {

// Two transfers that lock the same two rows in opposite order: the classic deadlock.
const char transferScenario[] = R"({
  "format": 1, "id": "test-transfer", "title": "Transfer deadlock",
  "state": {"tables": [{"name": "accounts", "columns": ["balance"],
                        "rows": [{"id": 1, "balance": 100}, {"id": 2, "balance": 100}]}]},
  "actors": [{"name": "Transfer %1", "program": "ab"}, {"name": "Transfer %1", "program": "ba"}],
  "strategies": [{"id": "opposite", "programs": {
    "ab": [{"code": "BEGIN", "steps": [{"op": "begin"}]},
           {"code": "SELECT 1 FOR UPDATE", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "x", "forUpdate": true}]},
           {"code": "SELECT 2 FOR UPDATE", "steps": [{"op": "read", "cell": "accounts[2].balance", "into": "y", "forUpdate": true}]},
           {"code": "UPDATE 1", "steps": [{"op": "write", "cell": "accounts[1].balance", "value": "x - 10"}]},
           {"code": "UPDATE 2", "steps": [{"op": "write", "cell": "accounts[2].balance", "value": "y + 10"}]},
           {"code": "COMMIT", "steps": [{"op": "commit"}]}],
    "ba": [{"code": "BEGIN", "steps": [{"op": "begin"}]},
           {"code": "SELECT 2 FOR UPDATE", "steps": [{"op": "read", "cell": "accounts[2].balance", "into": "x", "forUpdate": true}]},
           {"code": "SELECT 1 FOR UPDATE", "steps": [{"op": "read", "cell": "accounts[1].balance", "into": "y", "forUpdate": true}]},
           {"code": "UPDATE 2", "steps": [{"op": "write", "cell": "accounts[2].balance", "value": "x - 10"}]},
           {"code": "UPDATE 1", "steps": [{"op": "write", "cell": "accounts[1].balance", "value": "y + 10"}]},
           {"code": "COMMIT", "steps": [{"op": "commit"}]}]}}],
  "models": ["threads"]
})";

std::shared_ptr<const ScenarioSpec> scenarioNamed(const QString &name)
{
    QString error;
    auto spec = name == QLatin1String("transfer")
        ? ScenarioLoader::loadData(transferScenario, QStringLiteral("transfer.json"), &error)
        : ScenarioLoader::resolve(name, &error);
    if (!spec)
        qFatal("%s", qPrintable(error));
    return spec;
}

std::unique_ptr<Stepper> run(const QString &scenario, const QString &strategy, const QString &model,
                             const QString &schedule)
{
    QString error;
    auto machine =
        Machine::compile(*scenarioNamed(scenario), strategy, *ExecutionModel::parse(model, nullptr), {}, &error);
    if (!machine)
        qFatal("%s", qPrintable(error));
    auto stepper = std::make_unique<Stepper>(machine);
    if (!stepper->replay(*Schedule::parse(schedule, *machine, nullptr), &error))
        qFatal("%s", qPrintable(error));
    return stepper;
}

bool isNumber(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).isDouble();
}

bool isText(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).isString() && !o.value(QLatin1String(key)).toString().isEmpty();
}

struct Slice
{
    double ts, end;
    int event;
};

} // namespace

class TestTraceExport : public QObject
{
    Q_OBJECT
private slots:
    void perfetto_data();
    void perfetto();
    void threadedTimestamps();
    void dotDeadlock();
    void dotWithoutLocks();
};

void TestTraceExport::perfetto_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<int>("minFlows");

    QTest::newRow("lost update, both read 1000") << "lost-update"
                                                 << "broken"
                                                 << "threads"
                                                 << "A B A B" << 0;
    QTest::newRow("lost update, serial") << "lost-update"
                                         << "broken"
                                         << "threads"
                                         << "A A B B" << 1;
    QTest::newRow("atomic updates") << "lost-update"
                                    << "atomic"
                                    << "threads"
                                    << "A B A B" << 3;
    QTest::newRow("event loop") << "lost-update"
                                << "broken"
                                << "eventloop"
                                << "A B A B" << 0;
    QTest::newRow("transfer deadlock") << "transfer"
                                       << "opposite"
                                       << "threads"
                                       << "A B A B A A A A" << 0;
}

void TestTraceExport::perfetto()
{
    QFETCH(QString, scenario);
    QFETCH(QString, strategy);
    QFETCH(QString, model);
    QFETCH(QString, schedule);
    QFETCH(int, minFlows);

    const auto stepper = run(scenario, strategy, model, schedule);
    const Machine &machine = stepper->machine();
    const Trace &trace = stepper->trace();
    const TraceAnalysis analysis = analyze(machine, trace);
    QVERIFY(int(analysis.flows.size()) >= minFlows);

    QJsonParseError parseError;
    const QJsonDocument doc =
        QJsonDocument::fromJson(TraceExport::perfettoJson(machine, trace, analysis, schedule), &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QVERIFY(doc.isObject());
    QCOMPARE(doc.object().value(QLatin1String("displayTimeUnit")).toString(), QStringLiteral("ms"));
    QCOMPARE(doc.object().value(QLatin1String("otherData")).toObject().value(QLatin1String("schedule")).toString(),
             schedule);
    const QJsonArray events = doc.object().value(QLatin1String("traceEvents")).toArray();
    QVERIFY(!events.isEmpty());

    static const QSet<QString> metadataNames = {QStringLiteral("process_name"), QStringLiteral("process_labels"),
                                                QStringLiteral("thread_name"), QStringLiteral("thread_sort_index")};
    QMap<int, int> seenEvent; // trace index -> times exported
    QSet<int> seenIntervals;
    QMap<int, QString> threadNames;
    std::map<int, std::vector<Slice>> slicesByTid;
    QMap<qint64, QStringList> flowPhases; // id -> phases
    std::vector<QJsonObject> flowEvents;
    double lastTs = -1;
    for (const QJsonValue &v : events) {
        QVERIFY(v.isObject());
        const QJsonObject e = v.toObject();
        // Fields every event needs.
        QVERIFY2(isText(e, "ph") && isText(e, "name") && isNumber(e, "pid") && isNumber(e, "tid"),
                 qPrintable(QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact))));
        const QString ph = e.value(QLatin1String("ph")).toString();
        const QJsonObject args = e.value(QLatin1String("args")).toObject();
        const int tid = e.value(QLatin1String("tid")).toInt();
        if (ph == QLatin1String("M")) {
            QVERIFY(metadataNames.contains(e.value(QLatin1String("name")).toString()));
            QVERIFY(e.value(QLatin1String("args")).isObject());
            if (e.value(QLatin1String("name")).toString() == QLatin1String("thread_name"))
                threadNames.insert(tid, args.value(QLatin1String("name")).toString());
            continue;
        }
        // Fields every timed event needs; timestamps in µs, in file order.
        QVERIFY(isNumber(e, "ts") && isText(e, "cat"));
        const double ts = e.value(QLatin1String("ts")).toDouble();
        QVERIFY(ts >= 0);
        QVERIFY(ts >= lastTs);
        lastTs = ts;
        if (ph == QLatin1String("X")) {
            QVERIFY(isNumber(e, "dur"));
            const double dur = e.value(QLatin1String("dur")).toDouble();
            QVERIFY(dur >= 0);
            const QString cat = e.value(QLatin1String("cat")).toString();
            int event = -1;
            if (cat == QLatin1String("access")) {
                event = args.value(QLatin1String("event")).toInt(-1);
                ++seenEvent[event];
            } else {
                QVERIFY2(cat == QLatin1String("lock") || cat == QLatin1String("wait") || cat == QLatin1String("busy"),
                         qPrintable(cat));
                seenIntervals.insert(args.value(QLatin1String("interval")).toInt(-1));
            }
            slicesByTid[tid].push_back({ts, ts + dur, event});
        } else if (ph == QLatin1String("i")) {
            QVERIFY(QStringList({QStringLiteral("g"), QStringLiteral("p"), QStringLiteral("t")})
                        .contains(e.value(QLatin1String("s")).toString()));
            ++seenEvent[args.value(QLatin1String("event")).toInt(-1)];
        } else if (ph == QLatin1String("s") || ph == QLatin1String("f")) {
            QVERIFY(isNumber(e, "id"));
            if (ph == QLatin1String("f"))
                QCOMPARE(e.value(QLatin1String("bp")).toString(), QStringLiteral("e"));
            flowPhases[e.value(QLatin1String("id")).toInteger()] << ph;
            flowEvents.push_back(e);
        } else {
            QFAIL(qPrintable(QStringLiteral("unexpected phase ") + ph));
        }
    }

    // Every trace event exactly once.
    QCOMPARE(seenEvent.size(), int(trace.size()));
    for (auto it = seenEvent.cbegin(); it != seenEvent.cend(); ++it) {
        QVERIFY(it.key() >= 0 && it.key() < int(trace.size()));
        QCOMPARE(it.value(), 1);
    }
    // One track per actor, named after it, plus the clock.
    for (int a = 0; a < machine.actorCount(); ++a)
        QVERIFY(threadNames.value(a + 1).startsWith(machine.actor(a).name));
    // Every hold, wait and busy spell is there.
    for (size_t k = 0; k < analysis.intervals.size(); ++k)
        QVERIFY(seenIntervals.contains(int(k)));
    // One s and one f per analysed write → read.
    QCOMPARE(flowPhases.size(), int(analysis.flows.size()));
    for (const QStringList &phases : std::as_const(flowPhases))
        QCOMPARE(phases, QStringList({QStringLiteral("s"), QStringLiteral("f")}));

    // Slices on a track nest, and each flow end sits inside the anchor slice of its event.
    for (auto &[tid, slices] : slicesByTid) {
        std::sort(slices.begin(), slices.end(),
                  [](const Slice &a, const Slice &b) { return a.ts != b.ts ? a.ts < b.ts : a.end > b.end; });
        std::vector<double> open;
        for (const Slice &s : slices) {
            while (!open.empty() && open.back() <= s.ts)
                open.pop_back();
            QVERIFY2(open.empty() || s.end <= open.back() + 1e-9,
                     qPrintable(QStringLiteral("tid %1 at %2").arg(tid).arg(s.ts)));
            open.push_back(s.end);
        }
    }
    for (const QJsonObject &f : flowEvents) {
        const bool start = f.value(QLatin1String("ph")).toString() == QLatin1String("s");
        const int event =
            f.value(QLatin1String("args")).toObject().value(QLatin1String(start ? "write" : "read")).toInt();
        const double ts = f.value(QLatin1String("ts")).toDouble();
        const auto &slices = slicesByTid[f.value(QLatin1String("tid")).toInt()];
        const bool anchored = std::any_of(slices.begin(), slices.end(),
                                          [&](const Slice &s) { return s.event == event && s.ts < ts && ts < s.end; });
        QVERIFY2(anchored, qPrintable(QStringLiteral("flow end at %1 for event %2").arg(ts).arg(event)));
    }
}

void TestTraceExport::threadedTimestamps()
{
    // Wall-clock traces (threaded driver) use their own time, in µs.
    auto stepper = run(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("threads"),
                       QStringLiteral("A B A B"));
    Trace trace = stepper->trace();
    for (size_t i = 0; i < trace.size(); ++i)
        trace[i].wallNs = int64_t(trace[i].step) * 2'000'000 + int64_t(i) * 1000; // 2 ms per step
    const TraceAnalysis analysis = analyze(stepper->machine(), trace);
    const QJsonDocument doc = QJsonDocument::fromJson(TraceExport::perfettoJson(stepper->machine(), trace, analysis));
    double last = 0;
    for (const QJsonValue &v : doc.object().value(QLatin1String("traceEvents")).toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(QLatin1String("args")).toObject().contains(QLatin1String("wall_ns"))) {
            const double ts = e.value(QLatin1String("ts")).toDouble();
            QCOMPARE(ts,
                     double(e.value(QLatin1String("args")).toObject().value(QLatin1String("wall_ns")).toInteger()) /
                         1000.0);
            last = std::max(last, ts);
        }
    }
    QCOMPARE(last, double(trace.back().wallNs) / 1000.0);
}

void TestTraceExport::dotDeadlock()
{
    const auto stepper = run(QStringLiteral("transfer"), QStringLiteral("opposite"), QStringLiteral("threads"),
                             QStringLiteral("A B A B"));
    const Machine &machine = stepper->machine();
    const Trace &trace = stepper->trace();
    const TraceAnalysis analysis = analyze(machine, trace);
    QCOMPARE(int(analysis.deadlocks.size()), 1);
    const int victim = analysis.deadlocks.front().victim;
    QVERIFY(victim >= 0);

    // Just before the detector fires, the cycle is open; at the end it has been broken.
    for (int at : {analysis.deadlocks.front().event - 1, int(trace.size()) - 1}) {
        const QString dot = QString::fromUtf8(TraceExport::waitForGraphDot(machine, trace, analysis, at));
        QVERIFY(dot.startsWith(QLatin1String("digraph")));
        QCOMPARE(dot.count(u'{'), dot.count(u'}'));
        QVERIFY(dot.contains(QLatin1String("accounts[1]")) && dot.contains(QLatin1String("accounts[2]")));
        // Both waits of the cycle and both holds, in red.
        const auto red =
            QRegularExpression(QStringLiteral("^  \\S+ -> \\S+ \\[.*color=red"), QRegularExpression::MultilineOption);
        QCOMPARE(dot.count(red), 4);
        if (at == int(trace.size()) - 1) {
            QVERIFY(dot.contains(QStringLiteral("a%1 [shape=box, style=\"rounded,bold\", color=red").arg(victim)));
            QVERIFY(dot.contains(QLatin1String("victim")));
        }
    }
}

void TestTraceExport::dotWithoutLocks()
{
    const auto stepper = run(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("threads"),
                             QStringLiteral("A B A B"));
    const TraceAnalysis analysis = analyze(stepper->machine(), stepper->trace());
    const QString dot =
        QString::fromUtf8(TraceExport::waitForGraphDot(stepper->machine(), stepper->trace(), analysis, -1));
    QVERIFY(dot.contains(QLatin1String("a0 [shape=box")));
    QVERIFY(dot.contains(QLatin1String("a1 [shape=box")));
    QVERIFY(!dot.contains(QLatin1String("->")));
    QVERIFY(!dot.contains(QLatin1String("color=red")));
}

QTEST_GUILESS_MAIN(TestTraceExport)
#include "tst_traceexport.moc"
