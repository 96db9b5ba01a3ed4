#include "dashboard/outcomelabels.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

#include <map>

namespace OutcomeLabels {

namespace {

// The context of the phrases below, which belong to no class.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(OutcomeLabels)
};

const QString Separator = QStringLiteral(" · ");

// One description taken apart: its figures, and each request's error.
struct Parsed
{
    QStringList figures;
    std::vector<std::pair<QString, QString>> errors; // (request letter, message)
};

// "B: No seats left; C: ER_DUP_ENTRY: …" — every item starts with a request letter.
bool parseErrors(const QString &part, std::vector<std::pair<QString, QString>> &out)
{
    static const QRegularExpression item(QStringLiteral("^([A-Z][A-Za-z0-9]{0,2}): (.+)$"));
    std::vector<std::pair<QString, QString>> errors;
    for (const QString &text : part.split(QStringLiteral("; "))) {
        const auto match = item.match(text);
        if (!match.hasMatch())
            return false;
        errors.emplace_back(match.captured(1), match.captured(2));
    }
    out = std::move(errors);
    return true;
}

Parsed parse(const QString &label)
{
    Parsed p;
    for (const QString &part : label.split(Separator)) {
        std::vector<std::pair<QString, QString>> errors;
        if (p.errors.empty() && parseErrors(part, errors))
            p.errors = std::move(errors);
        else
            p.figures << part;
    }
    return p;
}

// "B, C: No seats left", or "all but A: No seats left" when that is shorter and true.
QString errorsInWords(const std::vector<std::pair<QString, QString>> &errors, const QStringList &actors)
{
    std::vector<std::pair<QString, QStringList>> byMessage;
    for (const auto &[who, message] : errors) {
        auto it = std::find_if(byMessage.begin(), byMessage.end(), [&](const auto &m) { return m.first == message; });
        if (it == byMessage.end())
            byMessage.push_back({message, {who}});
        else
            it->second << who;
    }
    QStringList parts;
    for (const auto &[message, who] : byMessage) {
        QStringList others;
        for (const QString &a : actors)
            if (!who.contains(a))
                others << a;
        if (who.size() >= 3 && !others.isEmpty() && others.size() <= 2)
            parts << Text::tr("all but %1: %2").arg(others.join(QStringLiteral(", ")), message);
        else
            parts << QStringLiteral("%1: %2").arg(who.join(QStringLiteral(", ")), message);
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace

QStringList actorsIn(const QStringList &labels)
{
    QStringList actors;
    for (const QString &label : labels)
        for (const auto &[who, message] : parse(label).errors)
            if (!actors.contains(who))
                actors << who;
    std::sort(actors.begin(), actors.end());
    return actors;
}

Group tellApart(const QStringList &labels, const QStringList &actors)
{
    std::vector<Parsed> parsed;
    for (const QString &label : labels)
        parsed.push_back(parse(label));
    // What every outcome of the group has: figures, and the same request's same error.
    QStringList sharedFigures = parsed.empty() ? QStringList() : parsed.front().figures;
    std::vector<std::pair<QString, QString>> sharedErrors =
        parsed.empty() ? decltype(sharedErrors){} : parsed.front().errors;
    for (const Parsed &p : parsed) {
        sharedFigures.removeIf([&](const QString &f) { return !p.figures.contains(f); });
        std::erase_if(sharedErrors,
                      [&](const auto &e) { return std::find(p.errors.begin(), p.errors.end(), e) == p.errors.end(); });
    }
    Group g;
    QStringList shared = sharedFigures;
    if (!sharedErrors.empty())
        shared << errorsInWords(sharedErrors, actors);
    g.shared = labels.size() > 1 ? shared.join(Separator) : QString();
    // Within the group, "all but A" counts only the requests whose errors differ between outcomes.
    QStringList unsharedActors = actors;
    if (labels.size() > 1)
        for (const auto &e : sharedErrors)
            unsharedActors.removeAll(e.first);
    for (size_t i = 0; i < parsed.size(); ++i) {
        Parsed own = parsed[i];
        if (labels.size() > 1) {
            own.figures.removeIf([&](const QString &f) { return sharedFigures.contains(f); });
            std::erase_if(own.errors, [&](const auto &e) {
                return std::find(sharedErrors.begin(), sharedErrors.end(), e) != sharedErrors.end();
            });
        }
        QStringList words = own.figures;
        if (!own.errors.empty())
            words << errorsInWords(own.errors, unsharedActors);
        else if (parsed[i].errors.empty() && own.figures.isEmpty())
            words << Text::tr("no request failed");
        // Same words, different state (what the description does not show).
        g.distinct << (words.isEmpty() ? Text::tr("same figures, other state") : words.join(Separator));
    }
    // Outcomes can differ in what the words do not show: number the look-alikes.
    for (int i = 0; i < g.distinct.size(); ++i) {
        int same = 0;
        for (int j = 0; j < i; ++j)
            same += g.distinct.at(j) == g.distinct.at(i);
        if (same > 0)
            g.distinct[i] += QStringLiteral(" (%1)").arg(same + 1);
    }
    return g;
}

} // namespace OutcomeLabels
