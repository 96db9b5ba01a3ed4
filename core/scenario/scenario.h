#pragma once

#include "machine/database.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace Interleave {

// A scenario as written in its file: names, texts and the unparsed step and
// expression sources. Machine::compile turns one strategy of it into
// something runnable. See docs/scenario-format.md.
struct ParameterSpec
{
    QString name;
    QString label;
    QString help;
    qint64 defaultValue = 0;
    qint64 minimum = 0;
    qint64 maximum = 1000000;
};

// What a step does; StepSpec::opName() gives the "op" that names it in a file.
enum class StepKind : quint8 {
    Read,
    Write,
    Let,
    Fail,
    Goto,
    Finish,
    Update,
    Insert,
    Exists,
    Begin,
    Commit,
    Rollback,
    LockRow,
    MutexLock,
    MutexUnlock,
    TryLock,
    LeaseAcquire,
    LeaseRelease,
    Enqueue,
    Dequeue,
    Sleep,
    Cpu,
    Pause,
    PoolAcquire,
    PoolRelease,
    Select, // a predicate SELECT COUNT(*), SUM(…) over a row table
    Delete, // DELETE FROM t WHERE …
};

// One step as the loader read it: its kind and the fields it carries, each under its
// name in the file. Expressions, cell and row references and names stay source text
// (numbers written as whole numbers); Machine::compile resolves them against the
// state, parameters and locals. Empty means absent unless the field is optional.
struct StepSpec
{
    StepKind kind = StepKind::Let;
    QString path; // "strategies[1].programs.main[3].steps[0]", for errors

    QString cell; // read, write: "table[id].column" or "mem.name"
    QString row; // update, lock_row: "table[id]"
    QString into; // local receiving the result
    QString token; // lease_acquire: local receiving the fencing token
    QString value; // write, let
    QString key; // insert, exists
    QString ttl; // lease_acquire
    QString ms; // sleep, cpu, pause
    std::optional<QString> condition; // "if" of fail, goto, finish
    std::optional<QString> where; // update
    QList<QPair<QString, QString>>
        set; // update: column -> expression over row.*; insert into a row table: column -> value
    QList<QPair<QString, QString>> sum; // select: local -> expression over row.*, summed over the matching rows
    std::optional<QString> fence; // read, write: the fencing token storage checks
    std::optional<QString> latency; // real delay after the step (threaded driver)
    std::optional<QString> timeoutMs; // pool_acquire
    QString to; // goto: label
    QString table; // insert, exists: key table
    QString mutex, queue, pool; // the resource a step uses
    std::optional<QString> lease; // lease steps; on a write, the lease it claims to hold
    QString error; // error text; empty for the step's default
    bool await = false; // a yield point on an event loop
    bool forUpdate = false; // read with SELECT … FOR UPDATE
    bool sameStatement = false; // read: part of the previous read's SELECT, run in the same step
    std::optional<bool> wait; // lease, pool: wait instead of failing (defaults differ)
    bool checkOwner = true; // lease_release
    bool offload = false; // cpu: on a worker thread
    // begin: retry the transaction when it fails with one of these database errors
    // ("serialization", "deadlock", "timeout"), at most `retryAttempts` attempts in all.
    QStringList retryOn;
    qint64 retryAttempts = 0;

    QString opName() const;
    static std::optional<StepKind> kindOf(const QString &op);
    static QStringList opNames();
};

struct LineSpec
{
    QString code;
    QString label;
    QList<StepSpec> steps;
};

struct ProgramSpec
{
    QString name;
    QList<LineSpec> lines;
    QString path;
};

struct StrategySpec
{
    QString id;
    QString label; // "Atomic update"
    QString description; // what the fix does and why
    QString fix; // fix family: none, atomic, mutex, optimistic, for-update, ...
    QList<ProgramSpec> programs;
    QJsonObject database; // deadlockDetection, lockWaitTimeoutMs
    QMap<QString, QString> expect; // model ("threads", "eventloop", "instances") -> "safe" | "broken"
    QString path;
};

struct ActorSpec
{
    QString name; // may contain %1 for the actor's letter
    QString program;
    QString repeat; // count expression over parameters, default "1"
    QList<QPair<QString, QString>> locals; // initial locals: name -> expression (may use i)
    QString path;
};

struct InvariantSpec
{
    QString id;
    QString label;
    QString check;
    QString explanation;
    bool always = false;
    QString path;
};

struct FigureSpec
{
    QString label;
    QString actual;
    QString expected;
    QString path;
};

struct SeedNote
{
    QString claim; // what the seed text says happens
    QString reality; // what really happens, and why
};

struct ScenarioSpec
{
    QString fileName; // where it was loaded from (":/scenarios/x.json" for built-ins)
    QString id;
    QString title;
    QString summary;
    QString explanation;
    QString source; // which seed texts it comes from
    QList<SeedNote> seedNotes;
    QList<ParameterSpec> params;
    QJsonObject state;
    QList<ActorSpec> actors;
    QList<StrategySpec> strategies;
    QList<InvariantSpec> invariants;
    QList<FigureSpec> figures;
    QStringList models; // models the scenario offers; default all three
    QString bugModel; // where the first (broken) strategy shows the bug: the scenario opens there
    DatabaseVariant database; // "database": the flavour and isolation level the scenario opens on
    // "translations": language -> English text -> translated text. The loader applies
    // the default QLocale's language (core/scenario/scenariotexts.h); the map stays for later use.
    QMap<QString, QMap<QString, QString>> translations;

    int strategyIndex(const QString &id) const;
    const ParameterSpec *param(const QString &name) const;
    QMap<QString, qint64> defaultParams() const;
};

// One loader for built-in and user scenarios. A file either loads completely
// (and every strategy compiles under every model with default parameters) or
// not at all, with one line naming the file, the position and the problem.
class ScenarioLoader
{
    Q_DECLARE_TR_FUNCTIONS(ScenarioLoader)
public:
    // The built-in scenarios nest 9 levels deep; a file nested deeper than this is refused.
    static constexpr int MaxNesting = 32;
    static std::shared_ptr<const ScenarioSpec> loadFile(const QString &path, QString *error);
    static std::shared_ptr<const ScenarioSpec> loadData(const QByteArray &data, const QString &fileName,
                                                        QString *error);
    // Built-ins, from the resource :/scenarios/, sorted by their file name.
    static QList<std::shared_ptr<const ScenarioSpec>> loadBuiltins(QStringList *errors = nullptr);
    // The built-in scenarios' ids, from their file names (cheap: nothing is loaded).
    static QStringList builtinIds();
    // Letters, digits, - and _, starting with a letter or _: what a scenario's "id" may be.
    static bool isValidId(const QString &id);
    // Only a built-in scenario's id ("lost-update"); never opens a file.
    static std::shared_ptr<const ScenarioSpec> builtin(const QString &id, QString *error);
    // Resolves "lost-update" to a built-in, or a path to a file.
    static std::shared_ptr<const ScenarioSpec> resolve(const QString &idOrPath, QString *error);
};

} // namespace Interleave
