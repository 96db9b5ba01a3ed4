#include "i18n/catalogtranslator.h"

#include <QFile>
#include <QtEndian>

#include <cstring>

namespace Interleave {

namespace {

// The .qm layout (qtbase's qtranslator.cpp): a 16-byte magic, then blocks of
// [tag:u8][length:u32 big endian][data]. The Messages block is a run of
// records, each a list of [tag:u8] fields ended by End; the Context field
// (u32 length + UTF-8) names the record's context. lrelease does not always
// write a separate table of contexts, so they are read from the records.
constexpr uchar MessagesTag = 0x69;
constexpr int MagicLength = 16;
enum Field : uchar {
    End = 1,
    SourceText16 = 2,
    Translation = 3,
    Context16 = 4,
    Obsolete1 = 5,
    SourceText = 6,
    Context = 7,
    Comment = 8,
    Obsolete2 = 9
};

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
        if (!tag || quint32(size - pos) < length)
            break;
        if (tag == MessagesTag) {
            const uchar *m = data + pos;
            const uchar *end = m + length;
            while (m < end) {
                const uchar field = *m++;
                if (field == End)
                    continue;
                if (field == Obsolete1) {
                    m += 4;
                    continue;
                }
                if (end - m < 4)
                    break;
                const quint32 len = qFromBigEndian<quint32>(m);
                m += 4;
                if (quint32(end - m) < len)
                    break;
                if (field == Context) {
                    const QString name = QString::fromUtf8(reinterpret_cast<const char *>(m), qsizetype(len));
                    if (!names.contains(name))
                        names.append(name);
                }
                m += len;
            }
        }
        pos += length;
    }
    return names;
}

} // namespace

CatalogTranslator::CatalogTranslator(QObject *parent)
    : QTranslator(parent)
{ }

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

QString CatalogTranslator::translate(const char *context, const char *sourceText, const char *disambiguation,
                                     int n) const
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
