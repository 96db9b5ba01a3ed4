#include "export/widgetexporter.h"

#include <QCoreApplication>
#include <QPainter>
#include <QPointer>
#include <QWidget>

#include <cmath>

using namespace Interleave;

QSizeF WidgetExporter::size(QWidget *widget, const ExportCaption &caption, const ExportSettings &settings)
{
    const TimelineTheme theme = TimelineTheme::byName(settings.theme);
    const QSize w = widget->size();
    return {qreal(w.width()), std::round(Exporter::captionHeight(caption, theme, w.width()) + w.height())};
}

bool WidgetExporter::exportWidget(QWidget *widget, const ExportCaption &caption, const ExportSettings &settings,
                                  const QString &path, QString *error)
{
    if (!widget || widget->size().isEmpty()) {
        if (error)
            *error = QCoreApplication::translate("WidgetExporter", "nothing to export: the view is not shown");
        return false;
    }
    const TimelineTheme theme = TimelineTheme::byName(settings.theme);
    const QPointer<QWidget> target(widget);
    auto painting = [target, caption, theme](QPainter &painter, const QRectF &rect) {
        painter.fillRect(rect, theme.background);
        const qreal top = Exporter::captionHeight(caption, theme, rect.width());
        Exporter::paintCaption(painter, QRectF(rect.left(), rect.top(), rect.width(), top), caption, theme);
        if (target)
            target->render(&painter, QPoint(int(rect.left()), int(rect.top() + top)), QRegion(),
                           QWidget::DrawChildren | QWidget::DrawWindowBackground);
    };
    return Exporter::writePicture(painting, size(widget, caption, settings), settings, path,
                                  caption.title + QStringLiteral(" — ") + caption.variant, error);
}
