#pragma once

// The threaded driver's trials on a real server (ThreadedDriver::setBackend): each trial gets
// a fresh schema and one connection per request, and every move of the model is run on the
// server in lockstep (lockstep.h), in the order the actor threads made the moves. At the end
// the server's observations (values read, rows changed, waits, errors, final rows) are
// compared with the model's: a trial that agrees reached the model's outcome on the server.
// The connections stay open from one trial to the next; a trial puts the initial rows back.

#include "drivers/threadeddriver.h"
#include "realdb/serveraddress.h"

namespace Interleave {

// One backend per trial, for `machine` (which must outlive the trials) on `address`.
TrialBackendFactory serverTrialBackend(std::shared_ptr<const Machine> machine, const ServerAddress &address);

} // namespace Interleave
