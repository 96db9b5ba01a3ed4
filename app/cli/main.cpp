// interleave-cli: the headless front end. Parses the options every verb shares
// into a CliContext, then hands over to the verb. Bad input always ends with
// one line naming the bad argument and exit code 2 (commands.h).

#include "commands.h"
#include "i18n/translations.h"
#include "output.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTextStream>

#include <functional>
#include <optional>

using namespace Interleave;
using namespace Cli;

namespace Cli {

std::shared_ptr<const Machine> CliContext::machine() const
{
    QString error;
    auto m = Machine::compile(*scenario, strategy, model, params, &error, database);
    if (!m)
        *err << QStringLiteral("interleave-cli: %1").arg(error) << Qt::endl;
    return m;
}

} // namespace Cli

namespace {

struct Verb
{
    QString name;
    QString summary;
    std::function<void(QCommandLineParser &)> addOptions;
    std::function<int(const CliContext &)> run;
    int arguments = 0; // words after the verb ("challenge show ID": 2)
};

QList<Verb> verbs()
{
    return {
        {QStringLiteral("list"),
         Text::tr("List scenarios, their strategies, models and parameters (with --scenario: one scenario in full)."),
         addListOptions, runList},
        {QStringLiteral("run"),
         Text::tr("Run the scenario on real threads, many trials, and print the outcome histogram."), addRunOptions,
         runRun},
        {QStringLiteral("step"), Text::tr("Replay one schedule in the deterministic stepper and narrate every event."),
         addStepOptions, runStep},
        {QStringLiteral("explore"),
         Text::tr("Count every interleaving and its outcome, with the simplest schedule that breaks a rule."),
         addExploreOptions, runExplore},
        {QStringLiteral("isolation"),
         Text::tr("Explore Hermitage's anomalies under every database and isolation level: the Markdown table of "
                  "docs/isolation-table.md."),
         addIsolationOptions, runIsolation},
        {QStringLiteral("export"),
         Text::tr("Export a timeline (PNG, SVG, PDF), a Perfetto trace or the wait-for graph (DOT) without a window."),
         addExportOptions, runExport},
        {QStringLiteral("challenge"),
         Text::tr("The built-in course of challenges: list, show ID, check ID --schedule MOVES or --predict VALUES, "
                  "hint ID."),
         addChallengeOptions, runChallenge, 2},
    };
}

void addCommonOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("scenario"),
                      Text::tr("Built-in scenario id or a scenario .json file (default: lost-update)."),
                      Text::tr("ID|FILE")});
    parser.addOption({QStringLiteral("strategy"),
                      Text::tr("Strategy (fix) id (default: the scenario's first, usually the broken one)."),
                      Text::tr("ID")});
    parser.addOption({QStringLiteral("model"),
                      Text::tr("Execution model: threads, eventloop or instances:N (default: threads)."),
                      Text::tr("MODEL")});
    parser.addOption({QStringLiteral("db"),
                      Text::tr("Database: mysql (InnoDB) or postgres (default: the scenario's, usually mysql)."),
                      Text::tr("FLAVOUR")});
    parser.addOption({QStringLiteral("isolation"),
                      Text::tr("Isolation level: ru, rc, rr or ser (default: the scenario's, usually rr)."),
                      Text::tr("LEVEL")});
    parser.addOption({QStringLiteral("param"),
                      Text::tr("Set a scenario parameter, for example requests=3 (repeatable)."),
                      Text::tr("NAME=VALUE")});
    parser.addOption({QStringLiteral("json"), Text::tr("Print JSON instead of text (format in docs/cli.md).")});
}

QString usage(const QList<Verb> &all)
{
    QString text = Text::tr("Usage: interleave-cli <verb> [options]\n\nInterleave shows concurrency bugs happen: lost "
                            "updates, overselling, deadlocks, expired leases.\n\nVerbs:\n");
    for (const Verb &v : all)
        text += QStringLiteral("  %1  %2\n").arg(v.name.leftJustified(8), v.summary);
    text += Text::tr("\nOptions every verb takes: --scenario ID|FILE, --strategy ID, --model MODEL, --db FLAVOUR, "
                     "--isolation LEVEL,\n"
                     "--param NAME=VALUE, --json.\n"
                     "Run \"interleave-cli <verb> --help\" for a verb's own options.\n");
    return text;
}

// QCommandLineParser's errors, reworded to name the argument in our one-line form.
QString parseError(const QCommandLineParser &parser)
{
    const QStringList unknown = parser.unknownOptionNames();
    if (!unknown.isEmpty()) {
        const QString name = unknown.front();
        return Text::tr("unknown option \"%1%2\"")
            .arg(name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--"), name);
    }
    return parser.errorText();
}

int badInput(QTextStream &err, const QString &message)
{
    err << QStringLiteral("interleave-cli: %1").arg(message) << Qt::endl;
    return BadInput;
}

QString verbNames(const QList<Verb> &all)
{
    QStringList names;
    for (const Verb &v : all)
        names << v.name;
    return names.join(QLatin1String(", "));
}

// First pass, with the named verb's options, only to find which verb was asked for.
// Not every verb's: verbs share option names (--schedule), which one parser cannot hold twice.
// Sets verbName, or answers --help, --version or a mistake and returns the exit code.
std::optional<int> probeVerb(QTextStream &out, QTextStream &err, const QStringList &arguments, const QList<Verb> &all,
                             QString &verbName)
{
    QCommandLineParser probe;
    addCommonOptions(probe);
    for (const Verb &v : all)
        if (arguments.contains(v.name)) {
            v.addOptions(probe);
            break;
        }
    probe.addHelpOption();
    probe.addVersionOption();
    if (!probe.parse(arguments))
        return badInput(err, parseError(probe));
    verbName = probe.positionalArguments().value(0);
    if (!verbName.isEmpty() && verbName != QLatin1String("help"))
        return std::nullopt;
    const QString about = probe.positionalArguments().value(1);
    if (!about.isEmpty()) {
        verbName = about; // "help run" is "run --help"
        return std::nullopt;
    }
    if (probe.isSet(QStringLiteral("version"))) {
        out << QStringLiteral("interleave-cli %1").arg(QCoreApplication::applicationVersion()) << Qt::endl;
        return Ok;
    }
    if (probe.isSet(QStringLiteral("help")) || verbName == QLatin1String("help")) {
        out << usage(all);
        return Ok;
    }
    return badInput(err, Text::tr("missing verb (expected %1; see interleave-cli --help)").arg(verbNames(all)));
}

bool readStrategy(const QCommandLineParser &parser, QTextStream &err, CliContext &context)
{
    const ScenarioSpec &spec = *context.scenario;
    if (!parser.isSet(QStringLiteral("strategy"))) {
        context.strategy = spec.strategies.isEmpty() ? QString() : spec.strategies.front().id;
        return true;
    }
    context.strategy = parser.value(QStringLiteral("strategy"));
    if (spec.strategyIndex(context.strategy) >= 0)
        return true;
    QStringList ids;
    for (const StrategySpec &s : spec.strategies)
        ids << s.id;
    badInput(err,
             Text::tr("--strategy \"%1\": scenario \"%2\" has no such strategy (it has %3)")
                 .arg(context.strategy, spec.id, ids.join(QLatin1String(", "))));
    return false;
}

bool readModel(const QCommandLineParser &parser, QTextStream &err, CliContext &context)
{
    if (!parser.isSet(QStringLiteral("model")))
        return true;
    const ScenarioSpec &spec = *context.scenario;
    const QString text = parser.value(QStringLiteral("model"));
    QString error;
    auto model = ExecutionModel::parse(text, &error);
    if (!model) {
        badInput(err, QStringLiteral("--model: %1").arg(error));
        return false;
    }
    const QString kind = model->toString().section(u':', 0, 0);
    const bool offered = std::any_of(spec.models.begin(), spec.models.end(),
                                     [&](const QString &m) { return m.section(u':', 0, 0) == kind; });
    if (!offered) {
        badInput(err,
                 Text::tr("--model \"%1\": scenario \"%2\" offers only %3")
                     .arg(text, spec.id, spec.models.join(QLatin1String(", "))));
        return false;
    }
    context.model = *model;
    return true;
}

// --db and --isolation override the scenario's database; each part alone keeps the other.
bool readDatabase(const QCommandLineParser &parser, QTextStream &err, CliContext &context)
{
    QString error;
    DatabaseVariant database = context.scenario->database;
    if (parser.isSet(QStringLiteral("db"))) {
        const auto flavour = DatabaseVariant::parseFlavour(parser.value(QStringLiteral("db")), &error);
        if (!flavour) {
            badInput(err, QStringLiteral("--db: %1").arg(error));
            return false;
        }
        database.flavour = *flavour;
    }
    if (parser.isSet(QStringLiteral("isolation"))) {
        const auto level = DatabaseVariant::parseLevel(parser.value(QStringLiteral("isolation")), &error);
        if (!level) {
            badInput(err, QStringLiteral("--isolation: %1").arg(error));
            return false;
        }
        database.level = *level;
    }
    context.database = database;
    return true;
}

bool readParams(const QCommandLineParser &parser, QTextStream &err, CliContext &context)
{
    const ScenarioSpec &spec = *context.scenario;
    static const QRegularExpression assignment(QStringLiteral("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(-?\\d+)\\s*$"));
    for (const QString &p : parser.values(QStringLiteral("param"))) {
        const QRegularExpressionMatch match = assignment.match(p);
        if (!match.hasMatch()) {
            badInput(
                err,
                Text::tr("--param \"%1\": expected NAME=VALUE with a whole number, for example requests=3").arg(p));
            return false;
        }
        const QString name = match.captured(1);
        bool ok = false;
        const qint64 value = match.captured(2).toLongLong(&ok);
        const ParameterSpec *ps = spec.param(name);
        if (!ps) {
            QStringList names;
            for (const ParameterSpec &q : spec.params)
                names << q.name;
            badInput(err,
                     Text::tr("--param \"%1\": scenario \"%2\" has no parameter \"%3\" (it has %4)")
                         .arg(p, spec.id, name, names.isEmpty() ? Text::tr("none") : names.join(QLatin1String(", "))));
            return false;
        }
        if (!ok || value < ps->minimum || value > ps->maximum) {
            badInput(
                err,
                Text::tr("--param \"%1\": %2 must be from %3 to %4").arg(p, name).arg(ps->minimum).arg(ps->maximum));
            return false;
        }
        context.params.insert(name, value);
    }
    return true;
}

// The options every verb shares: the scenario, its strategy, model and parameters.
bool readCommonOptions(const QCommandLineParser &parser, QTextStream &err, CliContext &context)
{
    QString error;
    const QString scenarioArg = parser.isSet(QStringLiteral("scenario")) ? parser.value(QStringLiteral("scenario"))
                                                                         : QStringLiteral("lost-update");
    context.scenario = ScenarioLoader::resolve(scenarioArg, &error);
    if (!context.scenario) {
        badInput(err, QStringLiteral("--scenario: %1").arg(error));
        return false;
    }
    return readStrategy(parser, err, context) && readModel(parser, err, context) &&
        readDatabase(parser, err, context) && readParams(parser, err, context);
}

} // namespace

int main(int argc, char **argv)
{
    const std::unique_ptr<QCoreApplication> app = createApplication(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("interleave-cli"));
    Translations::install(); // the system locale's language, like the window's default
    QCoreApplication::setApplicationVersion(QStringLiteral(INTERLEAVE_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QStringList arguments = QCoreApplication::arguments();
    const QList<Verb> all = verbs();

    QString verbName;
    if (const std::optional<int> exit = probeVerb(out, err, arguments, all, verbName))
        return *exit;
    const auto verb = std::find_if(all.begin(), all.end(), [&](const Verb &v) { return v.name == verbName; });
    if (verb == all.end())
        return badInput(err, Text::tr("unknown verb \"%1\" (expected %2)").arg(verbName, verbNames(all)));

    // Second pass: only this verb's options, so another verb's option is reported as unknown here.
    QCommandLineParser parser;
    parser.setApplicationDescription(verb->summary);
    addCommonOptions(parser);
    verb->addOptions(parser);
    parser.addHelpOption();
    parser.addPositionalArgument(verb->name, verb->summary);
    if (!parser.parse(arguments))
        return badInput(err, QStringLiteral("%1: %2").arg(verb->name, parseError(parser)));
    const bool helpRequested = parser.isSet(QStringLiteral("help")) || arguments.value(1) == QLatin1String("help");
    if (helpRequested) {
        // helpText() names the binary "interleave-cli [options] run": good as is.
        out << parser.helpText();
        return Ok;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 + verb->arguments)
        return badInput(err,
                        Text::tr("%1: unexpected argument \"%2\"").arg(verb->name, positional.at(1 + verb->arguments)));

    CliContext context;
    context.parser = &parser;
    context.out = &out;
    context.err = &err;
    context.json = parser.isSet(QStringLiteral("json"));
    if (!readCommonOptions(parser, err, context))
        return BadInput;
    return verb->run(context);
}
