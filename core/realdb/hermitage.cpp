#include "realdb/hermitage.h"

#include <QHash>

namespace Interleave {

namespace {

// The schedules of tests/machine/tst_isolation.cpp without their "#X" (X waits) marks; a
// request that cannot move at its letter is skipped (SqlRunner::run).
const QList<QPair<QString, QString>> &orders()
{
    static const QList<QPair<QString, QString>> all{
        {QStringLiteral("hermitage-g0"), QStringLiteral("A B A B A A B B B")},
        {QStringLiteral("hermitage-g1a"), QStringLiteral("A B A B A B B")},
        {QStringLiteral("hermitage-g1b"), QStringLiteral("A B A B A A B B")},
        {QStringLiteral("hermitage-g1c"), QStringLiteral("A B A B A B A B")},
        {QStringLiteral("hermitage-otv"), QStringLiteral("A B C A A B A B C B C B C C")},
        {QStringLiteral("hermitage-p4"), QStringLiteral("A B A B A B A B")},
        {QStringLiteral("hermitage-g-single"), QStringLiteral("A B A B B B B B A A")},
        {QStringLiteral("hermitage-g2-item"), QStringLiteral("A B A B A B A B")},
        {QStringLiteral("hermitage-pmp"), QStringLiteral("A B A B B A A")},
        {QStringLiteral("hermitage-pmp-write"), QStringLiteral("A B A B B A B B B")},
        {QStringLiteral("hermitage-g2"), QStringLiteral("A B A B A B A B")},
        {QStringLiteral("hermitage-g-single-predicate"), QStringLiteral("A B A B B A A")},
        {QStringLiteral("hermitage-g-single-write"), QStringLiteral("A B A B B B B A A A")},
    };
    return all;
}

} // namespace

QStringList hermitageScenarios()
{
    QStringList ids;
    for (const auto &o : orders())
        ids << o.first;
    return ids;
}

QString hermitageOrder(const QString &scenario)
{
    for (const auto &o : orders())
        if (o.first == scenario)
            return o.second;
    return {};
}

} // namespace Interleave
