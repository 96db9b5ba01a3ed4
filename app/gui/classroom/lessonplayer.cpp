#include "classroom/lessonplayer.h"

#include "window/scenariosession.h"
#include "window/sessionactions.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QGuiApplication>
#include <QLabel>
#include <QMainWindow>
#include <QScreen>

using namespace Interleave;

namespace {
// A lesson's panel names and the docks they show.
const std::pair<const char *, const char *> panelDocks[] = {{"dashboard", "dashboardDock"},
                                                            {"narration", "narrationDock"},
                                                            {"outcomes", "outcomeDock"},
                                                            {"scenarios", "libraryDock"}};
} // namespace

LessonPlayer::LessonPlayer(ScenarioSession *session, SessionActions *sessions, QMainWindow *window)
    : QObject(window)
    , m_session(session)
    , m_sessions(sessions)
    , m_window(window)
{
    m_open = new QAction(tr("Open &lesson…"), this);
    m_open->setObjectName(QStringLiteral("openLessonAction"));
    m_open->setToolTip(tr("Open a lesson: prepared moments that PageDown and PageUp step through in presenter mode"));
    connect(m_open, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Open lesson"), QString(),
                                                          tr("Interleave lessons (*.lesson);;All files (*)"));
        QString error;
        if (!path.isEmpty() && !openLesson(path, &error))
            emit failed(error);
    });
    m_saveMoment = new QAction(tr("Save as lesson &moment"), this);
    m_saveMoment->setObjectName(QStringLiteral("saveMomentAction"));
    m_saveMoment->setToolTip(tr("Add the scenario, fix, schedule, cursor and panels on screen to the open lesson"));
    connect(m_saveMoment, &QAction::triggered, this, [this] {
        QString path = m_path;
        if (path.isEmpty())
            path = QFileDialog::getSaveFileName(m_window, tr("New lesson"), QString(),
                                                tr("Interleave lessons (*.lesson)"));
        QString error;
        if (!path.isEmpty() && !saveMoment(path, &error))
            emit failed(error);
    });
    m_next = new QAction(tr("Next lesson moment"), this);
    m_next->setObjectName(QStringLiteral("nextMomentAction"));
    m_next->setShortcut(Qt::Key_PageDown);
    connect(m_next, &QAction::triggered, this, [this] { step(+1); });
    m_previous = new QAction(tr("Previous lesson moment"), this);
    m_previous->setObjectName(QStringLiteral("previousMomentAction"));
    m_previous->setShortcut(Qt::Key_PageUp);
    connect(m_previous, &QAction::triggered, this, [this] { step(-1); });
    for (QAction *a : {m_next, m_previous}) {
        a->setShortcutContext(Qt::WindowShortcut);
        window->addAction(a); // the keys work with the menu bar hidden
    }
    updateKeys();
}

bool LessonPlayer::openLesson(const QString &path, QString *error)
{
    std::optional<Lesson> lesson = Lesson::load(path, error);
    if (!lesson)
        return false;
    m_lesson = std::move(*lesson);
    m_path = path;
    m_current = -1;
    updateKeys();
    return m_lesson.moments.empty() || showMoment(0, error);
}

bool LessonPlayer::saveMoment(const QString &path, QString *error)
{
    if (!m_session->stepper()) {
        if (error)
            *error = tr("Nothing to save: no scenario is loaded.");
        return false;
    }
    if (path != m_path) {
        m_lesson = Lesson{};
        m_path = path;
    }
    LessonMoment moment;
    moment.session = Session::capture(*m_session->stepper());
    moment.panels = visiblePanels();
    m_lesson.moments.insert(m_lesson.moments.begin() + (m_current + 1), moment);
    m_current += 1;
    updateKeys();
    return m_lesson.save(m_path, error);
}

bool LessonPlayer::showMoment(int index, QString *error)
{
    if (index < 0 || index >= int(m_lesson.moments.size()))
        return false;
    const LessonMoment &moment = m_lesson.moments[size_t(index)];
    if (moment.hasSession() && !m_sessions->apply(moment.session, m_path, error))
        return false;
    // Challenge mode sets its own variant; leaving it first lets the moment's session show as saved.
    if (!moment.challenge.isEmpty() || m_inChallenge)
        emit challengeRequested(moment.challenge.isEmpty() ? QString()
                                                           : Lesson::challengeReference(moment.challenge, m_path));
    m_inChallenge = !moment.challenge.isEmpty();
    emit predictRequested(moment.predict);
    m_current = index;
    if (!moment.panels.isEmpty())
        for (const auto &[panel, dock] : panelDocks)
            if (auto *d = m_window->findChild<QDockWidget *>(QLatin1String(dock)))
                d->setVisible(moment.panels.contains(QLatin1String(panel)));
    emit captionChanged(
        moment.caption.isEmpty()
            ? tr("Moment %1 of %2").arg(index + 1).arg(m_lesson.moments.size())
            : tr("Moment %1 of %2: %3").arg(index + 1).arg(m_lesson.moments.size()).arg(moment.caption));
    emit momentCaptionChanged(moment.caption);
    showNote(moment.note);
    updateKeys();
    return true;
}

QString LessonPlayer::noteText() const
{
    return m_noteWindow ? m_noteWindow->text() : QString();
}

void LessonPlayer::setPresenting(bool presenting)
{
    m_presenting = presenting;
    updateKeys();
    if (!presenting && m_noteWindow)
        m_noteWindow->hide();
}

void LessonPlayer::step(int delta)
{
    QString error;
    if (m_presenting && !showMoment(m_current + delta, &error) && !error.isEmpty())
        emit failed(error);
}

void LessonPlayer::updateKeys()
{
    m_next->setEnabled(m_presenting && m_current + 1 < int(m_lesson.moments.size()));
    m_previous->setEnabled(m_presenting && m_current > 0);
}

void LessonPlayer::showNote(const QString &note)
{
    // The speaker note is for the teacher's screen only: never on the projected one.
    const QList<QScreen *> screens = QGuiApplication::screens();
    QScreen *projected = m_window->screen();
    QScreen *own = nullptr;
    for (QScreen *s : screens)
        if (s != projected)
            own = s;
    if (!own || note.isEmpty()) {
        if (m_noteWindow)
            m_noteWindow->hide();
        return;
    }
    if (!m_noteWindow) {
        m_noteWindow = new QLabel(nullptr, Qt::Window);
        m_noteWindow->setObjectName(QStringLiteral("speakerNote"));
        m_noteWindow->setWordWrap(true);
        m_noteWindow->setWindowTitle(tr("Speaker note"));
        m_noteWindow->setMargin(24);
        connect(this, &QObject::destroyed, m_noteWindow, &QObject::deleteLater);
    }
    m_noteWindow->setText(note);
    m_noteWindow->setGeometry(own->availableGeometry());
    m_noteWindow->show();
}

QStringList LessonPlayer::visiblePanels() const
{
    QStringList panels;
    for (const auto &[panel, dock] : panelDocks)
        if (auto *d = m_window->findChild<QDockWidget *>(QLatin1String(dock)); d && d->isVisible())
            panels << QLatin1String(panel);
    return panels;
}
