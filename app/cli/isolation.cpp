// `isolation`: Hermitage's anomalies under every database flavour and isolation
// level, explored over every interleaving, beside Hermitage's published result:
// the Markdown table of docs/isolation-table.md (docs/cli.md).

#include "commands.h"
#include "output.h"

#include "drivers/stepper.h"
#include "explore/explorer.h"
#include "realdb/hermitage.h"
#include "realdb/privateserver.h"
#include "realdb/sqlrunner.h"
#include "realdb/sqlsession.h"

#include <QSet>

#include <atomic>
#include <csignal>

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

// Ctrl+C while real servers run stops them and removes their directories before the
// process ends (the program's own cleanup; a hard kill leaves that to the next start).
std::atomic_bool g_interrupted{false};

extern "C" void interruptIsolation(int)
{
    g_interrupted.store(true);
}

bool interrupted()
{
    return g_interrupted.load();
}

class InterruptStopsServers
{
public:
    InterruptStopsServers()
        : m_previousInt(std::signal(SIGINT, interruptIsolation))
        , m_previousTerm(std::signal(SIGTERM, interruptIsolation))
    { }
    ~InterruptStopsServers()
    {
        std::signal(SIGINT, m_previousInt);
        std::signal(SIGTERM, m_previousTerm);
    }

private:
    void (*m_previousInt)(int);
    void (*m_previousTerm)(int);
};

// The real servers the "observed" column runs on: the user's (--db-url) or private ones
// (--servers); a kind with neither is not run, and `why` says so.
struct RealServers
{
    std::unique_ptr<PrivateServer> owned[2];
    std::optional<ServerAddress> address[2]; // [0] MariaDB, [1] PostgreSQL
    QString version[2]; // "10.11", "15"
    QString why[2];

    static int index(DatabaseVariant::Flavour f) { return f == DatabaseVariant::Postgres ? 1 : 0; }
    bool any() const { return address[0] || address[1]; }
    QString header() const
    {
        QStringList names;
        for (int i = 0; i < 2; ++i)
            if (address[i])
                names << (i ? QStringLiteral("PostgreSQL ") : QStringLiteral("MariaDB ")) + version[i];
        return names.isEmpty() ? Text::tr("Observed on real servers")
                               : Text::tr("Observed on %1").arg(names.join(QLatin1String(" / ")));
    }
};

bool setUpServers(const CliContext &context, RealServers &servers)
{
    for (const QString &url : context.parser->values(QStringLiteral("db-url"))) {
        QString error;
        auto a = ServerAddress::parse(url, &error);
        if (!a || a->kind == ServerKind::Redis) {
            *context.err << QStringLiteral("interleave-cli: %1")
                                .arg(a ? Text::tr("--db-url: the isolation table needs MariaDB or PostgreSQL") : error)
                         << Qt::endl;
            return false;
        }
        servers.address[a->kind == ServerKind::Postgres ? 1 : 0] = a;
    }
    const bool start = context.parser->isSet(QStringLiteral("servers"));
    for (int i = 0; i < 2; ++i) {
        const ServerKind kind = i ? ServerKind::Postgres : ServerKind::MariaDb;
        if (!servers.address[i] && start) {
            servers.owned[i] = std::make_unique<PrivateServer>(kind);
            auto progress = [&](const QString &text) { *context.err << text << Qt::endl; };
            if (servers.owned[i]->start(&servers.why[i], progress, interrupted))
                servers.address[i] = servers.owned[i]->address();
        }
        if (servers.address[i])
            servers.version[i] = SqlSession::serverVersion(*servers.address[i]);
        else if (servers.why[i].isEmpty())
            servers.why[i] = Text::tr("not run (use --servers or --db-url)");
    }
    return true;
}

// Hermitage's schedule for the variant on its real server.
DifferentialRun observe(const ScenarioSpec &spec, const DatabaseVariant &variant, const RealServers &servers)
{
    DifferentialRun run;
    const auto machine =
        Machine::compile(spec, spec.strategies.front().id, ExecutionModel{}, {}, &run.problem, variant);
    if (machine)
        run = SqlRunner::run(machine, *servers.address[RealServers::index(variant.flavour)], hermitageOrder(spec.id),
                             interrupted);
    return run;
}

// "agrees (8 of 8)"; a variant whose steps have no SQL yet is "not run", never "differs":
// nothing was observed there.
QString observedCell(const ScenarioSpec &spec, const RealServers &servers, QStringList &differences, int &notRunCount)
{
    if (!servers.any())
        return servers.why[0];
    QStringList differing, notRun;
    int run = 0, agreeing = 0;
    for (const DatabaseVariant &v : variants()) {
        if (!servers.address[RealServers::index(v.flavour)])
            continue;
        ++run;
        const DifferentialRun r = observe(spec, v, servers);
        if (r.agrees()) {
            ++agreeing;
        } else if (!r.notRun.isEmpty()) {
            notRun << Text::tr("%1 (no SQL yet for %2)").arg(v.displayName(), r.notRun);
        } else {
            differing << v.displayName();
            differences << QStringLiteral("%1 %2 (%3): %4")
                               .arg(spec.id, v.displayName(), r.schedule, r.differences().join(QLatin1String("; ")));
        }
    }
    notRunCount += int(notRun.size());
    QStringList parts{Text::tr("agrees (%1 of %2)").arg(agreeing).arg(run)};
    if (!notRun.isEmpty())
        parts << Text::tr("not run: %1").arg(notRun.join(QLatin1String("; ")));
    if (!differing.isEmpty())
        parts << Text::tr("differs: %1").arg(differing.join(QLatin1String("; ")));
    return parts.join(QLatin1String("<br>"));
}

// The table's header row and its markdown separator.
QString tableHeader(const RealServers &servers)
{
    QStringList header{Text::tr("Anomaly")};
    for (const DatabaseVariant &v : variants())
        header << (v.flavour == DatabaseVariant::MySql ? QStringLiteral("MySQL ") : QStringLiteral("PostgreSQL ")) +
                DatabaseVariant::levelId(v.level).toUpper();
    header << servers.header();
    return QStringLiteral("| %1 |\n|%2\n")
        .arg(header.join(QLatin1String(" | ")), QStringLiteral("---|").repeated(header.size()));
}

// What the rows found, for the lines under the table.
struct TableFindings
{
    QStringList hermitageDifferences; // "G0 MySQL RR"
    QStringList observedDifferences;
    int notRunCount = 0;
};

// One anomaly's row: the model's answer per variant with Hermitage's beside it, then the servers'.
std::optional<QString> anomalyRow(const CliContext &context, const ScenarioSpec &spec, const RealServers &servers,
                                  TableFindings &findings)
{
    QStringList row{spec.title.section(u':', 0, 0).section(u' ', 1)};
    for (const DatabaseVariant &v : variants()) {
        QString error;
        const auto cell = explore(spec, v, &error);
        if (!cell) {
            *context.err << QStringLiteral("interleave-cli: isolation: %1 under %2: %3").arg(spec.id, v.toString(), error)
                         << Qt::endl;
            return std::nullopt;
        }
        const QString model = cellText(*cell);
        const QString hermitage = hermitageSays(spec.id, v.toString());
        row << (hermitage.isEmpty() ? model : Text::tr("%1<br>Hermitage: %2").arg(model, hermitage));
        if (!hermitage.isEmpty() && hermitage.section(u' ', 0, 0) != model.section(u' ', 0, 0))
            findings.hermitageDifferences << QStringLiteral("%1 %2").arg(row.front(), v.displayName());
    }
    row << observedCell(spec, servers, findings.observedDifferences, findings.notRunCount);
    return QStringLiteral("| %1 |\n").arg(row.join(QLatin1String(" | ")));
}

void printFindings(QTextStream &out, const TableFindings &findings, const RealServers &servers)
{
    out << u'\n'
        << (findings.hermitageDifferences.isEmpty()
                ? Text::tr("The model agrees with every result Hermitage published.")
                : Text::tr("Differences from Hermitage: %1").arg(findings.hermitageDifferences.join(QLatin1String("; "))))
        << u'\n';
    if (servers.any() && findings.observedDifferences.isEmpty() && findings.notRunCount == 0)
        out << u'\n'
            << Text::tr("The real servers agree with the model on every Hermitage schedule: the same values "
                        "read, the same waits, the same errors and the same final rows.")
            << u'\n';
    if (servers.any() && findings.notRunCount > 0)
        out << u'\n'
            << Text::tr("Not run on the real servers (a step has no SQL translation yet): %1 of the schedules.")
                   .arg(findings.notRunCount)
            << u'\n';
    if (!findings.observedDifferences.isEmpty())
        out << u'\n'
            << Text::tr("Where the real servers differ from the model: %1")
                   .arg(findings.observedDifferences.join(QLatin1String("\n- ")))
            << u'\n';
    for (const QString &why : servers.why)
        if (servers.any() && !why.isEmpty())
            out << u'\n' << why << u'\n';
}

} // namespace

void addIsolationOptions(QCommandLineParser &parser)
{
    parser.addOption(
        {QStringLiteral("servers"),
         Text::tr("Also run Hermitage's schedules on private MariaDB and PostgreSQL servers and compare.")});
    parser.addOption({QStringLiteral("db-url"),
                      Text::tr("Run on this server instead of a private one: mysql://…, postgres://… or a socket "
                               "path (repeatable)."),
                      Text::tr("URL")});
}

int runIsolation(const CliContext &context)
{
    QTextStream &out = *context.out;
    const InterruptStopsServers interrupt;
    RealServers servers;
    if (!setUpServers(context, servers))
        return BadInput;
    auto cancelled = [&] {
        *context.err << QStringLiteral("interleave-cli: isolation: %1").arg(Text::tr("cancelled")) << Qt::endl;
        return Cancelled;
    };
    if (interrupted())
        return cancelled();
    out << tableHeader(servers);
    TableFindings findings;
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
        const auto row = anomalyRow(context, *spec, servers, findings);
        if (!row)
            return Failure;
        if (interrupted())
            return cancelled();
        out << *row;
        out.flush();
    }
    printFindings(out, findings, servers);
    return Ok;
}

} // namespace Cli
