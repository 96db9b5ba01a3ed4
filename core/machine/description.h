#pragma once

// What a compiled variant is, as opposed to what it does (machine.h): its scenario,
// strategy, model and database, its actors and their programs, its rules, figures and
// error messages, and the names and shape of its data. Views label what they show with it.

#include "machine/database.h"
#include "scenario/expression.h"
#include "scenario/scenario.h"
#include "trace/trace.h"

#include <QCoreApplication>
#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace Interleave {

// How requests run: OS threads, one Node.js event loop, or N Node processes.
struct ExecutionModel
{
    enum Kind {
        Threads,
        EventLoop,
        Instances
    };
    Kind kind = Threads;
    int instances = 1;

    static std::optional<ExecutionModel> parse(const QString &text, QString *error);
    QString toString() const; // "threads", "eventloop", "instances:2"
    QString displayName() const;
    bool operator==(const ExecutionModel &) const = default;
};

// Compiled step of an actor program (machine_p.h).
struct Step;

struct ProgramLine
{
    QString code;
    int firstStep = 0; // steps [firstStep, firstStep + stepCount)
    int stepCount = 0;
};

struct Program
{
    QString name;
    std::vector<ProgramLine> lines;
    std::vector<Step> steps;
    int finallyStep = -1; // where errors jump to, if the program has a `finally` line
};

struct Actor
{
    QString name; // "Request A"
    QString letter; // schedule token: "A" .. "Z", then "R27", ...
    int program = 0;
    int instance = 0;
};

struct Invariant
{
    QString id;
    QString label; // "balance ≥ 0"
    QString explanation; // why it matters, shown when it breaks
    bool always = false; // checked after every step, not only at the end
    Expression check;
};

struct Figure
{
    QString label;
    Expression actual;
    Expression expected; // invalid when the figure has no expected value
    bool hasExpected = false;
};

// The describing half of a Machine: names, programs, rules and the shape of the data,
// nothing about a State. Built by MachineCompiler (compiler.h), which is one while it
// compiles; the Machine made from it (Machine::compile) keeps it immutable.
class MachineDescription
{
    // The texts keep the context they always had, so the catalogues still find them.
    Q_DECLARE_TR_FUNCTIONS(Machine)
public:
    MachineDescription(MachineDescription &&) noexcept;
    ~MachineDescription();

    const ScenarioSpec &scenario() const { return *m_scenario; }
    const StrategySpec &strategy() const { return m_scenario->strategies.at(m_strategyIndex); }
    const ExecutionModel &model() const { return m_model; }
    // The database flavour and isolation level: the caller's, else the scenario's "database".
    const DatabaseVariant &database() const { return m_database; }
    const QHash<QString, int64_t> &params() const { return m_params; }

    int actorCount() const { return int(m_actors.size()); }
    const Actor &actor(int a) const { return m_actors[size_t(a)]; }
    const Program &program(int p) const { return m_programs[size_t(p)]; }
    const Program &programOf(int a) const { return m_programs[size_t(m_actors[size_t(a)].program)]; }
    const QStringList &messages() const { return m_messages; }
    const std::vector<Invariant> &invariants() const { return m_invariants; }
    const std::vector<Figure> &figures() const { return m_figures; }
    int actorByToken(const QString &token) const; // -1 when unknown

    // Whether a program of this variant touches this kind of place (a lease, a queue, …),
    // so views show a lock-service or queue lane only for strategies that have one.
    bool usesPlace(Place place) const;
    // Resource names for display: "accounts[1]", "accounts[1].balance", "mutex m".
    QString resourceName(Place place, int resource, int column = -1) const;
    int rowCount() const { return int(m_rows.size()); }
    int tableCount() const { return int(m_tables.size()); }
    int columnCount(int row) const; // columns of the row's table
    bool isKeyTable(int table) const; // a key set (likes, payments), not rows
    int memoryCount() const; // memory cells per server instance
    QString localName(int index) const; // name of a local, e.g. for Local events' column

    QString narrate(const TraceEvent &e) const; // one plain sentence (core/trace/narration.cpp)

protected:
    MachineDescription();

    struct RowInfo
    {
        int table;
        int64_t id;
        int offset;
    };
    struct TableInfo
    {
        QString name;
        QStringList columns;
        bool unique = false;
        int offset = -1;
        int capacity = 0;
        bool isRowTable = false;
        int existsColumn = -1; // rows are inserted or deleted: the hidden column that says a row exists
    };

    std::shared_ptr<const ScenarioSpec> m_scenario;
    int m_strategyIndex = 0;
    ExecutionModel m_model;
    DatabaseVariant m_database;
    QHash<QString, int64_t> m_params;
    std::vector<Actor> m_actors;
    std::vector<Program> m_programs;
    QStringList m_messages;
    std::vector<Invariant> m_invariants;
    std::vector<Figure> m_figures;
    std::vector<RowInfo> m_rows;
    std::vector<TableInfo> m_tables;
    // Names of memory cells (per instance), mutexes, leases, queues, pools, and actor locals.
    QStringList m_memoryNames;
    QStringList m_mutexNames;
    QStringList m_leaseNames;
    QStringList m_queueNames;
    QStringList m_poolNames;
    QStringList m_localNames;
};

} // namespace Interleave
