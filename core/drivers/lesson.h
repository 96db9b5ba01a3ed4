#pragma once

// A lesson: the moments a teacher prepared, in the order of the lecture. Each is a saved
// session (scenario, variant, schedule, cursor) plus which panels show, an optional caption
// for the room and a speaker note for the teacher. docs/lesson-format.md describes the file.

#include "drivers/session.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace Interleave {

struct LessonMoment
{
    Session session; // its `view` is not used
    QStringList panels; // of "dashboard", "narration", "outcomes", "scenarios"; empty: leave them as they are
    QString caption; // for the room
    QString note; // for the teacher only
    // Predict, then reveal: a figure's label ("Balance"); the moment opens a round for it,
    // the outcome covered until F7. Empty: no round.
    QString predict;
    // A challenge: a built-in challenge's id, or a challenge file (relative to the lesson file
    // when not absolute). The moment opens challenge mode on it; the session fields may then
    // be left out, the challenge names its own variant.
    QString challenge;

    bool hasSession() const
    {
        return !session.scenarioId.isEmpty() || !session.scenarioFile.isEmpty() || !session.scenarioSource.isEmpty();
    }

    bool operator==(const LessonMoment &) const = default;
};

struct Lesson
{
    Q_DECLARE_TR_FUNCTIONS(Lesson)
public:
    static constexpr int FormatVersion = 1;
    static constexpr int MaxMoments = 1000;
    static const QStringList &panelNames();

    QString title;
    std::vector<LessonMoment> moments;

    QByteArray toJson() const;
    // Errors are one line: "file:line: moments[2].strategy: problem".
    static std::optional<Lesson> fromJson(const QByteArray &data, const QString &fileName, QString *error);
    bool save(const QString &path, QString *error) const; // atomically
    static std::optional<Lesson> load(const QString &path, QString *error);
    // A moment's challenge as a path or id the challenge loader takes: files relative to the lesson.
    static QString challengeReference(const QString &challenge, const QString &lessonFile);
};

} // namespace Interleave
