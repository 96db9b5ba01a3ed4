#include "drivers/session.h"

#include "scenario/jsoninput.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

#include <limits>

namespace Interleave {

namespace {

const QLatin1String formatTag("interleave-session");

bool isBuiltinFile(const QString &fileName)
{
    return fileName.startsWith(QLatin1String(":/"));
}

// Scenario sources are kept in one canonical spelling so that capture → save → load compares equal.
QByteArray canonicalSource(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

} // namespace

Session Session::capture(const Stepper &stepper)
{
    const Machine &machine = stepper.machine();
    Session session;
    const ScenarioSpec &spec = machine.scenario();
    if (isBuiltinFile(spec.fileName) || spec.fileName.isEmpty()) {
        session.scenarioId = spec.id;
    } else {
        session.scenarioFile = QFileInfo(spec.fileName).absoluteFilePath();
        QFile file(spec.fileName);
        if (file.open(QIODevice::ReadOnly)) {
            const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
            if (doc.isObject())
                session.scenarioSource = canonicalSource(doc.object());
        }
    }
    session.strategy = machine.strategy().id;
    session.model = machine.model().toString();
    session.database = machine.database().toString();
    session.params = machine.params();
    session.schedule = stepper.fullSchedule().toString(machine);
    session.cursor = stepper.cursor();
    return session;
}

QByteArray Session::toJson() const
{
    QJsonObject scenario;
    if (!scenarioId.isEmpty())
        scenario.insert(QStringLiteral("id"), scenarioId);
    if (!scenarioFile.isEmpty())
        scenario.insert(QStringLiteral("file"), scenarioFile);
    if (!scenarioSource.isEmpty())
        scenario.insert(QStringLiteral("source"), QJsonDocument::fromJson(scenarioSource).object());
    QJsonObject paramObject;
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        paramObject.insert(it.key(), qint64(it.value()));
    QJsonObject root;
    root.insert(QStringLiteral("format"), formatTag);
    root.insert(QStringLiteral("version"), FormatVersion);
    root.insert(QStringLiteral("scenario"), scenario);
    root.insert(QStringLiteral("strategy"), strategy);
    root.insert(QStringLiteral("model"), model);
    if (!database.isEmpty())
        root.insert(QStringLiteral("database"), database);
    root.insert(QStringLiteral("params"), paramObject);
    root.insert(QStringLiteral("schedule"), schedule);
    root.insert(QStringLiteral("cursor"), cursor);
    if (!view.isEmpty())
        root.insert(QStringLiteral("view"), view);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

namespace {

// What is wrong with a session file, and where: a JSON path ("params.n"), or none for the whole file.
struct FieldProblem
{
    QString where;
    QString what;
};
using Problem = std::optional<FieldProblem>;

Problem checkHeader(const QJsonObject &root)
{
    if (root.value(QLatin1String("format")).toString() != formatTag)
        return FieldProblem{QStringLiteral("format"),
                            Session::tr("not an Interleave session (expected \"%1\")").arg(formatTag)};
    // Compared as a double: a version of 1e10 is newer, not "not a number".
    const QJsonValue version = root.value(QLatin1String("version"));
    if (!version.isDouble())
        return FieldProblem{QStringLiteral("version"), Session::tr("missing or not a number")};
    if (version.toDouble() > Session::FormatVersion)
        return FieldProblem{QStringLiteral("version"),
                            Session::tr("version %1 is newer than this program reads (%2)")
                                .arg(QString::number(version.toDouble(), 'g', 17))
                                .arg(Session::FormatVersion)};
    if (version.toDouble() != Session::FormatVersion)
        return FieldProblem{QStringLiteral("version"),
                            Session::tr("must be a whole number from 1 to %1").arg(Session::FormatVersion)};
    static const QStringList known = {QStringLiteral("format"),   QStringLiteral("version"), QStringLiteral("scenario"),
                                      QStringLiteral("strategy"), QStringLiteral("model"),   QStringLiteral("params"),
                                      QStringLiteral("schedule"), QStringLiteral("cursor"),  QStringLiteral("view"),
                                      QStringLiteral("database")};
    for (auto it = root.begin(); it != root.end(); ++it)
        if (!known.contains(it.key()))
            return FieldProblem{it.key(), Session::tr("unknown field")};
    return std::nullopt;
}

// "scenario": a built-in id, or a file with its embedded source.
Problem readScenario(const QJsonObject &root, Session &s)
{
    const QJsonValue scenario = root.value(QLatin1String("scenario"));
    if (!scenario.isObject())
        return FieldProblem{QStringLiteral("scenario"),
                            Session::tr("missing, or not an object { \"id\" … } or { \"file\" … }")};
    const QJsonObject so = scenario.toObject();
    for (const char *key : {"id", "file"})
        if (so.contains(QLatin1String(key)) && !so.value(QLatin1String(key)).isString())
            return FieldProblem{QStringLiteral("scenario.") + QLatin1String(key), Session::tr("must be a string")};
    s.scenarioId = so.value(QLatin1String("id")).toString();
    s.scenarioFile = so.value(QLatin1String("file")).toString();
    // An id names a built-in only; a scenario from a file comes as "file" (and its embedded "source").
    if (!s.scenarioId.isEmpty() && !ScenarioLoader::isValidId(s.scenarioId))
        return FieldProblem{
            QStringLiteral("scenario.id"),
            Session::tr("\"%1\" is not a built-in scenario id; give a scenario file as \"file\"").arg(s.scenarioId)};
    if (so.contains(QLatin1String("source"))) {
        if (!so.value(QLatin1String("source")).isObject())
            return FieldProblem{QStringLiteral("scenario.source"), Session::tr("must be the scenario's JSON object")};
        s.scenarioSource = canonicalSource(so.value(QLatin1String("source")).toObject());
    }
    if (s.scenarioId.isEmpty() && s.scenarioFile.isEmpty() && s.scenarioSource.isEmpty())
        return FieldProblem{QStringLiteral("scenario"), Session::tr("names no scenario (give \"id\" or \"file\")")};
    return std::nullopt;
}

bool readText(const QJsonObject &root, const char *key, QString &out)
{
    const QJsonValue v = root.value(QLatin1String(key));
    if (!v.isString() || v.toString().isEmpty())
        return false;
    out = v.toString();
    return true;
}

// The variant: strategy (the fix), execution model, database and parameters.
Problem readVariant(const QJsonObject &root, Session &s)
{
    if (!readText(root, "strategy", s.strategy))
        return FieldProblem{QStringLiteral("strategy"), Session::tr("missing, or not a strategy id")};
    if (!readText(root, "model", s.model))
        return FieldProblem{QStringLiteral("model"), Session::tr("missing, or not a model name")};
    QString problem;
    if (!ExecutionModel::parse(s.model, &problem))
        return FieldProblem{QStringLiteral("model"), problem};
    if (root.contains(QLatin1String("database"))) {
        if (!readText(root, "database", s.database))
            return FieldProblem{QStringLiteral("database"),
                                Session::tr("must be a database variant such as \"mysql/rr\"")};
        if (!DatabaseVariant::parse(s.database, &problem))
            return FieldProblem{QStringLiteral("database"), problem};
    }
    const QJsonValue params = root.value(QLatin1String("params"));
    if (!params.isUndefined() && !params.isObject())
        return FieldProblem{QStringLiteral("params"), Session::tr("must be an object of name: number")};
    const QJsonObject po = params.toObject();
    for (auto it = po.begin(); it != po.end(); ++it) {
        const std::optional<int64_t> value = wholeNumber(it.value(), &problem);
        if (!value)
            return FieldProblem{QStringLiteral("params.") + it.key(), problem};
        s.params.insert(it.key(), *value);
    }
    return std::nullopt;
}

// Where the student is: the schedule, the cursor in it, and the window's view.
Problem readPosition(const QJsonObject &root, Session &s)
{
    const QJsonValue schedule = root.value(QLatin1String("schedule"));
    if (!schedule.isUndefined() && !schedule.isString())
        return FieldProblem{QStringLiteral("schedule"), Session::tr("must be a schedule string such as \"A B A ~ B\"")};
    s.schedule = schedule.toString();
    const QJsonValue cursor = root.value(QLatin1String("cursor"));
    if (cursor.isUndefined()) {
        s.cursor = -1; // resolved to the end of the schedule by restore()
    } else {
        const std::optional<int64_t> moves = wholeNumber(cursor, nullptr);
        if (!moves || *moves < 0 || *moves > std::numeric_limits<int>::max())
            return FieldProblem{QStringLiteral("cursor"), Session::tr("must be a whole number ≥ 0")};
        s.cursor = int(*moves);
    }
    const QJsonValue view = root.value(QLatin1String("view"));
    if (!view.isUndefined() && !view.isObject())
        return FieldProblem{QStringLiteral("view"), Session::tr("must be an object")};
    if (const auto problem = checkJsonTree(view, QStringLiteral("view"), ScenarioLoader::MaxNesting, false))
        return FieldProblem{problem->path, problem->message};
    s.view = view.toObject();
    return std::nullopt;
}

} // namespace

std::optional<Session> Session::fromJson(const QByteArray &data, const QString &fileName, QString *error)
{
    auto fail = [&](const FieldProblem &problem) -> std::optional<Session> {
        if (error)
            *error = jsonFileError(data, fileName, problem.where, problem.what);
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail({QString(),
                     tr("not a session file (JSON error at byte %1: %2)")
                         .arg(parseError.offset)
                         .arg(parseError.errorString())});
    if (!doc.isObject())
        return fail({QString(), tr("not a session file (expected one JSON object)")});
    const QJsonObject root = doc.object();
    if (const Problem problem = checkHeader(root))
        return fail(*problem);
    Session s;
    for (const auto read : {readScenario, readVariant, readPosition})
        if (const Problem problem = read(root, s))
            return fail(*problem);
    return s;
}

std::optional<Session> Session::fromObject(const QJsonObject &object, QString *where, QString *what)
{
    Session s;
    for (const auto read : {readScenario, readVariant, readPosition})
        if (const Problem problem = read(object, s)) {
            *where = problem->where;
            *what = problem->what;
            return std::nullopt;
        }
    return s;
}

bool Session::save(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    file.write(toJson());
    if (!file.commit()) {
        if (error)
            *error = tr("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

std::optional<Session> Session::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!QFileInfo(path).isFile()) {
        if (error)
            *error = tr("%1: no such session file").arg(path);
        return std::nullopt;
    }
    if (QFileInfo(path).size() > 16 * 1024 * 1024) {
        if (error)
            *error = tr("%1: file is larger than 16 MiB; a session is a small JSON file").arg(path);
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("%1: cannot read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return fromJson(file.readAll(), path, error);
}

std::shared_ptr<const ScenarioSpec> Session::loadScenario(QString *error, const QString &sessionFile) const
{
    QString file = scenarioFile;
    if (!file.isEmpty() && QDir::isRelativePath(file) && !sessionFile.isEmpty())
        file = QFileInfo(sessionFile).absoluteDir().filePath(file);
    std::shared_ptr<const ScenarioSpec> spec;
    QString problem;
    if (!scenarioSource.isEmpty()) {
        // The embedded copy is what the session was recorded against: it wins over the file on disk.
        spec = ScenarioLoader::loadData(scenarioSource, file.isEmpty() ? tr("embedded scenario") : file, &problem);
    } else if (!file.isEmpty()) {
        spec = ScenarioLoader::loadFile(file, &problem);
    } else {
        spec = ScenarioLoader::builtin(scenarioId, &problem);
    }
    if (!spec && error)
        *error = tr("%1: %2").arg(sessionFile.isEmpty() ? tr("session") : sessionFile, problem);
    return spec;
}

std::unique_ptr<Stepper> Session::restore(QString *error, const QString &sessionFile) const
{
    const QString origin = sessionFile.isEmpty() ? tr("session") : sessionFile;
    auto fail = [&](const QString &what) -> std::unique_ptr<Stepper> {
        if (error)
            *error = tr("%1: %2").arg(origin, what);
        return nullptr;
    };
    const std::shared_ptr<const ScenarioSpec> spec = loadScenario(error, sessionFile);
    if (!spec)
        return nullptr;
    QString problem;
    const std::optional<ExecutionModel> executionModel = ExecutionModel::parse(model, &problem);
    if (!executionModel)
        return fail(problem);
    // Sessions saved before databases had variants run on the scenario's default.
    const std::optional<DatabaseVariant> db =
        database.isEmpty() ? std::nullopt : DatabaseVariant::parse(database, nullptr);
    auto machine = Machine::compile(*spec, strategy, *executionModel, params, &problem, db);
    if (!machine)
        return fail(problem);
    const std::optional<Schedule> moves = Schedule::parse(schedule, *machine, &problem);
    if (!moves)
        return fail(problem);
    auto stepper = std::make_unique<Stepper>(machine);
    if (!stepper->replay(*moves, &problem))
        return fail(problem);
    if (cursor > stepper->length())
        return fail(tr("cursor %1 lies past the schedule's %2 moves").arg(cursor).arg(stepper->length()));
    stepper->seek(cursor < 0 ? stepper->length() : cursor);
    return stepper;
}

} // namespace Interleave
