// Dead-variable analysis over the compiled step programs (see deadlocals.h).

#include "explore/deadlocals.h"

#include <algorithm>

namespace Interleave {

void DeadLocals::collect(const Expression &e, std::vector<char> &out) const
{
    for (const Expression::Instr &in : e.code())
        if (in.op == Expression::Op::Local && in.a >= 0 && in.a < m_locals)
            out[size_t(in.a)] = 1;
    for (const Expression &sub : e.subExpressions())
        collect(sub, out);
}

void DeadLocals::analyse(const Program &prog, const std::vector<char> &ruleLocals, int p)
{
    const int n = int(prog.steps.size());
    const size_t L = ruleLocals.size();
    std::vector<std::vector<char>> live(size_t(n) + 1, std::vector<char>(L, 0));
    live[size_t(n)] = ruleLocals;
    std::vector<std::vector<char>> uses(size_t(n), std::vector<char>(L, 0));
    for (int pc = 0; pc < n; ++pc) {
        const Step &st = prog.steps[size_t(pc)];
        std::vector<char> &u = uses[size_t(pc)];
        for (const Expression *e : {&st.rowId, &st.value, &st.condition, &st.fence, &st.latency})
            collect(*e, u);
        for (const auto &set : st.sets)
            collect(set.second, u);
        for (const auto &sum : st.sums)
            collect(sum.second, u);
    }
    // A transaction that retries starts again at its begin after any failing step,
    // and its attempt counter is read whenever a step fails.
    std::vector<int> retryBegins;
    for (int pc = 0; pc < n; ++pc) {
        const Step &st = prog.steps[size_t(pc)];
        if (st.op == OpCode::Begin && st.retryOn && st.into >= 0 && st.into < m_locals) {
            retryBegins.push_back(pc);
            for (std::vector<char> &u : uses)
                u[size_t(st.into)] = 1;
        }
    }
    auto unite = [](std::vector<char> &into, const std::vector<char> &from) {
        for (size_t i = 0; i < into.size(); ++i)
            into[i] = char(into[i] | from[i]);
    };
    for (bool changed = true; changed;) {
        changed = false;
        for (int pc = n - 1; pc >= 0; --pc) {
            const Step &st = prog.steps[size_t(pc)];
            std::vector<char> out = live[size_t(pc) + 1];
            if (st.op == OpCode::Goto && st.target >= 0 && st.target <= n)
                unite(out, live[size_t(st.target)]);
            if (st.op == OpCode::Finish)
                unite(out, live[size_t(n)]);
            // Only steps that always write their result kill it.
            if ((st.op == OpCode::Read || st.op == OpCode::Let || st.op == OpCode::Exists) && st.into >= 0 &&
                st.into < m_locals)
                out[size_t(st.into)] = 0;
            std::vector<char> in = uses[size_t(pc)];
            unite(in, out);
            // Any step can fail, or be failed by the lock manager: on to finally, or finished.
            unite(in, live[size_t(n)]);
            if (prog.finallyStep >= 0 && prog.finallyStep < n)
                unite(in, live[size_t(prog.finallyStep)]);
            for (int b : retryBegins)
                unite(in, live[size_t(b)]);
            if (in != live[size_t(pc)]) {
                live[size_t(pc)] = std::move(in);
                changed = true;
            }
        }
    }
    std::vector<uint32_t> &begin = m_begin[size_t(p)];
    for (int pc = 0; pc <= n; ++pc) {
        begin.push_back(uint32_t(m_dead.size()));
        for (int l = 0; l < m_locals; ++l)
            if (!live[size_t(pc)][size_t(l)])
                m_dead.push_back(uint16_t(l));
    }
    begin.push_back(uint32_t(m_dead.size()));
}

} // namespace Interleave
