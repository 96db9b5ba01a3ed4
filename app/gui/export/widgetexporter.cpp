#include "export/widgetexporter.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPalette>
#include <QPicture>
#include <QWidget>

#include <cmath>

using namespace Interleave;

namespace {

// A widget on a dark desktop is drawn in the export theme's light colours for the picture, then
// given back its own: a slide looks the same whoever made it.
void renderInTheme(QWidget *widget, QPainter &painter, const QPoint &at, const TimelineTheme &theme)
{
    const bool darkWindow = TimelineTheme::forPalette(widget->palette()).name == QLatin1String("dark");
    const bool ownPalette = widget->testAttribute(Qt::WA_SetPalette);
    const QPalette own = widget->palette();
    if (darkWindow && theme.background.lightnessF() > 0.5) {
        QPalette light(QColor(0xef, 0xef, 0xef), theme.background);
        light.setColor(QPalette::Base, theme.background);
        light.setColor(QPalette::WindowText, theme.text);
        light.setColor(QPalette::Text, theme.text);
        light.setColor(QPalette::ButtonText, theme.text);
        widget->setPalette(light);
    }
    widget->render(&painter, at, QRegion(), QWidget::DrawChildren | QWidget::DrawWindowBackground);
    if (darkWindow)
        widget->setPalette(ownPalette ? own : QPalette());
}

} // namespace

bool WidgetExporter::canExport(QWidget *widget, QString *error)
{
    if (widget && !widget->size().isEmpty())
        return true;
    if (error)
        *error = QCoreApplication::translate("WidgetExporter", "nothing to export: the view is not shown");
    return false;
}

QSizeF WidgetExporter::size(QWidget *widget, const ExportCaption &caption, const ExportSettings &settings)
{
    const TimelineTheme theme = TimelineTheme::byName(settings.theme);
    const QSize w = widget->size();
    return {qreal(w.width()), std::round(Exporter::captionHeight(caption, theme, w.width()) + w.height())};
}

Exporter::Painting WidgetExporter::painting(QWidget *widget, const ExportCaption &caption,
                                            const ExportSettings &settings)
{
    const TimelineTheme theme = TimelineTheme::byName(settings.theme);
    QPicture picture;
    QPainter recorder(&picture);
    renderInTheme(widget, recorder, QPoint(), theme);
    recorder.end();
    return [picture, caption, theme](QPainter &painter, const QRectF &rect) {
        painter.fillRect(rect, theme.background);
        const qreal top = Exporter::captionHeight(caption, theme, rect.width());
        Exporter::paintCaption(painter, QRectF(rect.left(), rect.top(), rect.width(), top), caption, theme);
        painter.drawPicture(QPoint(int(rect.left()), int(rect.top() + top)), picture);
    };
}

bool WidgetExporter::exportWidget(QWidget *widget, const ExportCaption &caption, const ExportSettings &settings,
                                  const QString &path, QString *error)
{
    if (!canExport(widget, error))
        return false;
    return Exporter::writePicture(painting(widget, caption, settings), size(widget, caption, settings), settings, path,
                                  caption.title + QStringLiteral(" — ") + caption.variant, error);
}
