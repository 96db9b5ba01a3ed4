#include "fastexit.h"

#include <cstdio>
#include <cstdlib>

#if defined(__linux__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define INTERLEAVE_LEAVE_MEMORY 1
#include <atomic>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace Cli {

#ifdef INTERLEAVE_LEAVE_MEMORY
namespace {

std::atomic<int> g_helperReady{0}; // shared with the helper: same address space
int g_ourEnd[2] = {-1, -1}; // a pipe: the helper reads, we hold the only write end

// The helper: a task with our address space but its own file table and signal mask.
// It runs on our thread's TLS, so it makes raw system calls only.
int holdAddressSpace(void *)
{
    // Its copies of our files closed but the pipe's read end, so that whoever reads our
    // output sees it end with us.
    // Without close_range (Linux before 5.9), one by one: a copy of the write end left open
    // here would keep the helper, and the memory, for ever.
    const unsigned watch = unsigned(g_ourEnd[0]);
    if (watch > 0 && syscall(SYS_close_range, 0u, watch - 1, 0u) != 0)
        for (unsigned fd = 0; fd < watch; ++fd)
            syscall(SYS_close, fd);
    if (syscall(SYS_close_range, watch + 1, ~0u, 0u) != 0)
        for (unsigned fd = watch + 1; fd < 65536; ++fd)
            syscall(SYS_close, fd);
    g_helperReady.store(1);
    // read() returns 0 once the last of our threads has closed the write end, after our
    // exit has let go of the address space; then this exit gives the pages back.
    char byte = 0;
    while (syscall(SYS_read, watch, &byte, 1) > 0) { }
    syscall(SYS_exit, 0);
    return 0;
}

bool holdsMuchMemory()
{
    long pages = 0, resident = 0;
    FILE *statm = std::fopen("/proc/self/statm", "r");
    if (!statm)
        return false;
    const bool read = std::fscanf(statm, "%ld %ld", &pages, &resident) == 2;
    std::fclose(statm);
    return read && resident * sysconf(_SC_PAGESIZE) > (long(64) << 20);
}

void handOverMemory()
{
    constexpr size_t StackBytes = 64 * 1024;
    void *stack = mmap(nullptr, StackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED || pipe2(g_ourEnd, O_CLOEXEC) != 0)
        return;
    // The helper inherits a mask with every signal blocked: its read is never interrupted, and a
    // Ctrl+C meant for us does not end it before we are gone. We end next, so ours is blocked too.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    if (clone(holdAddressSpace, static_cast<char *>(stack) + StackBytes, CLONE_VM | SIGCHLD, nullptr) < 0)
        return;
    // Until its files are closed (microseconds); past 50 ms it is left to do so after our exit.
    const auto giveUp = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
    while (!g_helperReady.load() && std::chrono::steady_clock::now() < giveUp)
        sched_yield();
}

} // namespace
#endif

bool canLeaveMemory()
{
#ifdef INTERLEAVE_LEAVE_MEMORY
    return true;
#else
    return false;
#endif
}

void exitLeavingMemory(int code)
{
    std::fflush(stdout);
    std::fflush(stderr);
#ifdef INTERLEAVE_LEAVE_MEMORY
    if (holdsMuchMemory())
        handOverMemory();
    _exit(code);
#else
    std::exit(code);
#endif
}

} // namespace Cli
