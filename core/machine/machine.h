#pragma once

#include "machine/description.h"
#include "machine/state.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace Interleave {

enum class ActorStatus : int64_t {
    Running = 0,
    Done = 1,
    Failed = 2
};

// Why an actor cannot take a step right now.
struct BlockInfo
{
    enum Kind {
        None,
        Finished,
        Sleeping,
        LoopBusy,
        WaitsForLock,
        WaitsInQueue
    } kind = None;
    Place place = Place::None;
    int resource = -1;
    int holder = -1; // actor holding what it waits for, -1 if none/unknown
    QString text; // one sentence for tooltips
};

// What an end state means. Decided by Machine::verdict alone, so the explorer,
// `run` and the window give the same answer for the same outcome.
struct OutcomeVerdict
{
    uint64_t brokenRules = 0; // bit i: invariant i broke on the way or fails at the end
    uint64_t anomalies = 0; // Machine::Anomaly bits
    bool stuck = false; // everyone left waits forever (in-process deadlock)
    bool deadlockDetected = false; // the database's detector rolled a transaction back
    // A rule broke, the run is stuck, the detector had to step in, or an anomaly
    // other than a rejected stale token (that is the fencing fix doing its job).
    bool breaksRule = false;
};

// The SQL statement an actor's next database step stands for, with its values, so that
// a real server can run the same step (core/realdb). Kind None: the next step is not a
// database statement; Unsupported: it is one without a SQL translation yet (op names it).
struct DatabaseStatement
{
    enum Kind {
        None,
        Begin,
        Commit,
        Rollback,
        Select, // one SELECT of `cells`, FOR UPDATE when forUpdate
        Write, // UPDATE table SET column = value WHERE id = rowId; cells holds that one cell
        Count, // SELECT COUNT(*), SUM(sums…) FROM table [WHERE where] [FOR UPDATE]
        Update, // UPDATE table SET sets… [WHERE [id = key AND] where]; hasKey: one row's
        Delete, // DELETE FROM table [WHERE where]
        Insert, // INSERT INTO table (id, sets…) VALUES (key, …); the sets are constants
        LockRow, // SELECT id FROM table WHERE id = key FOR UPDATE: the row lock, nothing read
        InsertKey, // INSERT INTO table (id) VALUES (key) into a key table (likes, payments)
        KeyExists, // SELECT COUNT(*) FROM table WHERE id = key, of a key table: 1 when found
        Unsupported
    };
    struct Cell
    {
        QString table;
        int64_t id = 0;
        QString column;
    };
    Kind kind = None;
    std::vector<Cell> cells;
    int64_t value = 0; // Write
    bool forUpdate = false; // Select, Count
    QString op; // Unsupported: the step's "op"
    // Count, Update, Delete, Insert: expressions in the scenario's language over `columns`
    // (row.<column> is symbol <index>, row.id RowIdSymbol) and the request's `locals`.
    QString table;
    QStringList columns;
    std::vector<int64_t> locals;
    std::optional<Expression> where;
    std::vector<std::pair<QString, Expression>> sets; // column <- expression
    std::vector<Expression> sums; // Count
    QStringList resultLocals; // Count: the locals that receive COUNT(*) and each SUM
    bool hasKey = false;
    int64_t key = 0; // Insert; Update of one row; InsertKey, KeyExists
    bool ignoreDuplicate = false; // InsertKey with "into": a duplicate gives 0 rows, not an error
    // Select, Write: storage checks this fencing token (lease-expiry): older than one seen is refused.
    bool hasFence = false;
    int64_t fence = 0;
};

// One scenario variant compiled for one strategy, model and parameter set: what its
// steps do to a State. What it is called and how its data is shaped is its
// MachineDescription (description.h). Immutable and thread-safe: drivers share it and
// keep their own State.
class Machine : public MachineDescription
{
    Q_DECLARE_TR_FUNCTIONS(Machine)
public:
    ~Machine();
    static std::shared_ptr<const Machine> compile(const ScenarioSpec &scenario, const QString &strategyId,
                                                  const ExecutionModel &model, const QHash<QString, int64_t> &params,
                                                  QString *error,
                                                  const std::optional<DatabaseVariant> &database = std::nullopt);

    // ---- Semantics ----
    State initialState() const;
    // Reads only the shared part of s and the actor's own registers: the explorer
    // caches it per (shared part, actor registers). Keep it so, or tell the explorer.
    bool isEnabled(const State &s, int actor) const;
    BlockInfo blockInfo(const State &s, int actor) const;
    // Environment move: advance virtual time to the next deadline (a sleeper wakes,
    // a lease expires, a lock wait times out). Allowed whenever a deadline lies ahead.
    bool canTick(const State &s) const;
    // Virtual time of the next deadline, if any; the threaded driver sleeps until it.
    std::optional<int64_t> nextDeadline(const State &s) const;
    // Runs one scheduling unit of `actor`. Appends events to `trace` when non-null.
    // Returns the real-time latency (ms) the threaded driver should sleep after it.
    int step(State &s, int actor, Trace *trace, int stepNumber) const;
    void tick(State &s, Trace *trace, int stepNumber) const;
    // Threaded driver: move the clock to `nowMs`, firing every deadline up to it.
    void advanceClock(State &s, int64_t nowMs, Trace *trace, int stepNumber) const;

    bool isFinal(const State &s) const; // every actor done or failed
    bool isStuck(const State &s) const; // someone still running, nobody can move, no deadline ahead
    bool isTerminal(const State &s) const { return isFinal(s) || isStuck(s); }

    ActorStatus status(const State &s, int actor) const;
    int errorOf(const State &s, int actor) const; // message index or -1
    int currentLine(const State &s, int actor) const; // line index, -1 when finished
    int64_t local(const State &s, int actor, const QString &name) const;
    int64_t now(const State &s) const { return s.v[0]; }
    // Register layout, for the explorer's state compression and dead-local analysis
    // (layout.cpp): actor a's registers are the registerCount() words of
    // State::v from registerOffset(a); everything before registerOffset(0) is shared.
    int registerOffset(int actor) const;
    int registerCount() const;
    // Locals come first after the fixed registers; a transaction's database words
    // (its snapshot, mvcc.h) may follow them, up to registerCount().
    int localCount() const;
    // True when step(s, a) reads and writes only the shared registers and a's own,
    // and leaves every other actor's registers as they were, provided no trace is
    // recorded: no transactions (the deadlock detector reads everyone's waits), no
    // wait that can time out, and no "always" rule that looks at actors. The
    // explorer then reuses one step's result for every state with the same shared
    // part and the same registers of a. Ticks are never local, and canTick() reads
    // everyone while a lease is held.
    bool stepsAreLocal() const;
    // Where steps are not local (transactions: the deadlock detector reads everyone's
    // waits), a step is still its two halves (layout.cpp): the mover's own part, which
    // reads and writes only the shared registers and its own, then settling, which looks
    // at everyone's waits. step() is stepAlone() then settleAfter().
    void stepAlone(State &s, int actor) const; // no trace
    void settleAfter(State &s, int actor) const;
    // settleAfter() turned `alone` into `settled` touching nothing but the rule marks
    // and the actor's own wait start: no one else's registers, no database word, no victim.
    bool settledAlone(const State &alone, const State &settled, int actor) const;
    // What settling sees of one actor at s, from the shared registers and its own only:
    // whether it would leave the actor's registers and database words as they are
    // (`quiet`), and whom it waits for in the wait-for graph (-1: nobody). With it,
    // from the same look at its wait, whether it runs and may move (isEnabled).
    struct SettleView
    {
        bool quiet = true;
        int waitsFor = -1;
        bool running = false, enabled = false;
    };
    SettleView settleView(const State &s, int actor) const;
    // Every "always" rule reads only shared registers (settling checks them).
    bool rulesReadOnlyShared() const;
    // Some wait can time out: settling then records when each wait began.
    bool waitsCanTimeOut() const;

    // Committed database / memory values, table contents, for dashboards.
    int64_t cellValue(const State &s, int row, int column) const;
    int64_t memoryValue(const State &s, int instance, int cell) const;
    std::vector<int64_t> tableKeys(const State &s, int table) const;
    int64_t evaluate(const Expression &e, const State &s) const; // in the rule/figure context
    uint64_t violatedMask(const State &s) const; // sticky "always" violations
    uint64_t anomalyMask(const State &s) const;
    std::vector<bool> checkInvariants(const State &s) const; // true = holds (final rules at end)
    OutcomeVerdict verdict(const State &s) const;
    // The actor failed because the database's deadlock detector chose it as the victim.
    bool isDeadlockVictim(const State &s, int actor) const;

    // Outcome identity for histograms: committed state, tables, each actor's result, rules.
    std::vector<int64_t> outcomeKey(const State &s) const;
    QString describeOutcome(const State &s) const;

    // Wait-for graph at this state: edges actor -> actor over a resource.
    struct WaitEdge
    {
        int waiter;
        int holder;
        Place place;
        int resource;
    };
    std::vector<WaitEdge> waitForGraph(const State &s) const;
    std::vector<int> findCycle(const State &s) const; // actors on a wait-for cycle, or empty
    // The same for a graph already known: whom each actor waits for, -1 for no one.
    static std::vector<int> cycleAmong(const int *waitsFor, int n);

    // The statement the actor's next move sends to the database (statement.cpp): local
    // steps before it are run on a copy of s, so its values are the ones the move uses.
    // With a program line: that line's statement with the actor's locals in s, whatever
    // its status (a deadlock victim's statement, from the line of its LockWait event).
    DatabaseStatement nextStatement(const State &s, int actor, int line = -1) const;
    // The lease steps on a real Redis (statement.cpp, core/realdb/redisleases.h): how many
    // leases, who holds one now (-1: free or expired), and whether the lease_release on a
    // program line checks the owner (the Lua script) or deletes the key (DEL).
    int leaseCount() const;
    int leaseHolder(const State &s, int lease) const;
    bool releaseChecksOwner(int actor, int line) const;

    enum Anomaly : uint64_t {
        StaleLeaseWrite = 1,
        ForeignRelease = 2,
        RejectedStaleToken = 4
    };

    // The state layout and execution tables (machine_impl.h): private to core/machine,
    // where MachineCompiler fills one for Machine::compile.
    struct Impl;

private:
    // Made by compile() from what MachineCompiler built.
    Machine(MachineDescription &&description, std::unique_ptr<Impl> impl);

    // ---- machine.cpp: stepping ----
    int64_t *regs(State &s, int actor) const;
    const int64_t *regs(const State &s, int actor) const;
    TraceEvent &record(Trace *trace, const State &s, int actor, EventKind kind, int stepNumber) const;
    void runLocals(State &s, int actor, Trace *trace, int stepNumber) const;
    void settle(State &s, Trace *trace, int stepNumber, int lastActor) const;
    bool waitTakesSnapshot(const State &s, int actor) const; // settle() takes one as the actor waits
    int64_t evalProgram(const Expression &e, const State &s, int actor) const;
    int findRow(int table, int64_t id) const;
    bool isPoint(const Step &step) const;

    // ---- waits.cpp: what blocks an actor's next step; `info` is filled only when asked,
    // and its sentence only for blockInfo(): composing it cost the explorer 15% of its time.
    bool blockedBy(const State &s, int actor, BlockInfo *info, bool sentence = false) const;
    bool loopBusyFor(const State &s, int actor) const;
    bool waitsInQueue(const State &s, int actor, BlockInfo *info, bool sentence) const;
    bool waitsForRowStatement(const State &s, int actor, const Step &st, BlockInfo *info, bool sentence) const;
    bool waitsForRow(const State &s, int actor, const Step &st, BlockInfo *info, bool sentence) const;
    bool waitsForKey(const State &s, int actor, const Step &st, BlockInfo *info, bool sentence) const;
    bool waitsForService(const State &s, int actor, const Step &st, BlockInfo *info, bool sentence) const; // mutex, lease, pool
    struct RowWait
    {
        int row = -1, holder = -1;
        bool shared = false; // the holder has a shared or gap lock
    };
    // A predicate statement or a row insert must wait (predicatewait.cpp).
    bool rowStatementWaits(const State &s, int actor, const Step &st, RowWait &wait) const;

    // ---- exec*.cpp: one step ----
    class Executor; // executor.h
    int64_t exec(State &s, int actor, Trace *trace, int stepNumber, bool &holdLoop) const;
    int runStep(State &s, int actor, Trace *trace, int stepNumber) const; // step() without settle()

    // ---- transaction.cpp: transactions and an actor's end ----
    void failActor(State &s, int actor, int message, Trace *trace, int stepNumber) const;
    // The transaction's begin retries on this error: roll back and start again from BEGIN.
    bool retryTransaction(State &s, int actor, int message, Trace *trace, int stepNumber) const;
    void finishActor(State &s, int actor, Trace *trace, int stepNumber) const;
    void commit(State &s, int actor, Trace *trace, int stepNumber) const;
    void rollback(State &s, int actor, Trace *trace, int stepNumber) const;
    // Frees a row lock at the end of its transaction, and says so in the trace.
    void releaseRowLock(State &s, size_t row, int actor, Trace *trace, int stepNumber) const;

    // ---- clock.cpp ----
    void advance(State &s, int64_t t, bool fireAll, Trace *trace, int stepNumber) const;
    std::optional<int64_t> timeoutDeadline(const State &s, int actor) const;

    // ---- rules.cpp: the rule and figure context ----
    int64_t evalRule(const Expression &e, const State &s, int actor, int instance = 0) const;
    int64_t ruleFunction(int fn, const int64_t *args, const State &s, int actor, int instance) const;
    int64_t ruleAggregate(int kind, const Expression &sub, const State &s) const;
    bool ruleHolds(const Expression &check, const State &s) const;

    // ---- statement.cpp ----
    std::optional<size_t> statementStep(State &s, int actor, int line) const;
    DatabaseStatement cellStatement(const Program &p, size_t pc, const State &s, int actor) const;
    DatabaseStatement keyStatement(const Step &st, const State &s, int actor) const;
    DatabaseStatement predicateStatement(const Step &st, const State &s, int actor) const;
    void analyseLocality(); // layout.cpp

    std::unique_ptr<Impl> d;
};

} // namespace Interleave
