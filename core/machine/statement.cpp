// Machine::nextStatement: the SQL statement behind an actor's next database step, for
// running the same schedule on a real server (core/realdb, docs/database-model.md).

#include "machine/machine.h"
#include "machine/machine_p.h"

namespace Interleave {

namespace {

bool isLocal(OpCode op)
{
    return op == OpCode::Let || op == OpCode::Goto || op == OpCode::Fail || op == OpCode::Finish;
}

} // namespace

DatabaseStatement Machine::nextStatement(const State &state, int actor, int line) const
{
    DatabaseStatement out;
    State s = state;
    const Program &p = programOf(actor);
    size_t pc = 0;
    if (line >= 0 && line < int(p.lines.size())) {
        pc = size_t(p.lines[size_t(line)].firstStep);
        while (pc + 1 < p.steps.size() && isLocal(p.steps[pc].op))
            ++pc;
    } else {
        runLocals(s, actor, nullptr, 0);
        const int64_t *r = regs(s, actor);
        if (r[ActorSlot::Status] != int64_t(ActorStatus::Running) || r[ActorSlot::Pc] >= int64_t(p.steps.size()))
            return out;
        pc = size_t(r[ActorSlot::Pc]);
    }
    const Step &st = p.steps[pc];
    auto cellOf = [&](const Step &step) {
        const TableInfo &t = m_tables[size_t(step.table)];
        return DatabaseStatement::Cell{t.name, evalProgram(step.rowId, s, actor), t.columns.value(step.column)};
    };
    switch (st.op) {
    case OpCode::Begin:
        out.kind = DatabaseStatement::Begin;
        break;
    case OpCode::Commit:
        out.kind = DatabaseStatement::Commit;
        break;
    case OpCode::Rollback:
        out.kind = DatabaseStatement::Rollback;
        break;
    case OpCode::Read:
        if (st.place != Place::Row)
            break;
        out.kind = DatabaseStatement::Select;
        out.forUpdate = st.forUpdate;
        out.cells.push_back(cellOf(st));
        // The reads marked sameStatement belong to this SELECT (compile_steps.cpp).
        for (size_t next = pc + 1; next < p.steps.size(); ++next) {
            const Step &more = p.steps[next];
            if (more.op != OpCode::Read || more.shared || more.place != Place::Row)
                break;
            out.cells.push_back(cellOf(more));
        }
        break;
    case OpCode::Write:
        if (st.place != Place::Row)
            break;
        out.kind = DatabaseStatement::Write;
        out.cells.push_back(cellOf(st));
        out.value = evalProgram(st.value, s, actor);
        break;
    case OpCode::Update:
    case OpCode::Insert:
    case OpCode::Exists:
    case OpCode::LockRow: {
        out.kind = DatabaseStatement::Unsupported;
        StepSpec spec;
        spec.kind = st.op;
        out.op = spec.opName();
        break;
    }
    default:
        break;
    }
    return out;
}

} // namespace Interleave
