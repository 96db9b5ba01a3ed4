// The window on a classroom projector: at 1280×720 and 1366×768, for every
// built-in scenario, the window fits, each code panel shows a screenful of
// code, every lane of the timeline and its axis are in view, and no tab or
// button text is cut; the same in presenter mode, and in German and Spanish.
// And every character the interface or a scenario shows is in an installed font.

#include "challenge/challengegrader.h"
#include "classroom/challengemode.h"
#include "classroom/elidedlabel.h"
#include "classroom/presentermode.h"
#include "dashboard/codepanel.h"
#include "dashboard/codepanelstrip.h"
#include "dashboard/dashboardview.h"
#include "dashboard/strategybar.h"
#include "explore/explorer.h"
#include "i18n/translations.h"
#include "scenario/scenario.h"
#include "timeline/timelineview.h"
#include "timeline/turningpointmark.h"
#include "trace/traceanalysis.h"
#include "window/forecastpresenter.h"
#include "window/mainwindow.h"
#include "window/scenariolibrary.h"
#include "window/scenariosession.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QDirIterator>
#include <QFontDatabase>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLayout>
#include <QListWidget>
#include <QPushButton>
#include <QRawFont>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSettings>
#include <QStyle>
#include <QTabBar>
#include <QTest>
#include <QXmlStreamReader>

#include <set>

using namespace Interleave;

namespace {

QStringList builtinIds()
{
    QStringList ids;
    for (const auto &spec : ScenarioLoader::loadBuiltins(nullptr))
        if (spec->id != QLatin1String("hermitage-g0")) // prevented by every database: no bug to show
            ids << spec->id;
    return ids;
}

void settle()
{
    // Layouts, queued size updates and deferred scrolls: a few rounds of the event loop.
    for (int i = 0; i < 4; ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
}

bool insideScrollArea(QWidget *w, QWidget *top)
{
    for (QWidget *p = w->parentWidget(); p && p != top; p = p->parentWidget())
        if (qobject_cast<QScrollArea *>(p))
            return true;
    return false;
}

// What is cut, as readable lines; empty when nothing is.
QStringList cutTexts(QWidget *window)
{
    QStringList cut;
    for (QTabBar *bar : window->findChildren<QTabBar *>()) {
        if (!bar->isVisible())
            continue;
        const int padding = bar->style()->pixelMetric(QStyle::PM_TabBarTabHSpace, nullptr, bar);
        for (int i = 0; i < bar->count(); ++i) {
            const QRect r = bar->tabRect(i);
            if (bar->fontMetrics().horizontalAdvance(bar->tabText(i)) + padding > r.width() + 1 ||
                r.right() > bar->width())
                cut << QStringLiteral("tab \"%1\" (%2 px wide)").arg(bar->tabText(i)).arg(r.width());
        }
    }
    for (QAbstractButton *b : window->findChildren<QAbstractButton *>()) {
        if (!b->isVisible() || b->text().isEmpty() || qobject_cast<QTabBar *>(b->parentWidget()))
            continue;
        const bool clipped = !insideScrollArea(b, window) && b->visibleRegion().boundingRect().width() < b->width() - 1;
        if (b->width() < b->sizeHint().width() - 1 || clipped)
            cut << QStringLiteral("button \"%1\" (%2 of %3 px)")
                       .arg(b->text())
                       .arg(b->width())
                       .arg(b->sizeHint().width());
    }
    // A panel that scrolls sideways cuts its text at the right edge (the code panels may: one each).
    for (QScrollArea *area : window->findChildren<QScrollArea *>()) {
        if (!area->isVisible() || !area->widget() || qobject_cast<CodePanelStrip *>(area->parentWidget()))
            continue;
        if (area->widget()->minimumSizeHint().width() > area->viewport()->width() + 1)
            cut << QStringLiteral("panel %1 needs %2 px, has %3")
                       .arg(QLatin1String(area->widget()->metaObject()->className()))
                       .arg(area->widget()->minimumSizeHint().width())
                       .arg(area->viewport()->width());
    }
    return cut;
}

// Numbered source lines a panel shows whole: those whose rows are neither clipped by the
// list nor by a scroll area around it. (Panels beside each other may scroll sideways.)
int visibleCodeLines(CodePanel *panel, QWidget *window)
{
    QListWidget *list = panel->lineList();
    int top = list->viewport()->mapTo(window, QPoint(0, 0)).y();
    int bottom = top + list->viewport()->height();
    for (QWidget *p = list->parentWidget(); p && p != window; p = p->parentWidget())
        if (qobject_cast<QScrollArea *>(p)) {
            QWidget *viewport = static_cast<QScrollArea *>(p)->viewport();
            top = std::max(top, viewport->mapTo(window, QPoint(0, 0)).y());
            bottom = std::min(bottom, viewport->mapTo(window, QPoint(0, viewport->height())).y());
        }
    int lines = 0;
    for (int i = 0; i < list->count(); ++i) {
        const QRect r = list->visualItemRect(list->item(i));
        const int y = list->viewport()->mapTo(window, r.topLeft()).y();
        lines += r.isValid() && y >= top && y + r.height() <= bottom;
    }
    return lines;
}

// What does not fit at `screen`, as readable lines; empty when everything does.
QStringList misfits(MainWindow &w, const QSize &screen)
{
    QStringList problems;
    if (w.minimumSizeHint().width() > screen.width() || w.minimumSizeHint().height() > screen.height())
        problems << QStringLiteral("the window asks for at least %1×%2")
                        .arg(w.minimumSizeHint().width())
                        .arg(w.minimumSizeHint().height());
    if (w.size() != screen)
        problems << QStringLiteral("the window is %1×%2").arg(w.width()).arg(w.height());

    CodePanelStrip *strip = w.codePanels();
    if (strip->panelCount() == 0)
        problems << QStringLiteral("no code panels");
    for (int a = 0; a < strip->panelCount(); ++a) {
        CodePanel *panel = strip->panel(a);
        const int want = std::min(8, panel->lineList()->count());
        if (visibleCodeLines(panel, &w) < want)
            problems << QStringLiteral("%1 shows %2 lines of code")
                            .arg(panel->objectName())
                            .arg(visibleCodeLines(panel, &w));
        const QPoint bottom = panel->lineList()->mapTo(&w, QPoint(0, panel->lineList()->height()));
        if (bottom.y() > w.height())
            problems << panel->objectName() + QStringLiteral(" runs off the window");
    }

    // Every fix in sight at 1366 px, none folded behind the toolbar's »: switching fix is
    // the lecture's central move. (Presenter mode hides the toolbars; Ctrl+1 … 9 choose.)
    if (w.strategyBar()->isVisible() && screen.width() >= 1366)
        for (const StrategySpec &s : w.session()->scenario()->strategies)
            if (!w.strategyBar()->strategyButton(s.id)->isVisible())
                problems << QStringLiteral("the fix \"%1\" is behind »").arg(s.label);

    TimelineView *timeline = w.timeline();
    const int lanes = timeline->timelineLayout() ? int(timeline->timelineLayout()->lanes().size()) : 0;
    if (lanes <= 4 && !timeline->allLanesVisible())
        problems << QStringLiteral("%1 lanes do not fit %2 px").arg(lanes).arg(timeline->height());
    if (timeline->visibleRegion().boundingRect().height() != timeline->height())
        problems << QStringLiteral("the timeline is covered");
    return problems + cutTexts(&w);
}

// Request names cut at the right edge ("Peti…"): the room cannot tell the panels apart.
QStringList cutTitles(MainWindow &w)
{
    QStringList cut;
    for (int a = 0; a < w.codePanels()->panelCount(); ++a)
        for (ElidedLabel *title : w.codePanels()->panel(a)->findChildren<ElidedLabel *>())
            if (title->isVisible() && title->isElided())
                cut << QStringLiteral("the title \"%1\" is cut to %2 px").arg(title->text()).arg(title->width());
    return cut;
}

// The table a line's SQL names ("accounts" in "SELECT balance FROM accounts"), or empty.
QString tableOf(const QString &line)
{
    static const QRegularExpression table(
        QStringLiteral("['\"`]\\s*(?:SELECT\\b.*?\\bFROM|UPDATE|INSERT\\s+INTO|DELETE\\s+FROM)\\s+(\\w+)"),
        QRegularExpression::CaseInsensitiveOption);
    return table.match(line).captured(1);
}

// Code lines whose table name is cut or scrolled out of the row that shows it.
QStringList cutTables(CodePanel *panel)
{
    QStringList cut;
    QListWidget *list = panel->lineList();
    const int margin = list->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, list) + 1;
    for (int i = 0; i < list->count(); ++i) {
        QListWidgetItem *item = list->item(i);
        const QString table = tableOf(item->toolTip());
        if (table.isEmpty())
            continue;
        const QFontMetrics fm(item->font());
        const int room = list->viewport()->width() - 2 * margin; // (an item's rect is as wide as its text)
        QString shown;
        for (const QString &row : item->text().split(u'\n'))
            shown += fm.elidedText(row, Qt::ElideRight, room) + u' ';
        static const QRegularExpression word(QStringLiteral("\\b(\\w+)\\b"));
        bool whole = false;
        for (auto m = word.globalMatch(shown); m.hasNext() && !whole;)
            whole = m.next().captured(1) == table;
        if (!whole)
            cut << QStringLiteral("%1 line %2 shows \"%3\"").arg(panel->objectName()).arg(i + 1).arg(shown.trimmed());
    }
    return cut;
}

// Presenter mode, but at the projector's size: full screen would take the test screen's.
void startPresenterMode(MainWindow &w)
{
    w.presenterMode()->setActive(true);
    w.setWindowState(w.windowState() & ~Qt::WindowFullScreen);
}

// The window shown with `scenario` open, in presenter mode if asked; false if either fails.
bool showScenario(MainWindow &w, const QString &scenario, bool presenter)
{
    if (!w.openScenario(scenario))
        return false;
    w.show();
    if (!QTest::qWaitForWindowExposed(&w))
        return false;
    if (presenter)
        startPresenterMode(w);
    return true;
}

void verifyFits(MainWindow &w, const QSize &screen)
{
    const QStringList problems = misfits(w, screen);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
}

// The characters of every string in a scenario file, its code included.
void collectJsonText(const QJsonValue &value, std::set<char32_t> *chars)
{
    if (value.isString()) {
        for (char32_t c : value.toString().toUcs4())
            chars->insert(c);
    } else if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            collectJsonText(v, chars);
    } else if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            collectJsonText(it.value(), chars);
    }
}

// The characters of each <source> and <translation> of a Qt Linguist file.
void collectTsText(const QString &path, std::set<char32_t> *chars)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement &&
            (xml.name() == QLatin1String("source") || xml.name() == QLatin1String("translation")))
            for (char32_t c : xml.readElementText(QXmlStreamReader::IncludeChildElements).toUcs4())
                chars->insert(c);
    }
    QVERIFY2(!xml.hasError(), qPrintable(path + QLatin1String(": ") + xml.errorString()));
}
} // namespace

class TestLayout : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void fitsTheProjector_data();
    void fitsTheProjector();
    void presenterModeScalesEveryPart();
    void presenterModeEndsWithItsWindow();
    void fitShowsEveryLane();
    void ctrl0FitsBothAxesInTheWindow();
    void fiveRequestsInPresenterMode_data();
    void fiveRequestsInPresenterMode();
    void challengeSuccessFitsInPresenterMode_data();
    void challengeSuccessFitsInPresenterMode();
    void pointOfNoReturnKeepsOffTheLanes_data();
    void pointOfNoReturnKeepsOffTheLanes();
    void statementsShowTheirTable_data();
    void statementsShowTheirTable();
    void translatedTextsFit_data();
    void translatedTextsFit();
    void everyCharacterIsInAnInstalledFont();
};

// A layout Qt warns about is a layout bug ("Negative sizes (0,-1)" from a height asked of a
// layout with nothing to wrap): such a warning fails the test that caused it.
void TestLayout::init()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("^(QWidget|QLayout|QBoxLayout|QGridLayout)::")));
}

void TestLayout::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("InterleaveTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_layout"));
    QSettings().clear();
    MainWindow::setUpApplication(*qApp); // the font the program starts with
}

void TestLayout::cleanup()
{
    Translations::install(QStringLiteral("en"));
}

void TestLayout::fitsTheProjector_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QSize>("screen");
    QTest::addColumn<bool>("presenter");
    for (const QString &id : builtinIds()) {
        QTest::addRow("%s 1280x720", qPrintable(id)) << id << QSize(1280, 720) << false;
        QTest::addRow("%s 1366x768", qPrintable(id)) << id << QSize(1366, 768) << false;
        QTest::addRow("%s presenter 1366x768", qPrintable(id)) << id << QSize(1366, 768) << true;
    }
}

void TestLayout::fitsTheProjector()
{
    QFETCH(QString, scenario);
    QFETCH(QSize, screen);
    QFETCH(bool, presenter);
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(showScenario(w, scenario, presenter));
    settle();
    w.resize(screen); // after the layout has its final minimum
    settle();
    verifyFits(w, screen);
    if (presenter) {
        w.presenterMode()->setActive(false);
        settle();
    }
}

void TestLayout::presenterModeScalesEveryPart()
{
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    settle();
    CodePanel *panel = w.codePanels()->panel(0);
    QLabel *title = w.findChild<QLabel *>(QStringLiteral("lessonTitle"));
    QVERIFY(panel && title);
    const qreal code = panel->lineList()->font().pointSizeF(), lesson = title->font().pointSizeF();
    const qreal locals = panel->findChild<QLabel *>(QStringLiteral("locals"))->font().pointSizeF();
    const qreal step = panel->stepButton()->font().pointSizeF();
    QString error;
    QVERIFY(w.session()->loadSchedule(QStringLiteral("A B A B"), &error)); // "✓ finished", green and bold
    settle();
    auto *status = panel->findChild<QLabel *>(QStringLiteral("status"));
    QVERIFY(status->font().bold());
    const qreal statusSize = status->font().pointSizeF();
    const qreal lane = w.timeline()->theme().laneFont.pixelSize();

    w.presenterMode()->setActive(true);
    settle();
    const qreal s = PresenterMode::Scale;
    QCOMPARE(panel->lineList()->font().pointSizeF(), code * s);
    QCOMPARE(title->font().pointSizeF(), lesson * s);
    QCOMPARE(panel->findChild<QLabel *>(QStringLiteral("locals"))->font().pointSizeF(), locals * s);
    QCOMPARE(panel->stepButton()->font().pointSizeF(), step * s);
    QCOMPARE(status->font().pointSizeF(), statusSize * s);
    QCOMPARE(qreal(w.timeline()->theme().laneFont.pixelSize()), qRound(lane * s) * 1.0);
    // The lecture arrangement: the verdict in large type, the docks behind keys.
    auto *verdict = w.findChild<QLabel *>(QStringLiteral("verdictLine"));
    QVERIFY(verdict && verdict->isVisible());
    QVERIFY2(verdict->text().startsWith(u'✗'), qPrintable(verdict->text())); // A B A B loses B's deposit
    QVERIFY(verdict->text().contains(w.session()->machine()->invariants().front().label));
    // While students predict, the verdict is covered like the dashboard.
    QTest::keyClick(&w, Qt::Key_F6);
    QVERIFY(verdict->findChild<QWidget *>(QStringLiteral("predictionCover")));
    QTest::keyClick(&w, Qt::Key_F6);
    QVERIFY(verdict->font().pointSizeF() > title->font().pointSizeF() / 1.6 * 1.3);
    QVERIFY(!w.dashboard()->isVisible());
    QTest::keyClick(&w, Qt::Key_F2);
    QVERIFY(w.dashboard()->isVisible());

    w.presenterMode()->setActive(false);
    settle();
    QCOMPARE(panel->lineList()->font().pointSizeF(), code);
    QCOMPARE(title->font().pointSizeF(), lesson);
    QVERIFY(!verdict->isVisible());
    QVERIFY(w.dashboard()->isVisible());
}

void TestLayout::presenterModeEndsWithItsWindow()
{
    // A language switch replaces the window: the next one must not start in an enlarged font.
    const QFont before = QApplication::font();
    {
        MainWindow w(MainWindow::Options::quiet());
        w.presenterMode()->setActive(true);
        QCOMPARE(QApplication::font().pointSizeF(), before.pointSizeF() * PresenterMode::Scale);
    }
    QCOMPARE(QApplication::font(), before);
}

void TestLayout::fitShowsEveryLane()
{
    // Five requests in a timeline too short for them at a readable size: a scroll bar,
    // until Fit (Ctrl+0) squeezes every lane in.
    QString error;
    ScenarioSession session;
    QVERIFY2(session.setScenario(ScenarioLoader::resolve(QStringLiteral("lost-update"), &error), {}, {},
                                 {{QStringLiteral("requests"), 5}}, &error),
             qPrintable(error));
    for (int a = 0; a < 5; ++a)
        QVERIFY(session.step(a));
    TimelineView view;
    view.setTrace(session.machinePtr(), session.stepper()->trace(),
                  analyze(*session.machine(), session.stepper()->trace()));
    const qreal width = 1000;
    const qreal natural = view.renderer().preferredHeight(width, view.theme(), view.options());
    const TimelineGeometry g = view.renderer().geometry(QRectF(0, 0, width, 1e6), view.theme(), view.options());
    QCOMPARE(int(g.laneRects.size()), 5);
    const qreal lanes = g.laneRects.back().bottom() - g.laneRects.front().top();
    // Room for the lanes at 31 %: too little at a readable size even with the legend scrolled away.
    view.resize(int(width), int(std::ceil(natural - lanes * 0.69)));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(!view.allLanesVisible());
    view.zoomIn();
    QVERIFY(view.visibleRange().length() < view.timelineLayout()->extent().length());
    view.fitToWindow();
    QVERIFY(view.allLanesVisible());
    QCOMPARE(view.contentRect().height(), qreal(view.height()));
    QCOMPARE(view.visibleRange(), view.timelineLayout()->extent()); // and the whole run across
}

void TestLayout::ctrl0FitsBothAxesInTheWindow()
{
    // The window's shortcut, as a teacher presses it: five lanes in a 1280×720 window, zoomed in.
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setParam(QStringLiteral("requests"), 5));
    QString error;
    QVERIFY2(w.session()->loadSchedule(QStringLiteral("A B C D E A B C D E"), &error), qPrintable(error));
    w.show();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    settle();
    w.resize(1280, 720);
    settle();
    TimelineView *timeline = w.timeline();
    timeline->zoomIn();
    QVERIFY(timeline->visibleRange().length() < timeline->timelineLayout()->extent().length());
    QVERIFY(!timeline->allLanesVisible());
    QTest::keyClick(&w, Qt::Key_0, Qt::ControlModifier);
    settle();
    QCOMPARE(timeline->visibleRange(), timeline->timelineLayout()->extent());
    QVERIFY(timeline->allLanesVisible());
}

void TestLayout::fiveRequestsInPresenterMode_data()
{
    QTest::addColumn<QString>("language");
    for (const char *language : {"en", "de", "es"})
        QTest::newRow(language) << QString::fromLatin1(language);
}

void TestLayout::fiveRequestsInPresenterMode()
{
    // Five panels side by side at 1.4 ×: each request's name stays whole ("Petición A", not "Peti…").
    QFETCH(QString, language);
    Translations::install(language);
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(w.openScenario(QStringLiteral("lost-update")));
    QVERIFY(w.session()->setParam(QStringLiteral("requests"), 5));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QString error;
    QVERIFY2(w.session()->loadSchedule(QStringLiteral("A B C D E A"), &error), qPrintable(error));
    startPresenterMode(w);
    settle();
    const QSize screen(1366, 768);
    w.resize(screen);
    settle();
    QCOMPARE(w.codePanels()->panelCount(), 5);
    const QStringList problems = misfits(w, screen) + cutTitles(w);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
    w.presenterMode()->setActive(false);
}

void TestLayout::challengeSuccessFitsInPresenterMode_data()
{
    fiveRequestsInPresenterMode_data();
}

// The success page (the student's schedule beside the simplest, what the challenge teaches)
// shown in presenter mode on the projector: the window still fits, in every language.
void TestLayout::challengeSuccessFitsInPresenterMode()
{
    QFETCH(QString, language);
    Translations::install(language);
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(showScenario(w, QStringLiteral("lost-update"), false));
    ChallengeMode *mode = w.challengeMode();
    QSignalSpy graded(mode, &ChallengeMode::gradingFinished);
    QString error;
    QVERIFY2(mode->startById(QStringLiteral("lost-update-lose-a-deposit"), &error), qPrintable(error));
    QVERIFY(graded.wait(60000));
    const std::optional<Schedule> simplest = mode->grader()->simplestSolution();
    QVERIFY(simplest);
    QVERIFY2(w.session()->loadSchedule(*simplest, &error), qPrintable(error));
    QVERIFY(mode->isSuccessShown());
    startPresenterMode(w);
    settle();
    const QSize screen(1366, 768);
    w.resize(screen);
    settle();
    verifyFits(w, screen);
    w.presenterMode()->setActive(false);
}

void TestLayout::pointOfNoReturnKeepsOffTheLanes_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<bool>("presenter");
    for (const char *language : {"en", "de", "es"}) {
        QTest::addRow("%s", language) << QString::fromLatin1(language) << false;
        QTest::addRow("%s presenter", language) << QString::fromLatin1(language) << true;
    }
}

// The lost update's "no return" label after move 2, on the projector: in the axis between the
// move numbers, not over the lanes, where it hid the LOST UPDATE label in presenter mode.
void TestLayout::pointOfNoReturnKeepsOffTheLanes()
{
    QFETCH(QString, language);
    QFETCH(bool, presenter);
    Translations::install(language);
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(showScenario(w, QStringLiteral("lost-update"), presenter));
    const QSize screen(1366, 768);
    w.resize(screen);
    settle();
    ForecastPresenter *forecast = w.forecast();
    if (!forecast->forecast()) {
        QSignalSpy built(forecast, &ForecastPresenter::built);
        QVERIFY(built.wait(30000));
    }
    QVERIFY(w.setSchedule(QStringLiteral("A B A B")));
    settle();
    const TurningPointMark *mark = forecast->mark();
    QCOMPARE(mark->kind(), TurningPointMark::BadCertain);
    QVERIFY(mark->isVisible());
    TimelineView *timeline = w.timeline();
    const TimelineGeometry g = timeline->renderer().geometry(timeline->contentRect(), timeline->theme(),
                                                             timeline->options());
    const QRectF label = mark->labelRect();
    QVERIFY2(!label.isEmpty() && label.top() >= g.plotRect.bottom() && label.bottom() <= g.axisRect.bottom(),
             qPrintable(QStringLiteral("label at %1,%2 %3x%4; lanes end at %5, axis at %6")
                            .arg(label.x())
                            .arg(label.y())
                            .arg(label.width())
                            .arg(label.height())
                            .arg(g.plotRect.bottom())
                            .arg(g.axisRect.bottom())));
    QVERIFY(std::abs(label.center().x() - mark->markX()) < 1);
    if (presenter)
        w.presenterMode()->setActive(false);
}

void TestLayout::statementsShowTheirTable_data()
{
    fitsTheProjector_data();
}

void TestLayout::statementsShowTheirTable()
{
    // A panel too narrow for a line shows its SQL from the statement on; one still too narrow for
    // "SELECT balance FROM accounts" takes a second row (the panel asks for up to two more).
    QFETCH(QString, scenario);
    QFETCH(QSize, screen);
    QFETCH(bool, presenter);
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(showScenario(w, scenario, presenter));
    // Stepped to the bug, as in class: the dashboard's verdicts take their width from the panels.
    const ExplorerResult explored = Explorer::explore(*w.session()->machine(), ExplorerOptions{});
    const ExplorerOutcome *bug = explored.simplestCounterexample();
    QString error;
    QVERIFY2(bug && w.session()->loadSchedule(bug->schedule, &error), qPrintable(scenario + error));
    settle();
    w.resize(screen);
    settle();
    // Beside the docks, a program longer than the panel's screenful (8 lines: Transfers, Lease
    // expiry) has no row to spare for a statement; the lecture's presenter mode shows them all.
    QStringList cut;
    for (int a = 0; a < w.codePanels()->panelCount(); ++a)
        if (presenter || w.codePanels()->panel(a)->lineList()->count() <= 8)
            cut << cutTables(w.codePanels()->panel(a));
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QStringLiteral("; "))));
    verifyFits(w, screen); // and the program still shows a screenful
    w.presenterMode()->setActive(false);
}

void TestLayout::translatedTextsFit_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<bool>("presenter");
    QTest::addColumn<QSize>("screen");
    for (const char *language : {"de", "es"})
        for (const QString &id : builtinIds()) {
            const QString lang = QString::fromLatin1(language);
            QTest::addRow("%s %s 1366x768", language, qPrintable(id)) << lang << id << false << QSize(1366, 768);
            QTest::addRow("%s %s 1280x720", language, qPrintable(id)) << lang << id << false << QSize(1280, 720);
            QTest::addRow("%s %s presenter", language, qPrintable(id)) << lang << id << true << QSize(1366, 768);
        }
}

void TestLayout::translatedTextsFit()
{
    QFETCH(QString, language);
    QFETCH(QString, scenario);
    QFETCH(bool, presenter);
    QFETCH(QSize, screen);
    Translations::install(language);
    MainWindow w(MainWindow::Options::quiet());
    QVERIFY(w.openScenario(scenario));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(!w.codePanels()->scheduleText().startsWith(QLatin1String("Schedule:")));
    if (presenter)
        startPresenterMode(w);
    settle();
    w.resize(screen);
    settle();
    verifyFits(w, screen);
    if (presenter) {
        w.presenterMode()->setActive(false);
        return;
    }
    // The dashboard's longest texts come with the bug: the simplest broken run, played to its end.
    const ExplorerResult explored = Explorer::explore(*w.session()->machine(), ExplorerOptions{});
    const ExplorerOutcome *bug = explored.simplestCounterexample();
    QVERIFY2(bug, qPrintable(scenario));
    QString error;
    QVERIFY2(w.session()->loadSchedule(bug->schedule, &error), qPrintable(error));
    settle();
    auto *dashboardArea = qobject_cast<QScrollArea *>(w.dashboard()->parentWidget()->parentWidget());
    QVERIFY(dashboardArea);
    QVERIFY2(w.dashboard()->minimumSizeHint().width() <= dashboardArea->viewport()->width(),
             qPrintable(QStringLiteral("the dashboard needs %1 px, its dock has %2")
                            .arg(w.dashboard()->minimumSizeHint().width())
                            .arg(dashboardArea->viewport()->width())));
    verifyFits(w, screen);
}

void TestLayout::everyCharacterIsInAnInstalledFont()
{
    std::set<char32_t> chars;
    const QDir translations(QStringLiteral(INTERLEAVE_SOURCE_DIR "/translations"));
    const QStringList ts = translations.entryList({QStringLiteral("*.ts")});
    QVERIFY(ts.size() >= 2);
    for (const QString &file : ts)
        collectTsText(translations.filePath(file), &chars);
    const QDir scenarios(QStringLiteral(INTERLEAVE_SOURCE_DIR "/resources/scenarios"));
    const QStringList json = scenarios.entryList({QStringLiteral("*.json")});
    QVERIFY(json.size() >= 8);
    for (const QString &file : json) {
        QFile f(scenarios.filePath(file));
        QVERIFY(f.open(QIODevice::ReadOnly));
        collectJsonText(QJsonDocument::fromJson(f.readAll()).object(), &chars);
    }
    // Texts the code draws without tr() (marks, badges, glyphs): the string literals of the sources.
    static const QRegularExpression literal(QStringLiteral("\"(?:[^\"\\\\]|\\\\.)*\""));
    for (const char *folder : {"/app", "/core"}) {
        QDirIterator it(QStringLiteral(INTERLEAVE_SOURCE_DIR) + QLatin1String(folder),
                        {QStringLiteral("*.cpp"), QStringLiteral("*.h")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            for (const QString &line : QString::fromUtf8(f.readAll()).split(u'\n')) {
                const QString code = line.trimmed();
                if (code.startsWith(QLatin1String("//")) || code.startsWith(u'*') ||
                    code.startsWith(QLatin1String("/*")))
                    continue; // comments are not drawn
                for (auto m = literal.globalMatch(code); m.hasNext();)
                    for (char32_t c : m.next().captured().toUcs4())
                        chars.insert(c);
            }
        }
    }
    QVERIFY(chars.count(U'✓') == 1); // the sources were read

    // Qt falls back from the window's font to any installed one: a character is drawn
    // if some family has it, and shown as an empty box otherwise.
    std::vector<QRawFont> fonts;
    for (const QString &family : QFontDatabase::families()) {
        QFont f(family);
        f.setPixelSize(16);
        fonts.push_back(QRawFont::fromFont(f));
    }
    QStringList missing;
    for (char32_t c : chars) {
        if (c < 0x80 || QChar::isSpace(c) || QChar::category(c) == QChar::Other_Format)
            continue;
        if (std::none_of(fonts.begin(), fonts.end(), [c](const QRawFont &f) { return f.supportsCharacter(c); }))
            missing << QStringLiteral("U+%1 %2").arg(uint(c), 4, 16, QLatin1Char('0')).arg(QString::fromUcs4(&c, 1));
    }
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("no installed font draws ") + missing.join(QStringLiteral(", "))));
}

QTEST_MAIN(TestLayout)
#include "tst_layout.moc"
