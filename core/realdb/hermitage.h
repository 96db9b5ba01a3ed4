#pragma once

// Hermitage's statement order for each of its built-in scenarios (hermitage-*.json): the
// order in which Hermitage's mysql.md and postgres.md send the statements, one request
// letter per statement. SqlRunner::run turns it into each variant's schedule.

#include <QString>
#include <QStringList>

namespace Interleave {

QStringList hermitageScenarios(); // "hermitage-g0" … "hermitage-g-single-write"
QString hermitageOrder(const QString &scenario); // "A B A B A B A B"; empty when unknown

} // namespace Interleave
