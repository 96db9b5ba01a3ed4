#pragma once

// Predict, then reveal: students say which final values of a figure (the
// balance, the seats sold) they think are possible; the explorer, which has
// seen every interleaving, says which are. Pure values, no widgets.

#include "explore/explorer.h"
#include "machine/machine.h"

#include <QCoreApplication>
#include <QString>

#include <map>
#include <optional>
#include <vector>

namespace Interleave {

struct PredictionCheck
{
    Q_DECLARE_TR_FUNCTIONS(PredictionCheck)
public:
    int figure = -1;
    QString figureLabel;
    std::vector<int64_t> predicted; // sorted, no duplicates
    std::map<int64_t, InterleavingCount> possible; // final value -> interleavings that end with it
    std::vector<int64_t> hits; // predicted and possible
    std::vector<int64_t> missed; // possible, not predicted
    std::vector<int64_t> impossible; // predicted, never happens
    bool complete = false; // the explorer saw every interleaving
    bool endless = false; // some interleavings never end (livelock)

    bool allRight() const { return missed.empty() && impossible.empty(); }
    // "1100, 1200 1300" -> {1100, 1200, 1300}; a one-line error for anything else.
    static std::optional<std::vector<int64_t>> parseValues(const QString &text, QString *error);
    // Final value of `figure` in every outcome of `result` (replaying each outcome's schedule).
    static PredictionCheck check(const Machine &machine, const ExplorerResult &result, int figure,
                                 std::vector<int64_t> predicted);
    // Two or three sentences for the classroom.
    QString summary() const;
};

} // namespace Interleave
