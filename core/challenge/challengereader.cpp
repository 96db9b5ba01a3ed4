#include "challenge/challengereader.h"

#include "drivers/stepper.h"
#include "scenario/jsoninput.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace Interleave {

namespace {

QString join(const QString &path, const char *key)
{
    return jsonPath(path, QString::fromLatin1(key));
}

// A compile error reads "path: problem"; the problem alone, the challenge names its own field.
QString problemOf(const QString &compileError)
{
    const int colon = compileError.indexOf(QLatin1String(": "));
    return colon > 0 ? compileError.mid(colon + 2) : compileError;
}

} // namespace

std::optional<int64_t> ChallengeReader::integer(const QJsonObject &o, const QString &path, const char *key)
{
    if (!o.contains(QLatin1String(key)))
        return std::nullopt;
    const int64_t n = m_json.integer(o, path, key, true);
    return failed() ? std::nullopt : std::optional<int64_t>(n);
}

QJsonObject ChallengeReader::object(const QJsonObject &o, const QString &path, const char *key, bool required)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined()) {
        if (required)
            fail(path, JsonReader::tr("missing required field \"%1\"").arg(QLatin1String(key)));
        return {};
    }
    return m_json.object(v, join(path, key));
}

std::shared_ptr<Challenge> ChallengeReader::read(const QJsonObject &root)
{
    // Bounds first: nothing below may recurse deep or cast a number that does not fit.
    if (const auto problem = checkJsonTree(root, QString(), ChallengeLoader::MaxNesting, true)) {
        fail(problem->path, problem->message);
        return nullptr;
    }
    auto c = std::make_shared<Challenge>();
    unknownKeys(root, QString(),
                {"format", "id", "title", "task", "teaches", "hints", "scenario", "variant", "goal", "translations"});
    const std::optional<int64_t> format = integer(root, QString(), "format");
    if (!failed() && !format)
        fail(QString(), JsonReader::tr("missing required field \"%1\"").arg(QLatin1String("format")));
    if (!failed() && *format != 1)
        fail(QStringLiteral("format"), tr("unsupported format %1 (this version reads format 1)").arg(*format));
    c->id = string(root, QString(), "id", true);
    if (!failed() && !ScenarioLoader::isValidId(c->id))
        fail(QStringLiteral("id"), tr("\"%1\" is not a valid id (letters, digits, - and _)").arg(c->id));
    readTexts(root, *c);
    readScenario(root, *c);
    if (!failed())
        c->variant = readVariant(object(root, QString(), "variant", false), QStringLiteral("variant"), *c->scenario);
    if (!failed())
        readGoal(object(root, QString(), "goal", true), *c);
    readTranslations(root, *c);
    return failed() ? nullptr : c;
}

void ChallengeReader::readTexts(const QJsonObject &root, Challenge &c)
{
    c.title = string(root, QString(), "title", true);
    c.goalText = string(root, QString(), "task", true);
    c.teaches = string(root, QString(), "teaches", false);
    const QJsonArray list = m_json.array(root, QString(), "hints", false);
    for (int i = 0; i < list.size() && !failed(); ++i) {
        if (!list.at(i).isString() || list.at(i).toString().trimmed().isEmpty())
            fail(jsonPath(QStringLiteral("hints"), i), tr("must be a string that is not empty"));
        else
            c.hints << list.at(i).toString();
    }
}

void ChallengeReader::readScenario(const QJsonObject &root, Challenge &c)
{
    c.scenarioRef = string(root, QString(), "scenario", true);
    if (failed())
        return;
    QString error;
    const bool isFile = c.scenarioRef.contains(u'/') || c.scenarioRef.endsWith(QLatin1String(".json"));
    if (isFile && !m_allowFiles) {
        fail(QStringLiteral("scenario"), tr("must name a built-in scenario here, not a file"));
        return;
    }
    if (isFile) {
        const QString path =
            QFileInfo(c.scenarioRef).isRelative() ? QFileInfo(m_fileName).dir().filePath(c.scenarioRef) : c.scenarioRef;
        c.scenario = ScenarioLoader::loadFile(path, &error);
    } else {
        c.scenario = ScenarioLoader::builtin(c.scenarioRef, &error);
    }
    if (!c.scenario)
        fail(QStringLiteral("scenario"), error);
}

ChallengeVariant ChallengeReader::readVariant(const QJsonObject &o, const QString &path, const ScenarioSpec &scenario)
{
    ChallengeVariant v;
    unknownKeys(o, path, {"strategy", "model", "database", "params"});
    v.strategy = string(o, path, "strategy", false);
    if (!failed() && !v.strategy.isEmpty() && scenario.strategyIndex(v.strategy) < 0) {
        QStringList ids;
        for (const StrategySpec &s : scenario.strategies)
            ids << s.id;
        fail(join(path, "strategy"),
             tr("unknown strategy \"%1\" (the scenario has %2)").arg(v.strategy, ids.join(QStringLiteral(", "))));
    }
    const QString model = string(o, path, "model", false);
    if (!failed() && !model.isEmpty()) {
        QString problem;
        if (const auto m = ExecutionModel::parse(model, &problem)) {
            v.model = *m;
            v.modelGiven = true;
        } else {
            fail(join(path, "model"), problem);
        }
    }
    const QString database = string(o, path, "database", false);
    if (!failed() && !database.isEmpty()) {
        QString problem;
        v.database = DatabaseVariant::parse(database, &problem);
        if (!v.database)
            fail(join(path, "database"), problem);
    }
    readParams(object(o, path, "params", false), join(path, "params"), scenario, v);
    return v;
}

void ChallengeReader::readParams(const QJsonObject &o, const QString &path, const ScenarioSpec &scenario,
                                 ChallengeVariant &v)
{
    for (auto it = o.begin(); it != o.end() && !failed(); ++it) {
        const QString at = jsonPath(path, it.key());
        const ParameterSpec *spec = scenario.param(it.key());
        if (!spec) {
            fail(at, tr("the scenario has no parameter \"%1\"").arg(it.key()));
            return;
        }
        QString problem;
        const std::optional<int64_t> value = wholeNumber(it.value(), &problem);
        if (!value)
            fail(at, problem);
        else if (*value < spec->minimum || *value > spec->maximum)
            fail(at, tr("%1 is outside %2 … %3").arg(*value).arg(spec->minimum).arg(spec->maximum));
        else
            v.params.insert(it.key(), *value);
    }
}

void ChallengeReader::readGoal(const QJsonObject &o, Challenge &c)
{
    const QString path = QStringLiteral("goal");
    unknownKeys(o, path, {"kind", "expression", "rule", "anomaly", "maxMoves", "figure", "choices"});
    const QString kind = string(o, path, "kind", true);
    if (failed())
        return;
    const auto parsed = ChallengeGoal::parseKind(kind);
    if (!parsed) {
        fail(join(path, "kind"),
             tr("unknown goal \"%1\" (expected reach, break, find-all, fix-fails or predict)").arg(kind));
        return;
    }
    ChallengeGoal &goal = c.goal;
    goal.kind = *parsed;
    goal.expression = string(o, path, "expression", goal.kind == ChallengeGoal::Reach);
    goal.rule = string(o, path, "rule", false);
    goal.figure = string(o, path, "figure", goal.kind == ChallengeGoal::Predict);
    const QString anomaly = string(o, path, "anomaly", false);
    if (!failed() && !anomaly.isEmpty()) {
        if (const auto a = ChallengeGoal::parseAnomaly(anomaly))
            goal.anomaly = *a;
        else
            fail(join(path, "anomaly"),
                 tr("unknown anomaly \"%1\" (expected lost-update, deadlock, "
                    "stale-lease-write, foreign-release or any)")
                     .arg(anomaly));
    }
    if (const std::optional<int64_t> moves = integer(o, path, "maxMoves")) {
        if (*moves < 1 || *moves > Stepper::MaxMoves)
            fail(join(path, "maxMoves"), tr("must be between 1 and %1").arg(Stepper::MaxMoves));
        else
            goal.maxMoves = int(*moves);
    }
    if (!failed())
        checkGoal(o, c);
}

// Names resolved and every variant compiled: a challenge that loads can be played.
void ChallengeReader::checkGoal(const QJsonObject &o, Challenge &c)
{
    ChallengeGoal &goal = c.goal;
    const QString path = QStringLiteral("goal");
    if (goal.kind == ChallengeGoal::FixFails) {
        const QJsonValue choices = o.value(QLatin1String("choices"));
        if (!choices.isArray() || choices.toArray().size() < 2) {
            fail(join(path, "choices"), tr("a fix-fails goal needs a list of at least two variants to choose from"));
            return;
        }
        const QJsonArray list = choices.toArray();
        for (int i = 0; i < list.size() && !failed(); ++i) {
            const QString at = jsonPath(join(path, "choices"), i);
            const QJsonObject choice = m_json.object(list.at(i), at);
            if (!failed())
                goal.choices.append(readVariant(choice, at, *c.scenario));
        }
    } else if (o.contains(QLatin1String("choices"))) {
        fail(join(path, "choices"), tr("only a fix-fails goal offers choices"));
    }
    if (!goal.rule.isEmpty() && goal.anomaly != ChallengeGoal::AnyBreak)
        fail(join(path, "anomaly"), tr("give a rule or an anomaly, not both"));
    for (int choice = 0; choice < c.choiceCount() && !failed(); ++choice) {
        QString error;
        const auto machine = c.compileForGrading(choice, &error);
        const QString at =
            goal.kind == ChallengeGoal::FixFails ? jsonPath(join(path, "choices"), choice) : QStringLiteral("variant");
        if (!machine) {
            fail(goal.kind == ChallengeGoal::Reach && error.startsWith(QLatin1String("goal.expression"))
                     ? join(path, "expression")
                     : at,
                 problemOf(error));
            return;
        }
        const auto &rules = machine->invariants();
        if (!goal.rule.isEmpty() &&
            std::none_of(rules.begin(), rules.end(), [&](const Invariant &i) { return i.id == goal.rule; })) {
            QStringList ids;
            for (const Invariant &i : rules)
                ids << i.id;
            fail(join(path, "rule"),
                 tr("the scenario has no rule \"%1\" (it has %2)").arg(goal.rule, ids.join(QStringLiteral(", "))));
        }
        if (goal.kind == ChallengeGoal::Predict && c.figureIndex(*machine) < 0)
            fail(join(path, "figure"), tr("the scenario has no figure \"%1\"").arg(goal.figure));
    }
}

void ChallengeReader::readTranslations(const QJsonObject &root, Challenge &c)
{
    const QJsonObject languages = object(root, QString(), "translations", false);
    for (auto lang = languages.begin(); lang != languages.end() && !failed(); ++lang) {
        const QString at = jsonPath(QStringLiteral("translations"), lang.key());
        const QJsonObject texts = m_json.object(lang.value(), at);
        for (auto t = texts.begin(); t != texts.end(); ++t) {
            if (!t.value().isString()) {
                fail(jsonPath(at, t.key()), JsonReader::tr("must be a string"));
                return;
            }
            c.translations[lang.key()].insert(t.key(), t.value().toString());
        }
    }
}

} // namespace Interleave
