#include "interrupt.h"

#include "commands.h"
#include "output.h"

#include <csignal>
#include <cstring>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#endif

namespace Cli {

namespace {

// All a signal handler may touch: lock-free atomics and write() to a pipe.
std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free);

#ifdef Q_OS_UNIX
int g_wakePipe[2] = {-1, -1}; // the handler writes a byte, the waiter thread reads it
struct sigaction g_previous[2];
constexpr int Signals[2] = {SIGINT, SIGTERM};

extern "C" void onSignal(int signal)
{
    const int savedErrno = errno;
    g_signal.store(signal);
    g_interrupted.store(true);
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = write(g_wakePipe[1], &byte, 1);
    errno = savedErrno;
}
#else
extern "C" void onSignal(int signal)
{
    g_signal.store(signal);
    g_interrupted.store(true);
}
#endif

} // namespace

Interrupt::Interrupt(std::function<void()> onInterrupt)
    : m_onInterrupt(std::move(onInterrupt))
{
    g_interrupted.store(false);
    g_signal.store(0);
#ifdef Q_OS_UNIX
    if (pipe2(g_wakePipe, O_CLOEXEC) != 0)
        g_wakePipe[0] = g_wakePipe[1] = -1; // no waiter: the flag alone still cancels polling work
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    // SA_RESETHAND: the handler runs once, so a second Ctrl+C kills as usual.
    action.sa_flags = SA_RESTART | SA_RESETHAND;
    sigset_t caught;
    sigemptyset(&caught);
    for (int i = 0; i < 2; ++i) {
        sigaction(Signals[i], &action, &g_previous[i]);
        // A signal the caller ignores stays ignored (a background job in a script ignores Ctrl+C).
        if (g_previous[i].sa_handler == SIG_IGN)
            sigaction(Signals[i], &g_previous[i], nullptr);
        sigaddset(&caught, Signals[i]);
    }
    // One blocked by whoever started us is taken now: a Ctrl+C that came while the program
    // started up cancels the work as soon as it begins, instead of being lost or killing it.
    pthread_sigmask(SIG_UNBLOCK, &caught, nullptr);
    if (g_wakePipe[0] >= 0)
        m_waiter = std::thread([this] {
            char byte = 0;
            ssize_t n = 0;
            do
                n = read(g_wakePipe[0], &byte, 1);
            while (n < 0 && errno == EINTR);
            // 1 from the handler; 0 (the destructor's byte) or an error: nothing to cancel.
            if (n == 1 && byte == 1 && m_onInterrupt)
                m_onInterrupt();
        });
#else
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
#endif
}

Interrupt::~Interrupt()
{
#ifdef Q_OS_UNIX
    for (int i = 0; i < 2; ++i)
        sigaction(Signals[i], &g_previous[i], nullptr);
    if (m_waiter.joinable()) {
        const char stop = 0;
        [[maybe_unused]] const ssize_t written = write(g_wakePipe[1], &stop, 1);
        m_waiter.join();
    }
    for (int &fd : g_wakePipe)
        if (fd >= 0) {
            close(fd);
            fd = -1;
        }
#else
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
#endif
}

const std::atomic<bool> *Interrupt::flag() const
{
    return &g_interrupted;
}

int Interrupt::cancelled(QTextStream &err, const QString &verb, const QString &what)
{
    const QString by = g_signal.load() == SIGTERM ? QStringLiteral("SIGTERM") : QStringLiteral("Ctrl+C");
    err << QStringLiteral("interleave-cli: %1: %2").arg(verb, Text::tr("cancelled by %1; %2").arg(by, what))
        << Qt::endl;
    return Cancelled;
}

} // namespace Cli
