#pragma once

#include <QByteArray>
#include <QLocale>
#include <QStringList>
#include <QTranslator>

namespace Interleave {

// A QTranslator over one .qm catalogue that forgives a context mismatch.
// Code that calls a file-local `tr(text)` helper wrapping
// QCoreApplication::translate("Narration", text) is filed by lupdate under the
// enclosing class ("Interleave::Machine"), not under "Narration"; a plain
// QTranslator would then never find those strings. When the exact context
// misses, this one tries every context the catalogue holds.
class CatalogTranslator : public QTranslator
{
    Q_OBJECT
public:
    explicit CatalogTranslator(QObject *parent = nullptr);

    // As QTranslator::load(locale, name, prefix, directory): the best match for the
    // locale's UI languages (a resource directory works). False when none loads.
    bool loadCatalog(const QLocale &locale, const QString &name, const QString &prefix, const QString &directory);
    QStringList contexts() const { return m_contexts; }

    QString translate(const char *context, const char *sourceText, const char *disambiguation = nullptr,
                      int n = -1) const override;

private:
    QStringList m_contexts;
    QList<QByteArray> m_contextKeys; // m_contexts as the char* the lookup takes
};

} // namespace Interleave
