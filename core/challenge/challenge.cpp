#include "challenge/challenge.h"

#include "challenge/challengereader.h"
#include "scenario/jsoninput.h"
#include "scenario/scenariotexts.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>

namespace Interleave {

namespace {

struct Names
{
    ChallengeGoal::Kind kind;
    const char *id;
};
constexpr Names KindNames[] = {{ChallengeGoal::Reach, "reach"},
                               {ChallengeGoal::Break, "break"},
                               {ChallengeGoal::FindAll, "find-all"},
                               {ChallengeGoal::FixFails, "fix-fails"},
                               {ChallengeGoal::Predict, "predict"}};
struct AnomalyNames
{
    ChallengeGoal::Anomaly anomaly;
    const char *id;
};
constexpr AnomalyNames AnomalyIds[] = {{ChallengeGoal::AnyBreak, "any"},
                                       {ChallengeGoal::LostUpdate, "lost-update"},
                                       {ChallengeGoal::Deadlock, "deadlock"},
                                       {ChallengeGoal::StaleLeaseWrite, "stale-lease-write"},
                                       {ChallengeGoal::ForeignRelease, "foreign-release"}};

QString shownName(const QString &fileName)
{
    return fileName.startsWith(u':') ? fileName.mid(fileName.lastIndexOf(u'/') + 1) : fileName;
}

// Built-in ids and paths share one argument: an id never contains / or ends in .json.
bool looksLikePath(const QString &text)
{
    return text.contains(u'/') || text.endsWith(QLatin1String(".json"));
}

// Names and values quoted from the file may hold line breaks: the error stays one line.
QString oneLine(QString text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
            const QString escaped = QStringLiteral("\\u%1").arg(int(c), 4, 16, QLatin1Char('0'));
            text.replace(i, 1, escaped);
            i += escaped.size() - 1;
        }
    }
    return text;
}

QString syntaxError(const QByteArray &data, const QString &fileName, const QJsonParseError &parseError)
{
    const TextPosition at = textPosition(data, parseError.offset);
    return ChallengeLoader::tr("%1:%2:%3: JSON syntax error: %4")
        .arg(shownName(fileName))
        .arg(at.line)
        .arg(at.column)
        .arg(parseError.errorString());
}

// `text` in the user's language: the challenge's own translations, else the catalogue.
QString localized(const Challenge &c, const QString &language, const QString &text)
{
    for (const QString &key : {language, language.section(u'_', 0, 0)}) {
        const QString found = c.translations.value(key).value(text);
        if (!found.isEmpty())
            return found;
    }
    return QCoreApplication::translate("Challenge", text.toUtf8().constData());
}

void localize(Challenge &c)
{
    const QLocale locale;
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return;
    const QString language = locale.name();
    for (QString *text : {&c.title, &c.goalText, &c.teaches})
        *text = localized(c, language, *text);
    for (QString &hint : c.hints)
        hint = localized(c, language, hint);
}

} // namespace

QString ChallengeVariant::describe(const ScenarioSpec &scenario) const
{
    const int index = strategy.isEmpty() ? 0 : scenario.strategyIndex(strategy);
    QString text = index >= 0 && index < scenario.strategies.size() ? scenario.strategies.at(index).label : strategy;
    if (modelGiven)
        text += QStringLiteral(", ") + model.displayName();
    if (database)
        text += QStringLiteral(", ") + database->displayName();
    return text;
}

QString ChallengeGoal::kindId(Kind kind)
{
    for (const Names &n : KindNames)
        if (n.kind == kind)
            return QLatin1String(n.id);
    return {};
}

std::optional<ChallengeGoal::Kind> ChallengeGoal::parseKind(const QString &text)
{
    for (const Names &n : KindNames)
        if (text == QLatin1String(n.id))
            return n.kind;
    return std::nullopt;
}

QString ChallengeGoal::anomalyId(Anomaly anomaly)
{
    for (const AnomalyNames &n : AnomalyIds)
        if (n.anomaly == anomaly)
            return QLatin1String(n.id);
    return {};
}

std::optional<ChallengeGoal::Anomaly> ChallengeGoal::parseAnomaly(const QString &text)
{
    for (const AnomalyNames &n : AnomalyIds)
        if (text == QLatin1String(n.id))
            return n.anomaly;
    return std::nullopt;
}

std::shared_ptr<const Machine> Challenge::compile(int choice, QString *error) const
{
    return compileVariant(*scenario, choice, error);
}

std::shared_ptr<const Machine> Challenge::compileForGrading(int choice, QString *error) const
{
    if (goal.kind != ChallengeGoal::Reach)
        return compile(choice, error);
    ScenarioSpec withGoal = *scenario;
    FigureSpec figure;
    figure.label = tr("Goal reached");
    figure.actual = goal.expression; // true (non-zero) when reached
    figure.path = QStringLiteral("goal.expression");
    withGoal.figures.append(figure);
    return compileVariant(withGoal, choice, error);
}

int Challenge::figureIndex(const Machine &machine) const
{
    const QString language = QLocale().name();
    const QString translated = ScenarioTexts::translate(*scenario, language, goal.figure);
    for (size_t i = 0; i < machine.figures().size(); ++i) {
        const QString &label = machine.figures()[i].label;
        if (label == goal.figure || label == translated)
            return int(i);
    }
    return -1;
}

ChallengeVariant Challenge::variantOf(int choice) const
{
    ChallengeVariant v = variant;
    if (goal.kind == ChallengeGoal::FixFails && choice >= 0 && choice < goal.choices.size()) {
        const ChallengeVariant &c = goal.choices.at(choice);
        if (!c.strategy.isEmpty())
            v.strategy = c.strategy;
        if (c.modelGiven) {
            v.model = c.model;
            v.modelGiven = true;
        }
        if (c.database)
            v.database = c.database;
        for (auto it = c.params.begin(); it != c.params.end(); ++it)
            v.params.insert(it.key(), it.value());
    }
    return v;
}

QString Challenge::choiceLabel(int choice) const
{
    return variantOf(choice).describe(*scenario);
}

std::shared_ptr<const Machine> Challenge::compileVariant(const ScenarioSpec &spec, int choice, QString *error) const
{
    const ChallengeVariant v = variantOf(choice);
    QHash<QString, int64_t> params;
    for (const ParameterSpec &p : spec.params)
        params.insert(p.name, p.defaultValue);
    for (auto it = v.params.begin(); it != v.params.end(); ++it)
        params.insert(it.key(), it.value());
    ExecutionModel model = v.model;
    if (!v.modelGiven && !spec.bugModel.isEmpty())
        model = ExecutionModel::parse(spec.bugModel, nullptr).value_or(ExecutionModel{});
    const QString strategy = v.strategy.isEmpty() ? spec.strategies.value(0).id : v.strategy;
    return Machine::compile(spec, strategy, model, params, error, v.database);
}

QString Challenge::goalSummary() const
{
    switch (goal.kind) {
    case ChallengeGoal::Reach:
        return goal.maxMoves > 0
            ? tr("End in a state where %1, in at most %n move(s).", nullptr, goal.maxMoves).arg(goal.expression)
            : tr("End in a state where %1.").arg(goal.expression);
    case ChallengeGoal::Break:
        if (!goal.rule.isEmpty())
            return tr("Break the rule \"%1\".").arg(goal.rule);
        if (goal.anomaly != ChallengeGoal::AnyBreak)
            return tr("Make it show: %1.").arg(ChallengeGoal::anomalyId(goal.anomaly));
        return tr("Break a rule.");
    case ChallengeGoal::FindAll:
        return tr("Find every outcome that breaks a rule.");
    case ChallengeGoal::FixFails:
        return tr("Pick the variant where the fix fails, and make it fail.");
    case ChallengeGoal::Predict:
        return tr("Predict every possible final value of %1.").arg(goal.figure);
    }
    return {};
}

std::shared_ptr<const Challenge> ChallengeLoader::loadData(const QByteArray &data, const QString &fileName,
                                                           QString *error, bool allowFiles)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = oneLine(syntaxError(data, fileName, parseError));
        return nullptr;
    }
    if (!doc.isObject()) {
        if (error)
            *error = tr("%1:1: the file must hold one JSON object { … }").arg(shownName(fileName));
        return nullptr;
    }
    ChallengeReader reader(fileName, allowFiles && !fileName.startsWith(u':'));
    std::shared_ptr<Challenge> challenge = reader.read(doc.object());
    if (!challenge) {
        if (error) {
            const ChallengeReader::Problem &p = reader.problem();
            *error = oneLine(tr("%1:%2: %3: %4")
                                 .arg(shownName(fileName))
                                 .arg(jsonLineOf(data, p.path))
                                 .arg(p.path.isEmpty() ? tr("top level") : p.path, p.message));
        }
        return nullptr;
    }
    challenge->fileName = fileName;
    localize(*challenge); // the checks above ran on the file as written
    return challenge;
}

std::shared_ptr<const Challenge> ChallengeLoader::loadFile(const QString &path, QString *error)
{
    const QFileInfo info(path);
    if (!info.isFile()) {
        if (error)
            *error = tr("%1: no such challenge file").arg(path);
        return nullptr;
    }
    if (info.size() > MaxFileBytes) {
        if (error)
            *error = tr("%1: file is larger than 1 MiB; a challenge is a small JSON file").arg(path);
        return nullptr;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("%1: cannot read: %2").arg(path, file.errorString());
        return nullptr;
    }
    return loadData(file.readAll(), path, error);
}

QList<std::shared_ptr<const Challenge>> ChallengeLoader::loadCourse(QStringList *errors)
{
    QList<std::shared_ptr<const Challenge>> course;
    const QDir dir(QStringLiteral(":/challenges"));
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QString error;
        if (auto challenge = loadFile(dir.filePath(name), &error))
            course.append(challenge);
        else if (errors)
            errors->append(error);
    }
    return course;
}

std::shared_ptr<const Challenge> ChallengeLoader::resolve(const QString &idOrPath, QString *error)
{
    if (looksLikePath(idOrPath))
        return loadFile(idOrPath, error);
    QStringList ids;
    for (const auto &challenge : loadCourse()) {
        if (challenge->id == idOrPath)
            return challenge;
        ids << challenge->id;
    }
    if (error)
        *error = tr("unknown challenge \"%1\" (built-in: %2; or give a .json file)")
                     .arg(idOrPath, ids.join(QLatin1String(", ")));
    return nullptr;
}

QStringList ChallengeLoader::texts(const Challenge &challenge)
{
    QStringList out;
    for (const QString &text : {challenge.title, challenge.goalText, challenge.teaches})
        if (!text.trimmed().isEmpty() && !out.contains(text))
            out << text;
    for (const QString &hint : challenge.hints)
        if (!hint.trimmed().isEmpty() && !out.contains(hint))
            out << hint;
    return out;
}

} // namespace Interleave
