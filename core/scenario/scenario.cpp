#include "scenario/scenario.h"

#include "machine/machine.h"
#include "scenario/jsoninput.h"
#include "scenario/scenarioparse_p.h"
#include "scenario/scenariotexts.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonParseError>

namespace Interleave {

int ScenarioSpec::strategyIndex(const QString &strategyId) const
{
    for (int i = 0; i < strategies.size(); ++i)
        if (strategies.at(i).id == strategyId)
            return i;
    return -1;
}

const ParameterSpec *ScenarioSpec::param(const QString &name) const
{
    for (const ParameterSpec &p : params)
        if (p.name == name)
            return &p;
    return nullptr;
}

QMap<QString, qint64> ScenarioSpec::defaultParams() const
{
    QMap<QString, qint64> out;
    for (const ParameterSpec &p : params)
        out.insert(p.name, p.defaultValue);
    return out;
}

std::shared_ptr<const ScenarioSpec> ScenarioLoader::loadData(const QByteArray &data, const QString &fileName,
                                                             QString *error)
{
    const QString shownName = fileName.startsWith(u':') ? fileName.mid(fileName.lastIndexOf(u'/') + 1) : fileName;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const TextPosition at = textPosition(data, parseError.offset);
        if (error)
            *error = tr("%1:%2:%3: JSON syntax error: %4")
                         .arg(shownName)
                         .arg(at.line)
                         .arg(at.column)
                         .arg(parseError.errorString());
        return nullptr;
    }
    if (!doc.isObject()) {
        if (error)
            *error = tr("%1:1: the file must hold one JSON object { … }").arg(shownName);
        return nullptr;
    }
    JsonReader reader;
    // Bounds first: nothing below may recurse deep or cast a number that does not fit.
    if (const auto problem = checkJsonTree(doc.object(), QString(), ScenarioLoader::MaxNesting, true))
        reader.fail(problem->path, problem->message);
    std::shared_ptr<ScenarioSpec> spec = reader.error ? nullptr : parseScenario(doc.object(), reader);
    if (!reader.error) {
        spec->fileName = fileName;
        // Compile every strategy under every model with the defaults, so that a
        // scenario that loads can always run.
        QHash<QString, int64_t> defaults;
        for (const ParameterSpec &p : std::as_const(spec->params))
            defaults.insert(p.name, p.defaultValue);
        for (const StrategySpec &strategy : std::as_const(spec->strategies)) {
            for (const QString &modelText : std::as_const(spec->models)) {
                QString compileError;
                const ExecutionModel model = *ExecutionModel::parse(modelText, nullptr);
                if (!Machine::compile(*spec, strategy.id, model, defaults, &compileError)) {
                    // Compile errors carry their own "path: message".
                    const int colon = compileError.indexOf(QLatin1String(": "));
                    reader.fail(colon > 0 ? compileError.left(colon) : strategy.path,
                                colon > 0 ? compileError.mid(colon + 2) : compileError);
                    break;
                }
            }
            if (reader.error)
                break;
        }
    }
    if (reader.error) {
        if (error)
            *error =
                tr("%1:%2: %3: %4")
                    .arg(shownName)
                    .arg(jsonLineOf(data, reader.error->path))
                    .arg(reader.error->path.isEmpty() ? tr("top level") : reader.error->path, reader.error->message);
        return nullptr;
    }
    // Texts in the user's language; the check above ran on the file as written.
    ScenarioTexts::localize(*spec);
    return spec;
}

std::shared_ptr<const ScenarioSpec> ScenarioLoader::loadFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!QFileInfo(path).isFile()) {
        if (error)
            *error = tr("%1: no such scenario file").arg(path);
        return nullptr;
    }
    if (QFileInfo(path).size() > 4 * 1024 * 1024) {
        if (error)
            *error = tr("%1: file is larger than 4 MiB; a scenario is a small JSON file").arg(path);
        return nullptr;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("%1: cannot read: %2").arg(path, file.errorString());
        return nullptr;
    }
    return loadData(file.readAll(), path, error);
}

QList<std::shared_ptr<const ScenarioSpec>> ScenarioLoader::loadBuiltins(QStringList *errors)
{
    QList<std::shared_ptr<const ScenarioSpec>> out;
    const QDir dir(QStringLiteral(":/scenarios"));
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        QString error;
        if (auto spec = loadFile(dir.filePath(name), &error))
            out.append(spec);
        else if (errors)
            errors->append(error);
    }
    return out;
}

QStringList ScenarioLoader::builtinIds()
{
    // builtin() finds a scenario by its file name, so the names are the ids: nothing to load or compile.
    QStringList ids =
        QDir(QStringLiteral(":/scenarios")).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (QString &id : ids)
        id.chop(5);
    return ids;
}

bool ScenarioLoader::isValidId(const QString &id)
{
    return isScenarioIdentifier(id);
}

std::shared_ptr<const ScenarioSpec> ScenarioLoader::builtin(const QString &id, QString *error)
{
    // An id never names a path: "../x" or "a/b" must not reach the file system.
    if (isValidId(id)) {
        const QString file = QStringLiteral(":/scenarios/") + id + QStringLiteral(".json");
        if (QFileInfo::exists(file))
            return loadFile(file, error);
    }
    if (error) {
        *error = tr("unknown scenario \"%1\" (built-in: %2; or give a .json file)")
                     .arg(id, builtinIds().join(QLatin1String(", ")));
    }
    return nullptr;
}

std::shared_ptr<const ScenarioSpec> ScenarioLoader::resolve(const QString &idOrPath, QString *error)
{
    if (!idOrPath.contains(u'/') && !idOrPath.endsWith(QLatin1String(".json")))
        return builtin(idOrPath, error);
    return loadFile(idOrPath, error);
}

} // namespace Interleave
