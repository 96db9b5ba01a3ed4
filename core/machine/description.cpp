// What a compiled variant is called and how its data is shaped: actors by token,
// locals, tables, and display names of every resource.

#include "machine/description.h"

#include "machine/machine_p.h"

#include <QCoreApplication>

namespace Interleave {

MachineDescription::MachineDescription() = default;
MachineDescription::MachineDescription(MachineDescription &&) noexcept = default;
MachineDescription::~MachineDescription() = default;

int MachineDescription::actorByToken(const QString &token) const
{
    for (int a = 0; a < actorCount(); ++a)
        if (m_actors[size_t(a)].letter.compare(token, Qt::CaseInsensitive) == 0)
            return a;
    return -1;
}

QString MachineDescription::localName(int index) const
{
    return m_localNames.value(index);
}

int MachineDescription::columnCount(int row) const
{
    return int(m_tables[size_t(m_rows[size_t(row)].table)].columns.size());
}

bool MachineDescription::isKeyTable(int table) const
{
    return table >= 0 && table < int(m_tables.size()) && !m_tables[size_t(table)].isRowTable;
}

int MachineDescription::memoryCount() const
{
    return int(m_memoryNames.size());
}

bool MachineDescription::usesPlace(Place place) const
{
    for (const Program &program : m_programs)
        for (const Step &step : program.steps)
            if (step.place == place)
                return true;
    return false;
}

QString MachineDescription::resourceName(Place place, int resource, int column) const
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
        return m_memoryNames.value(column);
    case Place::Mutex:
        return m_mutexNames.value(resource);
    case Place::Lease:
        return m_leaseNames.value(resource);
    case Place::Queue:
        return m_queueNames.value(resource);
    case Place::Pool:
        return m_poolNames.value(resource);
    case Place::Clock:
        return tr("clock");
    case Place::None:
        break;
    }
    return {};
}

} // namespace Interleave
