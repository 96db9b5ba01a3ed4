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
};

} // namespace Interleave
