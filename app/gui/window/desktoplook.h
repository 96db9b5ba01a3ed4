#pragma once

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

} // namespace DesktopLook
