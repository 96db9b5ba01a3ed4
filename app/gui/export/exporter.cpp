#include "export/exporter.h"

#include "machine/ruleverdict.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QImageWriter>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

using namespace Interleave;

namespace {

bool openForWriting(QSaveFile &file, const QString &path, QString *error)
{
    if (path.isEmpty()) {
        if (error)
            *error = Exporter::tr("no output file given");
        return false;
    }
    if (QFileInfo(path).isDir()) {
        if (error)
            *error = Exporter::tr("%1: is a folder, not a file").arg(path);
        return false;
    }
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = Exporter::tr("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

// A QSaveFile whose writes fail once the export is cancelled: the PNG and PDF
// encoders stop at their next write instead of finishing a file nobody wants.
class CancellableSaveFile : public QSaveFile
{
public:
    CancellableSaveFile(const QString &path, const std::atomic<bool> *cancel)
        : QSaveFile(path)
        , m_cancel(cancel)
    { }
    bool isCancelled() const { return m_cancel && m_cancel->load(std::memory_order_relaxed); }

protected:
    qint64 writeData(const char *data, qint64 length) override
    {
        return isCancelled() ? -1 : QSaveFile::writeData(data, length);
    }

private:
    const std::atomic<bool> *m_cancel;
};

bool fail(QSaveFile &file, QString *error, const QString &message)
{
    file.cancelWriting();
    if (error)
        *error = message;
    return false;
}

// The three picture formats, into `file`; false if the painter or the PNG encoder failed.
bool writePng(CancellableSaveFile &file, const Exporter::Painting &painting, const QSizeF &size,
              const ExportSettings &settings, const QString &title, QString *pngError)
{
    QImage image =
        Exporter::renderImage(painting, size, settings.scale, TimelineTheme::byName(settings.theme).background);
    if (file.isCancelled())
        return false;
    image.setText(QStringLiteral("Title"), title);
    image.setText(QStringLiteral("Software"), QStringLiteral("Interleave"));
    QImageWriter writer(&file, "png");
    // Light zlib compression: a third faster to write than the default, files still small.
    writer.setQuality(80);
    if (writer.write(image))
        return true;
    *pngError = writer.errorString();
    return false;
}

bool writeSvg(QSaveFile &file, const Exporter::Painting &painting, const QSizeF &size, const QString &title,
              const QString &description)
{
    QSvgGenerator svg;
    svg.setOutputDevice(&file);
    svg.setSize(size.toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), size));
    // One user unit per logical pixel, so fonts keep their pixel size.
    svg.setResolution(96);
    svg.setTitle(title);
    svg.setDescription(description);
    QPainter painter;
    if (!painter.begin(&svg))
        return false;
    painting(painter, QRectF(QPointF(0, 0), size));
    painter.end();
    return true;
}

bool writePdf(QSaveFile &file, const Exporter::Painting &painting, const QSizeF &size, const QString &title)
{
    QPdfWriter pdf(&file);
    pdf.setCreator(QStringLiteral("Interleave"));
    pdf.setTitle(title);
    // One point per logical pixel: the page is exactly the picture, in vectors.
    pdf.setResolution(72);
    pdf.setPageSize(QPageSize(size, QPageSize::Point, QString(), QPageSize::ExactMatch));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    QPainter painter;
    if (!painter.begin(&pdf))
        return false;
    painter.setRenderHint(QPainter::Antialiasing);
    painting(painter, QRectF(QPointF(0, 0), size));
    painter.end();
    return true;
}

bool commit(QSaveFile &file, const QString &path, QString *error)
{
    if (file.commit())
        return true;
    if (error)
        *error = Exporter::tr("%1: cannot write: %2").arg(path, file.errorString());
    return false;
}

// Logical pixels per logical step when a whole timeline is exported: room for a labelled mark.
qreal pixelsPerStep(const TimelineTheme &theme)
{
    return theme.name == QLatin1String("presenter") ? 170 : 96;
}

QString captionText(const ExportCaption &caption)
{
    QStringList lines;
    if (!caption.variant.isEmpty())
        lines << caption.variant;
    if (!caption.schedule.isEmpty())
        lines << ExportCaption::tr("Schedule: %1").arg(caption.schedule);
    if (!caption.outcome.isEmpty())
        lines << ExportCaption::tr("Outcome: %1").arg(caption.outcome);
    return lines.join(u'\n');
}

QString rulesText(const ExportCaption &caption)
{
    QStringList lines;
    for (const QString &rule : caption.brokenRules)
        lines << ExportCaption::tr("✗ Rule broken: %1").arg(rule);
    return lines.join(u'\n');
}

} // namespace

ExportCaption ExportCaption::describe(const Machine &machine, const State *state, const QString &schedule,
                                      const Trace *trace)
{
    ExportCaption c;
    c.title = machine.scenario().title;
    QStringList parts{machine.strategy().label, machine.model().displayName(), machine.database().displayName()};
    QStringList params;
    for (const ParameterSpec &p : machine.scenario().params)
        params << QStringLiteral("%1 = %2").arg(p.label).arg(machine.params().value(p.name, p.defaultValue));
    if (!params.isEmpty())
        parts << params.join(QLatin1String(", "));
    c.variant = parts.join(QStringLiteral(" · "));
    c.schedule = schedule.isEmpty() ? tr("(no moves yet)") : schedule;
    if (!state)
        return c;
    // The same verdicts and culprits as the dashboard and the command line.
    const Trace none;
    const Trace &events = trace ? *trace : none;
    const std::vector<RuleVerdict> verdicts = judgeRules(machine, *state, events, analyze(machine, events));
    for (size_t i = 0; i < verdicts.size(); ++i) {
        if (verdicts[i].status != RuleVerdict::Broken)
            continue;
        const Invariant &inv = machine.invariants()[i];
        QString text = inv.explanation.isEmpty() ? inv.label : tr("%1. %2").arg(inv.label, inv.explanation);
        const int culprit = verdicts[i].culprit;
        if (culprit >= 0)
            text += u' ' +
                tr("(broken at move %1: %2)")
                    .arg(events[size_t(culprit)].step + 1)
                    .arg(machine.narrate(events[size_t(culprit)]));
        c.brokenRules << text;
        c.culprits << culprit;
    }
    if (machine.isTerminal(*state))
        c.outcome = machine.describeOutcome(*state);
    return c;
}

TimelineOptions Exporter::timelineOptions(int cursorStep, const std::atomic<bool> *cancel, bool legend)
{
    TimelineOptions options;
    options.cancel = cancel;
    options.legend = legend;
    options.axis = true;
    options.laneHeaders = true;
    options.cursorStep = cursorStep;
    return options; // the caption, not the renderer, carries the title
}

std::optional<ExportFormat> Exporter::parseFormat(const QString &name, QString *error)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("png"))
        return ExportFormat::Png;
    if (n == QLatin1String("svg"))
        return ExportFormat::Svg;
    if (n == QLatin1String("pdf"))
        return ExportFormat::Pdf;
    if (n == QLatin1String("perfetto") || n == QLatin1String("json") || n == QLatin1String("chrome"))
        return ExportFormat::Perfetto;
    if (n == QLatin1String("dot") || n == QLatin1String("graphviz"))
        return ExportFormat::Dot;
    if (error)
        *error = tr("unknown format \"%1\" (expected png, svg, pdf, perfetto or dot)").arg(name);
    return std::nullopt;
}

std::optional<ExportFormat> Exporter::formatForFile(const QString &path)
{
    const QString s = QFileInfo(path).suffix().toLower();
    if (s == QLatin1String("png"))
        return ExportFormat::Png;
    if (s == QLatin1String("svg"))
        return ExportFormat::Svg;
    if (s == QLatin1String("pdf"))
        return ExportFormat::Pdf;
    if (s == QLatin1String("json"))
        return ExportFormat::Perfetto;
    if (s == QLatin1String("dot") || s == QLatin1String("gv"))
        return ExportFormat::Dot;
    return std::nullopt;
}

QString Exporter::suffix(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Png:
        return QStringLiteral("png");
    case ExportFormat::Svg:
        return QStringLiteral("svg");
    case ExportFormat::Pdf:
        return QStringLiteral("pdf");
    case ExportFormat::Perfetto:
        return QStringLiteral("json");
    case ExportFormat::Dot:
        return QStringLiteral("dot");
    }
    return {};
}

QString Exporter::fileFilter(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Png:
        return tr("PNG image (*.png)");
    case ExportFormat::Svg:
        return tr("SVG vector image (*.svg)");
    case ExportFormat::Pdf:
        return tr("PDF document (*.pdf)");
    case ExportFormat::Perfetto:
        return tr("Perfetto / Chrome trace (*.json)");
    case ExportFormat::Dot:
        return tr("Graphviz graph (*.dot *.gv)");
    }
    return {};
}

QImage Exporter::renderImage(const Painting &painting, const QSizeF &size, qreal scale, const QColor &background)
{
    scale = std::clamp<qreal>(scale, 0.25, 8);
    const QSize pixels(int(std::ceil(size.width() * scale)), int(std::ceil(size.height() * scale)));
    // Opaque: no alpha channel to compose or compress.
    QImage image(pixels, QImage::Format_RGB32);
    image.setDevicePixelRatio(scale);
    image.fill(background);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painting(painter, QRectF(QPointF(0, 0), size));
    return image;
}

bool Exporter::writePicture(const Painting &painting, const QSizeF &requested, const ExportSettings &settings,
                            const QString &path, const QString &title, QString *error)
{
    if (!isImage(settings.format)) {
        if (error)
            *error = tr("%1 is not an image format").arg(suffix(settings.format));
        return false;
    }
    // Whole logical pixels: PDF page sizes are whole points.
    const QSizeF size(std::max(1.0, std::round(requested.width())), std::max(1.0, std::round(requested.height())));
    CancellableSaveFile file(path, settings.cancel);
    if (!openForWriting(file, path, error))
        return false;
    QString pngError;
    bool written = false;
    if (!file.isCancelled()) {
        if (settings.format == ExportFormat::Png)
            written = writePng(file, painting, size, settings, title, &pngError);
        else if (settings.format == ExportFormat::Svg)
            written = writeSvg(file, painting, size, title, tr("Exported from Interleave"));
        else
            written = writePdf(file, painting, size, title);
    }
    if (file.isCancelled())
        return fail(file, error, tr("%1: export cancelled; nothing written").arg(path));
    if (!written) {
        const QString why = settings.format == ExportFormat::Png ? tr("%1: cannot write PNG: %2").arg(path, pngError)
            : settings.format == ExportFormat::Svg               ? tr("%1: cannot write SVG").arg(path)
                                                                 : tr("%1: cannot write PDF").arg(path);
        return fail(file, error, why);
    }
    return commit(file, path, error);
}

bool Exporter::writeBytes(const QByteArray &bytes, const QString &path, QString *error, const std::atomic<bool> *cancel)
{
    if (cancel && cancel->load()) {
        if (error)
            *error = tr("%1: export cancelled; nothing written").arg(path);
        return false;
    }
    QSaveFile file(path);
    if (!openForWriting(file, path, error))
        return false;
    if (file.write(bytes) != bytes.size()) {
        file.cancelWriting();
        if (error)
            *error = tr("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    return commit(file, path, error);
}

qreal Exporter::captionHeight(const ExportCaption &caption, const TimelineTheme &theme, qreal width)
{
    const QFontMetricsF fmTitle(theme.titleFont), fm(theme.laneFont);
    const qreal pad = std::round(QFontMetricsF(theme.font).height() * 0.5);
    const QRectF box(0, 0, std::max<qreal>(10, width - 2 * pad), 1e6);
    qreal h = pad;
    if (!caption.title.isEmpty())
        h += fmTitle.boundingRect(box, Qt::TextWordWrap, caption.title).height();
    const QString text = captionText(caption);
    if (!text.isEmpty())
        h += QFontMetricsF(theme.font).boundingRect(box, Qt::TextWordWrap, text).height() + pad * 0.5;
    const QString rules = rulesText(caption);
    if (!rules.isEmpty())
        h += fm.boundingRect(box, Qt::TextWordWrap, rules).height() + pad * 0.5;
    return h;
}

void Exporter::paintCaption(QPainter &painter, const QRectF &rect, const ExportCaption &caption,
                            const TimelineTheme &theme)
{
    const qreal pad = std::round(QFontMetricsF(theme.font).height() * 0.5);
    QRectF box(rect.left() + pad, rect.top() + pad, rect.width() - 2 * pad, rect.height());
    painter.save();
    auto block = [&](const QFont &font, const QColor &colour, const QString &text, qreal after) {
        if (text.isEmpty())
            return;
        painter.setFont(font);
        painter.setPen(colour);
        QRectF used;
        painter.drawText(box, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignTop, text, &used);
        box.setTop(used.bottom() + after);
    };
    block(theme.titleFont, theme.text, caption.title, 0);
    block(theme.font, theme.mutedText, captionText(caption), pad * 0.5);
    block(theme.laneFont, theme.violation, rulesText(caption), pad * 0.5);
    painter.restore();
}

QSizeF Exporter::timelineSize(const TimelineLayout &layout, const TimeRange &range, const ExportCaption &caption,
                              const ExportSettings &settings)
{
    const TimelineTheme theme = TimelineTheme::byName(settings.theme);
    qreal width = settings.width;
    if (width <= 0) {
        const qreal header = theme.name == QLatin1String("presenter") ? 260 : 150;
        width = layout.axis() == AxisMode::Steps ? header + range.length() * pixelsPerStep(theme)
                                                 : (theme.name == QLatin1String("presenter") ? 1920 : 1600);
        // Wide enough for the caption and legend, narrow enough for a slide or a page
        // (and for a 3x PNG of a long run to stay a few megapixels: past that the
        // renderer aggregates anyway).
        width = std::clamp<qreal>(width, theme.name == QLatin1String("presenter") ? 1280 : 960, 2560);
    }
    TimelineRenderer renderer(std::shared_ptr<const TimelineLayout>(&layout, [](const TimelineLayout *) {}));
    const qreal height =
        captionHeight(caption, theme, width) + renderer.preferredHeight(width, theme, timelineOptions(-1));
    return {std::round(width), std::round(height)};
}

Exporter::Painting Exporter::timelinePainting(std::shared_ptr<const TimelineLayout> layout, const TimeRange &range,
                                              const ExportCaption &caption, const TimelineTheme &theme, int cursorStep,
                                              const std::atomic<bool> *cancel)
{
    return
        [layout = std::move(layout), range, caption, theme, cursorStep, cancel](QPainter &painter, const QRectF &rect) {
            painter.fillRect(rect, theme.background);
            const qreal top = captionHeight(caption, theme, rect.width());
            paintCaption(painter, QRectF(rect.left(), rect.top(), rect.width(), top), caption, theme);
            const TimelineRenderer renderer(layout);
            renderer.paint(painter, QRectF(rect.left(), rect.top() + top, rect.width(), rect.height() - top), range,
                           theme, timelineOptions(cursorStep, cancel));
        };
}

bool Exporter::exportTimeline(std::shared_ptr<const TimelineLayout> layout, const TimeRange &range,
                              const ExportCaption &caption, const ExportSettings &settings, const QString &path,
                              QString *error, int cursorStep)
{
    if (!layout) {
        if (error)
            *error = tr("nothing to export: no timeline");
        return false;
    }
    const QSizeF size = timelineSize(*layout, range, caption, settings);
    const TimelineTheme theme = TimelineTheme::byName(settings.theme);
    const QString title = caption.title + QStringLiteral(" — ") + caption.variant;
    return writePicture(timelinePainting(layout, range, caption, theme, cursorStep, settings.cancel), size, settings,
                        path, title, error);
}
