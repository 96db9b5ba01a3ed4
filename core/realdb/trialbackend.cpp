#include "realdb/trialbackend.h"

#include "realdb/lockstep.h"

namespace Interleave {

namespace {

class ServerTrial : public TrialBackend
{
public:
    ServerTrial(std::shared_ptr<const Machine> machine, const ServerAddress &address,
                std::shared_ptr<LockstepConnections> connections)
        : m_machine(std::move(machine))
        , m_lockstep(*m_machine, address, std::move(connections))
    { }
    bool begin(QString *problem) override
    {
        if (m_lockstep.setUp())
            return true;
        *problem = m_lockstep.out.problem;
        return false;
    }
    Move beforeMove(const State &s, int actor) override
    {
        // The server decides who gets a released lock: a request whose statement it still
        // blocks does not move yet, as its thread would still wait for the answer.
        if (m_lockstep.serverStillBlocks(actor))
            return Move::Later;
        return m_lockstep.beforeMove(s, actor) ? Move::Go : Move::Stop;
    }
    void afterMove(const State &s, const Trace &trace, size_t firstEvent, int actor) override
    {
        m_lockstep.afterMove(s, trace, firstEvent, actor);
    }
    QStringList end(const State &s) override
    {
        m_lockstep.finish(s);
        return m_lockstep.out.agrees() ? QStringList() : m_lockstep.out.differences();
    }
    QString stopReason() const override
    {
        const DifferentialRun &out = m_lockstep.out;
        if (m_lockstep.diverged())
            return out.server.value(out.server.size() - 1); // "A #2 still waits for B where the model goes on"
        return out.problem.isEmpty() ? SqlRunner::tr("not run: no SQL yet for %1").arg(out.notRun) : out.problem;
    }

private:
    std::shared_ptr<const Machine> m_machine;
    Lockstep m_lockstep;
};

} // namespace

TrialBackendFactory serverTrialBackend(std::shared_ptr<const Machine> machine, const ServerAddress &address)
{
    // The trials run one at a time: each takes over the last one's connections.
    auto connections = std::make_shared<LockstepConnections>();
    return [machine = std::move(machine), address, connections]() -> std::unique_ptr<TrialBackend> {
        return std::make_unique<ServerTrial>(machine, address, connections);
    };
}

} // namespace Interleave
