#pragma once

class QColor;
class QString;
class QPalette;
class QWidget;

// How the window fits the desktop it runs on.
namespace DesktopLook {

// Menu icons from the desktop's icon theme by their freedesktop names (document-open,
// edit-undo, zoom-in…), so Interleave looks like the rest of the desktop; where the theme has
// none (offscreen, CI, a bare window manager) Qt's own standard pixmaps stand in, so no entry
// is left blank. Gives every action and submenu under `window` whose objectName is known its
// icon. The toolbars stay text-only: their words are the lesson.
void applyThemeIcons(QWidget *window);

// A dark palette for the Fusion style, as a dark desktop would give: `interleave --dark`
// shows (and screenshots) the dark look where no platform theme is there to ask for it.
QPalette darkPalette();

// `colour` (chosen for a light window: #b00020 for a broken rule, #1b6e20 for one that holds)
// as it should be drawn on `background`: unchanged on a light one, lightened to stay readable
// on a dark one, keeping its hue.
QColor readable(const QColor &colour, const QColor &background);

// `html` (a translated message with colours such as style='color:#666') with each colour made
// readable() on `background`: the translations keep their light-window colours.
QString readableHtml(QString html, const QColor &background);

} // namespace DesktopLook
