#include "scenario/jsoninput.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QVariant>

#include <algorithm>
#include <cmath>

namespace Interleave {

namespace {

// The context of the messages below: they belong to no class.
struct JsonInput
{
    Q_DECLARE_TR_FUNCTIONS(JsonInput)
};

std::optional<int64_t> fail(QString *problem, const QString &text)
{
    if (problem)
        *problem = text;
    return std::nullopt;
}

} // namespace

std::optional<int64_t> wholeNumber(const QJsonValue &value, QString *problem)
{
    if (!value.isDouble())
        return fail(problem, JsonInput::tr("must be a whole number"));
    // Qt keeps integer literals that fit 64 bits exact; everything else is a double.
    const QVariant stored = value.toVariant();
    int64_t exact = 0;
    if (stored.userType() == QMetaType::LongLong) {
        exact = stored.toLongLong();
    } else {
        const double d = value.toDouble();
        const QString shown = QString::number(d, 'g', 17);
        if (!std::isfinite(d) || std::trunc(d) != d)
            return fail(problem, JsonInput::tr("must be a whole number, not %1").arg(shown));
        // 2^63 is exactly representable; anything at or beyond it is not an int64_t.
        if (std::fabs(d) >= 9223372036854775808.0)
            return fail(problem, JsonInput::tr("%1 is outside the 64-bit range").arg(shown));
        exact = int64_t(d);
    }
    // Other readers (and exponent or decimal spellings) round above 2^53:
    // refuse what might not be what the author wrote.
    if (exact > MaxExactJsonInteger || exact < -MaxExactJsonInteger)
        return fail(
            problem,
            JsonInput::tr("%1 is not exactly representable (above 2^53 = %2)").arg(exact).arg(MaxExactJsonInteger));
    return exact;
}

std::optional<int64_t> wholeNumberFromText(QStringView text, QString *problem)
{
    const QStringView trimmed = text.trimmed();
    const QStringView digits = trimmed.startsWith(u'-') || trimmed.startsWith(u'+') ? trimmed.mid(1) : trimmed;
    const bool allDigits =
        !digits.isEmpty() && std::all_of(digits.begin(), digits.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    if (!allDigits)
        return fail(problem, JsonInput::tr("\"%1\" is not a whole number").arg(trimmed));
    bool ok = false;
    const qlonglong n = trimmed.toLongLong(&ok);
    if (!ok)
        return fail(problem, JsonInput::tr("%1 is outside the 64-bit range").arg(trimmed));
    return int64_t(n);
}

QString nestedTooDeep(int maxDepth)
{
    return JsonInput::tr("nested more than %1 levels deep").arg(maxDepth);
}

QString jsonPath(const QString &parent, const QString &key)
{
    return parent.isEmpty() ? key : parent + u'.' + key;
}

QString jsonPath(const QString &parent, int index)
{
    return parent + u'[' + QString::number(index) + u']';
}

namespace {

std::optional<JsonProblem> checkTree(const QJsonValue &value, const QString &path, int depth, int maxDepth,
                                     bool wholeNumbers)
{
    if (value.isArray() || value.isObject()) {
        if (++depth > maxDepth)
            return JsonProblem{path, nestedTooDeep(maxDepth)};
    } else if (wholeNumbers && value.isDouble()) {
        QString problem;
        if (!wholeNumber(value, &problem))
            return JsonProblem{path, problem};
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (int i = 0; i < array.size(); ++i)
            if (auto problem = checkTree(array.at(i), jsonPath(path, i), depth, maxDepth, wholeNumbers))
                return problem;
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            if (auto problem = checkTree(it.value(), jsonPath(path, it.key()), depth, maxDepth, wholeNumbers))
                return problem;
    }
    return std::nullopt;
}

// Finds a path's line in JSON text. It descends only into the containers on
// the way to the path and skips every other value whole; each step consumes
// input, so it ends on any text, valid or not.
class LineFinder
{
public:
    explicit LineFinder(const QByteArray &text)
        : m_text(text)
    { }

    int lineOf(const QString &path)
    {
        QString here; // the path of the value at m_pos: always a prefix of `path`
        skipSpace();
        for (;;) {
            const int line = m_line;
            if (here == path || atEnd() || (peek() != '{' && peek() != '['))
                return line;
            const char open = peek();
            ++m_pos;
            std::optional<QString> child;
            for (int index = 0; !child; ++index) {
                skipSpace();
                if (atEnd() || peek() == '}' || peek() == ']')
                    return line;
                QString candidate;
                if (open == '{') {
                    if (peek() != '"')
                        return line;
                    candidate = jsonPath(here, string());
                    skipSpace();
                    if (atEnd() || peek() != ':')
                        return line;
                    ++m_pos;
                    skipSpace();
                } else {
                    candidate = jsonPath(here, index);
                }
                if (leadsTo(candidate, path)) {
                    child = candidate;
                } else {
                    skipValue();
                    skipSpace();
                    if (!atEnd() && peek() == ',')
                        ++m_pos;
                }
            }
            here = *child;
        }
    }

private:
    static bool leadsTo(const QString &candidate, const QString &path)
    {
        return path.startsWith(candidate) &&
            (path.size() == candidate.size() || path.at(candidate.size()) == u'.' || path.at(candidate.size()) == u'[');
    }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return m_text.at(m_pos); }
    void advance()
    {
        if (m_text.at(m_pos) == '\n')
            ++m_line;
        ++m_pos;
    }
    void skipSpace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\n' || peek() == '\r' || peek() == '\t'))
            advance();
    }
    // At an opening quote: consumes the string.
    void skipString()
    {
        advance();
        while (!atEnd() && peek() != '"') {
            if (peek() == '\\') {
                advance();
                if (atEnd())
                    return;
            }
            advance();
        }
        if (!atEnd())
            advance();
    }
    // At an opening quote: consumes the string and returns it decoded.
    QString string()
    {
        const qsizetype start = m_pos;
        skipString();
        const QByteArray raw = m_text.mid(start, m_pos - start);
        if (!raw.contains('\\'))
            return QString::fromUtf8(raw.mid(1, raw.size() - 2));
        return QJsonDocument::fromJson('[' + raw + ']').array().at(0).toString();
    }
    // Consumes one value of any size without recursion.
    void skipValue()
    {
        int depth = 0;
        do {
            if (atEnd())
                return;
            const char c = peek();
            if (c == '"') {
                skipString();
            } else if (c == '{' || c == '[') {
                ++depth;
                advance();
            } else if (c == '}' || c == ']') {
                if (depth == 0)
                    return; // the enclosing container's end: not ours to take
                --depth;
                advance();
            } else if (depth == 0) {
                while (!atEnd() && !QByteArrayView(",}] \n\r\t").contains(peek()))
                    advance();
                return;
            } else {
                advance();
            }
        } while (depth > 0);
    }

    const QByteArray &m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
};

} // namespace

std::optional<JsonProblem> checkJsonTree(const QJsonValue &value, const QString &path, int maxDepth, bool wholeNumbers)
{
    return checkTree(value, path, 0, maxDepth, wholeNumbers);
}

QString jsonFileError(const QByteArray &text, const QString &fileName, const QString &path, const QString &problem)
{
    if (path.isEmpty())
        return QStringLiteral("%1: %2").arg(fileName, problem);
    return QStringLiteral("%1:%2: %3: %4").arg(fileName).arg(jsonLineOf(text, path)).arg(path, problem);
}

int jsonLineOf(const QByteArray &text, const QString &path)
{
    return LineFinder(text).lineOf(path);
}

QString JsonReader::string(const QJsonObject &o, const QString &path, const char *key, bool required,
                           const QString &fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined()) {
        if (required)
            fail(path, tr("missing required field \"%1\"").arg(QLatin1String(key)));
        return fallback;
    }
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17); // whole and exact: checkJsonTree ran first
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (!v.isString()) {
        fail(join(path, key), tr("must be a string"));
        return fallback;
    }
    if (required && v.toString().trimmed().isEmpty())
        fail(join(path, key), tr("must not be empty"));
    return v.toString();
}

QString JsonReader::expression(const QJsonObject &o, const QString &path, const char *key, bool required,
                               const QString &fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isDouble())
        return QString::number(integer(o, path, key, required, 0));
    return string(o, path, key, required, fallback);
}

qint64 JsonReader::integer(const QJsonObject &o, const QString &path, const char *key, bool required, qint64 fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined()) {
        if (required)
            fail(path, tr("missing required field \"%1\"").arg(QLatin1String(key)));
        return fallback;
    }
    QString problem;
    const std::optional<int64_t> n = wholeNumber(v, &problem);
    if (!n) {
        fail(join(path, key), problem);
        return fallback;
    }
    return *n;
}

bool JsonReader::boolean(const QJsonObject &o, const QString &path, const char *key, bool fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined())
        return fallback;
    if (!v.isBool()) {
        fail(join(path, key), tr("must be true or false"));
        return fallback;
    }
    return v.toBool();
}

QJsonArray JsonReader::array(const QJsonObject &o, const QString &path, const char *key, bool required)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined()) {
        if (required)
            fail(path, tr("missing required field \"%1\"").arg(QLatin1String(key)));
        return {};
    }
    if (!v.isArray()) {
        fail(join(path, key), tr("must be a list [ … ]"));
        return {};
    }
    return v.toArray();
}

QJsonObject JsonReader::object(const QJsonValue &v, const QString &path)
{
    if (!v.isObject()) {
        fail(path, tr("must be an object { … }"));
        return {};
    }
    return v.toObject();
}

void JsonReader::unknownKeys(const QJsonObject &o, const QString &path, std::initializer_list<const char *> known,
                             const QString &problem)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        bool ok = false;
        for (const char *k : known)
            ok = ok || it.key() == QLatin1String(k);
        if (!ok) {
            fail(join(path, it.key()), (problem.isEmpty() ? tr("unknown field \"%1\"") : problem).arg(it.key()));
            return;
        }
    }
}

void JsonReader::fail(const QString &path, const QString &message)
{
    if (!error)
        error = JsonProblem{path, message};
}

TextPosition textPosition(const QByteArray &text, qsizetype offset)
{
    TextPosition p;
    for (qsizetype i = 0; i < offset && i < text.size(); ++i) {
        if (text.at(i) == '\n') {
            ++p.line;
            p.column = 1;
        } else {
            ++p.column;
        }
    }
    return p;
}

} // namespace Interleave
