#include "explore/predictioncheck.h"

#include "drivers/stepper.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

namespace Interleave {

namespace {

QString joined(const std::vector<int64_t> &values)
{
    QStringList parts;
    for (int64_t v : values)
        parts << QString::number(v);
    return parts.join(QStringLiteral(", "));
}

} // namespace

std::optional<std::vector<int64_t>> PredictionCheck::parseValues(const QString &text, QString *error)
{
    std::vector<int64_t> values;
    const QStringList tokens = text.split(QRegularExpression(QStringLiteral("[\\s,;]+")), Qt::SkipEmptyParts);
    for (const QString &token : tokens) {
        bool ok = false;
        const qint64 v = token.toLongLong(&ok);
        if (!ok) {
            if (error)
                *error =
                    tr("\"%1\" is not a whole number; write the values separated by commas, for example 1100, 1300")
                        .arg(token);
            return std::nullopt;
        }
        values.push_back(v);
    }
    if (values.empty()) {
        if (error)
            *error = tr("write at least one value, for example 1300");
        return std::nullopt;
    }
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return values;
}

PredictionCheck PredictionCheck::check(const Machine &machine, const ExplorerResult &result, int figure,
                                       std::vector<int64_t> predicted)
{
    PredictionCheck c;
    c.figure = figure;
    if (figure >= 0 && figure < int(machine.figures().size()))
        c.figureLabel = machine.figures()[size_t(figure)].label;
    std::sort(predicted.begin(), predicted.end());
    predicted.erase(std::unique(predicted.begin(), predicted.end()), predicted.end());
    c.predicted = predicted;
    c.complete = result.complete;
    auto shared = std::shared_ptr<const Machine>(&machine, [](const Machine *) {});
    for (const ExplorerOutcome &outcome : result.outcomes) {
        if (outcome.kind == ExplorerOutcome::Livelock) {
            c.endless = true;
            continue;
        }
        // Each outcome's schedule reaches its final state: the figure is read there.
        Stepper stepper(shared);
        if (!stepper.replay(outcome.schedule, nullptr) || c.figureLabel.isEmpty())
            continue;
        const int64_t value = machine.evaluate(machine.figures()[size_t(figure)].actual, stepper.state());
        c.possible[value] += outcome.count;
    }
    for (const auto &[value, count] : c.possible) {
        (void)count;
        if (std::binary_search(predicted.begin(), predicted.end(), value))
            c.hits.push_back(value);
        else
            c.missed.push_back(value);
    }
    for (int64_t v : predicted)
        if (!c.possible.count(v))
            c.impossible.push_back(v);
    return c;
}

QString PredictionCheck::summary() const
{
    QStringList values;
    for (const auto &[value, count] : possible)
        values << tr("%1 (%2 interleavings)").arg(value).arg(count.toString());
    QStringList sentences;
    sentences << tr("Possible final values of %1: %2.").arg(figureLabel, values.join(QStringLiteral(", ")));
    if (allRight())
        sentences << tr("Your prediction is exactly right.");
    else {
        if (!hits.empty())
            sentences << tr("You predicted %1 correctly.").arg(joined(hits));
        if (!missed.empty())
            sentences << tr("You missed %1.").arg(joined(missed));
        if (!impossible.empty())
            sentences << tr("%1 cannot happen in any interleaving.").arg(joined(impossible));
    }
    if (!complete)
        sentences << tr("The exploration was incomplete: other values may also be possible.");
    if (endless)
        sentences << tr("Some interleavings never end.");
    return sentences.join(u' ');
}

} // namespace Interleave
