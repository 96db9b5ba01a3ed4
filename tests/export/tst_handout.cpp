// Handouts: one page per move (PDF and PNG series), the exercise sheet and the
// answer sheet, from the library, the export dialog and the command line.

#include "export/exportdialog.h"
#include "export/handout.h"

#include "scenario/scenario.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QPaintEngine>
#include <QPainter>
#include <QPalette>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Interleave;

namespace {

std::shared_ptr<const Machine> machineFor(const QString &scenario, const QString &strategy)
{
    QString error;
    auto spec = ScenarioLoader::resolve(scenario, &error);
    if (!spec)
        qFatal("%s", qPrintable(error));
    // No strategy named: the scenario's first, its broken one.
    auto machine = Machine::compile(*spec, strategy.isEmpty() ? spec->strategies.front().id : strategy,
                                    ExecutionModel{}, {}, &error);
    if (!machine)
        qFatal("%s", qPrintable(error));
    return machine;
}

Schedule scheduleOf(const Machine &machine, const QString &text)
{
    QString error;
    const auto schedule = Schedule::parse(text, machine, &error);
    if (!schedule)
        qFatal("%s", qPrintable(error));
    return *schedule;
}

// Page objects in a PDF file as written: "/Type /Page", not "/Type /Pages".
int pdfPageCount(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![A-Za-z])"));
    return int(QString::fromLatin1(file.readAll()).count(page));
}

// A paint device that keeps every piece of text drawn into it: what a page says, read back.
class TextEngine : public QPaintEngine
{
public:
    TextEngine()
        : QPaintEngine(QPaintEngine::AllFeatures)
    { }
    bool begin(QPaintDevice *) override { return true; }
    bool end() override { return true; }
    void updateState(const QPaintEngineState &) override { }
    void drawPixmap(const QRectF &, const QPixmap &, const QRectF &) override { }
    void drawPath(const QPainterPath &) override { }
    void drawPolygon(const QPointF *, int, PolygonDrawMode) override { }
    void drawTextItem(const QPointF &, const QTextItem &item) override { texts << item.text(); }
    Type type() const override { return User; }
    QStringList texts;
};

class TextDevice : public QPaintDevice
{
public:
    QPaintEngine *paintEngine() const override { return &m_engine; }
    // Everything drawn, whitespace removed: a wrapped or font-split line compares whole.
    QString text() const { return squeeze(m_engine.texts.join(QString())); }
    static QString squeeze(QString s) { return s.remove(QRegularExpression(QStringLiteral("\\s+"))); }

protected:
    int metric(PaintDeviceMetric metric) const override
    {
        switch (metric) {
        case PdmWidth:
            return 1123;
        case PdmHeight:
            return 794;
        case PdmWidthMM:
            return 297;
        case PdmHeightMM:
            return 210;
        case PdmDepth:
            return 32;
        case PdmNumColors:
            return INT_MAX;
        case PdmDevicePixelRatio:
            return 1;
        case PdmDevicePixelRatioScaled:
            return int(devicePixelRatioFScale());
        default:
            return 96; // dpi
        }
    }

private:
    mutable TextEngine m_engine;
};

// The lost update's "A B B A" as handout pages to `target`; the files written.
QStringList writeFourMoves(const QString &target, qreal dpi, QString *error)
{
    auto machine = machineFor(QStringLiteral("lost-update"), QString());
    HandoutOptions options;
    options.pngDpi = dpi;
    QStringList written;
    if (!Handout::write(HandoutKind::Pages, machine, scheduleOf(*machine, QStringLiteral("A B B A")), options, target,
                        &written, nullptr, error))
        return {};
    return written;
}

QStringList args(std::initializer_list<const char *> list)
{
    QStringList result;
    for (const char *a : list)
        result << QString::fromUtf8(a);
    return result;
}

QString textOf(const HandoutDocument &document)
{
    TextDevice device;
    QPainter painter(&device);
    for (const Exporter::Painting &page : document.pages)
        page(painter, QRectF(QPointF(0, 0), document.pageSize));
    painter.end();
    return device.text();
}

} // namespace

class TestHandout : public QObject
{
    Q_OBJECT
private slots:
    void pagesPdfHasATitlePageAndOnePagePerMove_data();
    void pagesPdfHasATitlePageAndOnePagePerMove();
    void pngSeriesHasOneFilePerPage_data();
    void pngSeriesHasOneFilePerPage();
    void movePageNarratesItsMoveAndGivesTheVerdict();
    void worksheetHasTheCodeAndAnEmptyGrid();
    void answerSheetHasEveryBreakingOutcomeAndItsSchedule();
    void answerSheetOfASafeVariantSaysNothingBreaks();
    void paperStaysLightOnADarkDesktop();
    void cancelWritesNothing();
    void badTargetsGiveOneLine_data();
    void badTargetsGiveOneLine();
    void dialogWritesAHandoutOnAWorker();
    void cliWritesPagesWorksheetAndAnswers();
};

void TestHandout::pagesPdfHasATitlePageAndOnePagePerMove_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<int>("paper");
    QTest::addColumn<QString>("mediaBox");
    QTest::newRow("lost update, 4 moves, A4") << "lost-update"
                                              << "A B B A" << int(PaperSize::A4) << "842";
    QTest::newRow("lease, ticks, Letter") << "lease-expiry"
                                          << "A A B ~ ~ A A" << int(PaperSize::Letter) << "792";
    QTest::newRow("no moves: the title page alone") << "lost-update"
                                                    << "" << int(PaperSize::A4) << "842";
}

void TestHandout::pagesPdfHasATitlePageAndOnePagePerMove()
{
    QFETCH(QString, scenario);
    QFETCH(QString, schedule);
    QFETCH(int, paper);
    QFETCH(QString, mediaBox);
    auto machine = machineFor(scenario, QString());
    const Schedule moves = scheduleOf(*machine, schedule);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("pages.pdf"));
    HandoutOptions options;
    options.paper = PaperSize(paper);
    QStringList written;
    int pages = 0;
    QString error;
    QVERIFY2(Handout::write(HandoutKind::Pages, machine, moves, options, path, &written, &pages, &error),
             qPrintable(error));
    QCOMPARE(written, QStringList{path});
    QCOMPARE(pages, int(moves.moves.size()) + 1);
    QCOMPARE(pdfPageCount(path), int(moves.moves.size()) + 1);
    // Landscape: the page is wider than high, in the paper's points.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains(QByteArray("/MediaBox [0 0 " + mediaBox.toLatin1())));
}

void TestHandout::pngSeriesHasOneFilePerPage_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("last");
    QTest::newRow("pattern") << "out-%03d.png"
                             << "out-000.png"
                             << "out-004.png";
    QTest::newRow("folder") << "pages/"
                            << "pages/lost-update-move-000.png"
                            << "pages/lost-update-move-004.png";
    QTest::newRow("plain name") << "notes.png"
                                << "notes-000.png"
                                << "notes-004.png";
}

void TestHandout::pngSeriesHasOneFilePerPage()
{
    QFETCH(QString, target);
    QFETCH(QString, first);
    QFETCH(QString, last);
    QTemporaryDir dir;
    QString error;
    const QStringList written = writeFourMoves(dir.filePath(target), 96, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(written.size(), 5);
    QCOMPARE(written.front(), dir.filePath(first));
    QCOMPARE(written.back(), dir.filePath(last));
    const QStringList onDisk =
        QDir(QFileInfo(dir.filePath(first)).absolutePath()).entryList({QStringLiteral("*.png")}, QDir::Files);
    QCOMPARE(onDisk.size(), 5);
    const QImage image(written.back());
    QCOMPARE(image.size(), QSize(1123, 794)); // A4 landscape at 96 dpi
}

void TestHandout::movePageNarratesItsMoveAndGivesTheVerdict()
{
    auto machine = machineFor(QStringLiteral("lost-update"), QString());
    const Schedule moves = scheduleOf(*machine, QStringLiteral("A B B A"));
    QString error;
    const auto document = Handout::pages(machine, moves, HandoutOptions{}, &error);
    QVERIFY2(document, qPrintable(error));
    QCOMPARE(document->pages.size(), size_t(5));
    // The last page: A's write throws B's away, the run is over, the rule is broken.
    Stepper stepper(machine);
    QVERIFY(stepper.replay(moves, &error));
    HandoutDocument last = *document;
    last.pages = {document->pages.back()};
    const QString text = textOf(last);
    QVERIFY(text.contains(TextDevice::squeeze(QStringLiteral("Move 4 of 4"))));
    const Trace &trace = stepper.trace();
    for (size_t e = size_t(stepper.moveStarts()[3]); e < trace.size(); ++e)
        QVERIFY2(text.contains(TextDevice::squeeze(machine->narrate(trace[e]))),
                 qPrintable(machine->narrate(trace[e])));
    QVERIFY(text.contains(TextDevice::squeeze(QStringLiteral("✗ BROKEN"))));
    QVERIFY(text.contains(TextDevice::squeeze(machine->describeOutcome(stepper.state()))));
    // The first move's page does not yet know how it ends.
    last.pages = {document->pages[1]};
    QVERIFY(!textOf(last).contains(TextDevice::squeeze(QStringLiteral("✗ BROKEN"))));
}

void TestHandout::worksheetHasTheCodeAndAnEmptyGrid()
{
    auto machine = machineFor(QStringLiteral("transfer-deadlock"), QString());
    const QString text = textOf(Handout::worksheet(machine, HandoutOptions{}));
    for (int a = 0; a < machine->actorCount(); ++a) {
        QVERIFY(text.contains(TextDevice::squeeze(machine->actor(a).name)));
        for (const ProgramLine &line : machine->programOf(a).lines)
            QVERIFY2(text.contains(TextDevice::squeeze(line.code)), qPrintable(line.code));
    }
    for (const Invariant &rule : machine->invariants())
        QVERIFY(text.contains(TextDevice::squeeze(rule.label)));
    // Empty: no schedule, no outcome is given away.
    QVERIFY(!text.contains(TextDevice::squeeze(QStringLiteral("Simplest schedule"))));
}

void TestHandout::answerSheetHasEveryBreakingOutcomeAndItsSchedule()
{
    auto machine = machineFor(QStringLiteral("lost-update"), QString());
    QString error;
    const auto result = Handout::explore(*machine, HandoutOptions{}, &error);
    QVERIFY2(result, qPrintable(error));
    QVERIFY(result->breakingOutcomes() > 0);
    const QString text = textOf(Handout::answers(machine, *result, HandoutOptions{}));
    int breaking = 0;
    for (const ExplorerOutcome &outcome : result->outcomes) {
        QVERIFY2(text.contains(TextDevice::squeeze(outcome.description)), qPrintable(outcome.description));
        if (!outcome.breaksRule)
            continue;
        ++breaking;
        QVERIFY2(text.contains(TextDevice::squeeze(QStringLiteral("Simplest schedule: ") + outcome.scheduleText)),
                 qPrintable(outcome.scheduleText));
    }
    QCOMPARE(text.count(QStringLiteral("Simplestschedule:")), breaking);
    QVERIFY(!text.contains(TextDevice::squeeze(QStringLiteral("No schedule breaks a rule"))));
}

void TestHandout::answerSheetOfASafeVariantSaysNothingBreaks()
{
    auto machine = machineFor(QStringLiteral("lost-update"), QStringLiteral("atomic"));
    QString error;
    const auto result = Handout::explore(*machine, HandoutOptions{}, &error);
    QVERIFY2(result, qPrintable(error));
    QCOMPARE(result->breakingOutcomes(), 0);
    const QString text = textOf(Handout::answers(machine, *result, HandoutOptions{}));
    QVERIFY(text.contains(TextDevice::squeeze(QStringLiteral("No schedule breaks a rule under this variant."))));
    QVERIFY(!text.contains(QStringLiteral("Simplestschedule:")));
}

void TestHandout::paperStaysLightOnADarkDesktop()
{
    const QPalette before = QApplication::palette();
    QPalette dark(QColor(0x20, 0x20, 0x20), QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::WindowText, Qt::white);
    dark.setColor(QPalette::Text, Qt::white);
    QApplication::setPalette(dark);
    QTemporaryDir dir;
    QString error;
    const QStringList written = writeFourMoves(dir.filePath(QStringLiteral("p-%d.png")), 48, &error);
    QApplication::setPalette(before);
    QVERIFY2(written.size() == 5, qPrintable(error));
    for (const QString &file : written) {
        const QImage image(file);
        int light = 0;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4)
                light += qGray(image.pixel(x, y)) > 200;
        const int samples = ((image.height() + 3) / 4) * ((image.width() + 3) / 4);
        QVERIFY2(light > samples * 0.8, qPrintable(file));
    }
}

void TestHandout::cancelWritesNothing()
{
    auto machine = machineFor(QStringLiteral("lost-update"), QString());
    QTemporaryDir dir;
    std::atomic<bool> cancel{true};
    HandoutOptions options;
    options.cancel = &cancel;
    const Schedule moves = scheduleOf(*machine, QStringLiteral("A B B A"));
    for (const HandoutKind kind : {HandoutKind::Pages, HandoutKind::Worksheet, HandoutKind::Answers}) {
        for (const QString &name : {QStringLiteral("x.pdf"), QStringLiteral("x-%02d.png")}) {
            QString error;
            QVERIFY(!Handout::write(kind, machine, moves, options, dir.filePath(name), nullptr, nullptr, &error));
            QVERIFY2(error.contains(QStringLiteral("cancelled")), qPrintable(error));
        }
    }
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList());
}

void TestHandout::badTargetsGiveOneLine_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown suffix") << "notes.txt"
                                    << "cannot tell the format";
    QTest::newRow("two numbers") << "p-%d-%d.png"
                                 << "expected one page number";
    QTest::newRow("not a number") << "p-%s.png"
                                  << "expected one page number";
    QTest::newRow("pattern not png") << "p-%d.jpg"
                                     << "expected one page number";
}

void TestHandout::badTargetsGiveOneLine()
{
    QFETCH(QString, target);
    QFETCH(QString, message);
    auto machine = machineFor(QStringLiteral("lost-update"), QString());
    QTemporaryDir dir;
    QString error;
    QVERIFY(!Handout::write(HandoutKind::Pages, machine, scheduleOf(*machine, QStringLiteral("A B")), HandoutOptions{},
                            dir.filePath(target), nullptr, nullptr, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QVERIFY(!error.contains(u'\n'));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList());
}

void TestHandout::dialogWritesAHandoutOnAWorker()
{
    auto machine = machineFor(QStringLiteral("lost-update"), QString());
    ExportSource source;
    source.machine = machine;
    source.schedule = scheduleOf(*machine, QStringLiteral("A B B A"));
    for (const auto kind : {ExportDialog::HandoutPages, ExportDialog::AnswerSheet}) {
        ExportDialog dialog(source, kind);
        QCOMPARE(dialog.content(), kind);
        QVERIFY(dialog.isHandout());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("h.pdf"));
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        dialog.startExport(path);
        QVERIFY(finished.wait(20000));
        QVERIFY2(finished.front().at(0).toBool(), qPrintable(finished.front().at(1).toString()));
        QCOMPARE(pdfPageCount(path), kind == ExportDialog::HandoutPages ? 5 : 1);
    }
}

void TestHandout::cliWritesPagesWorksheetAndAnswers()
{
    QTemporaryDir dir;
    QProcess cli;
    cli.setWorkingDirectory(dir.path());
    cli.start(QStringLiteral(INTERLEAVE_CLI),
              args({"export", "--scenario", "lost-update", "--schedule", "A B B A", "--pages", "p.pdf", "--worksheet",
                    "w.pdf", "--answers", "a.pdf", "--paper", "letter"}));
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    QCOMPARE(pdfPageCount(dir.filePath(QStringLiteral("p.pdf"))), 5);
    QCOMPARE(pdfPageCount(dir.filePath(QStringLiteral("w.pdf"))), 1);
    QCOMPARE(pdfPageCount(dir.filePath(QStringLiteral("a.pdf"))), 1);

    cli.start(QStringLiteral(INTERLEAVE_CLI),
              args({"export", "--counterexample", "--pages", "series/", "--scale", "1", "--json"}));
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    QCOMPARE(QDir(dir.filePath(QStringLiteral("series"))).entryList({QStringLiteral("*.png")}, QDir::Files).size(),
             5); // A B B A and the title
    QVERIFY(cli.readAllStandardOutput().contains("\"handouts\""));

    cli.start(QStringLiteral(INTERLEAVE_CLI), args({"export", "--pages", "p.pdf", "--paper", "a5"}));
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 2);
    QVERIFY(cli.readAllStandardError().contains("--paper: unknown paper size \"a5\""));
}

QTEST_MAIN(TestHandout)
#include "tst_handout.moc"
