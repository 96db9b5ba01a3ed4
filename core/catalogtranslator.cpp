#include "catalogtranslator.h"

#include <QFile>
#include <QtEndian>

#include <cstring>

namespace Interleave {

namespace {

// The .qm layout (qtbase's qtranslator.cpp): a 16-byte magic, then blocks of
// [tag:u8][length:u32 big endian][data]. The Contexts block is a hash table:
// u16 size, size × u16 offsets, then a pool of [length:u8][name] runs, each
// bucket ended by a 0 byte. Reading the pool in order yields every context.
constexpr uchar ContextsTag = 0x2f;
constexpr int MagicLength = 16;

QStringList contextsOf(const QByteArray &qm)
{
    QStringList names;
    const auto *data = reinterpret_cast<const uchar *>(qm.constData());
    const qsizetype size = qm.size();
    qsizetype pos = MagicLength;
    while (pos + 5 <= size) {
        const uchar tag = data[pos];
        const quint32 length = qFromBigEndian<quint32>(data + pos + 1);
        pos += 5;
        if (!tag || !length || quint32(size - pos) < length)
            break;
        if (tag == ContextsTag && length >= 2) {
            const quint16 tableSize = qFromBigEndian<quint16>(data + pos);
            qsizetype p = 2 + 2 * qsizetype(tableSize);
            while (p < qsizetype(length)) {
                const quint8 len = data[pos + p++];
                if (len == 0 || p + len > qsizetype(length))
                    continue;
                const QString name = QString::fromUtf8(reinterpret_cast<const char *>(data + pos + p), len);
                if (!names.contains(name))
                    names.append(name);
                p += len;
            }
        }
        pos += length;
    }
    return names;
}

} // namespace

CatalogTranslator::CatalogTranslator(QObject *parent) : QTranslator(parent) { }

bool CatalogTranslator::loadCatalog(const QLocale &locale, const QString &name, const QString &prefix,
                                    const QString &directory)
{
    m_contexts.clear();
    m_contextKeys.clear();
    if (!load(locale, name, prefix, directory))
        return false;
    QFile file(filePath());
    if (file.open(QIODevice::ReadOnly))
        m_contexts = contextsOf(file.readAll());
    for (const QString &c : std::as_const(m_contexts))
        m_contextKeys.append(c.toUtf8());
    return true;
}

QString CatalogTranslator::translate(const char *context, const char *sourceText, const char *disambiguation, int n) const
{
    const QString exact = QTranslator::translate(context, sourceText, disambiguation, n);
    if (!exact.isNull())
        return exact;
    for (const QByteArray &other : m_contextKeys) {
        if (context && std::strcmp(context, other.constData()) == 0)
            continue;
        const QString found = QTranslator::translate(other.constData(), sourceText, disambiguation, n);
        if (!found.isNull())
            return found;
    }
    return {};
}

} // namespace Interleave
