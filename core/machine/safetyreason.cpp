#include "machine/safetyreason.h"

#include "machine/machine_p.h"

#include <algorithm>
#include <optional>

namespace Interleave {

namespace {

struct Pair
{
    int read = -1; // step indices into the program
    int write = -1;
};

bool isCell(const Step &s)
{
    return s.place == Place::Memory || s.place == Place::Row;
}

bool sameCell(const Step &a, const Step &b)
{
    if (a.place != b.place)
        return false;
    if (a.place == Place::Memory)
        return a.column == b.column;
    return a.table == b.table; // an UPDATE sets columns of the whole row
}

bool writes(const Step &s)
{
    return s.op == OpCode::Write || s.op == OpCode::Update;
}

// The first check-then-act of the program: a read of a shared cell and the later write of it.
std::optional<Pair> readThenWrite(const Program &program)
{
    for (size_t r = 0; r < program.steps.size(); ++r) {
        const Step &read = program.steps[r];
        if (read.op != OpCode::Read || !isCell(read))
            continue;
        for (size_t w = r + 1; w < program.steps.size(); ++w)
            if (writes(program.steps[w]) && sameCell(read, program.steps[w]))
                return Pair{int(r), int(w)};
    }
    return std::nullopt;
}

int firstStep(const Program &program, OpCode op)
{
    for (size_t i = 0; i < program.steps.size(); ++i)
        if (program.steps[i].op == op)
            return int(i);
    return -1;
}

// "seats" or "accounts.balance": the cell as the scenario names it.
QString cellName(const Machine &machine, const Step &step)
{
    if (step.place == Place::Memory)
        return machine.resourceName(Place::Memory, -1, step.column);
    const QString table = machine.resourceName(Place::Table, step.table);
    for (int row = 0; row < machine.rowCount(); ++row) {
        const QString name = machine.resourceName(Place::Row, row, step.column);
        if (name.startsWith(table + u'['))
            return step.column >= 0 ? table + u'.' + name.section(u'.', 1) : table;
    }
    return table;
}

int lineOf(const Program &program, int step)
{
    return program.steps[size_t(step)].line + 1;
}

bool awaitsBetween(const Program &program, const Pair &pair)
{
    for (int i = pair.read + 1; i <= pair.write; ++i)
        if (program.steps[size_t(i)].await)
            return true;
    return false;
}

// A mutex taken before the read and not released before the write.
int mutexAround(const Program &program, const Pair &pair)
{
    for (int i = pair.read - 1; i >= 0; --i) {
        const Step &s = program.steps[size_t(i)];
        if (s.op == OpCode::MutexUnlock)
            return -1;
        if (s.op == OpCode::MutexLock) {
            for (int j = pair.read; j <= pair.write; ++j)
                if (program.steps[size_t(j)].op == OpCode::MutexUnlock &&
                    program.steps[size_t(j)].resource == s.resource)
                    return -1;
            return i;
        }
    }
    return -1;
}

} // namespace

QString SafetyReason::modelKey(const ExecutionModel &model)
{
    switch (model.kind) {
    case ExecutionModel::Threads:
        return QStringLiteral("threads");
    case ExecutionModel::EventLoop:
        return QStringLiteral("eventloop");
    case ExecutionModel::Instances:
        return QStringLiteral("instances");
    }
    return {};
}

QString SafetyReason::brokenOn(const StrategySpec &strategy)
{
    for (const char *model : {"threads", "eventloop", "instances"})
        if (strategy.expect.value(QLatin1String(model)) == QLatin1String("broken"))
            return QLatin1String(model);
    return {};
}

QString SafetyReason::explain(const Machine &machine)
{
    if (machine.strategy().expect.value(modelKey(machine.model())) != QLatin1String("safe"))
        return {};
    // Each program once (a scenario's requests may run different code): the first that says why.
    std::vector<int> seen;
    for (int a = 0; a < machine.actorCount(); ++a) {
        const int p = machine.actor(a).program;
        if (std::find(seen.begin(), seen.end(), p) != seen.end())
            continue;
        seen.push_back(p);
        if (QString why = explain(machine, machine.program(p)); !why.isEmpty())
            return why;
    }
    return {};
}

// A check-then-act that other requests cannot come between: what keeps them out.
QString SafetyReason::explainReadWrite(const Machine &machine, const Program &program, int readStep, int writeStep)
{
    const Pair pair{readStep, writeStep};
    const QString fix = machine.strategy().fix;
    const bool onOneLoop = machine.model().kind == ExecutionModel::EventLoop;
    const Step &read = program.steps[size_t(pair.read)];
    const QString cell = cellName(machine, read);
    const int from = lineOf(program, pair.read), to = lineOf(program, pair.write);
    if (const int lock = mutexAround(program, pair); lock >= 0) {
        const QString held = tr("every request waits for mutex %1 (line %2) before it reads %3 on line %4 and holds it "
                                "past the write on line %5")
                                 .arg(machine.resourceName(Place::Mutex, program.steps[size_t(lock)].resource))
                                 .arg(lineOf(program, lock))
                                 .arg(cell)
                                 .arg(from)
                                 .arg(to);
        if (brokenOn(machine.strategy()) != QLatin1String("instances"))
            return held;
        return tr("%1; all requests run in one process, so they share that one mutex").arg(held);
    }
    if (read.forUpdate)
        return tr("SELECT … FOR UPDATE on line %1 locks the row until the commit, so no other request reads "
                  "%2 between this read and the write on line %3")
            .arg(from)
            .arg(cell)
            .arg(to);
    if (fix == QLatin1String("optimistic"))
        return tr("the write on line %1 succeeds only if %2 is unchanged since the read on line %3; a request "
                  "that read a stale value retries instead of writing it")
            .arg(to)
            .arg(cell)
            .arg(from);
    if (const int enqueue = firstStep(program, OpCode::Enqueue); enqueue >= 0 && enqueue < pair.read)
        return tr("the requests line up in queue %1 (line %2) and run one at a time, so none reads %3 between "
                  "another's read on line %4 and its write on line %5")
            .arg(machine.resourceName(Place::Queue, program.steps[size_t(enqueue)].resource))
            .arg(lineOf(program, enqueue))
            .arg(cell)
            .arg(from)
            .arg(to);
    if (onOneLoop && !awaitsBetween(program, pair))
        return tr("on one event loop no request runs between the read of %1 on line %2 and its write on line "
                  "%3: there is no await between them")
            .arg(cell)
            .arg(from)
            .arg(to);
    return {};
}

QString SafetyReason::explain(const Machine &machine, const Program &program)
{
    const StrategySpec &strategy = machine.strategy();
    const QString fix = strategy.fix;
    const bool onOneLoop = machine.model().kind == ExecutionModel::EventLoop;

    // What the fix is for comes first: a sorted lock order is about the cycle, not the rows it reads.
    if (fix == QLatin1String("lock-order"))
        return tr("every request locks the rows in the same order (line %1), so no two can wait for each other "
                  "in a circle")
            .arg(lineOf(program, std::max(0, firstStep(program, OpCode::Read))));
    if (const auto pair = readThenWrite(program))
        if (QString why = explainReadWrite(machine, program, pair->read, pair->write); !why.isEmpty())
            return why;
    if (fix == QLatin1String("atomic")) {
        const int update = firstStep(program, OpCode::Update);
        if (update >= 0)
            return tr("line %1 reads and writes %2 in one statement, which no other request can come between")
                .arg(lineOf(program, update))
                .arg(cellName(machine, program.steps[size_t(update)]));
    }
    if (const int insert = firstStep(program, OpCode::Insert);
        insert >= 0 && (fix == QLatin1String("unique") || fix == QLatin1String("idempotency-key")))
        return tr("the database lets only one insert of the same key into %1 (line %2) succeed and refuses the "
                  "second")
            .arg(machine.resourceName(Place::Table, program.steps[size_t(insert)].table))
            .arg(lineOf(program, insert));
    if (fix == QLatin1String("fencing"))
        for (size_t i = 0; i < program.steps.size(); ++i)
            if (program.steps[i].hasFence && writes(program.steps[i]))
                return tr("the storage rejects the write on line %1 when its fencing token is older than one it "
                          "has already seen, so a request whose lease ran out cannot overwrite the newer holder")
                    .arg(program.steps[i].line + 1);
    if (const int limiter = firstStep(program, OpCode::PoolAcquire);
        limiter >= 0 && fix == QLatin1String("concurrency-limit")) {
        int pool = limiter + 1;
        while (pool < int(program.steps.size()) && program.steps[size_t(pool)].op != OpCode::PoolAcquire)
            ++pool;
        if (pool < int(program.steps.size()))
            return tr("the limiter %1 (line %2) lets no more requests reach %3 (line %4) at once than it has "
                      "connections, so no request waits for a connection or fails for want of one")
                .arg(machine.resourceName(Place::Pool, program.steps[size_t(limiter)].resource))
                .arg(lineOf(program, limiter))
                .arg(machine.resourceName(Place::Pool, program.steps[size_t(pool)].resource))
                .arg(lineOf(program, pool));
    }
    if (const int cpu = firstStep(program, OpCode::Cpu); cpu >= 0) {
        if (program.steps[size_t(cpu)].offload)
            return tr("line %1 runs the CPU work on a worker thread, so the event loop keeps serving the other "
                      "requests")
                .arg(lineOf(program, cpu));
        if (!onOneLoop)
            return tr("each request has its own thread, so the CPU work on line %1 does not hold up the others")
                .arg(lineOf(program, cpu));
    }
    return {};
}

} // namespace Interleave
