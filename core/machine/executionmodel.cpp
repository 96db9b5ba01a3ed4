#include "machine/machine.h"

#include <QCoreApplication>

namespace Interleave {

std::optional<ExecutionModel> ExecutionModel::parse(const QString &text, QString *error)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("threads"))
        return ExecutionModel{Threads, 1};
    if (t == QLatin1String("eventloop") || t == QLatin1String("event-loop") || t == QLatin1String("node"))
        return ExecutionModel{EventLoop, 1};
    if (t.startsWith(QLatin1String("instances"))) {
        bool ok = t == QLatin1String("instances");
        const int n = ok ? 2 : t.mid(10).toInt(&ok);
        if (ok && t.size() > 9 && t.at(9) != u':')
            ok = false;
        if (ok && n >= 1 && n <= 16)
            return ExecutionModel{Instances, n};
    }
    if (error)
        *error = QCoreApplication::translate(
                     "Machine", "unknown model \"%1\" (expected threads, eventloop or instances:N with N from 1 to 16)")
                     .arg(text);
    return std::nullopt;
}

QString ExecutionModel::toString() const
{
    switch (kind) {
    case Threads:
        return QStringLiteral("threads");
    case EventLoop:
        return QStringLiteral("eventloop");
    case Instances:
        return QStringLiteral("instances:%1").arg(instances);
    }
    return {};
}

QString ExecutionModel::displayName() const
{
    switch (kind) {
    case Threads:
        return QCoreApplication::translate("Machine", "Threads");
    case EventLoop:
        return QCoreApplication::translate("Machine", "Node.js event loop");
    case Instances:
        return QCoreApplication::translate("Machine", "%n server instance(s)", nullptr, instances);
    }
    return {};
}

} // namespace Interleave
