// --backend and --db-url: a real server for `run` and `step` (docs/cli.md, "Real servers").

#include "backend.h"
#include "output.h"

#include "drivers/stepper.h"
#include "realdb/sqlrunner.h"
#include "realdb/sqlsession.h"

using namespace Interleave;

namespace Cli {

namespace {

bool refuse(const CliContext &context, const QString &line)
{
    *context.err << QStringLiteral("interleave-cli: ") << line << Qt::endl;
    return false;
}

DatabaseVariant::Flavour flavourOf(ServerKind kind)
{
    return kind == ServerKind::Postgres ? DatabaseVariant::Postgres : DatabaseVariant::MySql;
}

// The SQL of the actor's next move at `state`, or why it has none (empty: no statement).
QString noSqlReason(const Machine &machine, const State &state, int actor, ServerKind kind, int line)
{
    const DatabaseStatement st = machine.nextStatement(state, actor, line);
    if (st.kind == DatabaseStatement::None)
        return {};
    QString refused;
    if (st.kind == DatabaseStatement::Unsupported)
        return Text::tr("\"%1\" has no SQL translation yet").arg(st.op);
    if (SqlRunner::sql(st, kind, &refused).isEmpty())
        return refused.isEmpty() ? Text::tr("the step has no SQL translation") : refused;
    return {};
}

QString lineText(const Machine &machine, int actor, int line)
{
    return Text::tr("line %1 \"%2\"").arg(line + 1).arg(machine.programOf(actor).lines[size_t(line)].code.trimmed());
}

} // namespace

void addBackendOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("backend"),
                      Text::tr("Where the database steps run: model (default), mariadb or postgres (a private server "
                               "is started unless --db-url names one)."),
                      Text::tr("BACKEND")});
    parser.addOption({QStringLiteral("db-url"),
                      Text::tr("A running server to use instead of a private one: mysql://user:password@host:port/db, "
                               "postgres://…, or a socket path."),
                      Text::tr("URL")});
}

QString Backend::banner() const
{
    return Text::tr("Ran on %1, %2.").arg(server, where);
}

bool readBackend(CliContext &context, Backend &backend)
{
    const QCommandLineParser &parser = *context.parser;
    const QString name = parser.value(QStringLiteral("backend")).toLower();
    std::optional<ServerKind> kind;
    if (name == QLatin1String("mariadb") || name == QLatin1String("mysql"))
        kind = ServerKind::MariaDb;
    else if (name == QLatin1String("postgres") || name == QLatin1String("postgresql"))
        kind = ServerKind::Postgres;
    else if (!name.isEmpty() && name != QLatin1String("model"))
        return refuse(context, Text::tr("--backend \"%1\": expected model, mariadb or postgres").arg(name));
    if (parser.isSet(QStringLiteral("db-url"))) {
        QString error;
        backend.address = ServerAddress::parse(parser.value(QStringLiteral("db-url")), &error);
        if (!backend.address)
            return refuse(context, error);
        if (backend.address->kind == ServerKind::Redis)
            return refuse(context, Text::tr("--db-url: run and step need MariaDB or PostgreSQL, not Redis"));
        if (name == QLatin1String("model"))
            return refuse(context, Text::tr("--db-url needs --backend mariadb or postgres, not model"));
        if (kind && *kind != backend.address->kind)
            return refuse(context,
                          Text::tr("--db-url is a %1 server, but --backend is %2")
                              .arg(ServerAddress::kindName(backend.address->kind), name));
        kind = backend.address->kind;
    }
    if (!kind)
        return true;
    const DatabaseVariant::Flavour flavour = flavourOf(*kind);
    const QString flavourName = DatabaseVariant::flavourName(flavour);
    if (parser.isSet(QStringLiteral("db")) && context.database.flavour != flavour)
        return refuse(context,
                      Text::tr("--backend %1 runs the %2 flavour of the model; --db %3 does not match (leave "
                               "--db out, or choose the other backend)")
                          .arg(ServerAddress::kindName(*kind), flavourName, parser.value(QStringLiteral("db"))));
    if (context.database.flavour != flavour)
        backend.flavourNote =
            Text::tr("%1 runs it, so the model runs the %2 flavour too (as --db %3).")
                .arg(ServerAddress::kindName(*kind), flavourName,
                     flavour == DatabaseVariant::Postgres ? QStringLiteral("postgres") : QStringLiteral("mysql"));
    context.database.flavour = flavour;
    if (!backend.address) {
        backend.address = ServerAddress{};
        backend.address->kind = *kind;
        backend.owned = std::make_unique<PrivateServer>(*kind); // started by startBackend
    }
    return true;
}

bool checkRunnable(const CliContext &context, const std::shared_ptr<const Machine> &machinePtr, const Backend &backend,
                   const Schedule *schedule)
{
    const Machine &machine = *machinePtr;
    const ServerKind kind = backend.address->kind;
    const QString who = QStringLiteral("--backend %1: ").arg(ServerAddress::kindName(kind).toLower());
    if (schedule) {
        Stepper stepper(machinePtr);
        for (size_t i = 0; i < schedule->moves.size(); ++i) {
            const int a = schedule->moves[i];
            if (a >= 0) {
                const int line = machine.currentLine(stepper.state(), a);
                if (const QString why = noSqlReason(machine, stepper.state(), a, kind, -1); !why.isEmpty())
                    return refuse(
                        context,
                        who +
                            Text::tr("move %1 (%2, %3): %4")
                                .arg(i + 1)
                                .arg(machine.actor(a).name, line >= 0 ? lineText(machine, a, line) : QString(), why));
            }
            stepper.move(a);
        }
    }
    bool anyStatement = false;
    for (int a = 0; a < machine.actorCount(); ++a) {
        const Program &p = machine.programOf(a);
        for (int line = 0; line < int(p.lines.size()); ++line) {
            if (p.lines[size_t(line)].stepCount == 0)
                continue;
            const State initial = machine.initialState();
            anyStatement = anyStatement || machine.nextStatement(initial, a, line).kind != DatabaseStatement::None;
            if (schedule)
                continue; // the schedule's own moves are checked below
            if (const QString why = noSqlReason(machine, initial, a, kind, line); !why.isEmpty())
                return refuse(context,
                              who + Text::tr("%1, %2: %3").arg(machine.actor(a).name, lineText(machine, a, line), why));
        }
    }
    if (!anyStatement)
        return refuse(context,
                      who +
                          Text::tr("this variant has no database steps: there is nothing for a server to "
                                   "run (use the model: --backend model)"));
    return true;
}

bool startBackend(const CliContext &context, Backend &backend, const std::function<bool()> &cancelled)
{
    const ServerKind kind = backend.address->kind;
    const QString name = ServerAddress::kindName(kind);
    QString error;
    if (backend.owned) {
        if (const QString missing = PrivateServer::missingBinaries(kind); !missing.isEmpty())
            return refuse(context,
                          Text::tr("--backend %1: %2 (./setup test installs the servers; or give a running "
                                   "one with --db-url)")
                              .arg(name.toLower(), missing));
        auto progress = [&](const QString &text) {
            if (!context.json)
                *context.err << QStringLiteral("interleave-cli: ") << text << Qt::endl;
        };
        if (!backend.owned->start(&error, progress, cancelled))
            return refuse(context, Text::tr("--backend %1: %2").arg(name.toLower(), error));
        backend.address = backend.owned->address();
        backend.where = Text::tr("a private server (started in %1 s, removed at exit)")
                            .arg(backend.owned->startSeconds(), 0, 'f', 1);
    } else {
        backend.where = backend.address->toString();
    }
    const QString version = SqlSession::serverVersion(*backend.address, &error);
    if (version.isEmpty())
        return refuse(context, Text::tr("--db-url: %1 does not answer: %2").arg(backend.address->toString(), error));
    backend.server = name + u' ' + version;
    return true;
}

QStringList backendBanner(const Backend &backend)
{
    QStringList lines{backend.banner()};
    if (!backend.flavourNote.isEmpty())
        lines << backend.flavourNote;
    return lines;
}

void printComparison(QTextStream &out, const Backend &backend, const DifferentialRun &run)
{
    out << u'\n';
    if (run.agrees()) {
        out << Text::tr("✓ %1 agrees with the model on all %n observation(s): values read, rows changed, waits, "
                        "errors and final rows.",
                        nullptr, int(run.server.size()))
                   .arg(backend.server)
            << u'\n';
        return;
    }
    out << Text::tr("✗✗ MODEL ERROR: %1 did not do what the model says. The server is the truth:").arg(backend.server)
        << u'\n';
    for (const QString &line : run.differences())
        out << QStringLiteral("   ") << line << u'\n';
    out.flush();
}

QJsonObject comparisonJson(const Backend &backend, const DifferentialRun &run)
{
    return QJsonObject{{QStringLiteral("server"), backend.server},
                       {QStringLiteral("where"), backend.where},
                       {QStringLiteral("agrees"), run.agrees()},
                       {QStringLiteral("differences"), QJsonArray::fromStringList(run.differences())},
                       {QStringLiteral("observed"), QJsonArray::fromStringList(run.server)}};
}

} // namespace Cli
