#pragma once

#include "machine/machine.h"
#include "machine/machine_p.h"

#include <algorithm>
#include <vector>

namespace Interleave {

// Locals a program can still read, per program counter: the rest are cleared
// (dead-variable reduction). A local is live where some path reads it before
// writing it; reads by rules and figures keep a local live for ever.
class DeadLocals
{
public:
    explicit DeadLocals(const Machine &m)
        : m_locals(m.localCount())
    {
        std::vector<char> ruleLocals(size_t(std::max(0, m_locals)), 0);
        for (const Invariant &inv : m.invariants())
            collect(inv.check, ruleLocals);
        for (const Figure &f : m.figures()) {
            collect(f.actual, ruleLocals);
            collect(f.expected, ruleLocals);
        }
        int programs = 0;
        for (int a = 0; a < m.actorCount(); ++a)
            programs = std::max(programs, m.actor(a).program + 1);
        m_begin.resize(size_t(programs));
        for (int p = 0; p < programs; ++p)
            analyse(m.program(p), ruleLocals, p);
    }

    void clear(int64_t *regs, int program) const
    {
        const std::vector<uint32_t> &begin = m_begin[size_t(program)];
        const int64_t finished = int64_t(begin.size()) - 2;
        int64_t pc = regs[ActorSlot::Pc];
        if (regs[ActorSlot::Status] != int64_t(ActorStatus::Running) || pc > finished || pc < 0)
            pc = finished;
        int64_t *locals = regs + ActorSlot::Fields;
        for (uint32_t i = begin[size_t(pc)], e = begin[size_t(pc) + 1]; i < e; ++i)
            locals[m_dead[i]] = 0;
    }

private:
    void collect(const Expression &e, std::vector<char> &out) const;
    void analyse(const Program &prog, const std::vector<char> &ruleLocals, int p);

    int m_locals;
    std::vector<std::vector<uint32_t>> m_begin; // per program, per pc: range in m_dead
    std::vector<uint16_t> m_dead;
};

} // namespace Interleave
