#pragma once

#include "timeline/timelinerenderer.h"

#include <QByteArray>
#include <QFont>
#include <QObject>
#include <QPalette>
#include <QPointer>

class QAction;
class QMainWindow;
class QWidget;

// Presenter mode, for the back of a lecture room: full screen, every part of
// the window larger by one factor (Scale), high contrast, the timeline's
// presenter theme, and a lecture arrangement: code panels, timeline and one
// large verdict line; the docks and toolbars are hidden and come back with
// keys (F2 dashboard, F3 narration, F4 outcomes, F9 scenarios, F12 toolbars).
// One key (F5) toggles it; leaving restores the window, the fonts, the
// palette and the arrangement exactly as they were.
//
// The factor reaches every widget the same way: the application font is
// multiplied by it, and so is every font a widget set for itself (a title
// 1.25 × the window's stays 1.25 × it); the timeline multiplies its own
// metrics by it (timelineTheme()).
class PresenterMode : public QObject
{
    Q_OBJECT
public:
    static constexpr qreal Scale = 1.4;

    explicit PresenterMode(QWidget *window, QObject *parent = nullptr);
    ~PresenterMode() override;

    QAction *toggleAction() const { return m_action; } // checkable, F5
    bool isActive() const { return m_active; }
    void setActive(bool active);
    // Shown above the timeline in presenter mode only (see VerdictLine).
    void setVerdictLine(QWidget *line);

    // The timeline's presenter theme: its colours, the light theme's metrics × Scale.
    // Off, `screen` (light or dark, after the palette); both sized for the user's font (fontScale).
    static TimelineTheme timelineTheme(bool presenter, qreal fontScale = 1,
                                       const TimelineTheme &screen = TimelineTheme::light());
    static QPalette highContrastPalette();
    static QFont largeFont(const QFont &base);
    // Bar fills that differ in pattern as well as colour, for charts read from afar or in greyscale.
    static QBrush barBrush(int series, bool presenter);
    static void scaleOwnFonts(qreal factor); // every widget's own font size, not the inherited ones

signals:
    void activeChanged(bool active);

private:
    void arrangeForLecture();
    void addPanelKeys();

    QPointer<QWidget> m_window;
    QPointer<QWidget> m_verdict;
    QAction *m_action = nullptr;
    bool m_active = false;
    // What is restored on leaving.
    Qt::WindowStates m_windowState;
    QFont m_font;
    QPalette m_palette;
    QByteArray m_arrangement; // QMainWindow::saveState()
    bool m_menuBarVisible = true;
    bool m_statusBarVisible = true;
};
