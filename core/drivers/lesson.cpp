#include "drivers/lesson.h"

#include "challenge/challenge.h"
#include "scenario/jsoninput.h"
#include "scenario/scenario.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSaveFile>

namespace Interleave {

namespace {
const QString formatTag = QStringLiteral("interleave-lesson");

struct Problem
{
    QString where; // a JSON path, or empty for the whole file
    QString what;
};

// A predict moment names a figure the scenario has; a challenge moment a challenge that loads.
std::optional<Problem> checkClassroomFields(const QString &path, const QString &fileName, LessonMoment *moment)
{
    if (!moment->predict.isEmpty() && !moment->session.scenarioId.isEmpty()) {
        QString error;
        if (const auto spec = ScenarioLoader::resolve(moment->session.scenarioId, &error)) {
            QStringList labels;
            for (const FigureSpec &figure : spec->figures)
                labels << figure.label;
            if (!labels.contains(moment->predict))
                return Problem{jsonPath(path, QStringLiteral("predict")),
                               Lesson::tr("the scenario has no figure \"%1\" (it has %2)")
                                   .arg(moment->predict, labels.join(QStringLiteral(", ")))};
        }
    }
    if (!moment->challenge.isEmpty()) {
        QString error;
        if (!ChallengeLoader::resolve(Lesson::challengeReference(moment->challenge, fileName), &error))
            return Problem{jsonPath(path, QStringLiteral("challenge")), error};
    }
    if (!moment->hasSession() && moment->challenge.isEmpty())
        return Problem{jsonPath(path, QStringLiteral("scenario")), Lesson::tr("missing")};
    return std::nullopt;
}

std::optional<Problem> readMoment(const QJsonValue &value, const QString &path, const QString &fileName,
                                  LessonMoment *moment)
{
    if (!value.isObject())
        return Problem{path, Lesson::tr("must be an object with a scenario, strategy, model and schedule")};
    const QJsonObject o = value.toObject();
    static const QStringList known = {
        QStringLiteral("scenario"), QStringLiteral("strategy"), QStringLiteral("model"),   QStringLiteral("database"),
        QStringLiteral("params"),   QStringLiteral("schedule"), QStringLiteral("cursor"),  QStringLiteral("panels"),
        QStringLiteral("caption"),  QStringLiteral("note"),     QStringLiteral("predict"), QStringLiteral("challenge")};
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!known.contains(it.key()))
            return Problem{jsonPath(path, it.key()), Lesson::tr("unknown field")};
    // A challenge moment may leave the session out: the challenge names its variant.
    if (!o.contains(QLatin1String("challenge")) || o.contains(QLatin1String("scenario"))) {
        QString where, what;
        const std::optional<Session> session = Session::fromObject(o, &where, &what);
        if (!session)
            return Problem{where.isEmpty() ? path : path + u'.' + where, what};
        moment->session = *session;
    }
    for (const char *key : {"caption", "note", "predict", "challenge"})
        if (o.contains(QLatin1String(key)) && !o.value(QLatin1String(key)).isString())
            return Problem{jsonPath(path, QLatin1String(key)), Lesson::tr("must be a string")};
    moment->caption = o.value(QLatin1String("caption")).toString();
    moment->note = o.value(QLatin1String("note")).toString();
    moment->predict = o.value(QLatin1String("predict")).toString();
    moment->challenge = o.value(QLatin1String("challenge")).toString();
    for (const char *key : {"predict", "challenge"})
        if (o.contains(QLatin1String(key)) && o.value(QLatin1String(key)).toString().trimmed().isEmpty())
            return Problem{jsonPath(path, QLatin1String(key)), Lesson::tr("must not be empty")};
    const QJsonValue panels = o.value(QLatin1String("panels"));
    if (!panels.isUndefined() && !panels.isArray())
        return Problem{jsonPath(path, QStringLiteral("panels")),
                       Lesson::tr("must be a list of %1").arg(Lesson::panelNames().join(QStringLiteral(", ")))};
    const QJsonArray list = panels.toArray();
    for (int i = 0; i < list.size(); ++i) {
        if (!Lesson::panelNames().contains(list.at(i).toString()))
            return Problem{jsonPath(jsonPath(path, QStringLiteral("panels")), i),
                           Lesson::tr("not a panel; one of %1").arg(Lesson::panelNames().join(QStringLiteral(", ")))};
        moment->panels << list.at(i).toString();
    }
    return checkClassroomFields(path, fileName, moment);
}

std::optional<Problem> readLesson(const QJsonObject &root, const QString &fileName, Lesson *lesson)
{
    if (root.value(QLatin1String("format")).toString() != formatTag)
        return Problem{QStringLiteral("format"),
                       Lesson::tr("not an Interleave lesson (expected \"%1\")").arg(formatTag)};
    if (root.value(QLatin1String("version")).toDouble() != Lesson::FormatVersion)
        return Problem{QStringLiteral("version"), Lesson::tr("must be %1").arg(Lesson::FormatVersion)};
    for (auto it = root.begin(); it != root.end(); ++it)
        if (!QStringList{QStringLiteral("format"), QStringLiteral("version"), QStringLiteral("title"),
                         QStringLiteral("moments")}
                 .contains(it.key()))
            return Problem{it.key(), Lesson::tr("unknown field")};
    if (root.contains(QLatin1String("title")) && !root.value(QLatin1String("title")).isString())
        return Problem{QStringLiteral("title"), Lesson::tr("must be a string")};
    lesson->title = root.value(QLatin1String("title")).toString();
    const QJsonValue moments = root.value(QLatin1String("moments"));
    if (!moments.isArray())
        return Problem{QStringLiteral("moments"), Lesson::tr("missing, or not a list of moments")};
    const QJsonArray list = moments.toArray();
    if (list.size() > Lesson::MaxMoments)
        return Problem{QStringLiteral("moments"), Lesson::tr("more than %1 moments").arg(Lesson::MaxMoments)};
    for (int i = 0; i < list.size(); ++i) {
        LessonMoment moment;
        if (auto problem = readMoment(list.at(i), jsonPath(QStringLiteral("moments"), i), fileName, &moment))
            return problem;
        lesson->moments.push_back(moment);
    }
    return std::nullopt;
}
} // namespace

const QStringList &Lesson::panelNames()
{
    static const QStringList names = {QStringLiteral("dashboard"), QStringLiteral("narration"),
                                      QStringLiteral("outcomes"), QStringLiteral("scenarios")};
    return names;
}

QByteArray Lesson::toJson() const
{
    QJsonArray list;
    for (const LessonMoment &m : moments) {
        // A moment is a session's fields without the session's header and view.
        QJsonObject o;
        if (m.hasSession()) {
            o = QJsonDocument::fromJson(m.session.toJson()).object();
            for (const char *key : {"format", "version", "view"})
                o.remove(QLatin1String(key));
        }
        if (!m.panels.isEmpty())
            o.insert(QStringLiteral("panels"), QJsonArray::fromStringList(m.panels));
        if (!m.caption.isEmpty())
            o.insert(QStringLiteral("caption"), m.caption);
        if (!m.note.isEmpty())
            o.insert(QStringLiteral("note"), m.note);
        if (!m.predict.isEmpty())
            o.insert(QStringLiteral("predict"), m.predict);
        if (!m.challenge.isEmpty())
            o.insert(QStringLiteral("challenge"), m.challenge);
        list.append(o);
    }
    QJsonObject root{{QStringLiteral("format"), formatTag},
                     {QStringLiteral("version"), FormatVersion},
                     {QStringLiteral("moments"), list}};
    if (!title.isEmpty())
        root.insert(QStringLiteral("title"), title);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

std::optional<Lesson> Lesson::fromJson(const QByteArray &data, const QString &fileName, QString *error)
{
    auto fail = [&](const Problem &problem) -> std::optional<Lesson> {
        if (error)
            *error = jsonFileError(data, fileName, problem.where, problem.what);
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(
            {QString(),
             tr("not a lesson file (JSON error at byte %1: %2)").arg(parseError.offset).arg(parseError.errorString())});
    if (!doc.isObject())
        return fail({QString(), tr("not a lesson file (expected one JSON object)")});
    if (const auto problem = checkJsonTree(doc.object(), QString(), ScenarioLoader::MaxNesting, false))
        return fail({problem->path, problem->message});
    Lesson lesson;
    if (const auto problem = readLesson(doc.object(), fileName, &lesson))
        return fail(*problem);
    return lesson;
}

bool Lesson::save(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toJson()) < 0 || !file.commit()) {
        if (error)
            *error = tr("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

QString Lesson::challengeReference(const QString &challenge, const QString &lessonFile)
{
    // An id is letters, digits, '-' and '_'; anything else is a file.
    static const QRegularExpression id(QStringLiteral("^[A-Za-z0-9_-]+$"));
    if (id.match(challenge).hasMatch() || QFileInfo(challenge).isAbsolute() || lessonFile.isEmpty())
        return challenge;
    return QFileInfo(lessonFile).dir().filePath(challenge);
}

std::optional<Lesson> Lesson::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!QFileInfo(path).isFile() || QFileInfo(path).size() > 16 * 1024 * 1024 || !file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("%1: no lesson file under 16 MiB to read").arg(path);
        return std::nullopt;
    }
    return fromJson(file.readAll(), path, error);
}

} // namespace Interleave
