// Handout: paper sizes, the explorer run behind the answer sheet, and the PDF
// and PNG-series writers. The pages themselves: handoutpages.cpp, handoutsheets.cpp.

#include "export/handout.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>

#include <chrono>
#include <thread>

using namespace Interleave;

namespace {

QString cancelledMessage(const QString &path)
{
    return Handout::tr("%1: export cancelled; nothing written").arg(path);
}

bool failWith(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QPageSize::PageSizeId pageSizeId(PaperSize paper)
{
    return paper == PaperSize::Letter ? QPageSize::Letter : QPageSize::A4;
}

// Paints page `index` of `document` over the whole of `device`, on white.
void paintPage(QPainter &painter, const HandoutDocument &document, size_t index, qreal deviceWidth)
{
    painter.save();
    const qreal scale = deviceWidth / document.pageSize.width();
    painter.scale(scale, scale);
    const QRectF page(QPointF(0, 0), document.pageSize);
    painter.fillRect(page, Qt::white);
    document.pages[index](painter, page);
    painter.restore();
}

void report(const HandoutOptions &options, const QString &what, qint64 done, qint64 total)
{
    if (options.progress)
        options.progress(what, done, total);
}

} // namespace

std::optional<PaperSize> Handout::parsePaper(const QString &name, QString *error)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("a4"))
        return PaperSize::A4;
    if (n == QLatin1String("letter"))
        return PaperSize::Letter;
    if (error)
        *error = tr("unknown paper size \"%1\" (expected a4 or letter)").arg(name);
    return std::nullopt;
}

PaperSize Handout::defaultPaper()
{
    return QLocale().measurementSystem() == QLocale::ImperialUSSystem ? PaperSize::Letter : PaperSize::A4;
}

QSizeF Handout::pageSize(PaperSize paper)
{
    // Millimetres are exact for both sizes (Qt rounds inches to two decimals).
    const QSizeF mm = QPageSize(pageSizeId(paper)).size(QPageSize::Millimeter);
    return QSizeF(mm.height() / 25.4 * 96, mm.width() / 25.4 * 96); // landscape
}

Schedule Handout::roundRobin(const Machine &machine)
{
    Stepper stepper(std::shared_ptr<const Machine>(&machine, [](const Machine *) {}));
    int next = 0;
    for (int guard = 0; guard < Stepper::MaxMoves && !machine.isTerminal(stepper.state()); ++guard) {
        bool moved = false;
        for (int k = 0; k < machine.actorCount() && !moved; ++k) {
            const int a = (next + k) % machine.actorCount();
            if (stepper.move(a)) {
                next = a + 1;
                moved = true;
            }
        }
        if (!moved && !stepper.move(Schedule::Tick))
            break;
    }
    return stepper.schedule();
}

std::optional<ExplorerResult> Handout::explore(const Machine &machine, const HandoutOptions &options, QString *error)
{
    ExplorerControl control;
    std::atomic<bool> done{false};
    ExplorerResult result;
    // A thread of its own, not the pool's: the caller may itself be a pool thread.
    std::thread worker([&] {
        result = Explorer::explore(machine, ExplorerOptions{}, &control);
        done = true;
    });
    while (!done.load()) {
        if (options.isCancelled())
            control.cancel = true;
        report(options, tr("Exploring every interleaving: %1 states").arg(control.states.load()), control.states, 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(40));
    }
    worker.join();
    if (options.isCancelled() || result.cancelled) {
        failWith(error, tr("exploration cancelled"));
        return std::nullopt;
    }
    if (!result.error.isEmpty()) {
        failWith(error, result.error);
        return std::nullopt;
    }
    return result;
}

bool Handout::write(HandoutKind kind, std::shared_ptr<const Machine> machine, const Schedule &schedule,
                    const HandoutOptions &options, const QString &target, QStringList *written, int *pageCount,
                    QString *error)
{
    std::optional<HandoutDocument> document;
    if (kind == HandoutKind::Pages) {
        QString why;
        document = pages(machine, schedule, options, &why);
        if (!document)
            return failWith(error, QStringLiteral("%1: %2").arg(target, why));
    } else if (kind == HandoutKind::Worksheet) {
        document = worksheet(machine, options);
    } else {
        QString why;
        const std::optional<ExplorerResult> result = explore(*machine, options, &why);
        if (!result)
            return failWith(
                error, options.isCancelled() ? cancelledMessage(target) : QStringLiteral("%1: %2").arg(target, why));
        document = answers(machine, *result, options);
    }
    if (pageCount)
        *pageCount = int(document->pages.size());
    return writeDocument(*document, options, target, written, error);
}

bool Handout::writeDocument(const HandoutDocument &document, const HandoutOptions &options, const QString &target,
                            QStringList *written, QString *error)
{
    if (target.isEmpty())
        return failWith(error, tr("no output file given"));
    if (QFileInfo(target).suffix().compare(QLatin1String("pdf"), Qt::CaseInsensitive) == 0) {
        if (!writePdf(document, options, target, error))
            return false;
        if (written)
            *written = QStringList{target};
        return true;
    }
    return writePngSeries(document, options, target, written, error);
}

bool Handout::writePdf(const HandoutDocument &document, const HandoutOptions &options, const QString &path,
                       QString *error)
{
    if (QFileInfo(path).isDir())
        return failWith(error, tr("%1: is a folder, not a file").arg(path));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failWith(error, tr("%1: cannot write: %2").arg(path, file.errorString()));
    bool painted = true;
    {
        QPdfWriter pdf(&file);
        pdf.setCreator(QStringLiteral("Interleave"));
        pdf.setTitle(document.title);
        pdf.setResolution(72); // one unit per point
        pdf.setPageLayout(
            QPageLayout(QPageSize(pageSizeId(options.paper)), QPageLayout::Landscape, QMarginsF(0, 0, 0, 0)));
        QPainter painter;
        if (!painter.begin(&pdf))
            return failWith(error, tr("%1: cannot write PDF").arg(path));
        painter.setRenderHint(QPainter::Antialiasing);
        const size_t count = document.pages.size();
        for (size_t i = 0; i < count && painted; ++i) {
            report(options, tr("Page %1 of %2").arg(i + 1).arg(count), qint64(i), qint64(count));
            if (options.isCancelled() || (i > 0 && !pdf.newPage()))
                painted = false;
            else
                paintPage(painter, document, i, pdf.width());
        }
        painter.end();
    }
    if (!painted || options.isCancelled()) {
        file.cancelWriting();
        return failWith(error, options.isCancelled() ? cancelledMessage(path) : tr("%1: cannot write PDF").arg(path));
    }
    if (!file.commit())
        return failWith(error, tr("%1: cannot write: %2").arg(path, file.errorString()));
    report(options, tr("Written"), qint64(document.pages.size()), qint64(document.pages.size()));
    return true;
}

QString Handout::pngPageName(const QString &target, const QString &baseName, int page, QString *error)
{
    static const QRegularExpression pattern(QStringLiteral("^([^%]*)%(0?)(\\d?)d([^%]*)$"));
    if (target.contains(u'%')) {
        const QRegularExpressionMatch m = pattern.match(target);
        if (!m.hasMatch() || !m.captured(4).endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
            failWith(error, tr("%1: expected one page number such as %03d in a .png name").arg(target));
            return {};
        }
        const int width = m.captured(3).isEmpty() ? 0 : m.captured(3).toInt();
        const QChar fill = m.captured(2).isEmpty() ? u' ' : u'0';
        return m.captured(1) + QStringLiteral("%1").arg(page, width, 10, fill) + m.captured(4);
    }
    if (target.endsWith(u'/') || QFileInfo(target).isDir())
        return QDir(target).filePath(QStringLiteral("%1-%2.png").arg(baseName).arg(page, 3, 10, QChar(u'0')));
    if (target.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
        return target.left(target.size() - 4) + QStringLiteral("-%1.png").arg(page, 3, 10, QChar(u'0'));
    failWith(error,
             tr("cannot tell the format from \"%1\": give a .pdf file, a folder, or a .png name (with %03d for the "
                "page number)")
                 .arg(target));
    return {};
}

bool Handout::writePngSeries(const HandoutDocument &document, const HandoutOptions &options, const QString &target,
                             QStringList *written, QString *error)
{
    // A single page to a plain .png name is that file; otherwise a numbered series.
    const bool single = document.pages.size() == 1 && !target.contains(u'%') &&
        target.endsWith(QLatin1String(".png"), Qt::CaseInsensitive) && !QFileInfo(target).isDir();
    if (!single && pngPageName(target, document.baseName, 0, error).isEmpty())
        return false;
    if (target.endsWith(u'/') && !QDir().mkpath(target))
        return failWith(error, tr("%1: cannot create the folder").arg(target));
    const qreal inchWidth = document.pageSize.width() / 96;
    const QSize pixels(qRound(inchWidth * options.pngDpi), qRound(document.pageSize.height() / 96 * options.pngDpi));
    QStringList files;
    auto undo = [&files](QString *why, const QString &message) {
        for (const QString &f : files)
            QFile::remove(f);
        return failWith(why, message);
    };
    const size_t count = document.pages.size();
    for (size_t i = 0; i < count; ++i) {
        report(options, tr("Page %1 of %2").arg(i + 1).arg(count), qint64(i), qint64(count));
        const QString path = single ? target : pngPageName(target, document.baseName, int(i));
        if (options.isCancelled())
            return undo(error, cancelledMessage(path));
        QImage image(pixels, QImage::Format_RGB32);
        image.setDotsPerMeterX(qRound(options.pngDpi / 0.0254));
        image.setDotsPerMeterY(qRound(options.pngDpi / 0.0254));
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::TextAntialiasing);
            paintPage(painter, document, i, pixels.width());
        }
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return undo(error, tr("%1: cannot write: %2").arg(path, file.errorString()));
        QImageWriter writer(&file, "png");
        writer.setQuality(80); // lighter zlib, as the timeline export: a third faster, files still small
        if (!writer.write(image) || !file.commit())
            return undo(error, tr("%1: cannot write PNG: %2").arg(path, writer.errorString()));
        files << path;
    }
    if (written)
        *written = files;
    return true;
}
