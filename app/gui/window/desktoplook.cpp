#include "window/desktoplook.h"

#include <QAction>
#include <QApplication>
#include <QIcon>
#include <QMenu>
#include <QPalette>
#include <QRegularExpression>
#include <QStyle>
#include <QWidget>

#include <array>

namespace {

struct ActionIcon
{
    const char *objectName; // of the action (or of the submenu)
    const char *themeName; // freedesktop icon naming specification
    QStyle::StandardPixmap fallback;
};

// clang-format off
constexpr std::array<ActionIcon, 17> icons = {{
    {"openAction",        "document-open",        QStyle::SP_DialogOpenButton},
    {"openSession",       "document-open",        QStyle::SP_DirOpenIcon},
    {"saveSession",       "document-save-as",     QStyle::SP_DialogSaveButton},
    {"recentMenu",        "document-open-recent", QStyle::SP_FileDialogDetailedView},
    {"clearRecentAction", "edit-clear-history",   QStyle::SP_DialogResetButton},
    {"exportAction",      "document-export",      QStyle::SP_DriveFDIcon},
    {"quitAction",        "application-exit",     QStyle::SP_DialogCloseButton},
    {"undoAction",        "edit-undo",            QStyle::SP_ArrowBack},
    {"redoAction",        "edit-redo",            QStyle::SP_ArrowForward},
    {"resetAction",       "go-first",             QStyle::SP_MediaSkipBackward},
    {"endAction",         "go-last",              QStyle::SP_MediaSkipForward},
    {"cancelAction",      "process-stop",         QStyle::SP_BrowserStop},
    {"fitAction",         "zoom-fit-best",        QStyle::SP_TitleBarMaxButton},
    {"zoomInAction",      "zoom-in",              QStyle::SP_ArrowUp},
    {"zoomOutAction",     "zoom-out",             QStyle::SP_ArrowDown},
    {"keysAction",        "help-contents",        QStyle::SP_DialogHelpButton},
    {"aboutAction",       "help-about",           QStyle::SP_MessageBoxInformation},
}};
// clang-format on

} // namespace

void DesktopLook::applyThemeIcons(QWidget *window)
{
    QStyle *style = window->style();
    for (const ActionIcon &entry : icons) {
        const QString name = QLatin1String(entry.objectName);
        const QIcon icon = QIcon::fromTheme(QLatin1String(entry.themeName), style->standardIcon(entry.fallback));
        if (auto *action = window->findChild<QAction *>(name))
            action->setIcon(icon);
        else if (auto *menu = window->findChild<QMenu *>(name))
            menu->setIcon(icon);
    }
}

QPalette DesktopLook::darkPalette()
{
    // Breeze Dark's colours, near enough: what most dark desktops hand a Qt program.
    const QColor window(0x2a, 0x2e, 0x32), base(0x1b, 0x1e, 0x20), text(0xfc, 0xfc, 0xfc);
    const QColor button(0x31, 0x36, 0x3b), highlight(0x3d, 0xae, 0xe9), disabled(0x7f, 0x84, 0x8a);
    QPalette p(button, window);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x23, 0x26, 0x29));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::black);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Link, QColor(0x1d, 0x99, 0xf3));
    p.setColor(QPalette::LinkVisited, QColor(0x9b, 0x59, 0xb6));
    p.setColor(QPalette::PlaceholderText, disabled);
    for (const QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

QColor DesktopLook::readable(const QColor &colour, const QColor &background)
{
    constexpr qreal LightOnDark = 0.68; // about 5:1 against the dark palette's window
    if (background.lightnessF() >= 0.5 || colour.lightnessF() >= LightOnDark)
        return colour;
    const QColor hsl = colour.toHsl();
    return QColor::fromHslF(hsl.hslHueF(), hsl.hslSaturationF(), LightOnDark, hsl.alphaF());
}

QString DesktopLook::readableHtml(QString html, const QColor &background)
{
    static const QRegularExpression colour(QStringLiteral("color:\\s*(#[0-9a-fA-F]{3,6})"));
    QString result;
    qsizetype from = 0;
    for (auto it = colour.globalMatch(html); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        result += html.mid(from, m.capturedStart(1) - from);
        result += readable(QColor(m.captured(1)), background).name();
        from = m.capturedEnd(1);
    }
    return result + html.mid(from);
}
