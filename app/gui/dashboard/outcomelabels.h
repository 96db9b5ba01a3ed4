#pragma once

// What tells outcomes apart, in words. An outcome's description is
// "Seats left = 0 · Bookings = 1 · B: No seats left; C: No seats left":
// figures, then each request's error. Within a group of outcomes the parts
// they all share go to the group's heading and each bar keeps the rest, with
// the errors grouped by message ("all but A: No seats left").

#include <QString>
#include <QStringList>

#include <vector>

namespace OutcomeLabels {

struct Group
{
    QString shared; // what every outcome of the group has in common ("" if nothing)
    QStringList distinct; // per outcome, in the order given: what only it has
};

// `labels`: the group's descriptions. `actors`: every request letter seen in the whole chart
// (so that "all but A" is true).
Group tellApart(const QStringList &labels, const QStringList &actors);
// The request letters named in the errors of these descriptions, in order of first appearance.
QStringList actorsIn(const QStringList &labels);

} // namespace OutcomeLabels
