// What a compiled variant is called and how its data is shaped: actors by token,
// locals, tables, and display names of every resource.

#include "machine/machine.h"
#include "machine/machine_impl.h"

#include <QCoreApplication>

namespace Interleave {

int Machine::actorByToken(const QString &token) const
{
    for (int a = 0; a < actorCount(); ++a)
        if (m_actors[size_t(a)].letter.compare(token, Qt::CaseInsensitive) == 0)
            return a;
    return -1;
}

QString Machine::localName(int index) const
{
    return d->localNames.value(index);
}

int Machine::columnCount(int row) const
{
    return int(m_tables[size_t(m_rows[size_t(row)].table)].columns.size());
}

bool Machine::isKeyTable(int table) const
{
    return table >= 0 && table < int(m_tables.size()) && !m_tables[size_t(table)].isRowTable;
}

int Machine::memoryCount() const
{
    return int(d->memoryNames.size());
}

bool Machine::usesPlace(Place place) const
{
    for (const Program &program : m_programs)
        for (const Step &step : program.steps)
            if (step.place == place)
                return true;
    return false;
}

QString Machine::resourceName(Place place, int resource, int column) const
{
    switch (place) {
    case Place::Row: {
        if (resource < 0 || resource >= int(m_rows.size()))
            return {};
        const RowInfo &r = m_rows[size_t(resource)];
        const TableInfo &t = m_tables[size_t(r.table)];
        QString name = QStringLiteral("%1[%2]").arg(t.name).arg(r.id);
        if (column >= 0 && column < t.columns.size())
            name += u'.' + t.columns.at(column);
        return name;
    }
    case Place::Table:
        return resource >= 0 && resource < int(m_tables.size()) ? m_tables[size_t(resource)].name : QString();
    case Place::Memory:
        return d->memoryNames.value(column);
    case Place::Mutex:
        return d->mutexNames.value(resource);
    case Place::Lease:
        return d->leaseNames.value(resource);
    case Place::Queue:
        return d->queueNames.value(resource);
    case Place::Pool:
        return d->poolNames.value(resource);
    case Place::Clock:
        return tr("clock");
    case Place::None:
        break;
    }
    return {};
}

} // namespace Interleave
