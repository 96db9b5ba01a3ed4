#include "export/exporter.h"

#include "drivers/session.h"
#include "drivers/stepper.h"
#include "scenario/scenario.h"
#include "timeline/timelinelayout.h"
#include "trace/traceanalysis.h"
#include "trace/traceexport.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Interleave;

namespace {

struct Fixture
{
    std::unique_ptr<Stepper> stepper;
    std::shared_ptr<const TimelineLayout> layout;
    ExportCaption caption;
};

Fixture make(const QString &strategy, const QString &schedule)
{
    QString error;
    auto spec = ScenarioLoader::resolve(QStringLiteral("lost-update"), &error);
    if (!spec)
        qFatal("%s", qPrintable(error));
    auto machine = Machine::compile(*spec, strategy, ExecutionModel{}, {}, &error);
    if (!machine)
        qFatal("%s", qPrintable(error));
    Fixture f;
    f.stepper = std::make_unique<Stepper>(machine);
    if (!f.stepper->replay(*Schedule::parse(schedule, *machine, nullptr), &error))
        qFatal("%s", qPrintable(error));
    f.layout =
        TimelineLayout::build(machine, f.stepper->trace(), analyze(*machine, f.stepper->trace()), AxisMode::Steps);
    f.caption = ExportCaption::describe(*machine, &f.stepper->state(), schedule);
    return f;
}

// Share of pixels in `box` (device pixels) that are neither the background nor a lane's fill.
double ink(const QImage &image, const QRect &box, const TimelineTheme &theme)
{
    int inked = 0, total = 0;
    for (int y = box.top(); y <= box.bottom(); ++y)
        for (int x = box.left(); x <= box.right(); ++x) {
            if (!image.rect().contains(x, y))
                continue;
            const QColor c = image.pixelColor(x, y);
            ++total;
            auto near = [&](const QColor &o) {
                return std::abs(c.red() - o.red()) + std::abs(c.green() - o.green()) + std::abs(c.blue() - o.blue()) <
                    24;
            };
            if (!near(theme.background) && !near(theme.laneAlternate) && !near(theme.grid))
                ++inked;
        }
    return total ? double(inked) / total : 0;
}

QStringList svgTexts(const QByteArray &svg, QString *error)
{
    QStringList texts;
    QXmlStreamReader xml(svg);
    int depth = 0;
    QString current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("text")) {
            ++depth;
            current.clear();
        } else if (xml.isCharacters() && depth > 0) {
            current += xml.text();
        } else if (xml.isEndElement() && xml.name() == QLatin1String("text")) {
            --depth;
            texts << current.simplified();
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("line %1: %2").arg(xml.lineNumber()).arg(xml.errorString());
    return texts;
}

} // namespace

class TestExport : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void png_data();
    void png();
    void svg();
    void pdf_data();
    void pdf();
    void visibleRange();
    void badPathLeavesNoFile();
    void cancelledExportLeavesNoFile_data();
    void cancelledExportLeavesNoFile();
    void cancelledPerfettoIsEmpty();
    void formats();
    void batchExportWithoutDisplay_data();
    void batchExportWithoutDisplay();
    void batchExportFromSession();
    void batchExportErrors_data();
    void batchExportErrors();

private:
    QTemporaryDir m_dir;
};

void TestExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestExport::png_data()
{
    QTest::addColumn<qreal>("scale");
    QTest::addColumn<QString>("theme");
    QTest::newRow("1x light") << qreal(1) << "light";
    QTest::newRow("2x light") << qreal(2) << "light";
    QTest::newRow("3x presenter") << qreal(3) << "presenter";
}

void TestExport::png()
{
    QFETCH(qreal, scale);
    QFETCH(QString, theme);
    const Fixture f = make(QStringLiteral("broken"), QStringLiteral("A B A B"));
    ExportSettings settings;
    settings.scale = scale;
    settings.theme = theme;
    const QString path = m_dir.filePath(
        QStringLiteral("timeline-%1.png").arg(QString::fromLatin1(QTest::currentDataTag())).replace(u' ', u'-'));
    QString error;
    QVERIFY2(Exporter::exportTimeline(f.layout, f.layout->extent(), f.caption, settings, path, &error),
             qPrintable(error));

    QImage image(path);
    QVERIFY(!image.isNull());
    const QSizeF logical = Exporter::timelineSize(*f.layout, f.layout->extent(), f.caption, settings);
    QCOMPARE(image.size(), QSize(qRound(logical.width() * scale), qRound(logical.height() * scale)));

    // Ink where the trace has marks, in the lane of the actor that made them; none in the
    // other lane at the same moment (the two deposits never act in the same step).
    const TimelineTheme t = TimelineTheme::byName(theme);
    const qreal top = Exporter::captionHeight(f.caption, t, logical.width());
    const QRectF plot(0, top, logical.width(), logical.height() - top);
    TimelineOptions options;
    const TimelineRenderer renderer(f.layout);
    const Trace &trace = f.stepper->trace();
    int checked = 0;
    for (size_t i = 0; i < trace.size(); ++i) {
        if (trace[i].kind != EventKind::Read && trace[i].kind != EventKind::Write)
            continue;
        const QPointF at = renderer.eventPosition(int(i), plot, f.layout->extent(), t, options);
        QVERIFY(!at.isNull());
        const int r = qRound(t.markSize * scale * 0.6);
        const QRect box(qRound(at.x() * scale) - r, qRound(at.y() * scale) - r, 2 * r, 2 * r);
        QVERIFY2(ink(image, box, t) > 0.08, qPrintable(QStringLiteral("no ink at event %1").arg(i)));
        // The same moment in the other actor's lane is empty.
        const int otherLane = f.layout->laneForActor(1 - trace[i].actor);
        const qreal laneOffset = f.layout->lanes().size() > 1
            ? renderer.geometry(plot, t, options).laneRects[size_t(otherLane)].center().y() -
                renderer.geometry(plot, t, options)
                    .laneRects[size_t(f.layout->laneForActor(trace[i].actor))]
                    .center()
                    .y()
            : 0;
        const QRect other = box.translated(0, qRound(laneOffset * scale));
        QVERIFY2(ink(image, other, t) < 0.02, qPrintable(QStringLiteral("ink in the other lane at event %1").arg(i)));
        ++checked;
    }
    QCOMPARE(checked, 4); // two reads and two writes
}

void TestExport::svg()
{
    const Fixture f = make(QStringLiteral("broken"), QStringLiteral("A B A B"));
    ExportSettings settings;
    settings.format = ExportFormat::Svg;
    const QString path = m_dir.filePath(QStringLiteral("timeline.svg"));
    QString error;
    QVERIFY2(Exporter::exportTimeline(f.layout, f.layout->extent(), f.caption, settings, path, &error),
             qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray svg = file.readAll();
    QString xmlError;
    const QStringList texts = svgTexts(svg, &xmlError);
    QVERIFY2(xmlError.isEmpty(), qPrintable(xmlError));
    QVERIFY(svg.contains("<svg"));
    const QString all = texts.join(u'\n');
    // Lane labels, caption and legend are text, not outlines.
    for (const TimelineLane &lane : f.layout->lanes())
        QVERIFY2(texts.contains(lane.title), qPrintable(lane.title));
    QVERIFY(all.contains(f.caption.title));
    QVERIFY(all.contains(QStringLiteral("A B A B")));
    QVERIFY2(all.contains(QLatin1String("Rule broken")), qPrintable(all));
    QVERIFY2(all.contains(QLatin1String("write")), qPrintable(all)); // legend: "W write"
    QVERIFY2(all.contains(QLatin1String("read")), qPrintable(all)); // legend: "R read: …"
    QVERIFY2(all.contains(QLatin1String("balance=1000")), qPrintable(all)); // a mark's label
}

void TestExport::pdf_data()
{
    QTest::addColumn<QString>("theme");
    QTest::addColumn<qreal>("width");
    QTest::newRow("fit, light") << "light" << qreal(0);
    QTest::newRow("1200 wide, presenter") << "presenter" << qreal(1200);
}

void TestExport::pdf()
{
    QFETCH(QString, theme);
    QFETCH(qreal, width);
    const Fixture f = make(QStringLiteral("broken"), QStringLiteral("A B A B"));
    ExportSettings settings;
    settings.format = ExportFormat::Pdf;
    settings.theme = theme;
    settings.width = width;
    const QString path = m_dir.filePath(QStringLiteral("timeline-%1.pdf").arg(theme));
    QString error;
    QVERIFY2(Exporter::exportTimeline(f.layout, f.layout->extent(), f.caption, settings, path, &error),
             qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pdf = file.readAll();
    QVERIFY(pdf.startsWith("%PDF-"));
    const QRegularExpression pageRe(QStringLiteral("/Type\\s*/Page\\b(?!s)"));
    QCOMPARE(QString::fromLatin1(pdf).count(pageRe), 1);
    const QSizeF expected = Exporter::timelineSize(*f.layout, f.layout->extent(), f.caption, settings);
    if (width > 0)
        QCOMPARE(expected.width(), width);
    const QRegularExpression box(QStringLiteral("/MediaBox\\s*\\[\\s*0\\s+0\\s+([\\d.]+)\\s+([\\d.]+)\\s*\\]"));
    const QRegularExpressionMatch m = box.match(QString::fromLatin1(pdf));
    QVERIFY(m.hasMatch());
    QCOMPARE(qRound(m.captured(1).toDouble()), qRound(expected.width()));
    QCOMPARE(qRound(m.captured(2).toDouble()), qRound(expected.height()));
}

void TestExport::visibleRange()
{
    // A range exports only that part: a narrower picture when the width fits the content.
    const Fixture f = make(QStringLiteral("broken"), QStringLiteral("A B A B"));
    ExportSettings settings;
    settings.scale = 1;
    const TimeRange part{1, 3};
    const QSizeF whole = Exporter::timelineSize(*f.layout, f.layout->extent(), f.caption, settings);
    const QSizeF some = Exporter::timelineSize(*f.layout, part, f.caption, settings);
    QVERIFY(some.width() <= whole.width());
    const QString path = m_dir.filePath(QStringLiteral("range.png"));
    QString error;
    QVERIFY2(Exporter::exportTimeline(f.layout, part, f.caption, settings, path, &error), qPrintable(error));
    QCOMPARE(QImage(path).size(), some.toSize());
}

void TestExport::badPathLeavesNoFile()
{
    const Fixture f = make(QStringLiteral("broken"), QStringLiteral("A B A B"));
    for (ExportFormat format : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf}) {
        ExportSettings settings;
        settings.format = format;
        const QString path = m_dir.filePath(QStringLiteral("no/such/folder/timeline.") + Exporter::suffix(format));
        QString error;
        QVERIFY(!Exporter::exportTimeline(f.layout, f.layout->extent(), f.caption, settings, path, &error));
        QVERIFY2(error.contains(QLatin1String("cannot write")), qPrintable(error));
        QVERIFY(!error.contains(u'\n'));
        QVERIFY(!QFile::exists(path));
    }
    QString error;
    QVERIFY(!Exporter::writeBytes("{}", m_dir.path(), &error)); // a folder
    QVERIFY(error.contains(QLatin1String("folder")));
    // Nothing half-written was left in the folder either.
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("*.tmp"), QStringLiteral("*~")}, QDir::Files).size(), 0);
}

void TestExport::cancelledExportLeavesNoFile_data()
{
    QTest::addColumn<ExportFormat>("format");
    QTest::addColumn<bool>("duringPainting");
    for (ExportFormat format : {ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf}) {
        const QByteArray name = Exporter::suffix(format).toLatin1();
        QTest::newRow(QByteArray(name + " before").constData()) << format << false;
        QTest::newRow(QByteArray(name + " while painting").constData()) << format << true;
    }
}

// A cancel before or during an export: false, one line that says so, and neither
// the file nor QSaveFile's temporary file left behind.
void TestExport::cancelledExportLeavesNoFile()
{
    QFETCH(ExportFormat, format);
    QFETCH(bool, duringPainting);
    const Fixture f = make(QStringLiteral("broken"), QStringLiteral("A B A B"));
    QTemporaryDir dir;
    std::atomic<bool> cancel{!duringPainting};
    ExportSettings settings;
    settings.format = format;
    settings.cancel = &cancel;
    const QString path = dir.filePath(QStringLiteral("timeline.") + Exporter::suffix(format));
    const Exporter::Painting timeline =
        Exporter::timelinePainting(f.layout, f.layout->extent(), f.caption, TimelineTheme::light());
    const Exporter::Painting cancelling = [&](QPainter &painter, const QRectF &rect) {
        timeline(painter, rect);
        cancel = true; // as if the user pressed Cancel while the picture was drawn
    };
    QString error;
    QVERIFY(!Exporter::writePicture(cancelling, QSizeF(800, 300), settings, path, QStringLiteral("t"), &error));
    QVERIFY2(error.contains(QLatin1String("cancelled")) && error.contains(path), qPrintable(error));
    QVERIFY(!error.contains(u'\n'));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);

    QVERIFY(!Exporter::writeBytes("{}", path, &error, &cancel));
    QVERIFY(error.contains(QLatin1String("cancelled")));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 0);
}

void TestExport::cancelledPerfettoIsEmpty()
{
    const Fixture f = make(QStringLiteral("broken"), QStringLiteral("A B A B"));
    const Machine &machine = f.stepper->machine();
    const TraceAnalysis analysis = analyze(machine, f.stepper->trace());
    std::atomic<bool> cancel{true};
    QVERIFY(TraceExport::perfettoJson(machine, f.stepper->trace(), analysis, QString(), &cancel).isEmpty());
    cancel = false;
    const QByteArray json = TraceExport::perfettoJson(machine, f.stepper->trace(), analysis, QString(), &cancel);
    QCOMPARE(json, TraceExport::perfettoJson(machine, f.stepper->trace(), analysis));
    QVERIFY(QJsonDocument::fromJson(json).object().value(QLatin1String("traceEvents")).toArray().size() > 4);
}

void TestExport::formats()
{
    QString error;
    QCOMPARE(Exporter::parseFormat(QStringLiteral("PNG"), &error), std::optional(ExportFormat::Png));
    QCOMPARE(Exporter::parseFormat(QStringLiteral("perfetto"), &error), std::optional(ExportFormat::Perfetto));
    QVERIFY(!Exporter::parseFormat(QStringLiteral("gif"), &error));
    QVERIFY(error.contains(QLatin1String("gif")));
    QCOMPARE(Exporter::formatForFile(QStringLiteral("a/b.SVG")), std::optional(ExportFormat::Svg));
    QCOMPARE(Exporter::formatForFile(QStringLiteral("trace.json")), std::optional(ExportFormat::Perfetto));
    QVERIFY(!Exporter::formatForFile(QStringLiteral("notes.txt")));
}

void TestExport::batchExportWithoutDisplay_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("magic");

    QTest::newRow("png 3x") << "a.png" << QStringList{QStringLiteral("--scale"), QStringLiteral("3")}
                            << QByteArray("\x89PNG");
    QTest::newRow("svg presenter") << "a.svg" << QStringList{QStringLiteral("--theme"), QStringLiteral("presenter")}
                                   << QByteArray("<?xml");
    QTest::newRow("pdf") << "a.pdf" << QStringList() << QByteArray("%PDF");
    QTest::newRow("perfetto") << "a.trace" << QStringList{QStringLiteral("--format"), QStringLiteral("perfetto")}
                              << QByteArray("{\"displayTimeUnit\"");
    QTest::newRow("dot") << "a.dot" << QStringList() << QByteArray("digraph");
    QTest::newRow("counterexample") << "c.png" << QStringList{QStringLiteral("--counterexample")}
                                    << QByteArray("\x89PNG");
}

void TestExport::batchExportWithoutDisplay()
{
    QFETCH(QString, file);
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, magic);
    // A server with no display: no platform chosen, no X or Wayland.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"})
        env.remove(QLatin1String(name));
    QProcess cli;
    cli.setProcessEnvironment(env);
    const QString path = m_dir.filePath(file);
    QStringList args{QStringLiteral("export"), QStringLiteral("--scenario"), QStringLiteral("lost-update"),
                     QStringLiteral("-o"), path};
    if (!arguments.contains(QLatin1String("--counterexample")))
        args << QStringLiteral("--schedule") << QStringLiteral("A B A B");
    cli.start(QStringLiteral(INTERLEAVE_CLI), args + arguments);
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QFile out(path);
    QVERIFY(out.open(QIODevice::ReadOnly));
    QVERIFY2(out.read(magic.size()) == magic, qPrintable(file));
}

void TestExport::batchExportFromSession()
{
    // A teacher's saved demo, exported for the slides: its own variant, moves and cursor.
    QString error;
    auto spec = ScenarioLoader::resolve(QStringLiteral("transfer-deadlock"), &error);
    auto machine = Machine::compile(*spec, QStringLiteral("request-order"), ExecutionModel{}, {}, &error);
    QVERIFY(machine);
    Stepper stepper(machine);
    QVERIFY(stepper.replay(*Schedule::parse(QStringLiteral("A A B B A"), *machine, nullptr), &error));
    stepper.undo();
    const QString sessionPath = m_dir.filePath(QStringLiteral("demo.interleave"));
    QVERIFY(Session::capture(stepper).save(sessionPath, &error));
    const QString dot = m_dir.filePath(QStringLiteral("demo.dot"));
    QProcess cli;
    cli.start(QStringLiteral(INTERLEAVE_CLI),
              {QStringLiteral("export"), QStringLiteral("--session-file"), sessionPath, QStringLiteral("-o"), dot});
    QVERIFY(cli.waitForFinished(60000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QVERIFY(QString::fromUtf8(cli.readAllStandardOutput()).contains(QLatin1String("A A B B A")));
    QFile file(dot);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString graph = QString::fromUtf8(file.readAll());
    QVERIFY2(graph.contains(QLatin1String("after step 4")), qPrintable(graph)); // the cursor, not the end
    QVERIFY(graph.contains(QLatin1String("Txn 1")));
}

void TestExport::batchExportErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("file"); // must not exist afterwards

    QTest::newRow("unknown format") << QStringList{QStringLiteral("--format"), QStringLiteral("gif"),
                                                   QStringLiteral("-o"), QStringLiteral("x.gif")}
                                    << "unknown format"
                                    << "x.gif";
    QTest::newRow("no format from suffix")
        << QStringList{QStringLiteral("-o"), QStringLiteral("x.txt")} << "cannot tell the format"
        << "x.txt";
    QTest::newRow("folder missing") << QStringList{QStringLiteral("-o"), QStringLiteral("missing/x.png")}
                                    << "cannot write"
                                    << "missing/x.png";
    QTest::newRow("bad schedule") << QStringList{QStringLiteral("--schedule"), QStringLiteral("A Z"),
                                                 QStringLiteral("-o"), QStringLiteral("y.png")}
                                  << "--schedule"
                                  << "y.png";
    QTest::newRow("bad scale") << QStringList{QStringLiteral("--scale"), QStringLiteral("9"), QStringLiteral("-o"),
                                              QStringLiteral("z.png")}
                               << "--scale"
                               << "z.png";
    QTest::newRow("no output") << QStringList() << "missing -o" << QString();
    QTest::newRow("bad session") << QStringList{QStringLiteral("--session-file"), QStringLiteral("nothing.interleave"),
                                                QStringLiteral("-o"), QStringLiteral("s.png")}
                                 << "no such session file"
                                 << "s.png";
}

void TestExport::batchExportErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    QFETCH(QString, file);
    QProcess cli;
    cli.setWorkingDirectory(m_dir.path());
    cli.start(QStringLiteral(INTERLEAVE_CLI), QStringList{QStringLiteral("export")} + arguments);
    QVERIFY(cli.waitForFinished(60000));
    QVERIFY(cli.exitCode() != 0);
    const QString err = QString::fromUtf8(cli.readAllStandardError()).trimmed();
    QVERIFY2(err.contains(expected), qPrintable(err));
    QCOMPARE(err.count(u'\n'), 0); // one line
    if (!file.isEmpty())
        QVERIFY(!QFile::exists(m_dir.filePath(file)));
}

QTEST_MAIN(TestExport)
#include "tst_export.moc"
