#pragma once

#include "timelinerenderer.h"

#include <QFont>
#include <QObject>
#include <QPalette>
#include <QPointer>

class QAction;
class QWidget;

// Presenter mode, for the back of a lecture room: full screen, large type,
// high contrast, and the timeline's presenter theme (thick lines, patterns as
// well as colour). One key (F5) toggles it; leaving restores the window, the
// font and the palette exactly as they were.
//
// Hook-up in the main window:
//     auto *presenter = new PresenterMode(this, this);
//     viewMenu->addAction(presenter->toggleAction());
//     connect(presenter, &PresenterMode::activeChanged, this, [this](bool on) {
//         m_timeline->setTheme(PresenterMode::timelineTheme(on));   // and charts: PresenterMode::barBrush
//     });
class PresenterMode : public QObject
{
    Q_OBJECT
public:
    explicit PresenterMode(QWidget *window, QObject *parent = nullptr);
    ~PresenterMode() override;

    QAction *toggleAction() const { return m_action; }   // checkable, F5
    bool isActive() const { return m_active; }
    void setActive(bool active);

    static Interleave::TimelineTheme timelineTheme(bool presenter);
    static QPalette highContrastPalette();
    static QFont largeFont(const QFont &base);
    // Bar fills that differ in pattern as well as colour, for charts read from afar or in greyscale.
    static QBrush barBrush(int series, bool presenter);

signals:
    void activeChanged(bool active);

private:
    QPointer<QWidget> m_window;
    QAction *m_action = nullptr;
    bool m_active = false;
    // What is restored on leaving.
    Qt::WindowStates m_windowState;
    QFont m_font;
    QPalette m_palette;
};
