#pragma once

// The facts a lockstep run compares (lockstep.h), written from one place so that equal
// observations on the model's side and the server's are equal text.

#include "machine/machine.h"
#include "trace/trace.h"

#include <QList>
#include <QString>

#include <vector>

namespace Interleave {

QString readsFact(const QString &who, int statement, const QList<qint64> &values);
QString updatesFact(const QString &who, int statement, int rows);
QString changesFact(const QString &who, int statement, DatabaseStatement::Kind kind, int rows);
QString failsFact(const QString &who, int statement, const QString &code);
bool overTable(DatabaseStatement::Kind kind);

// The order the runner handles a move's events in (trace indexes from firstEvent on). When the
// move makes requests wait on each other and the model rolls the mover back as the deadlock
// victim, the mover's statement goes where the server picks it: InnoDB rolls back the request
// whose lock request closes the cycle (the mover's is sent last), PostgreSQL the waiter whose
// deadlock_timeout fires first (sent first). Otherwise the trace's order, which keeps the
// servers' lock queues.
std::vector<size_t> eventOrder(const Trace &trace, size_t firstEvent, int mover, DatabaseVariant::Flavour flavour);

} // namespace Interleave
