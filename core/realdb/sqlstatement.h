#pragma once

// The statements over row tables (predicate select, update, delete, row insert) as SQL, with
// the scenario language's expressions in them (docs/scenario-format.md): row.<column> and
// row.id become the table's columns, a request's local its value when the statement is sent. Only the subset whose
// meaning SQL keeps exactly is translated (integers, + - *, / and % by a constant, comparisons, && || !, ?:); anything
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

// A statement over a row table (DatabaseStatement::Count, Update, Delete, Insert):
// SELECT COUNT(*), SUM(…) … WHERE …; UPDATE … SET … WHERE …; DELETE … WHERE …; INSERT … VALUES ….
QString rowTableStatement(const DatabaseStatement &statement, ServerKind kind, QString *refused);

} // namespace Interleave
