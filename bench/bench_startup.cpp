// Startup: from the first line of main() to the main window's first painted
// frame, with the built-in scenarios loaded and the first one compiled, as
// `interleave` starts. Each sample is a fresh process (a warm start would hide
// the cost of loading Qt's plugins and fonts). Target: under 500 ms.
// Usage: bench_startup [samples]   (offscreen unless QT_QPA_PLATFORM is set)

#include "window/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <vector>

namespace {

// Notes the first paint of any widget in the window; the frame is complete
// once the event loop comes back, after the whole window has been painted.
class FirstPaint : public QObject
{
public:
    FirstPaint(QWidget *window, QElapsedTimer *clock)
        : m_window(window)
        , m_clock(clock)
    { }
    qint64 nanoseconds = -1;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_seen && watched->isWidgetType() &&
            static_cast<QWidget *>(watched)->window() == m_window) {
            m_seen = true;
            QTimer::singleShot(0, this, [this] {
                nanoseconds = m_clock->nsecsElapsed();
                QCoreApplication::quit();
            });
        }
        return false;
    }

private:
    QWidget *m_window;
    QElapsedTimer *m_clock;
    bool m_seen = false;
};

int runOnce()
{
    QElapsedTimer clock;
    clock.start();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    int argc = 1;
    char name[] = "bench_startup";
    char *argv[] = {name, nullptr};
    QApplication app(argc, argv);
    MainWindow::setUpApplication(app);
    const qint64 appNs = clock.nsecsElapsed();
    MainWindow::Options options;
    options.restoreSettings = false; // the same work on every run, whatever the last session was
    options.saveSettings = false;
    MainWindow window(options);
    const qint64 windowNs = clock.nsecsElapsed();
    FirstPaint probe(&window, &clock);
    app.installEventFilter(&probe);
    window.show();
    app.exec();
    // One line per sample for the parent: application, window built, first frame (ms).
    QTextStream(stdout) << appNs / 1e6 << ' ' << windowNs / 1e6 << ' ' << probe.nanoseconds / 1e6 << Qt::endl;
    return probe.nanoseconds > 0 ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet("BENCH_STARTUP_CHILD"))
        return runOnce();

    QCoreApplication app(argc, argv);
    const int samples = std::max(1, app.arguments().value(1, QStringLiteral("7")).toInt());
    QTextStream out(stdout);
    std::vector<double> qapp, built, painted;
    for (int i = 0; i < samples; ++i) {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("BENCH_STARTUP_CHILD"), QStringLiteral("1"));
        child.setProcessEnvironment(env);
        child.start(app.applicationFilePath(), {});
        if (!child.waitForFinished(60000) || child.exitCode() != 0) {
            out << "sample " << i << " failed: " << child.readAllStandardError() << Qt::endl;
            return 1;
        }
        const QStringList fields = QString::fromLocal8Bit(child.readAllStandardOutput()).trimmed().split(u' ');
        qapp.push_back(fields.value(0).toDouble());
        built.push_back(fields.value(1).toDouble());
        painted.push_back(fields.value(2).toDouble());
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    out << "startup to first painted frame (" << samples << " fresh processes, "
        << qEnvironmentVariable("QT_QPA_PLATFORM", QStringLiteral("offscreen")) << ")" << Qt::endl;
    out << QStringLiteral("  QApplication ready      median %1 ms").arg(median(qapp), 0, 'f', 1) << Qt::endl;
    out << QStringLiteral("  main window built       median %1 ms").arg(median(built), 0, 'f', 1) << Qt::endl;
    out << QStringLiteral("  first frame painted     median %1 ms, max %2 ms (target < 500 ms)")
               .arg(median(painted), 0, 'f', 1)
               .arg(*std::max_element(painted.begin(), painted.end()), 0, 'f', 1)
        << Qt::endl;
    return median(painted) < 500 ? 0 : 1;
}
