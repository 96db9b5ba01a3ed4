#pragma once

// `run --backend mariadb|postgres`: what the real server's trials came to against the model,
// statement by statement and against the explorer's set of possible outcomes.

#include "backend.h"

#include "drivers/threadeddriver.h"
#include "explore/explorer.h"

namespace Cli {

struct ServerCheck
{
    Interleave::ExplorerResult explored; // the variant's possible outcomes (complete or not)
    std::vector<size_t> impossible; // buckets the complete explorer says cannot happen
    std::vector<size_t> unseen; // buckets an incomplete exploration did not reach
    int witnessed = 0; // of them, those whose own schedule replays in the model to the same outcome
    int differing = 0; // trials whose server observations differed from the model's
    bool modelError() const { return differing > 0 || !impossible.empty(); }
};

ServerCheck checkAgainstModel(const std::shared_ptr<const Interleave::Machine> &machine,
                              const Interleave::ThreadedSummary &summary);
void printServerCheck(QTextStream &out, const Interleave::Machine &machine, const Backend &backend,
                      const Interleave::ThreadedSummary &summary, const ServerCheck &check);
QJsonObject serverCheckJson(const Interleave::Machine &machine, const Backend &backend,
                            const Interleave::ThreadedSummary &summary, const ServerCheck &check);

} // namespace Cli
