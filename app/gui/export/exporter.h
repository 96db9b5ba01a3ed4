#pragma once

// Slide-ready exports: the timeline (whole or a range) as PNG at 1×/2×/3×,
// SVG with text kept as text (QSvgGenerator) and vector PDF (QPdfWriter),
// each with a caption that makes it explain itself (scenario, fix, model,
// schedule, the rule that broke) and the renderer's legend; plus the
// Perfetto JSON and Graphviz DOT text exports. Files are written through
// QSaveFile: a failed export never leaves a partial file behind.
//
// Needs QtGui only (no widgets), so the CLI's batch export links it without
// a display; WidgetExporter adds widgets (dashboard, charts, wait-for graph).

#include "machine/machine.h"
#include "timeline/timelinerenderer.h"

#include <QCoreApplication>
#include <QImage>
#include <QSizeF>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QPainter;

enum class ExportFormat {
    Png,
    Svg,
    Pdf,
    Perfetto,
    Dot
};

// What an exported picture says about itself, above the picture.
struct ExportCaption
{
    Q_DECLARE_TR_FUNCTIONS(ExportCaption)
public:
    QString title; // the scenario
    QString variant; // "No fix (read, then write) · Threads · requests = 2"
    QString schedule; // "A B A B"
    QStringList brokenRules; // "balance = initial + every successful deposit: Money that … (broken at move 4: …)"
    QList<int> culprits; // per broken rule, the trace event that broke it (-1 unknown)
    QString outcome; // Machine::describeOutcome of the state shown, if known

    // Everything above for `machine`, with the rules broken in `state` (final rules only once
    // terminal) and, given the trace that led there, the event that broke each.
    static ExportCaption describe(const Interleave::Machine &machine, const Interleave::State *state,
                                  const QString &schedule, const Interleave::Trace *trace = nullptr);
};

struct ExportSettings
{
    ExportFormat format = ExportFormat::Png;
    qreal scale = 2; // PNG: device pixels per logical pixel (1, 2, 3 for slides)
    QString theme = QStringLiteral("light"); // or "presenter"
    qreal width = 0; // logical width; 0 fits the content
    // Set from any thread to stop the export: nothing is written and the error says "cancelled".
    const std::atomic<bool> *cancel = nullptr;
};

class Exporter
{
    Q_DECLARE_TR_FUNCTIONS(Exporter)
public:
    // "png", "svg", "pdf", "perfetto" (or "json"), "dot"; otherwise nullopt and a one-line error.
    static std::optional<ExportFormat> parseFormat(const QString &name, QString *error);
    // From a file name's suffix (".png", ".svg", ".pdf", ".json", ".dot"/".gv"), or nullopt.
    static std::optional<ExportFormat> formatForFile(const QString &path);
    static QString suffix(ExportFormat format);
    static bool isImage(ExportFormat format)
    {
        return format == ExportFormat::Png || format == ExportFormat::Svg || format == ExportFormat::Pdf;
    }
    // "PNG image (*.png)" … for file dialogs.
    static QString fileFilter(ExportFormat format);

    // A picture in logical pixels, drawn into any painter over `rect`.
    using Painting = std::function<void(QPainter &painter, const QRectF &rect)>;
    // Writes a picture of logical `size` as PNG (× settings.scale), SVG or PDF (page = size in points).
    static bool writePicture(const Painting &painting, const QSizeF &size, const ExportSettings &settings,
                             const QString &path, const QString &title, QString *error);
    // The PNG case, in memory.
    static QImage renderImage(const Painting &painting, const QSizeF &size, qreal scale, const QColor &background);
    // Writes text exports (JSON, DOT) atomically; nothing once `cancel` is set.
    static bool writeBytes(const QByteArray &bytes, const QString &path, QString *error,
                           const std::atomic<bool> *cancel = nullptr);

    // The caption block, word-wrapped to `width`.
    static qreal captionHeight(const ExportCaption &caption, const TimelineTheme &theme, qreal width);
    static void paintCaption(QPainter &painter, const QRectF &rect, const ExportCaption &caption,
                             const TimelineTheme &theme);

    // How an export (a picture, a handout page) asks the renderer to draw: axis and lane titles,
    // the legend unless told otherwise, the cursor after `cursorStep` moves (-1: none).
    static TimelineOptions timelineOptions(int cursorStep, const std::atomic<bool> *cancel = nullptr,
                                           bool legend = true);

    // The timeline below its caption, with the legend. `range` is the whole extent or the visible part.
    static QSizeF timelineSize(const TimelineLayout &layout, const TimeRange &range, const ExportCaption &caption,
                               const ExportSettings &settings);
    // `cancel` stops the painting between lanes and layers (the picture is then incomplete).
    static Painting timelinePainting(std::shared_ptr<const TimelineLayout> layout, const TimeRange &range,
                                     const ExportCaption &caption, const TimelineTheme &theme, int cursorStep = -1,
                                     const std::atomic<bool> *cancel = nullptr);
    static bool exportTimeline(std::shared_ptr<const TimelineLayout> layout, const TimeRange &range,
                               const ExportCaption &caption, const ExportSettings &settings, const QString &path,
                               QString *error, int cursorStep = -1);
};
