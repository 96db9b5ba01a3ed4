#include "classroom/captionoverlay.h"

#include <QApplication>
#include <QEvent>

CaptionOverlay::CaptionOverlay(QWidget *over)
    : QLabel(over)
{
    setObjectName(QStringLiteral("captionOverlay"));
    setWordWrap(true);
    setAlignment(Qt::AlignCenter);
    setMargin(14);
    setAttribute(Qt::WA_TransparentForMouseEvents);
    // Not a palette colour: the caption looks the same on a light, dark or high-contrast window.
    setStyleSheet(QStringLiteral("QLabel { background: rgba(17, 17, 17, 225); color: white; border-radius: 8px; }"));
    over->installEventFilter(this);
    hide();
}

void CaptionOverlay::setCaption(const QString &caption)
{
    setText(caption);
    place();
}

void CaptionOverlay::setPresenting(bool presenting)
{
    m_presenting = presenting;
    place();
}

void CaptionOverlay::place()
{
    QWidget *over = parentWidget();
    if (!m_presenting || text().isEmpty() || !over) {
        hide();
        return;
    }
    // Twice the application's font, which presenter mode has already made 1.4 times larger.
    QFont f = QApplication::font();
    if (f.pixelSize() > 0)
        f.setPixelSize(f.pixelSize() * 2);
    else
        f.setPointSizeF(f.pointSizeF() * 2);
    f.setBold(true);
    setFont(f);
    const int width = over->width() * 9 / 10;
    const int height = std::min(heightForWidth(width), over->height() / 3);
    setGeometry((over->width() - width) / 2, over->height() - height - 16, width, height);
    show();
    raise();
}

bool CaptionOverlay::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && (event->type() == QEvent::Resize || event->type() == QEvent::FontChange))
        place();
    return QLabel::eventFilter(watched, event);
}
