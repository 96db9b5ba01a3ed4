#include "presentermode.h"

#include <QAction>
#include <QApplication>
#include <QWidget>

#include <array>

using namespace Interleave;

PresenterMode::PresenterMode(QWidget *window, QObject *parent) : QObject(parent), m_window(window)
{
    m_action = new QAction(tr("&Presenter mode"), this);
    m_action->setObjectName(QStringLiteral("presenterMode"));
    m_action->setCheckable(true);
    m_action->setShortcut(Qt::Key_F5);
    m_action->setShortcutContext(Qt::ApplicationShortcut);
    m_action->setToolTip(tr("Full screen, large type, high contrast and thick lines for projecting (F5)"));
    connect(m_action, &QAction::toggled, this, &PresenterMode::setActive);
    if (window)
        window->addAction(m_action);   // the key works even with the menu bar hidden
}

PresenterMode::~PresenterMode() = default;

void PresenterMode::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    const QSignalBlocker blocker(m_action);
    m_action->setChecked(active);
    if (active) {
        m_font = QApplication::font();
        m_palette = QApplication::palette();
        if (m_window)
            m_windowState = m_window->windowState();
        QApplication::setFont(largeFont(m_font));
        QApplication::setPalette(highContrastPalette());
        if (m_window) {
            m_window->setProperty("presenter", true);
            m_window->setWindowState(m_window->windowState() | Qt::WindowFullScreen);
        }
    } else {
        QApplication::setFont(m_font);
        QApplication::setPalette(m_palette);
        if (m_window) {
            m_window->setProperty("presenter", false);
            m_window->setWindowState(m_windowState);
        }
    }
    emit activeChanged(active);
}

TimelineTheme PresenterMode::timelineTheme(bool presenter)
{
    return presenter ? TimelineTheme::presenter() : TimelineTheme::light();
}

QPalette PresenterMode::highContrastPalette()
{
    // Black on white with saturated accents: projectors wash out greys and pastels.
    QPalette p;
    p.setColor(QPalette::Window, Qt::white);
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xe8, 0xec, 0xf0));
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::Button, QColor(0xf0, 0xf0, 0xf0));
    p.setColor(QPalette::ButtonText, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x00, 0x3d, 0x99));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, Qt::black);
    p.setColor(QPalette::ToolTipText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x00, 0x3d, 0x99));
    p.setColor(QPalette::PlaceholderText, QColor(0x40, 0x40, 0x40));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x55, 0x55, 0x55));
    return p;
}

QFont PresenterMode::largeFont(const QFont &base)
{
    QFont f = base;
    // Readable from the back row: at least 20 px, 1.6 × whatever the desktop uses.
    if (base.pixelSize() > 0)
        f.setPixelSize(std::max(20, int(base.pixelSize() * 1.6)));
    else
        f.setPointSizeF(std::max<qreal>(15, base.pointSizeF() * 1.6));
    f.setWeight(QFont::DemiBold);
    return f;
}

QBrush PresenterMode::barBrush(int series, bool presenter)
{
    static const std::array<QColor, 6> colours = {QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00), QColor(0x00, 0x9e, 0x73),
                                                  QColor(0xcc, 0x79, 0xa7), QColor(0xd5, 0x5e, 0x00), QColor(0x56, 0xb4, 0xe9)};
    static const std::array<Qt::BrushStyle, 6> patterns = {Qt::SolidPattern, Qt::BDiagPattern, Qt::CrossPattern,
                                                           Qt::FDiagPattern, Qt::Dense4Pattern, Qt::DiagCrossPattern};
    const size_t i = size_t(std::max(0, series)) % colours.size();
    return QBrush(colours[i], presenter ? patterns[i] : Qt::SolidPattern);
}
