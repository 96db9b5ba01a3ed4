#include "exporter.h"

#include "ruleverdict.h"

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

namespace Interleave {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Exporter", text);
}

bool openForWriting(QSaveFile &file, const QString &path, QString *error)
{
    if (path.isEmpty()) {
        if (error)
            *error = tr("no output file given");
        return false;
    }
    if (QFileInfo(path).isDir()) {
        if (error)
            *error = tr("%1: is a folder, not a file").arg(path);
        return false;
    }
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool commit(QSaveFile &file, const QString &path, QString *error)
{
    if (file.commit())
        return true;
    if (error)
        *error = tr("%1: cannot write: %2").arg(path, file.errorString());
    return false;
}

// Logical pixels per logical step when a whole timeline is exported: room for a labelled mark.
qreal pixelsPerStep(const TimelineTheme &theme)
{
    return theme.name == QLatin1String("presenter") ? 170 : 96;
}

TimelineOptions exportOptions(int cursorStep)
{
    TimelineOptions options;
    options.legend = true;
    options.axis = true;
    options.laneHeaders = true;
    options.cursorStep = cursorStep;
    return options;   // the caption, not the renderer, carries the title
}

QString captionText(const ExportCaption &caption)
{
    QStringList lines;
    if (!caption.variant.isEmpty())
        lines << caption.variant;
    if (!caption.schedule.isEmpty())
        lines << tr("Schedule: %1").arg(caption.schedule);
    if (!caption.outcome.isEmpty())
        lines << tr("Outcome: %1").arg(caption.outcome);
    return lines.join(u'\n');
}

QString rulesText(const ExportCaption &caption)
{
    QStringList lines;
    for (const QString &rule : caption.brokenRules)
        lines << tr("✗ Rule broken: %1").arg(rule);
    return lines.join(u'\n');
}

} // namespace

ExportCaption ExportCaption::describe(const Machine &machine, const State *state, const QString &schedule,
                                      const Trace *trace)
{
    ExportCaption c;
    c.title = machine.scenario().title;
    QStringList parts{machine.strategy().label, machine.model().displayName()};
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
            text += u' ' + tr("(broken at move %1: %2)").arg(events[size_t(culprit)].step + 1).arg(machine.narrate(events[size_t(culprit)]));
        c.brokenRules << text;
        c.culprits << culprit;
    }
    if (machine.isTerminal(*state))
        c.outcome = machine.describeOutcome(*state);
    return c;
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
    case ExportFormat::Png: return QStringLiteral("png");
    case ExportFormat::Svg: return QStringLiteral("svg");
    case ExportFormat::Pdf: return QStringLiteral("pdf");
    case ExportFormat::Perfetto: return QStringLiteral("json");
    case ExportFormat::Dot: return QStringLiteral("dot");
    }
    return {};
}

QString Exporter::fileFilter(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Png: return tr("PNG image (*.png)");
    case ExportFormat::Svg: return tr("SVG vector image (*.svg)");
    case ExportFormat::Pdf: return tr("PDF document (*.pdf)");
    case ExportFormat::Perfetto: return tr("Perfetto / Chrome trace (*.json)");
    case ExportFormat::Dot: return tr("Graphviz graph (*.dot *.gv)");
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
    const QRectF rect(QPointF(0, 0), size);
    QSaveFile file(path);
    if (!openForWriting(file, path, error))
        return false;
    switch (settings.format) {
    case ExportFormat::Png: {
        QImage image = renderImage(painting, size, settings.scale, TimelineTheme::byName(settings.theme).background);
        image.setText(QStringLiteral("Title"), title);
        image.setText(QStringLiteral("Software"), QStringLiteral("Interleave"));
        QImageWriter writer(&file, "png");
        // Light zlib compression: a third faster to write than the default, files still small.
        writer.setQuality(80);
        if (!writer.write(image)) {
            file.cancelWriting();
            if (error)
                *error = tr("%1: cannot write PNG: %2").arg(path, writer.errorString());
            return false;
        }
        break;
    }
    case ExportFormat::Svg: {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size.toSize());
        svg.setViewBox(rect);
        // One user unit per logical pixel, so fonts keep their pixel size.
        svg.setResolution(96);
        svg.setTitle(title);
        svg.setDescription(tr("Exported from Interleave"));
        QPainter painter;
        if (!painter.begin(&svg)) {
            file.cancelWriting();
            if (error)
                *error = tr("%1: cannot write SVG").arg(path);
            return false;
        }
        painting(painter, rect);
        painter.end();
        break;
    }
    case ExportFormat::Pdf: {
        QPdfWriter pdf(&file);
        pdf.setCreator(QStringLiteral("Interleave"));
        pdf.setTitle(title);
        // One point per logical pixel: the page is exactly the picture, in vectors.
        pdf.setResolution(72);
        pdf.setPageSize(QPageSize(size, QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&pdf)) {
            file.cancelWriting();
            if (error)
                *error = tr("%1: cannot write PDF").arg(path);
            return false;
        }
        painter.setRenderHint(QPainter::Antialiasing);
        painting(painter, rect);
        painter.end();
        break;
    }
    case ExportFormat::Perfetto:
    case ExportFormat::Dot:
        break;
    }
    return commit(file, path, error);
}

bool Exporter::writeBytes(const QByteArray &bytes, const QString &path, QString *error)
{
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

void Exporter::paintCaption(QPainter &painter, const QRectF &rect, const ExportCaption &caption, const TimelineTheme &theme)
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
    TimelineRenderer renderer(std::shared_ptr<const TimelineLayout>(&layout, [](const TimelineLayout *) { }));
    const qreal height = captionHeight(caption, theme, width) + renderer.preferredHeight(width, theme, exportOptions(-1));
    return {std::round(width), std::round(height)};
}

Exporter::Painting Exporter::timelinePainting(std::shared_ptr<const TimelineLayout> layout, const TimeRange &range,
                                              const ExportCaption &caption, const TimelineTheme &theme, int cursorStep)
{
    return [layout = std::move(layout), range, caption, theme, cursorStep](QPainter &painter, const QRectF &rect) {
        painter.fillRect(rect, theme.background);
        const qreal top = captionHeight(caption, theme, rect.width());
        paintCaption(painter, QRectF(rect.left(), rect.top(), rect.width(), top), caption, theme);
        const TimelineRenderer renderer(layout);
        renderer.paint(painter, QRectF(rect.left(), rect.top() + top, rect.width(), rect.height() - top), range, theme,
                       exportOptions(cursorStep));
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
    return writePicture(timelinePainting(layout, range, caption, theme, cursorStep), size, settings, path, title, error);
}

} // namespace Interleave
