#pragma once

// Leaving a process that holds gigabytes: the kernel takes back every page before
// the caller (a shell, a script) learns that the process ended, about 0.15 s a
// gigabyte on a small machine, so a Ctrl+C at 10 M explored states took 0.15-0.4 s
// to return to the prompt although the result was printed within milliseconds.

namespace Cli {

// Flushes stdout and stderr and ends the process with `code` at once (no
// destructors). If it holds more than 64 MB, a helper task that shares the address
// space, and nothing else, holds it until this process is gone and then ends, so
// the pages go back after the exit instead of before it (it ends when the last of
// our threads has closed a pipe). Linux builds without
// sanitizers; elsewhere the same as std::exit(code).
[[noreturn]] void exitLeavingMemory(int code);

// Whether exitLeavingMemory hands the memory over here: then a big exploration's
// memory is best kept until the exit (ExplorerOptions::keepMemoryUntilExit).
bool canLeaveMemory();

} // namespace Cli
