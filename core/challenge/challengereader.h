#pragma once

// Reads one challenge object field by field, remembering the first problem
// and where it stands ("goal.choices[1].model"), for ChallengeLoader's
// "file:line: field: problem". Internal to the loader.

#include "challenge/challenge.h"
#include "scenario/jsoninput.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

#include <initializer_list>
#include <memory>
#include <optional>

namespace Interleave {

class ChallengeReader
{
    Q_DECLARE_TR_FUNCTIONS(ChallengeLoader) // its messages are the loader's
public:
    using Problem = JsonProblem;

    // `fileName` resolves a relative scenario file when `allowFiles`.
    ChallengeReader(QString fileName, bool allowFiles)
        : m_fileName(std::move(fileName))
        , m_allowFiles(allowFiles)
    { }
    std::shared_ptr<Challenge> read(const QJsonObject &root); // null on the first problem
    const Problem &problem() const { return *m_json.error; }

private:
    // The scenario loader's typed accessors; only what a challenge reads differently is here.
    void fail(const QString &path, const QString &message) { m_json.fail(path, message); }
    bool failed() const { return m_json.error.has_value(); }
    QString string(const QJsonObject &o, const QString &path, const char *key, bool required)
    {
        return m_json.string(o, path, key, required);
    }
    void unknownKeys(const QJsonObject &o, const QString &path, std::initializer_list<const char *> known)
    {
        m_json.unknownKeys(o, path, known);
    }
    std::optional<int64_t> integer(const QJsonObject &o, const QString &path, const char *key); // absent: none
    QJsonObject object(const QJsonObject &o, const QString &path, const char *key, bool required);

    void readScenario(const QJsonObject &root, Challenge &c);
    ChallengeVariant readVariant(const QJsonObject &o, const QString &path, const ScenarioSpec &scenario);
    void readParams(const QJsonObject &o, const QString &path, const ScenarioSpec &scenario, ChallengeVariant &v);
    void readGoal(const QJsonObject &o, Challenge &c);
    void checkGoal(const QJsonObject &o, Challenge &c);
    void readTexts(const QJsonObject &root, Challenge &c);
    void readTranslations(const QJsonObject &root, Challenge &c);

    QString m_fileName;
    bool m_allowFiles;
    JsonReader m_json;
};

} // namespace Interleave
