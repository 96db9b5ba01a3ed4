#pragma once

// The scenario language's expressions (docs/scenario-format.md) as SQL, for the statements
// of SqlRunner::sql: row.<column> and row.id become the table's columns, a request's local
// its value when the statement is sent. Only the subset whose meaning SQL keeps exactly is
// translated (integers, + - *, / and % by a constant, comparisons, && || !, ?:); anything
// else is refused with one line, and the run is "not run" rather than compared wrongly.

#include "machine/machine.h"
#include "realdb/serveraddress.h"

#include <QString>

namespace Interleave {

// `condition`: the result is a SQL boolean (a WHERE); otherwise a BIGINT value.
// Empty with *refused set when the expression has no faithful translation.
QString sqlExpression(const Expression &e, const DatabaseStatement &statement, ServerKind kind, bool condition,
                      QString *refused);

QString sqlName(const QString &name, ServerKind kind); // quoted: `value` / "value"

} // namespace Interleave
