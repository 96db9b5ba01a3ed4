#pragma once

// Reading JSON written by a stranger (scenario and session files): whole
// numbers that are never silently rounded, a nesting bound, and the line on
// which a value stands, for errors of the form "file:line: path: problem".

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringView>

#include <cstdint>
#include <initializer_list>
#include <optional>

namespace Interleave {

// JSON numbers are doubles to most tools (and to Qt for anything that is not a
// plain integer literal): whole numbers are exact only up to 2^53, beyond that
// neighbours collapse into one value. Every whole number read from a file goes
// through here, so none is silently rounded and no float-to-integer cast
// overflows. On failure `problem` gets a short phrase such as "must be a whole number".
constexpr int64_t MaxExactJsonInteger = int64_t(1) << 53;
std::optional<int64_t> wholeNumber(const QJsonValue &value, QString *problem);

// The same for text typed by a user ("-12", "9223372036854775807"): an optional
// sign and decimal digits, exact over the whole 64-bit range.
std::optional<int64_t> wholeNumberFromText(QStringView text, QString *problem);

// "nested more than N levels deep": one phrase for every nesting bound.
QString nestedTooDeep(int maxDepth);

// Paths name values inside a document: "strategies[1].programs.main[3]".
QString jsonPath(const QString &parent, const QString &key);
QString jsonPath(const QString &parent, int index);

struct JsonProblem
{
    QString path;
    QString message;
};
// The first value below `value` (which stands at `path`) that lies more than
// `maxDepth` containers deep or, with `wholeNumbers`, a number that
// wholeNumber() refuses. Recursion is bounded by maxDepth.
std::optional<JsonProblem> checkJsonTree(const QJsonValue &value, const QString &path, int maxDepth, bool wholeNumbers);

// Line and column (from 1) of a byte offset, for "file:line:column: JSON syntax error".
struct TextPosition
{
    int line = 1;
    int column = 1;
};
TextPosition textPosition(const QByteArray &text, qsizetype offset);

// The line (from 1) on which the value at `path` starts in `text`, or the line
// of its nearest enclosing value. Linear in the text, no recursion.
int jsonLineOf(const QByteArray &text, const QString &path);

// The one line a reader of a stranger's file gives: "file:line: path: problem", or
// "file: problem" for the file as a whole (an empty path).
QString jsonFileError(const QByteArray &text, const QString &fileName, const QString &path, const QString &problem);

// Typed accessors over a JSON object that remember where they looked, so that
// the first problem can say where it is ("strategies[1].id: must be a string").
// After a failure every accessor still returns a fallback: a reader is checked
// once, at the end of a section, not after every field.
class JsonReader
{
    Q_DECLARE_TR_FUNCTIONS(JsonReader)

public:
    std::optional<JsonProblem> error;

    QString string(const QJsonObject &o, const QString &path, const char *key, bool required,
                   const QString &fallback = {});
    // Expressions may be written as numbers or strings.
    QString expression(const QJsonObject &o, const QString &path, const char *key, bool required,
                       const QString &fallback = {});
    qint64 integer(const QJsonObject &o, const QString &path, const char *key, bool required, qint64 fallback = 0);
    bool boolean(const QJsonObject &o, const QString &path, const char *key, bool fallback);
    QJsonArray array(const QJsonObject &o, const QString &path, const char *key, bool required);
    QJsonObject object(const QJsonValue &v, const QString &path);
    // `problem` names the field with %1; by default "unknown field".
    void unknownKeys(const QJsonObject &o, const QString &path, std::initializer_list<const char *> known,
                     const QString &problem = {});
    // Keeps the first problem only: later ones are usually its consequences.
    void fail(const QString &path, const QString &message);

    static QString join(const QString &path, const QString &key) { return jsonPath(path, key); }
    static QString join(const QString &path, const char *key) { return jsonPath(path, QLatin1String(key)); }
    static QString index(const QString &path, int i) { return jsonPath(path, i); }
};

} // namespace Interleave
