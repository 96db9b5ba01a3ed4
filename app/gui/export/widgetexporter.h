#pragma once

#include "export/exporter.h"

class QWidget;

// Exports a widget (the dashboard with its charts, the wait-for graph) as it
// looks on screen, under the same caption as a timeline export. QWidget::render
// paints into the SVG and PDF generators, so charts stay vectors there.
class WidgetExporter
{
public:
    // False, with a one-line error, if there is no widget or it is not shown.
    static bool canExport(QWidget *widget, QString *error);
    static QSizeF size(QWidget *widget, const ExportCaption &caption,
                       const ExportSettings &settings);
    // The widget under its caption as a painting that any thread may play: the widget is
    // recorded now (QPicture, vectors kept), on the GUI thread, and only played back later.
    static Exporter::Painting painting(QWidget *widget, const ExportCaption &caption,
                                                   const ExportSettings &settings);
    static bool exportWidget(QWidget *widget, const ExportCaption &caption,
                             const ExportSettings &settings, const QString &path, QString *error);
};
