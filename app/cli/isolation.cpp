// `isolation`: Hermitage's anomalies under every database flavour and isolation
// level, explored over every interleaving, beside Hermitage's published result:
// the Markdown table of docs/isolation-table.md (docs/cli.md).

#include "commands.h"
#include "output.h"

#include "drivers/stepper.h"
#include "explore/explorer.h"

#include <QSet>

using namespace Interleave;

namespace Cli {

namespace {

const QList<DatabaseVariant> &variants()
{
    static const QList<DatabaseVariant> all = [] {
        QList<DatabaseVariant> list;
        for (auto flavour : {DatabaseVariant::MySql, DatabaseVariant::Postgres})
            for (auto level : {DatabaseVariant::ReadUncommitted, DatabaseVariant::ReadCommitted,
                               DatabaseVariant::RepeatableRead, DatabaseVariant::Serializable})
                list << DatabaseVariant{flavour, level};
        return list;
    }();
    return all;
}

// What Hermitage's mysql.md (MySQL 5.6) and postgres.md (PostgreSQL 9.3) report, per
// scenario and "flavour/level"; a level it does not test is absent.
QString hermitageSays(const QString &scenario, const QString &variant)
{
    static const QHash<QString, QHash<QString, QString>> table{
        {QStringLiteral("hermitage-g0"),
         {{QStringLiteral("mysql/ru"), QStringLiteral("prevented")},
          {QStringLiteral("postgres/rc"), QStringLiteral("prevented")}}},
        {QStringLiteral("hermitage-g1a"),
         {{QStringLiteral("mysql/ru"), QStringLiteral("possible")},
          {QStringLiteral("mysql/rc"), QStringLiteral("prevented")},
          {QStringLiteral("postgres/rc"), QStringLiteral("prevented")}}},
        {QStringLiteral("hermitage-g1b"),
         {{QStringLiteral("mysql/ru"), QStringLiteral("possible")},
          {QStringLiteral("mysql/rc"), QStringLiteral("prevented")},
          {QStringLiteral("postgres/rc"), QStringLiteral("prevented")}}},
        {QStringLiteral("hermitage-g1c"),
         {{QStringLiteral("mysql/ru"), QStringLiteral("possible")},
          {QStringLiteral("mysql/rc"), QStringLiteral("prevented")},
          {QStringLiteral("postgres/rc"), QStringLiteral("prevented")}}},
        {QStringLiteral("hermitage-otv"),
         {{QStringLiteral("mysql/ru"), QStringLiteral("possible")},
          {QStringLiteral("mysql/rc"), QStringLiteral("prevented")},
          {QStringLiteral("postgres/rc"), QStringLiteral("prevented")}}},
        {QStringLiteral("hermitage-p4"),
         {{QStringLiteral("mysql/rr"), QStringLiteral("possible")},
          {QStringLiteral("mysql/ser"), QStringLiteral("prevented (1213)")},
          {QStringLiteral("postgres/rc"), QStringLiteral("possible")},
          {QStringLiteral("postgres/rr"), QStringLiteral("prevented (40001)")}}},
        {QStringLiteral("hermitage-g-single"),
         {{QStringLiteral("mysql/rc"), QStringLiteral("possible")},
          {QStringLiteral("mysql/rr"), QStringLiteral("prevented")},
          {QStringLiteral("postgres/rc"), QStringLiteral("possible")},
          {QStringLiteral("postgres/rr"), QStringLiteral("prevented")}}},
        {QStringLiteral("hermitage-g2-item"),
         {{QStringLiteral("mysql/rr"), QStringLiteral("possible")},
          {QStringLiteral("mysql/ser"), QStringLiteral("prevented (1213)")},
          {QStringLiteral("postgres/rr"), QStringLiteral("possible")},
          {QStringLiteral("postgres/ser"), QStringLiteral("prevented (40001)")}}},
        {QStringLiteral("hermitage-pmp"),
         {{QStringLiteral("mysql/rc"), QStringLiteral("possible")},
          {QStringLiteral("mysql/rr"), QStringLiteral("prevented")},
          {QStringLiteral("postgres/rc"), QStringLiteral("possible")},
          {QStringLiteral("postgres/rr"), QStringLiteral("prevented")}}},
        {QStringLiteral("hermitage-pmp-write"),
         {{QStringLiteral("mysql/rc"), QStringLiteral("possible")},
          {QStringLiteral("mysql/rr"), QStringLiteral("possible")},
          {QStringLiteral("postgres/rc"), QStringLiteral("possible")},
          {QStringLiteral("postgres/rr"), QStringLiteral("prevented (40001)")}}},
        {QStringLiteral("hermitage-g-single-predicate"),
         {{QStringLiteral("mysql/rr"), QStringLiteral("prevented")},
          {QStringLiteral("postgres/rr"), QStringLiteral("prevented")}}},
        {QStringLiteral("hermitage-g-single-write"),
         {{QStringLiteral("mysql/rr"), QStringLiteral("possible")},
          {QStringLiteral("mysql/ser"), QStringLiteral("prevented (1213)")},
          {QStringLiteral("postgres/rr"), QStringLiteral("prevented (40001)")}}},
        {QStringLiteral("hermitage-g2"),
         {{QStringLiteral("mysql/rr"), QStringLiteral("possible")},
          {QStringLiteral("mysql/ser"), QStringLiteral("prevented (1213)")},
          {QStringLiteral("postgres/rr"), QStringLiteral("possible")},
          {QStringLiteral("postgres/ser"), QStringLiteral("prevented (40001)")}}},
    };
    return table.value(scenario).value(variant);
}

struct Cell
{
    bool possible = false;
    QStringList codes; // errors clients saw in some interleaving: "1213", "40001"
};

// Every interleaving of the scenario's first strategy under one variant.
std::optional<Cell> explore(const ScenarioSpec &spec, const DatabaseVariant &variant, QString *error)
{
    const auto machine = Machine::compile(spec, spec.strategies.front().id, ExecutionModel{}, {}, error, variant);
    if (!machine)
        return std::nullopt;
    const ExplorerResult result = Explorer::explore(*machine, {});
    if (!result.complete) {
        *error = result.incompleteReason();
        return std::nullopt;
    }
    Cell cell;
    QSet<QString> codes;
    for (const ExplorerOutcome &o : result.outcomes) {
        cell.possible = cell.possible || (o.brokenRules & 1);
        Stepper stepper(machine);
        if (!stepper.replay(o.schedule, nullptr))
            continue;
        for (int a = 0; a < machine->actorCount(); ++a)
            if (machine->status(stepper.state(), a) == ActorStatus::Failed)
                codes << machine->messages().value(machine->errorOf(stepper.state(), a)).section(u':', 0, 0);
    }
    for (QString code : codes)
        cell.codes << (code == QLatin1String("ER_LOCK_DEADLOCK") ? QStringLiteral("1213") : code);
    cell.codes.sort();
    return cell;
}

QString cellText(const Cell &cell)
{
    if (cell.possible)
        return Text::tr("possible");
    return cell.codes.isEmpty() ? Text::tr("prevented")
                                : Text::tr("prevented (%1)").arg(cell.codes.join(QLatin1String(", ")));
}

} // namespace

void addIsolationOptions(QCommandLineParser &)
{ }

int runIsolation(const CliContext &context)
{
    QTextStream &out = *context.out;
    QStringList header{Text::tr("Anomaly")};
    for (const DatabaseVariant &v : variants())
        header << (v.flavour == DatabaseVariant::MySql ? QStringLiteral("MySQL ") : QStringLiteral("PostgreSQL ")) +
                DatabaseVariant::levelId(v.level).toUpper();
    out << QStringLiteral("| %1 |\n|%2\n")
               .arg(header.join(QLatin1String(" | ")), QStringLiteral("---|").repeated(header.size()));
    QStringList differences;
    // Hermitage's order: from the weakest guarantee to the strongest.
    for (const char *id :
         {"hermitage-g0", "hermitage-g1a", "hermitage-g1b", "hermitage-g1c", "hermitage-otv", "hermitage-pmp",
          "hermitage-pmp-write", "hermitage-p4", "hermitage-g-single", "hermitage-g-single-predicate",
          "hermitage-g-single-write", "hermitage-g2-item", "hermitage-g2"}) {
        QString problem;
        const auto spec = ScenarioLoader::builtin(QLatin1String(id), &problem);
        if (!spec) {
            *context.err << QStringLiteral("interleave-cli: isolation: %1").arg(problem) << Qt::endl;
            return Failure;
        }
        QStringList row{spec->title.section(u':', 0, 0).section(u' ', 1)};
        for (const DatabaseVariant &v : variants()) {
            QString error;
            const auto cell = explore(*spec, v, &error);
            if (!cell) {
                *context.err
                    << QStringLiteral("interleave-cli: isolation: %1 under %2: %3").arg(spec->id, v.toString(), error)
                    << Qt::endl;
                return Failure;
            }
            const QString model = cellText(*cell);
            const QString hermitage = hermitageSays(spec->id, v.toString());
            row << (hermitage.isEmpty() ? model : Text::tr("%1<br>Hermitage: %2").arg(model, hermitage));
            if (!hermitage.isEmpty() && hermitage.section(u' ', 0, 0) != model.section(u' ', 0, 0))
                differences << QStringLiteral("%1 %2").arg(row.front(), v.displayName());
        }
        out << QStringLiteral("| %1 |\n").arg(row.join(QLatin1String(" | ")));
        out.flush();
    }
    out << u'\n'
        << (differences.isEmpty()
                ? Text::tr("The model agrees with every result Hermitage published.")
                : Text::tr("Differences from Hermitage: %1").arg(differences.join(QLatin1String("; "))))
        << u'\n';
    return Ok;
}

} // namespace Cli
