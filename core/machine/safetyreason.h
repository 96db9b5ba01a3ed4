#pragma once

// Why a variant cannot go wrong on its execution model, said from the
// scenario's own code: which lines no other request can come between, and
// what keeps them out (no await on one event loop, a mutex, a row lock, one
// statement, a unique key, ...). Computed once here; the window's banner and
// the command line both show it.

#include "machine/machine.h"

#include <QCoreApplication>
#include <QString>

namespace Interleave {

class SafetyReason
{
    Q_DECLARE_TR_FUNCTIONS(SafetyReason)
public:
    // Empty when the variant is expected to break on its model (or says nothing).
    static QString explain(const Machine &machine);
    // "threads", "eventloop", "instances": the keys of a strategy's "expect".
    static QString modelKey(const ExecutionModel &model);
    // The first model on which the same code breaks, or empty.
    static QString brokenOn(const StrategySpec &strategy);

private:
    static QString explain(const Machine &machine, const Program &program);
    static QString explainReadWrite(const Machine &machine, const Program &program, int readStep, int writeStep);
};

} // namespace Interleave
