#pragma once

// The statements over row tables (predicate select, update, delete, row insert) as SQL, with
// the scenario language's expressions in them (docs/scenario-format.md): row.<column> and
// row.id become the table's columns, a request's local its value when the statement is sent. Only the subset whose
// meaning SQL keeps exactly is translated (integers, + - *, / and % by a constant, comparisons, && || !, ?:); anything
// else is refused with one line, and the run is "not run" rather than compared wrongly.

#include "machine/machine.h"
#include "realdb/serveraddress.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Interleave {

// `condition`: the result is a SQL boolean (a WHERE); otherwise a BIGINT value.
// Empty with *refused set when the expression has no faithful translation.
QString sqlExpression(const Expression &e, const DatabaseStatement &statement, ServerKind kind, bool condition,
                      QString *refused);

QString sqlName(const QString &name, ServerKind kind); // quoted: `value` / "value"

// A statement over a row table (DatabaseStatement::Count, Update, Delete, Insert):
// SELECT COUNT(*), SUM(…) … WHERE …; UPDATE … SET … WHERE …; DELETE … WHERE …; INSERT … VALUES ….
QString rowTableStatement(const DatabaseStatement &statement, ServerKind kind, QString *refused);

// Storage that checks fencing tokens (lease-expiry's fenced strategies) keeps the highest
// token it has seen per row in this hidden column of every row table.
constexpr const char *FenceColumn = "interleave_fence";
// A fenced write: UPDATE t SET c = v, fence = token WHERE id = … AND fence <= token (0 rows:
// refused). A fenced read records the token and returns the row with the highest token seen
// (refused when it is not the request's): PostgreSQL UPDATE … SET fence = GREATEST(fence,
// token) … RETURNING id, c, fence; MariaDB, which has no UPDATE … RETURNING, INSERT (id) …
// ON DUPLICATE KEY UPDATE … RETURNING (the row exists in every scenario that fences reads).
QString fencedWrite(const DatabaseStatement &statement, ServerKind kind);
QString fencedSelect(const DatabaseStatement &statement, ServerKind kind);

// Key tables (likes, idempotency keys: a set of numbers) as SQL: one BIGINT column "id",
// the primary key when the table is unique in this variant, else no key at all.
bool isUniqueKeyTable(const Machine &machine, const QString &table);
QStringList keyTableSchema(const Machine &machine, const QJsonObject &table, const QString &fullName, ServerKind kind);
// InsertKey: INSERT INTO t (id) VALUES (k), with INSERT IGNORE / ON CONFLICT DO NOTHING when a
// duplicate is an answer rather than an error; KeyExists: SELECT COUNT(*) FROM t WHERE id = k.
QString keyTableStatement(const DatabaseStatement &statement, ServerKind kind);
// The facts of a key table's final contents: "likes has keys: 7, 7" (sorted), or "likes has no keys".
QString keyTableFact(const QString &table, QList<qint64> keys);

} // namespace Interleave
