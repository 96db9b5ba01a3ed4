// The outcome map and the fix comparison: the words on each bar tell the
// outcomes apart, nothing is drawn over anything else, many outcomes end in
// one "others" bar, and a new result replaces the old one.

#include "dashboard/barrowsview.h"
#include "dashboard/outcomechart.h"
#include "dashboard/outcomelabels.h"
#include "dashboard/strategychart.h"
#include "dashboard/strategycomparison.h"
#include "explore/explorer.h"
#include "scenario/scenario.h"

#include <QApplication>
#include <QScrollArea>
#include <QSet>
#include <QTableWidget>
#include <QTest>

using namespace Interleave;

namespace {

// The chart's bars for an exploration, as the window builds them.
std::vector<OutcomeChart::Bar> explore(const QString &scenario, const QString &strategy, const QString &model,
                                       const QHash<QString, int64_t> &params = {})
{
    QString error;
    const auto spec = ScenarioLoader::resolve(scenario, &error);
    const auto parsedModel = ExecutionModel::parse(model, &error);
    const auto machine =
        spec && parsedModel ? Machine::compile(*spec, strategy, *parsedModel, params, &error) : nullptr;
    if (!machine)
        qFatal("%s", qPrintable(error));
    const ExplorerResult result = Explorer::explore(*machine, ExplorerOptions{});
    std::vector<OutcomeChart::Bar> bars;
    for (const ExplorerOutcome &o : result.outcomes)
        bars.push_back({o.description, QString(), o.count.toDouble(), o.count.toString(), o.breaksRule, o.scheduleText,
                        OutcomeChart::ruleNames(*machine, o.brokenRules)});
    return bars;
}

struct Shown
{
    QStringList texts; // every row's words as drawn (elided to the width)
    QStringList barTexts; // bar rows only
    std::vector<QRectF> boxes; // every text, bar and figure drawn
};

Shown shown(OutcomeChart &chart)
{
    Shown s;
    BarRowsView *view = chart.rowsView();
    const auto placed = view->placed();
    for (size_t i = 0; i < placed.size(); ++i) {
        s.texts << view->shownText(int(i));
        if (view->rows()[i].kind == BarRowsView::Row::Bar)
            s.barTexts << view->shownText(int(i));
        for (const QRectF &r : {placed[i].text, placed[i].bar, placed[i].value})
            if (!r.isEmpty())
                s.boxes.push_back(r);
    }
    return s;
}

bool anyOverlap(const std::vector<QRectF> &boxes)
{
    for (size_t i = 0; i < boxes.size(); ++i)
        for (size_t j = i + 1; j < boxes.size(); ++j)
            if (boxes[i].intersects(boxes[j]))
                return true;
    return false;
}

} // namespace

class TestCharts : public QObject
{
    Q_OBJECT
private slots:
    void outcomeLabelsTellApart_data();
    void outcomeLabelsTellApart();
    void errorsGroupedByMessage();
    void manyOutcomesEndInOthers();
    void othersExpandsWhenClicked();
    void newResultReplacesTheOld();
    void comparisonLeadsWithBrokeARule();
};

void TestCharts::outcomeLabelsTellApart_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<int>("width");
    QTest::newRow("last seat") << "last-seat"
                               << "seed-race" << 330;
    QTest::newRow("retried payment") << "retried-payment"
                                     << "check-then-insert" << 330;
    QTest::newRow("transfers") << "transfer-deadlock"
                               << "request-order" << 330;
    QTest::newRow("lost update") << "lost-update"
                                 << "broken" << 260;
}

void TestCharts::outcomeLabelsTellApart()
{
    QFETCH(QString, scenario);
    QFETCH(QString, strategy);
    QFETCH(int, width);
    OutcomeChart chart;
    chart.resize(width, 700);
    chart.show();
    auto bars = explore(scenario, strategy, QStringLiteral("threads"));
    const int count = int(bars.size());
    QVERIFY(count >= 2);
    chart.setBars(QStringLiteral("headline"), QStringLiteral("detail"), std::move(bars));
    QCoreApplication::processEvents();
    const Shown s = shown(chart);
    QCOMPARE(s.barTexts.size(), std::min(count, int(OutcomeChart::MaxShown)));
    // Distinct as drawn, after eliding: no two bars look alike.
    QCOMPARE(QSet<QString>(s.barTexts.begin(), s.barTexts.end()).size(), s.barTexts.size());
    QVERIFY2(!anyOverlap(s.boxes), qPrintable(s.texts.join(u'\n')));
    // Headings group by the rule broken: a breaking bar sits under a "Breaks" heading.
    QVERIFY(s.texts.first().startsWith(QStringLiteral("✗")) || s.texts.first().startsWith(QStringLiteral("✓")));
}

void TestCharts::errorsGroupedByMessage()
{
    const QStringList labels = {
        QStringLiteral("Seats left = 0 · A: No seats left; C: No seats left; D: No seats left"),
        QStringLiteral("Seats left = 0 · B: No seats left; C: No seats left; D: No seats left"),
        QStringLiteral("Seats left = 0 · A: No seats left; B: No seats left; D: No seats left")};
    const OutcomeLabels::Group g = OutcomeLabels::tellApart(labels, OutcomeLabels::actorsIn(labels));
    // What all three share goes to the heading; each bar keeps its own errors, one message once.
    QCOMPARE(g.shared, QStringLiteral("Seats left = 0 · D: No seats left"));
    QCOMPARE(g.distinct.at(0), QStringLiteral("A, C: No seats left"));
    QCOMPARE(g.distinct.at(2), QStringLiteral("A, B: No seats left"));
    const QStringList many = {QStringLiteral("X = 1 · B: full; C: full; D: full; E: full"),
                              QStringLiteral("X = 2 · A: full; C: full; D: full; E: full")};
    const OutcomeLabels::Group h = OutcomeLabels::tellApart(many, OutcomeLabels::actorsIn(many));
    QCOMPARE(h.distinct.at(0), QStringLiteral("X = 1 · B: full"));
    QCOMPARE(OutcomeLabels::tellApart({many.at(0)}, QStringLiteral("A B C D E").split(u' ')).distinct.at(0),
             QStringLiteral("X = 1 · all but A: full"));
}

void TestCharts::manyOutcomesEndInOthers()
{
    OutcomeChart chart;
    chart.resize(360, 700);
    chart.show();
    auto bars = explore(QStringLiteral("last-seat"), QStringLiteral("seed-race"), QStringLiteral("eventloop"),
                        {{QStringLiteral("requests"), 9}});
    QVERIFY(int(bars.size()) > OutcomeChart::MaxShown);
    double total = 0;
    for (const auto &b : bars)
        total += b.count;
    const int n = int(bars.size());
    chart.setBars(QStringLiteral("headline"), QString(), std::move(bars));
    QCoreApplication::processEvents();
    const auto &rows = chart.rowsView()->rows();
    int others = 0, barRows = 0;
    double drawn = 0;
    for (const auto &r : rows) {
        others += r.kind == BarRowsView::Row::Others;
        barRows += r.kind == BarRowsView::Row::Bar;
        if (r.kind != BarRowsView::Row::Heading)
            drawn += r.amount;
    }
    QCOMPARE(others, 1);
    QCOMPARE(barRows, OutcomeChart::MaxShown - 1);
    QCOMPARE(drawn, total); // nothing lost in "others"
    QCOMPARE(chart.barCount(), n);
    const Shown s = shown(chart);
    QVERIFY(!anyOverlap(s.boxes));
    QCOMPARE(QSet<QString>(s.barTexts.begin(), s.barTexts.end()).size(), s.barTexts.size());
    // One heading per group, not the chart's heading again.
    QCOMPARE(s.texts.filter(QStringLiteral("headline")).size(), 0);
}

void TestCharts::othersExpandsWhenClicked()
{
    OutcomeChart chart;
    chart.resize(360, 500);
    chart.show();
    chart.setBars(QStringLiteral("h"), QString(),
                  explore(QStringLiteral("last-seat"), QStringLiteral("seed-race"), QStringLiteral("eventloop"),
                          {{QStringLiteral("requests"), 9}}));
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const int last = chart.barCount() - 1;
    const QPoint at = chart.barCentre(last); // hidden in "others": its centre is the others bar
    QVERIFY(chart.chartView()->viewport()->rect().contains(at));
    QTest::mouseClick(chart.chartView()->viewport(), Qt::LeftButton, {}, at);
    int barRows = 0;
    for (const auto &r : chart.rowsView()->rows())
        barRows += r.kind == BarRowsView::Row::Bar;
    QCOMPARE(barRows, chart.barCount());
}

void TestCharts::newResultReplacesTheOld()
{
    OutcomeChart chart;
    chart.resize(360, 500);
    chart.setBars(QStringLiteral("old"), QString(),
                  explore(QStringLiteral("last-seat"), QStringLiteral("seed-race"), QStringLiteral("threads")));
    QVERIFY(chart.barCount() > 0);
    chart.clear();
    QCOMPARE(chart.barCount(), 0);
    QVERIFY(chart.rowsView()->rows().empty());
    QVERIFY(chart.headline().isEmpty());
    chart.setBars(QStringLiteral("new"), QString(),
                  explore(QStringLiteral("lost-update"), QStringLiteral("broken"), QStringLiteral("threads")));
    QCOMPARE(chart.headline(), QStringLiteral("new"));
    for (const auto &r : chart.rowsView()->rows())
        QVERIFY(!r.text.contains(QLatin1String("Seats")));
}

void TestCharts::comparisonLeadsWithBrokeARule()
{
    auto comparison = std::make_shared<StrategyComparison>();
    comparison->model = QStringLiteral("threads");
    comparison->trialsPerStrategy = 20;
    StrategyComparison::Row broken{QStringLiteral("broken"), QStringLiteral("No fix (read, then write)"), {}};
    broken.stats.trials = 20;
    broken.stats.trialsBreakingRules = 15;
    broken.stats.successes = 40;
    StrategyComparison::Row fixed{QStringLiteral("atomic"), QStringLiteral("Atomic update"), {}};
    fixed.stats.trials = 20;
    fixed.stats.successes = 40;
    comparison->rows = {broken, fixed};
    StrategyChart chart;
    chart.resize(330, 600);
    chart.show();
    chart.setComparison(comparison);
    QCoreApplication::processEvents();
    const auto &rows = chart.bars()->rows();
    QCOMPARE(rows.size(), size_t(3)); // the scale's heading, then one bar per fix
    QVERIFY(rows[1].bad && rows[1].text.contains(QLatin1String("No fix")) && rows[1].amount == 75);
    QVERIFY(!rows[2].bad && rows[2].amount == 0);
    QVERIFY(rows[1].value.contains(QLatin1String("15 of 20")));
    QVERIFY(!anyOverlap([&] {
        std::vector<QRectF> boxes;
        for (const auto &p : chart.bars()->placed())
            for (const QRectF &r : {p.text, p.bar, p.value})
                if (!r.isEmpty())
                    boxes.push_back(r);
        return boxes;
    }()));
    // The table fits its width: no horizontal scrolling.
    QTableWidget *table = chart.table();
    int columns = 0;
    for (int c = 0; c < table->columnCount(); ++c)
        columns += table->columnWidth(c);
    QVERIFY2(columns <= table->viewport()->width() + 1, qPrintable(QString::number(columns)));
}

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
