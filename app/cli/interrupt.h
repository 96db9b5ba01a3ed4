#pragma once

// Ctrl+C and SIGTERM for the long verbs (run, explore, export), one way for all.
// While an Interrupt lives, the first signal does not kill the process: it sets
// a flag that the work polls and calls `onInterrupt` on a thread of its own (so
// it may take locks, which a signal handler must not). The verb then stops
// within 100 ms, prints what it has and ends with cancelled() (exit code 4,
// docs/cli.md). A second Ctrl+C kills at once, as it would without us.

#include <QString>
#include <QTextStream>

#include <atomic>
#include <functional>
#include <thread>

namespace Cli {

class Interrupt
{
public:
    explicit Interrupt(std::function<void()> onInterrupt = {});
    ~Interrupt(); // restores the handlers it replaced
    Interrupt(const Interrupt &) = delete;
    Interrupt &operator=(const Interrupt &) = delete;

    const std::atomic<bool> *flag() const; // for work that polls a flag
    bool isSet() const { return flag()->load(); }

    // The verb's last line after an interruption, on stderr: "interleave-cli: <verb>: cancelled by
    // Ctrl+C; <what happened>" (or SIGTERM: the last signal caught). Returns the exit code, Cancelled.
    static int cancelled(QTextStream &err, const QString &verb, const QString &what);

private:
    std::function<void()> m_onInterrupt;
    std::thread m_waiter; // runs m_onInterrupt when the handler wakes it
};

} // namespace Cli
