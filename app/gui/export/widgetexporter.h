#pragma once

#include "export/exporter.h"

class QWidget;

// Exports a widget (the dashboard with its charts, the wait-for graph) as it
// looks on screen, under the same caption as a timeline export. QWidget::render
// paints into the SVG and PDF generators, so charts stay vectors there.
class WidgetExporter
{
public:
    static QSizeF size(QWidget *widget, const Interleave::ExportCaption &caption,
                       const Interleave::ExportSettings &settings);
    static bool exportWidget(QWidget *widget, const Interleave::ExportCaption &caption,
                             const Interleave::ExportSettings &settings, const QString &path, QString *error);
};
