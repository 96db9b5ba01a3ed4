#include "classroom/presentermode.h"

#include <QAction>
#include <QApplication>
#include <QBoxLayout>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>
#include <QWidget>

#include <algorithm>
#include <array>

using namespace Interleave;

PresenterMode::PresenterMode(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{
    m_action = new QAction(tr("&Presenter mode"), this);
    m_action->setObjectName(QStringLiteral("presenterMode"));
    m_action->setCheckable(true);
    m_action->setShortcut(Qt::Key_F5);
    m_action->setShortcutContext(Qt::ApplicationShortcut);
    m_action->setToolTip(tr("Full screen, everything larger, high contrast; code, timeline and verdict only (F5)"));
    connect(m_action, &QAction::toggled, this, &PresenterMode::setActive);
    if (window)
        window->addAction(m_action); // the key works even with the menu bar hidden
    addPanelKeys();
}

PresenterMode::~PresenterMode()
{
    // The application's font and palette outlive the window: give them back.
    if (m_active) {
        scaleOwnFonts(1 / Scale);
        QApplication::setFont(m_font);
        QApplication::setPalette(m_palette);
    }
}

void PresenterMode::addPanelKeys()
{
    auto *main = qobject_cast<QMainWindow *>(m_window.data());
    if (!main)
        return;
    // The panels the lecture arrangement hides, one key each (also outside presenter mode).
    const std::array<std::pair<const char *, int>, 4> docks = {{{"dashboardDock", Qt::Key_F2},
                                                                {"narrationDock", Qt::Key_F3},
                                                                {"outcomeDock", Qt::Key_F4},
                                                                {"libraryDock", Qt::Key_F9}}};
    for (const auto &[name, key] : docks)
        if (auto *dock = main->findChild<QDockWidget *>(QLatin1String(name))) {
            dock->toggleViewAction()->setShortcut(key);
            main->addAction(dock->toggleViewAction());
        }
    auto *toolbars = new QAction(tr("Show the toolbars"), this);
    toolbars->setObjectName(QStringLiteral("toggleToolbars"));
    toolbars->setShortcut(Qt::Key_F12);
    connect(toolbars, &QAction::triggered, this, [main] {
        const auto bars = main->findChildren<QToolBar *>(Qt::FindDirectChildrenOnly);
        const bool show = std::none_of(bars.begin(), bars.end(), [](QToolBar *b) { return b->isVisible(); });
        for (QToolBar *bar : bars)
            bar->setVisible(show);
    });
    main->addAction(toolbars);
}

void PresenterMode::setVerdictLine(QWidget *line)
{
    m_verdict = line;
    auto *main = qobject_cast<QMainWindow *>(m_window.data());
    if (!line || !main || !main->centralWidget())
        return;
    // Under the lesson's title, above the timeline.
    if (auto *box = qobject_cast<QBoxLayout *>(main->centralWidget()->layout())) {
        const int title = box->indexOf(main->centralWidget()->findChild<QWidget *>(QStringLiteral("lessonTitle")));
        box->insertWidget(title + 1, line);
    }
    line->setVisible(m_active);
}

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
        // Own fonts first: they are kept through the change of the application font.
        scaleOwnFonts(Scale);
        QApplication::setFont(largeFont(m_font));
        QApplication::setPalette(highContrastPalette());
        if (m_window) {
            m_windowState = m_window->windowState();
            arrangeForLecture();
            m_window->setProperty("presenter", true);
            m_window->setWindowState(m_window->windowState() | Qt::WindowFullScreen);
        }
    } else {
        scaleOwnFonts(1 / Scale);
        QApplication::setFont(m_font);
        QApplication::setPalette(m_palette);
        if (m_window) {
            m_window->setProperty("presenter", false);
            m_window->setWindowState(m_windowState);
            if (auto *main = qobject_cast<QMainWindow *>(m_window.data())) {
                main->restoreState(m_arrangement);
                main->menuBar()->setVisible(m_menuBarVisible);
                main->statusBar()->setVisible(m_statusBarVisible);
                if (QWidget *text = main->findChild<QWidget *>(QStringLiteral("lessonText")))
                    text->show();
            }
        }
    }
    if (m_verdict)
        m_verdict->setVisible(active);
    emit activeChanged(active);
}

void PresenterMode::arrangeForLecture()
{
    auto *main = qobject_cast<QMainWindow *>(m_window.data());
    if (!main)
        return;
    m_arrangement = main->saveState();
    m_menuBarVisible = main->menuBar()->isVisible();
    m_statusBarVisible = main->statusBar()->isVisible();
    // Code panels, timeline and the verdict: everything else waits behind a key.
    for (QDockWidget *dock : main->findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly))
        dock->hide();
    for (QToolBar *bar : main->findChildren<QToolBar *>(Qt::FindDirectChildrenOnly))
        bar->hide();
    main->statusBar()->hide();
    if (QWidget *text = main->findChild<QWidget *>(QStringLiteral("lessonText")))
        text->hide(); // the verdict line says what matters from it
}

void PresenterMode::scaleOwnFonts(qreal factor)
{
    const auto widgets = QApplication::allWidgets();
    for (QWidget *w : widgets) {
        if (!w->testAttribute(Qt::WA_SetFont) || !(w->font().resolveMask() & QFont::SizeResolved))
            continue;
        QFont f = w->font();
        if (f.pixelSize() > 0)
            f.setPixelSize(std::max(1, qRound(f.pixelSize() * factor)));
        else
            f.setPointSizeF(f.pointSizeF() * factor);
        w->setFont(f);
    }
}

TimelineTheme PresenterMode::timelineTheme(bool presenter, qreal fontScale, const TimelineTheme &screen)
{
    if (!presenter)
        return screen.resized(TimelineTheme::light(), fontScale);
    // The presenter theme's colours, weights and line widths; the light theme's sizes × Scale,
    // the same factor as the rest of the window.
    return TimelineTheme::presenter().resized(TimelineTheme::light(), fontScale * Scale);
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
    if (base.pixelSize() > 0)
        f.setPixelSize(qRound(base.pixelSize() * Scale));
    else
        f.setPointSizeF(base.pointSizeF() * Scale);
    return f;
}

QBrush PresenterMode::barBrush(int series, bool presenter)
{
    static const std::array<QColor, 6> colours = {QColor(0x00, 0x72, 0xb2), QColor(0xe6, 0x9f, 0x00),
                                                  QColor(0x00, 0x9e, 0x73), QColor(0xcc, 0x79, 0xa7),
                                                  QColor(0xd5, 0x5e, 0x00), QColor(0x56, 0xb4, 0xe9)};
    static const std::array<Qt::BrushStyle, 6> patterns = {Qt::SolidPattern, Qt::BDiagPattern,  Qt::CrossPattern,
                                                           Qt::FDiagPattern, Qt::Dense4Pattern, Qt::DiagCrossPattern};
    const size_t i = size_t(std::max(0, series)) % colours.size();
    return QBrush(colours[i], presenter ? patterns[i] : Qt::SolidPattern);
}
