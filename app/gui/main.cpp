#include "classroom/challengemode.h"
#include "classroom/presentermode.h"
#include "i18n/translations.h"
#include "window/desktoplook.h"
#include "window/mainwindow.h"
#include "window/scenariosession.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QPointer>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimer>

#include <functional>

namespace {

// Without a display Qt aborts with a page about platform plugins. What needs no
// window (help, version, a screenshot) runs offscreen instead; anything else
// gets one line that says what is missing. Returns false to quit.
bool choosePlatform(int argc, char **argv)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM") || qEnvironmentVariableIsSet("DISPLAY") ||
        qEnvironmentVariableIsSet("WAYLAND_DISPLAY"))
        return true;
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-v" || arg == "--version" ||
            arg == "--screenshot" || arg.startsWith("--screenshot=")) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            return true;
        }
    }
    QTextStream(stderr) << "interleave: no display to open a window on (DISPLAY and WAYLAND_DISPLAY are not set); "
                           "start it from a desktop session, or use --screenshot FILE or interleave-cli"
                        << Qt::endl;
    return false;
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    return true;
#endif
}

// The command line: every option the window understands, read once.
struct CommandLine
{
    QCommandLineParser parser;
    const QCommandLineOption strategy{QStringLiteral("strategy"), QApplication::translate("main", "Strategy (fix) id."),
                                      QStringLiteral("id")};
    const QCommandLineOption model{QStringLiteral("model"),
                                   QApplication::translate("main", "threads, eventloop or instances:N."),
                                   QStringLiteral("model")};
    const QCommandLineOption param{QStringLiteral("param"),
                                   QApplication::translate("main", "A parameter, name=value (repeatable)."),
                                   QStringLiteral("name=value")};
    const QCommandLineOption schedule{QStringLiteral("schedule"),
                                      QApplication::translate("main", "Moves to replay, for example \"A B A B\"."),
                                      QStringLiteral("moves")};
    const QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Save a picture of the window to this PNG file and quit."),
        QStringLiteral("file")};
    const QCommandLineOption size{QStringLiteral("size"),
                                  QApplication::translate("main", "Window size for --screenshot, WIDTHxHEIGHT."),
                                  QStringLiteral("size"), QStringLiteral("1600x1000")};
    const QCommandLineOption explore{
        QStringLiteral("explore"),
        QApplication::translate("main", "Explore every interleaving at start (fills the outcome histogram).")};
    const QCommandLineOption bug{
        QStringLiteral("bug"),
        QApplication::translate("main", "Load the simplest schedule that breaks a rule (explores first).")};
    const QCommandLineOption cursor{
        QStringLiteral("cursor"), QApplication::translate("main", "After loading a schedule, step back to this move."),
        QStringLiteral("moves")};
    const QCommandLineOption compare{
        QStringLiteral("compare"),
        QApplication::translate("main", "Run the fix comparison (a load test on threads under every fix) at start.")};
    const QCommandLineOption presenter{
        QStringLiteral("presenter"),
        QApplication::translate("main",
                                "Start in presenter mode (F5); with --screenshot, at --size instead of full screen.")};
    const QCommandLineOption dark{
        QStringLiteral("dark"),
        QApplication::translate("main",
                                "Use a dark palette (Fusion style), as on a dark desktop; for example for "
                                "--screenshot, where no desktop theme is there to ask.")};
    const QCommandLineOption challenge{
        QStringLiteral("challenge"),
        QApplication::translate("main",
                                "Start in challenge mode on this challenge: a built-in id (interleave-cli challenge "
                                "list) or a challenge file; --schedule then plays moves in it."),
        QStringLiteral("challenge")};
    const QCommandLineOption language{
        QStringLiteral("language"),
        QApplication::translate(
            "main", "The interface's language for this run (en, de, es), without changing the saved choice."),
        QStringLiteral("code")};

    explicit CommandLine(QApplication &app)
    {
        parser.setApplicationDescription(
            QApplication::translate("main", "Interleave: see concurrency bugs happen, step by step."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addPositionalArgument(
            QStringLiteral("scenario"),
            QApplication::translate("main",
                                    "A built-in scenario id (for example lost-update), a scenario file, or a "
                                    "saved session (.interleave)."));
        parser.addOptions({strategy, model, param, schedule, screenshot, size, explore, bug, cursor, compare, presenter,
                           dark, challenge, language});
        parser.process(app);
    }
    bool shoots() const { return parser.isSet(screenshot); }
    QString scenario() const { return parser.positionalArguments().value(0); }
};

// The variant and schedule the command line asks for; false (and a line on `err`) on a bad value.
bool applyVariant(const CommandLine &cl, MainWindow *window, QTextStream &err)
{
    ScenarioSession *session = window->session();
    if (cl.parser.isSet(cl.strategy) && !session->setStrategy(cl.parser.value(cl.strategy))) {
        err << QApplication::translate("main", "--strategy: no strategy \"%1\" in this scenario")
                   .arg(cl.parser.value(cl.strategy))
            << Qt::endl;
        return false;
    }
    if (cl.parser.isSet(cl.model)) {
        QString error;
        const auto m = Interleave::ExecutionModel::parse(cl.parser.value(cl.model), &error);
        if (!m || !session->setModel(*m)) {
            err << QApplication::translate("main", "--model: %1").arg(error.isEmpty() ? session->lastError() : error)
                << Qt::endl;
            return false;
        }
    }
    for (const QString &p : cl.parser.values(cl.param)) {
        bool ok = false;
        const qlonglong value = p.section(u'=', 1).toLongLong(&ok);
        if (!ok || !session->setParam(p.section(u'=', 0, 0), value)) {
            err << QApplication::translate("main", "--param %1: expected name=number with a parameter of this scenario")
                       .arg(p)
                << Qt::endl;
            return false;
        }
    }
    if (cl.parser.isSet(cl.challenge)) {
        QString error;
        if (!window->challengeMode()->startById(cl.parser.value(cl.challenge), &error)) {
            err << QApplication::translate("main", "--challenge: %1").arg(error) << Qt::endl;
            return false;
        }
    }
    if (cl.parser.isSet(cl.schedule) && !window->setSchedule(cl.parser.value(cl.schedule))) {
        err << window->errorText() << Qt::endl;
        return false;
    }
    return true;
}

// --bug, --cursor, --compare, --explore and --presenter: what the window does once it is built.
void startJobs(const CommandLine &cl, MainWindow *window)
{
    ScenarioSession *session = window->session();
    const int cursor = cl.parser.isSet(cl.cursor) ? cl.parser.value(cl.cursor).toInt() : -1;
    auto seekCursor = [session, cursor] {
        if (cursor >= 0)
            session->seek(cursor);
    };
    if (cl.parser.isSet(cl.bug)) {
        QObject::connect(window->jobs(), &EngineJobs::explored, window,
                         [session, seekCursor](std::shared_ptr<const Interleave::ExplorerResult> result) {
                             if (const Interleave::ExplorerOutcome *o = result->simplestCounterexample()) {
                                 QString error;
                                 session->loadSchedule(o->schedule, &error);
                                 seekCursor();
                             }
                         });
    } else {
        seekCursor();
    }
    if (cl.parser.isSet(cl.compare))
        window->compareStrategies();
    else if (cl.parser.isSet(cl.explore) || cl.parser.isSet(cl.bug))
        window->exploreAll();
    if (cl.parser.isSet(cl.presenter))
        window->presenterMode()->setActive(true);
}

// Shows the window at --size, lets it settle (and a job finish), saves the picture and quits.
int takeScreenshot(QApplication &app, const CommandLine &cl, MainWindow *window, QTextStream &err)
{
    // The picture is of the size asked for, not of this machine's screen.
    window->setWindowState(window->windowState() & ~Qt::WindowFullScreen);
    const QStringList wh = cl.parser.value(cl.size).split(u'x');
    window->resize(wh.value(0).toInt() > 0 ? wh.value(0).toInt() : 1600,
                   wh.value(1).toInt() > 0 ? wh.value(1).toInt() : 1000);
    window->show();
    const QString file = cl.parser.value(cl.screenshot);
    auto grab = [&app, &err, window, file] {
        if (!window->grab().save(file)) {
            err << QApplication::translate("main", "--screenshot: cannot write %1").arg(file) << Qt::endl;
            app.exit(3);
            return;
        }
        app.quit();
    };
    // Let layouts, docks and charts settle (and an exploration finish) before grabbing.
    if (window->jobs()->isBusy())
        QObject::connect(window->jobs(), &EngineJobs::finished, window,
                         [window, grab] { QTimer::singleShot(300, window, grab); });
    else if (window->challengeMode()->isGrading())
        QObject::connect(window->challengeMode(), &ChallengeMode::gradingFinished, window,
                         [window, grab] { QTimer::singleShot(300, window, grab); });
    else
        QTimer::singleShot(300, window, grab);
    const int rc = app.exec();
    delete window;
    return rc;
}

// Runs the window until it closes. A language switch builds a new window from the old
// one's snapshot, so that every text (menus, panels, the scenarios' own) is made anew.
int runWindow(QApplication &app, MainWindow *first, const MainWindow::Options &options)
{
    QPointer<MainWindow> window = first;
    std::function<void(MainWindow *)> followLanguage = [&](MainWindow *current) {
        QObject::connect(current, &MainWindow::languageSwitched, current, [&, current] {
            // Presenter mode enlarges the application's font: leave it before the new window is
            // built in that font, and enter it again in the new one.
            const bool presenting = current->presenterMode()->isActive();
            current->presenterMode()->setActive(false);
            auto *next = new MainWindow(options);
            next->applySnapshot(current->snapshot());
            next->show();
            next->presenterMode()->setActive(presenting);
            followLanguage(next);
            window = next;
            current->deleteLater();
        });
    };
    followLanguage(window);
    window->show();
    const int rc = app.exec();
    delete window.data();
    return rc;
}

} // namespace

int main(int argc, char **argv)
{
    if (!choosePlatform(argc, argv))
        return 2;
    QApplication app(argc, argv);
    MainWindow::setUpApplication(app);
    const CommandLine cl(app);
    if (cl.parser.isSet(cl.language))
        Interleave::Translations::install(cl.parser.value(cl.language));
    if (cl.parser.isSet(cl.dark)) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(DesktopLook::darkPalette());
    }

    QTextStream err(stderr);
    MainWindow::Options options;
    if (cl.shoots() || !cl.scenario().isEmpty()) {
        // An explicit command line wins over the last session, and a screenshot leaves no trace.
        options.restoreSettings = false;
        options.saveSettings = !cl.shoots();
    }
    auto *window = new MainWindow(options);
    if (!cl.scenario().isEmpty() && !window->openScenario(cl.scenario())) {
        err << window->errorText() << Qt::endl;
        if (cl.shoots())
            return 2;
    }
    if (!applyVariant(cl, window, err))
        return 2;
    startJobs(cl, window);
    return cl.shoots() ? takeScreenshot(app, cl, window, err) : runWindow(app, window, options);
}
