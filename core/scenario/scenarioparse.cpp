#include "scenario/scenarioparse_p.h"

#include "machine/machine.h"

#include <QCoreApplication>

namespace Interleave {

namespace {

bool isIdentifier(const QString &s)
{
    if (s.isEmpty() || !(s.at(0).isLetter() || s.at(0) == u'_'))
        return false;
    for (QChar c : s)
        if (!(c.isLetterOrNumber() || c == u'_' || c == u'-'))
            return false;
    return true;
}

// The "op" of each step kind, in StepKind order.
constexpr const char *stepOps[] = {"read",         "write",   "let",    "fail",     "goto",          "finish",
                                   "update",       "insert",  "exists", "begin",    "commit",        "rollback",
                                   "lock_row",     "lock",    "unlock", "try_lock", "lease_acquire", "lease_release",
                                   "enqueue",      "dequeue", "sleep",  "cpu",      "pause",         "pool_acquire",
                                   "pool_release", "select",  "delete"};
static_assert(std::size(stepOps) == size_t(StepKind::Delete) + 1);

// Reads one step's fields into their typed places. Expression fields may be numbers
// or strings; any other JSON type reads as absent, so the compiler reports it missing.
class StepReader
{
    Q_DECLARE_TR_FUNCTIONS(ScenarioLoader)

public:
    StepReader(JsonReader &r, const QJsonObject &o, const QString &path)
        : r(r)
        , o(o)
        , path(path)
    { }

    void read(StepSpec &step)
    {
        step.path = path;
        const QString op = o.value(QLatin1String("op")).toString();
        const std::optional<StepKind> kind = StepSpec::kindOf(op);
        if (!kind)
            return r.fail(JsonReader::join(path, "op"),
                          tr("unknown step kind \"%1\" (expected one of %2)")
                              .arg(op, StepSpec::opNames().join(QLatin1String(", "))));
        step.kind = *kind;
        // Every field a step may carry; anything else is a typo worth reporting.
        r.unknownKeys(o, path,
                      {"op",      "cell",       "row",       "into", "value",         "if",    "where",     "set",
                       "error",   "to",         "table",     "key",  "mutex",         "lease", "ttl",       "token",
                       "wait",    "checkOwner", "queue",     "ms",   "offload",       "pool",  "timeoutMs", "await",
                       "latency", "fence",      "forUpdate", "note", "sameStatement", "sum",   "retry"},
                      tr("unknown step field \"%1\""));
        readTexts(step);
        // A mistyped flag would otherwise read as false: no yield point, no lock, no wait.
        step.await = flag("await").value_or(false);
        step.forUpdate = flag("forUpdate").value_or(false);
        step.sameStatement = flag("sameStatement").value_or(false);
        step.wait = flag("wait");
        step.checkOwner = flag("checkOwner").value_or(true);
        step.offload = flag("offload").value_or(false);
        readRetry(step);
    }

private:
    // "retry": {"on": ["serialization", "deadlock", "timeout"], "attempts": 3}
    void readRetry(StepSpec &step)
    {
        if (!o.contains(QLatin1String("retry")))
            return;
        const QString rp = JsonReader::join(path, "retry");
        const QJsonObject retry = r.object(o.value(QLatin1String("retry")), rp);
        r.unknownKeys(retry, rp, {"on", "attempts"});
        const QJsonValue on = retry.value(QLatin1String("on"));
        const QJsonArray kinds = on.isString() ? QJsonArray{on} : r.array(retry, rp, "on", true);
        for (int i = 0; i < kinds.size(); ++i) {
            const QString kind = kinds.at(i).toString();
            if (kind != QLatin1String("serialization") && kind != QLatin1String("deadlock") &&
                kind != QLatin1String("timeout"))
                return r.fail(JsonReader::index(JsonReader::join(rp, "on"), i),
                              tr("unknown error kind \"%1\" (expected serialization, deadlock or timeout)")
                                  .arg(kinds.at(i).toString()));
            step.retryOn << kind;
        }
        step.retryAttempts = r.integer(retry, rp, "attempts", true);
        if (step.retryAttempts < 1 || step.retryAttempts > 100)
            r.fail(JsonReader::join(rp, "attempts"), tr("must be a whole number from 1 to 100"));
    }
    void readTexts(StepSpec &step) const
    {
        step.cell = text("cell");
        step.row = text("row");
        step.into = text("into");
        step.token = text("token");
        step.value = text("value");
        step.key = text("key");
        step.ttl = text("ttl");
        step.ms = text("ms");
        step.to = text("to");
        step.table = text("table");
        step.condition = optionalText("if");
        step.where = optionalText("where");
        step.fence = optionalText("fence");
        step.latency = optionalText("latency");
        step.timeoutMs = optionalText("timeoutMs");
        step.mutex = o.value(QLatin1String("mutex")).toString();
        step.queue = o.value(QLatin1String("queue")).toString();
        step.pool = o.value(QLatin1String("pool")).toString();
        if (o.contains(QLatin1String("lease")))
            step.lease = o.value(QLatin1String("lease")).toString();
        step.error = o.value(QLatin1String("error")).toString();
        const QJsonObject set = o.value(QLatin1String("set")).toObject();
        for (auto it = set.begin(); it != set.end(); ++it)
            step.set.append({it.key(), textOf(it.value())});
        const QJsonObject sum = o.value(QLatin1String("sum")).toObject();
        for (auto it = sum.begin(); it != sum.end(); ++it)
            step.sum.append({it.key(), textOf(it.value())});
    }
    static QString textOf(const QJsonValue &v)
    {
        return v.isDouble() ? QString::number(int64_t(v.toDouble())) : v.toString();
    }
    QString text(const char *key) const { return textOf(o.value(QLatin1String(key))); }
    std::optional<QString> optionalText(const char *key) const
    {
        return o.contains(QLatin1String(key)) ? std::optional<QString>(text(key)) : std::nullopt;
    }
    std::optional<bool> flag(const char *key)
    {
        if (!o.contains(QLatin1String(key)))
            return std::nullopt;
        return r.boolean(o, path, key, false);
    }

    JsonReader &r;
    const QJsonObject &o;
    const QString &path;
};

void readProgram(JsonReader &r, const QJsonValue &value, const QString &name, const QString &path, ProgramSpec &out)
{
    out.name = name;
    out.path = path;
    if (!value.isArray()) {
        r.fail(path, ScenarioLoader::tr("a program must be a list of lines"));
        return;
    }
    const QJsonArray lines = value.toArray();
    if (lines.isEmpty())
        r.fail(path, ScenarioLoader::tr("a program needs at least one line"));
    for (int i = 0; i < lines.size() && !r.error; ++i) {
        const QString linePath = JsonReader::index(path, i);
        LineSpec line;
        if (lines.at(i).isString()) {
            line.code = lines.at(i).toString(); // display-only line
        } else {
            const QJsonObject o = r.object(lines.at(i), linePath);
            r.unknownKeys(o, linePath, {"code", "label", "steps", "step"});
            line.code = r.string(o, linePath, "code", true);
            line.label = r.string(o, linePath, "label", false);
            QJsonArray steps;
            if (o.contains(QLatin1String("step")))
                steps.append(o.value(QLatin1String("step")));
            for (const QJsonValue &step : r.array(o, linePath, "steps", false))
                steps.append(step);
            for (int k = 0; k < steps.size() && !r.error; ++k) {
                const QString stepPath = JsonReader::index(JsonReader::join(linePath, "steps"), k);
                const QJsonObject o = r.object(steps.at(k), stepPath);
                StepSpec step;
                if (!o.value(QLatin1String("op")).isString())
                    r.fail(stepPath, ScenarioLoader::tr("a step needs an \"op\" string"));
                else
                    StepReader(r, o, stepPath).read(step);
                line.steps.append(step);
            }
        }
        out.lines.append(line);
    }
}

// "database": {"flavour": "mysql", "isolation": "rr"}: the variant the scenario opens on.
void parseDatabase(const QJsonObject &root, JsonReader &r, ScenarioSpec &spec)
{
    if (r.error || !root.contains(QLatin1String("database")))
        return;
    const QJsonObject o = r.object(root.value(QLatin1String("database")), QStringLiteral("database"));
    r.unknownKeys(o, QStringLiteral("database"), {"flavour", "isolation"});
    QString problem;
    const QString flavour = r.string(o, QStringLiteral("database"), "flavour", false);
    if (!r.error && !flavour.isEmpty()) {
        if (const auto f = DatabaseVariant::parseFlavour(flavour, &problem))
            spec.database.flavour = *f;
        else
            r.fail(QStringLiteral("database.flavour"), problem);
    }
    const QString level = r.string(o, QStringLiteral("database"), "isolation", false);
    if (!r.error && !level.isEmpty()) {
        if (const auto l = DatabaseVariant::parseLevel(level, &problem))
            spec.database.level = *l;
        else
            r.fail(QStringLiteral("database.isolation"), problem);
    }
}

void parseHeader(const QJsonObject &root, JsonReader &r, ScenarioSpec &spec)
{
    r.unknownKeys(root, QString(),
                  {"format", "id", "title", "summary", "explanation", "source", "seedNotes", "params", "state",
                   "actors", "strategies", "invariants", "figures", "models", "bugModel", "database", "translations"});
    const qint64 format = r.integer(root, QString(), "format", true);
    if (!r.error && format != 1)
        r.fail(QStringLiteral("format"),
               ScenarioLoader::tr("unsupported format %1 (this version reads format 1)").arg(format));
    spec.id = r.string(root, QString(), "id", true);
    if (!r.error && !isIdentifier(spec.id))
        r.fail(QStringLiteral("id"),
               ScenarioLoader::tr("\"%1\" is not a valid id (letters, digits, - and _)").arg(spec.id));
    spec.title = r.string(root, QString(), "title", true);
    spec.summary = r.string(root, QString(), "summary", false);
    spec.explanation = r.string(root, QString(), "explanation", false);
    spec.source = r.string(root, QString(), "source", false);

    const QJsonArray notes = r.array(root, QString(), "seedNotes", false);
    for (int i = 0; i < notes.size() && !r.error; ++i) {
        const QString p = JsonReader::index(QStringLiteral("seedNotes"), i);
        const QJsonObject o = r.object(notes.at(i), p);
        r.unknownKeys(o, p, {"claim", "reality"});
        spec.seedNotes.append({r.string(o, p, "claim", true), r.string(o, p, "reality", true)});
    }
}

void parseParams(const QJsonObject &root, JsonReader &r, ScenarioSpec &spec)
{
    const QJsonArray params = r.array(root, QString(), "params", false);
    for (int i = 0; i < params.size() && !r.error; ++i) {
        const QString p = JsonReader::index(QStringLiteral("params"), i);
        const QJsonObject o = r.object(params.at(i), p);
        r.unknownKeys(o, p, {"name", "label", "help", "default", "min", "max"});
        ParameterSpec param;
        param.name = r.string(o, p, "name", true);
        param.label = r.string(o, p, "label", false, param.name);
        param.help = r.string(o, p, "help", false);
        param.defaultValue = r.integer(o, p, "default", true);
        param.minimum = r.integer(o, p, "min", false, 0);
        param.maximum = r.integer(o, p, "max", false, 1000000);
        if (r.error)
            break;
        if (!isIdentifier(param.name) || param.name.contains(u'-'))
            r.fail(JsonReader::join(p, "name"),
                   ScenarioLoader::tr("\"%1\" is not a valid parameter name").arg(param.name));
        else if (spec.param(param.name))
            r.fail(JsonReader::join(p, "name"),
                   ScenarioLoader::tr("parameter \"%1\" is defined twice").arg(param.name));
        else if (param.minimum > param.maximum)
            r.fail(p, ScenarioLoader::tr("min %1 is greater than max %2").arg(param.minimum).arg(param.maximum));
        else if (param.defaultValue < param.minimum || param.defaultValue > param.maximum)
            r.fail(JsonReader::join(p, "default"),
                   ScenarioLoader::tr("default %1 lies outside %2…%3")
                       .arg(param.defaultValue)
                       .arg(param.minimum)
                       .arg(param.maximum));
        spec.params.append(param);
    }
    if (!r.error) {
        const QJsonValue state = root.value(QLatin1String("state"));
        if (!state.isUndefined())
            spec.state = r.object(state, QStringLiteral("state"));
    }
}

void parseActors(const QJsonObject &root, JsonReader &r, ScenarioSpec &spec)
{
    const QJsonArray actors = r.array(root, QString(), "actors", true);
    if (!r.error && actors.isEmpty())
        r.fail(QStringLiteral("actors"), ScenarioLoader::tr("a scenario needs at least one actor"));
    for (int i = 0; i < actors.size() && !r.error; ++i) {
        const QString p = JsonReader::index(QStringLiteral("actors"), i);
        const QJsonObject o = r.object(actors.at(i), p);
        r.unknownKeys(o, p, {"name", "program", "repeat", "locals"});
        ActorSpec actor;
        actor.path = p;
        actor.name = r.string(o, p, "name", false, QStringLiteral("Request %1"));
        actor.program = r.string(o, p, "program", false, QStringLiteral("main"));
        actor.repeat = r.expression(o, p, "repeat", false, QStringLiteral("1"));
        const QJsonValue locals = o.value(QLatin1String("locals"));
        if (!locals.isUndefined()) {
            const QString localsPath = JsonReader::join(p, "locals");
            const QJsonObject lo = r.object(locals, localsPath);
            for (auto it = lo.begin(); it != lo.end() && !r.error; ++it) {
                if (!it.value().isString() && !it.value().isDouble())
                    r.fail(JsonReader::join(localsPath, it.key()),
                           ScenarioLoader::tr("must be a number or an expression"));
                actor.locals.append({it.key(), r.expression(lo, localsPath, it.key().toUtf8().constData(), true)});
            }
        }
        spec.actors.append(actor);
    }
}

// "expect": "safe" | "broken" for every model, or one of them per model.
void parseExpect(const QJsonObject &o, const QString &p, JsonReader &r, StrategySpec &s)
{
    const QJsonValue expect = o.value(QLatin1String("expect"));
    if (expect.isString()) {
        for (const char *m : {"threads", "eventloop", "instances"})
            s.expect.insert(QLatin1String(m), expect.toString());
    } else if (expect.isObject()) {
        const QJsonObject eo = expect.toObject();
        for (auto it = eo.begin(); it != eo.end(); ++it)
            s.expect.insert(it.key(), it.value().toString());
    } else if (!expect.isUndefined()) {
        r.fail(JsonReader::join(p, "expect"),
               ScenarioLoader::tr("must be \"safe\", \"broken\" or an object per model"));
    }
    for (auto it = s.expect.cbegin(); it != s.expect.cend() && !r.error; ++it) {
        if (it.key() != QLatin1String("threads") && it.key() != QLatin1String("eventloop") &&
            it.key() != QLatin1String("instances"))
            r.fail(JsonReader::join(p, "expect"), ScenarioLoader::tr("unknown model \"%1\"").arg(it.key()));
        else if (*it != QLatin1String("safe") && *it != QLatin1String("broken"))
            r.fail(JsonReader::join(JsonReader::join(p, "expect"), it.key()),
                   ScenarioLoader::tr("must be \"safe\" or \"broken\", not \"%1\"").arg(*it));
    }
}

void parsePrograms(const QJsonObject &o, const QString &p, JsonReader &r, StrategySpec &s)
{
    const QJsonValue programs = o.value(QLatin1String("programs"));
    if (programs.isUndefined()) {
        r.fail(p, ScenarioLoader::tr("missing required field \"programs\""));
        return;
    }
    const QString programsPath = JsonReader::join(p, "programs");
    const QJsonObject po = r.object(programs, programsPath);
    if (!r.error && po.isEmpty())
        r.fail(programsPath, ScenarioLoader::tr("a strategy needs at least one program"));
    for (auto it = po.begin(); it != po.end() && !r.error; ++it) {
        ProgramSpec program;
        readProgram(r, it.value(), it.key(), JsonReader::join(programsPath, it.key()), program);
        s.programs.append(program);
    }
}

void parseStrategies(const QJsonObject &root, JsonReader &r, ScenarioSpec &spec)
{
    const QJsonArray strategies = r.array(root, QString(), "strategies", true);
    if (!r.error && strategies.isEmpty())
        r.fail(QStringLiteral("strategies"), ScenarioLoader::tr("a scenario needs at least one strategy"));
    for (int i = 0; i < strategies.size() && !r.error; ++i) {
        const QString p = JsonReader::index(QStringLiteral("strategies"), i);
        const QJsonObject o = r.object(strategies.at(i), p);
        r.unknownKeys(o, p, {"id", "label", "description", "fix", "programs", "database", "expect"});
        StrategySpec s;
        s.path = p;
        s.id = r.string(o, p, "id", true);
        s.label = r.string(o, p, "label", false, s.id);
        s.description = r.string(o, p, "description", false);
        s.fix = r.string(o, p, "fix", false, QStringLiteral("none"));
        if (r.error)
            break;
        if (!isIdentifier(s.id))
            r.fail(JsonReader::join(p, "id"), ScenarioLoader::tr("\"%1\" is not a valid id").arg(s.id));
        else if (spec.strategyIndex(s.id) >= 0)
            r.fail(JsonReader::join(p, "id"), ScenarioLoader::tr("strategy \"%1\" is defined twice").arg(s.id));
        const QJsonValue db = o.value(QLatin1String("database"));
        if (!db.isUndefined())
            s.database = r.object(db, JsonReader::join(p, "database"));
        parseExpect(o, p, r, s);
        parsePrograms(o, p, r, s);
        spec.strategies.append(s);
    }
}

// What is checked and shown: invariants (the rules) and figures (the dashboard's numbers).
void parseChecks(const QJsonObject &root, JsonReader &r, ScenarioSpec &spec)
{
    const QJsonArray invariants = r.array(root, QString(), "invariants", false);
    for (int i = 0; i < invariants.size() && !r.error; ++i) {
        const QString p = JsonReader::index(QStringLiteral("invariants"), i);
        const QJsonObject o = r.object(invariants.at(i), p);
        r.unknownKeys(o, p, {"id", "label", "check", "explanation", "always"});
        InvariantSpec inv;
        inv.path = p;
        inv.id = r.string(o, p, "id", true);
        inv.label = r.string(o, p, "label", true);
        inv.check = r.expression(o, p, "check", true);
        inv.explanation = r.string(o, p, "explanation", false);
        inv.always = r.boolean(o, p, "always", false);
        spec.invariants.append(inv);
    }
    const QJsonArray figures = r.array(root, QString(), "figures", false);
    for (int i = 0; i < figures.size() && !r.error; ++i) {
        const QString p = JsonReader::index(QStringLiteral("figures"), i);
        const QJsonObject o = r.object(figures.at(i), p);
        r.unknownKeys(o, p, {"label", "actual", "expected"});
        spec.figures.append({r.string(o, p, "label", true), r.expression(o, p, "actual", true),
                             r.expression(o, p, "expected", false), p});
    }
}

void parseModels(const QJsonObject &root, JsonReader &r, ScenarioSpec &spec)
{
    const QJsonArray models = r.array(root, QString(), "models", false);
    for (int i = 0; i < models.size() && !r.error; ++i) {
        QString error;
        if (!models.at(i).isString() || !ExecutionModel::parse(models.at(i).toString(), &error))
            r.fail(JsonReader::index(QStringLiteral("models"), i),
                   error.isEmpty() ? ScenarioLoader::tr("must be a model name") : error);
        else
            spec.models.append(models.at(i).toString());
    }
    if (spec.models.isEmpty())
        spec.models = {QStringLiteral("threads"), QStringLiteral("eventloop"), QStringLiteral("instances:2")};
    spec.bugModel = r.string(root, QString(), "bugModel", false);
    if (!r.error && !spec.bugModel.isEmpty() && !spec.models.contains(spec.bugModel))
        r.fail(QStringLiteral("bugModel"),
               ScenarioLoader::tr("\"%1\" is not one of the scenario's models (%2)")
                   .arg(spec.bugModel, spec.models.join(QStringLiteral(", "))));
    if (spec.bugModel.isEmpty())
        spec.bugModel = spec.models.value(0);
}

// "translations": {"de": {"title": "…"}}: texts per language, applied after loading.
void parseTranslations(const QJsonObject &root, JsonReader &r, ScenarioSpec &spec)
{
    const QJsonValue translations = root.value(QLatin1String("translations"));
    if (r.error || translations.isUndefined())
        return;
    const QJsonObject languages = r.object(translations, QStringLiteral("translations"));
    for (auto it = languages.begin(); it != languages.end() && !r.error; ++it) {
        const QString p = JsonReader::join(QStringLiteral("translations"), it.key());
        if (!isIdentifier(it.key()) || it.key().contains(u'-'))
            r.fail(p, ScenarioLoader::tr("\"%1\" is not a language code such as \"de\" or \"pt_BR\"").arg(it.key()));
        const QJsonObject texts = r.object(it.value(), p);
        for (auto t = texts.begin(); t != texts.end() && !r.error; ++t) {
            if (!t.value().isString())
                r.fail(JsonReader::join(p, t.key()), ScenarioLoader::tr("a translation must be a string"));
            spec.translations[it.key()].insert(t.key(), t.value().toString());
        }
    }
}

} // namespace

std::shared_ptr<ScenarioSpec> parseScenario(const QJsonObject &root, JsonReader &r)
{
    auto spec = std::make_shared<ScenarioSpec>();
    // Each section stops at the first problem; later sections then only return fallbacks.
    for (const auto section : {parseHeader, parseParams, parseActors, parseStrategies, parseChecks, parseModels,
                               parseDatabase, parseTranslations})
        section(root, r, *spec);
    return spec;
}

bool isScenarioIdentifier(const QString &s)
{
    return isIdentifier(s);
}

QString StepSpec::opName() const
{
    return QLatin1String(stepOps[size_t(kind)]);
}

std::optional<StepKind> StepSpec::kindOf(const QString &op)
{
    for (size_t i = 0; i < std::size(stepOps); ++i)
        if (op == QLatin1String(stepOps[i]))
            return StepKind(i);
    return std::nullopt;
}

QStringList StepSpec::opNames()
{
    QStringList all;
    for (const char *op : stepOps)
        all << QLatin1String(op);
    return all;
}

} // namespace Interleave
