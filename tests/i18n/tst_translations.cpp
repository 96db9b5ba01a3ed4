#include "drivers/session.h"
#include "i18n/translations.h"
#include "scenario/jsoninput.h"
#include "scenario/scenario.h"
#include "scenario/scenariotexts.h"

#include <QCoreApplication>
#include <QTest>

using namespace Interleave;

namespace {

// A scenario that carries its own German translation of two of its texts.
const char ownScenario[] = R"({
  "format": 1, "id": "own", "title": "My own race",
  "summary": "A summary nobody translated.",
  "actors": [{"name": "Request %1", "repeat": "2"}],
  "state": {"memory": {"counter": 0}},
  "strategies": [{"id": "broken", "label": "No fix", "programs": {"main": [
      {"code": "counter++", "steps": [{"op": "read", "cell": "mem.counter", "into": "c"},
                                      {"op": "write", "cell": "mem.counter", "value": "c + 1"}]},
      {"code": "if (c > 5) throw", "steps": [{"op": "fail", "if": "c > 5", "error": "Too many"}]}]}}],
  "translations": {"de": {"My own race": "Mein eigenes Wettrennen", "Too many": "Zu viele"},
                   "de_AT": {"My own race": "Mein eigenes Rennen"}}
})";

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private slots:
    void cleanup();
    void catalogues();
    void switchingChangesTexts_data();
    void switchingChangesTexts();
    void builtinScenarioTexts();
    void scenarioCarriesItsOwnTranslations();
    void badTranslationsBlock_data();
    void badTranslationsBlock();
    void sameTextInTwoContexts();
};

void TestTranslations::cleanup()
{
    Translations::install(QStringLiteral("en"));
}

void TestTranslations::catalogues()
{
    const QStringList languages = Translations::availableLanguages();
    QVERIFY(languages.contains(QLatin1String("en")));
    QVERIFY(languages.contains(QLatin1String("de")));
    QVERIFY(languages.contains(QLatin1String("es")));
    QCOMPARE(Translations::nativeName(QStringLiteral("de")), QStringLiteral("Deutsch"));
    QCOMPARE(Translations::nativeName(QStringLiteral("es")), QStringLiteral("Español"));
    QCOMPARE(Translations::languageFor(QLocale(QStringLiteral("de_AT"))), QStringLiteral("de"));
    QCOMPARE(Translations::languageFor(QLocale(QStringLiteral("fr_FR"))), QStringLiteral("en"));
}

void TestTranslations::switchingChangesTexts_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("expected"); // Schedule's "time (~)" in that language

    QTest::newRow("German") << "de"
                            << "Zeit (~)";
    QTest::newRow("Spanish") << "es"
                             << "tiempo (~)";
    QTest::newRow("English") << "en"
                             << "time (~)";
}

void TestTranslations::switchingChangesTexts()
{
    QFETCH(QString, language);
    QFETCH(QString, expected);
    // Switch through another language first: the switch itself must replace the catalogue.
    Translations::install(language == QLatin1String("de") ? QStringLiteral("es") : QStringLiteral("de"));
    QCOMPARE(Translations::install(language), language);
    QCOMPARE(Translations::current(), language);
    QCOMPARE(QCoreApplication::translate("Schedule", "time (~)"), expected);
    QCOMPARE(QLocale().name().left(2), language);
}

void TestTranslations::builtinScenarioTexts()
{
    QString error;
    Translations::install(QStringLiteral("en"));
    const auto english = ScenarioLoader::resolve(QStringLiteral("lost-update"), &error);
    QVERIFY2(english, qPrintable(error));
    for (const QString &language : {QStringLiteral("de"), QStringLiteral("es")}) {
        Translations::install(language);
        const auto translated = ScenarioLoader::resolve(QStringLiteral("lost-update"), &error);
        QVERIFY2(translated, qPrintable(error));
        QVERIFY2(translated->title != english->title, qPrintable(translated->title));
        QVERIFY(translated->strategies.front().label != english->strategies.front().label);
        QCOMPARE(translated->id, english->id); // ids never change
        QCOMPARE(translated->strategies.front().id, english->strategies.front().id);
    }
}

void TestTranslations::scenarioCarriesItsOwnTranslations()
{
    QString error;
    Translations::install(QStringLiteral("de"));
    auto spec = ScenarioLoader::loadData(ownScenario, QStringLiteral("own.json"), &error);
    QVERIFY2(spec, qPrintable(error));
    QCOMPARE(spec->title, QStringLiteral("Mein eigenes Wettrennen"));
    QCOMPARE(spec->summary, QStringLiteral("A summary nobody translated.")); // no translation: as written
    QCOMPARE(spec->actors.front().name, QStringLiteral("Anfrage %1")); // from the program's catalogue
    // The error message a request fails with is translated before the machine is built.
    const StepSpec &failStep = spec->strategies.front().programs.front().lines.at(1).steps.front();
    QCOMPARE(failStep.error, QStringLiteral("Zu viele"));
    QVERIFY(ScenarioTexts::list(*spec).contains(QStringLiteral("Zu viele")));

    // A regional variant wins over the language.
    QLocale::setDefault(QLocale(QStringLiteral("de_AT")));
    spec = ScenarioLoader::loadData(ownScenario, QStringLiteral("own.json"), &error);
    QCOMPARE(spec->title, QStringLiteral("Mein eigenes Rennen"));

    Translations::install(QStringLiteral("en"));
    spec = ScenarioLoader::loadData(ownScenario, QStringLiteral("own.json"), &error);
    QCOMPARE(spec->title, QStringLiteral("My own race"));
    QCOMPARE(spec->translations.value(QStringLiteral("de")).value(QStringLiteral("Too many")),
             QStringLiteral("Zu viele"));
}

void TestTranslations::badTranslationsBlock_data()
{
    QTest::addColumn<QByteArray>("block");
    QTest::addColumn<QString>("expected");

    QTest::newRow("not an object") << QByteArray(R"("translations": ["de"])") << "translations: must be an object";
    QTest::newRow("language not an object")
        << QByteArray(R"("translations": {"de": "Hallo"})") << "translations.de: must be an object";
    QTest::newRow("bad language code") << QByteArray(R"("translations": {"de-DE x": {}})") << "is not a language code";
    QTest::newRow("translation not a string")
        << QByteArray(R"("translations": {"de": {"My own race": 5}})") << "a translation must be a string";
}

void TestTranslations::badTranslationsBlock()
{
    QFETCH(QByteArray, block);
    QFETCH(QString, expected);
    QByteArray json(ownScenario);
    json.replace(json.indexOf("\"translations\""), json.lastIndexOf('}') - json.indexOf("\"translations\""),
                 QByteArray(block + '\n'));
    QString error;
    QVERIFY(!ScenarioLoader::loadData(json, QStringLiteral("own.json"), &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.startsWith(QLatin1String("own.json:")), qPrintable(error));
}

void TestTranslations::sameTextInTwoContexts()
{
    // "must be a string" is both the file reader's (scenarios) and the session reader's message, and the
    // Spanish catalogue words them differently: each context must get its own.
    Translations::install(QStringLiteral("es"));
    QCOMPARE(JsonReader::tr("must be a string"), QStringLiteral("debe ser una cadena"));
    QCOMPARE(Session::tr("must be a string"), QStringLiteral("debe ser una cadena de texto"));

    // The same through the code that reports them.
    QString error;
    QByteArray scenario(ownScenario);
    scenario.replace(R"("title": "My own race")", R"("title": ["My own race"])");
    QVERIFY(!ScenarioLoader::loadData(scenario, QStringLiteral("own.json"), &error));
    QVERIFY2(error.endsWith(QLatin1String(": debe ser una cadena")), qPrintable(error));
    QVERIFY(!Session::fromJson(R"({"format": "interleave-session", "version": 1, "scenario": {"id": 7}})",
                               QStringLiteral("s.interleave"), &error));
    QVERIFY2(error.contains(QLatin1String("debe ser una cadena de texto")), qPrintable(error));

    // A context the catalogue does not know finds nothing, whatever other contexts hold.
    QCOMPARE(QCoreApplication::translate("NoSuchContext", "must be a string"), QStringLiteral("must be a string"));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
