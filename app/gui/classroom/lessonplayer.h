#pragma once

#include "drivers/lesson.h"

#include <QObject>
#include <QPointer>

class QAction;
class QLabel;
class QMainWindow;
class ScenarioSession;
class SessionActions;

// A prepared lesson in the window: PageDown and PageUp (what a presenter remote sends) move
// through its moments in presenter mode, each restoring exactly its scenario, variant,
// schedule, cursor and panels; "Save as lesson moment" adds what is on screen. The moment's
// caption goes to the status line, its speaker note to a second screen when there is one.
class LessonPlayer : public QObject
{
    Q_OBJECT
public:
    LessonPlayer(ScenarioSession *session, SessionActions *sessions, QMainWindow *window);

    QAction *openAction() const { return m_open; }
    QAction *saveMomentAction() const { return m_saveMoment; }
    QAction *nextAction() const { return m_next; }
    QAction *previousAction() const { return m_previous; }

    bool openLesson(const QString &path, QString *error);
    // Appends the view on screen to the open lesson (a new one at `path` if none is open) and saves it.
    bool saveMoment(const QString &path, QString *error);
    bool showMoment(int index, QString *error);
    const Interleave::Lesson &lesson() const { return m_lesson; }
    int current() const { return m_current; }
    QString noteText() const; // the speaker note shown, or empty

    // The keys work in presenter mode only: elsewhere PageUp/PageDown scroll the timeline's lanes.
    void setPresenting(bool presenting);

signals:
    void failed(const QString &message);
    void captionChanged(const QString &caption);
    // The moment's own caption alone (empty when it has none), for the presenter's overlay.
    void momentCaptionChanged(const QString &caption);
    // A predict moment: open a predict-then-reveal round for this figure; empty: end any round.
    void predictRequested(const QString &figure);
    // A challenge moment: open challenge mode on this challenge (an id or a path); empty: leave it.
    void challengeRequested(const QString &challenge);

private:
    void step(int delta);
    void updateKeys();
    void showNote(const QString &note);
    QStringList visiblePanels() const;

    ScenarioSession *m_session = nullptr;
    SessionActions *m_sessions = nullptr;
    QMainWindow *m_window = nullptr;
    QAction *m_open = nullptr;
    QAction *m_saveMoment = nullptr;
    QAction *m_next = nullptr;
    QAction *m_previous = nullptr;
    QString m_path;
    bool m_inChallenge = false; // the moment shown opened challenge mode
    Interleave::Lesson m_lesson;
    int m_current = -1;
    bool m_presenting = false;
    QPointer<QLabel> m_noteWindow; // on the second screen
};
