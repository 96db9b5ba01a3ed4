// `challenge`: the built-in course and challenge files from the command line.
//   challenge list | show ID | check ID --schedule MOVES [--choice N] | check ID --predict VALUES | hint ID [--level N]
// ID is a built-in challenge's id or a challenge file. Exit codes: docs/cli.md.

#include "commands.h"
#include "output.h"

#include "challenge/challengegrader.h"
#include "explore/predictioncheck.h"

#include <QJsonArray>

using namespace Interleave;

namespace Cli {

void addChallengeOptions(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("action"), Text::tr("list, show ID, check ID or hint ID."));
    parser.addOption({QStringLiteral("schedule"),
                      Text::tr("check: the moves, for example \"A B A B\" (~ lets time pass)."), Text::tr("MOVES")});
    parser.addOption({QStringLiteral("predict"),
                      Text::tr("check: every final value you think is possible, for example \"1100, 1200\"."),
                      Text::tr("VALUES")});
    parser.addOption({QStringLiteral("choice"),
                      Text::tr("check: which of the offered variants the schedule runs on (1, 2, …), for a "
                               "\"make the fix fail\" challenge."),
                      Text::tr("N"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("level"),
                      Text::tr("hint: 1 names the line where the race is, 2 the simplest counterexample's first "
                               "preemption, higher levels the challenge's own hints."),
                      Text::tr("N"), QStringLiteral("1")});
}

namespace {

int fail(const CliContext &context, const QString &message, int code = BadInput)
{
    *context.err << QStringLiteral("interleave-cli: challenge: %1").arg(message) << Qt::endl;
    return code;
}

QJsonObject challengeJson(const Challenge &c)
{
    QJsonArray choices;
    for (int i = 0; i < c.goal.choices.size(); ++i)
        choices.append(c.choiceLabel(int(choices.size())));
    return QJsonObject{{QStringLiteral("id"), c.id},
                       {QStringLiteral("title"), c.title},
                       {QStringLiteral("task"), c.goalText},
                       {QStringLiteral("teaches"), c.teaches},
                       {QStringLiteral("scenario"), c.scenario->id},
                       {QStringLiteral("goal"), ChallengeGoal::kindId(c.goal.kind)},
                       {QStringLiteral("goalSummary"), c.goalSummary()},
                       {QStringLiteral("choices"), choices},
                       {QStringLiteral("file"), c.fileName.startsWith(u':') ? QString() : c.fileName}};
}

int listCourse(const CliContext &context)
{
    QStringList errors;
    const auto course = ChallengeLoader::loadCourse(&errors);
    if (!errors.isEmpty())
        return fail(context, errors.join(QStringLiteral("; ")), Failure);
    if (context.json) {
        QJsonArray list;
        for (const auto &c : course)
            list.append(challengeJson(*c));
        printJson(*context.out,
                  QJsonObject{{QStringLiteral("verb"), QStringLiteral("challenge list")},
                              {QStringLiteral("challenges"), list}});
        return Ok;
    }
    int number = 0;
    for (const auto &c : course)
        *context.out << QStringLiteral("%1. %2  %3 (%4)")
                            .arg(++number, 2)
                            .arg(c->id.leftJustified(34), c->title, ChallengeGoal::kindId(c->goal.kind))
                     << u'\n';
    context.out->flush();
    return Ok;
}

int showChallenge(const CliContext &context, const Challenge &c)
{
    if (context.json) {
        printJson(*context.out, challengeJson(c));
        return Ok;
    }
    QTextStream &out = *context.out;
    out << c.title << u'\n' << QString(c.title.size(), u'=') << u'\n' << c.goalText << u'\n' << u'\n';
    out << Text::tr("Goal: %1").arg(c.goalSummary()) << u'\n';
    QString error;
    if (const auto machine = c.compile(0, &error))
        out << Text::tr("Scenario: %1").arg(variantLine(*machine)) << u'\n';
    for (int i = 0; i < c.goal.choices.size(); ++i)
        out << QStringLiteral("  --choice %1: %2").arg(i + 1).arg(c.choiceLabel(i)) << u'\n';
    if (!c.teaches.isEmpty())
        out << u'\n' << Text::tr("What it teaches: %1").arg(c.teaches) << u'\n';
    out.flush();
    return Ok;
}

// Everything the explorer must know first (find-all, predict, hints).
bool explore(const CliContext &context, ChallengeGrader &grader)
{
    if (!grader.exploreAll())
        return false;
    for (int i = 0; i < grader.choiceCount(); ++i)
        if (!grader.exploration(i)->complete)
            *context.err
                << Text::tr("interleave-cli: challenge: warning: %1").arg(grader.exploration(i)->incompleteReason())
                << Qt::endl;
    return true;
}

int printVerdict(const CliContext &context, const ChallengeGrader &grader, const ChallengeVerdict &v)
{
    if (context.json) {
        QJsonObject json{{QStringLiteral("verb"), QStringLiteral("challenge check")},
                         {QStringLiteral("id"), grader.challenge().id},
                         {QStringLiteral("solved"), v.solved},
                         {QStringLiteral("reason"), v.reason}};
        if (grader.challenge().goal.kind == ChallengeGoal::FindAll) {
            QJsonArray found;
            for (const FoundOutcome &f : grader.found())
                found.append(
                    QJsonObject{{QStringLiteral("outcome"), f.description}, {QStringLiteral("schedule"), f.schedule}});
            json.insert(QStringLiteral("found"), found);
            json.insert(QStringLiteral("of"), grader.targetCount());
        }
        printJson(*context.out, json);
    } else {
        *context.out << (v.solved ? Text::tr("Solved.") : Text::tr("Not yet.")) << u' ' << v.reason << u'\n';
        context.out->flush();
    }
    return v.solved ? Ok : NotSolved;
}

int checkChallenge(const CliContext &context, ChallengeGrader &grader)
{
    const QCommandLineParser &parser = *context.parser;
    const bool predict = grader.challenge().goal.kind == ChallengeGoal::Predict;
    if (predict != parser.isSet(QStringLiteral("predict")) || (!predict && !parser.isSet(QStringLiteral("schedule"))))
        return fail(context,
                    predict ? Text::tr("this challenge is solved with --predict \"VALUES\"")
                            : Text::tr("this challenge is solved with --schedule \"MOVES\""));
    QString error;
    if (predict) {
        const auto values = PredictionCheck::parseValues(parser.value(QStringLiteral("predict")), &error);
        if (!values)
            return fail(context, QStringLiteral("--predict: %1").arg(error));
        if (!explore(context, grader))
            return Cancelled;
        return printVerdict(context, grader, grader.checkPrediction(*values));
    }
    bool ok = false;
    const int choice = parser.value(QStringLiteral("choice")).toInt(&ok) - 1;
    if (!ok || choice < 0 || choice >= grader.choiceCount())
        return fail(context, Text::tr("--choice: must be a number from 1 to %1").arg(grader.choiceCount()));
    if (grader.challenge().goal.kind == ChallengeGoal::FindAll && !explore(context, grader))
        return Cancelled;
    // --schedule may be given more than once: for "find every" the schedules count together.
    ChallengeVerdict verdict;
    for (const QString &text : parser.values(QStringLiteral("schedule"))) {
        const auto schedule = Schedule::parse(text, *grader.machine(choice), &error);
        if (!schedule)
            return fail(context, QStringLiteral("--schedule: %1").arg(error));
        verdict = grader.check(*schedule, choice);
        if (!context.json && parser.values(QStringLiteral("schedule")).size() > 1)
            *context.out << QStringLiteral("%1: %2").arg(text, verdict.reason) << u'\n';
    }
    return printVerdict(context, grader, verdict);
}

int hintChallenge(const CliContext &context, ChallengeGrader &grader)
{
    bool ok = false;
    const int level = context.parser->value(QStringLiteral("level")).toInt(&ok);
    if (!ok || level < 1 || level > grader.hintCount())
        return fail(context, Text::tr("--level: must be a number from 1 to %1").arg(grader.hintCount()));
    if (!explore(context, grader))
        return Cancelled;
    const ChallengeHint hint = grader.hint(level - 1);
    if (context.json)
        printJson(*context.out,
                  QJsonObject{{QStringLiteral("verb"), QStringLiteral("challenge hint")},
                              {QStringLiteral("level"), level},
                              {QStringLiteral("hint"), hint.text},
                              {QStringLiteral("line"), hint.line >= 0 ? QJsonValue(hint.line + 1) : QJsonValue()},
                              {QStringLiteral("schedule"), hint.schedulePrefix}});
    else
        *context.out << hint.text << u'\n';
    context.out->flush();
    return Ok;
}

} // namespace

int runChallenge(const CliContext &context)
{
    const QStringList args = context.parser->positionalArguments().mid(1);
    const QString action = args.value(0);
    if (action == QLatin1String("list") && args.size() == 1)
        return listCourse(context);
    const QStringList actions{QStringLiteral("show"), QStringLiteral("check"), QStringLiteral("hint")};
    if (!actions.contains(action) || args.size() != 2)
        return fail(context, Text::tr("expected list, show ID, check ID or hint ID"));
    QString error;
    const auto challenge = ChallengeLoader::resolve(args.at(1), &error);
    if (!challenge)
        return fail(context, error);
    if (action == QLatin1String("show"))
        return showChallenge(context, *challenge);
    const auto grader = ChallengeGrader::create(challenge, &error);
    if (!grader)
        return fail(context, error, Failure);
    return action == QLatin1String("check") ? checkChallenge(context, *grader) : hintChallenge(context, *grader);
}

} // namespace Cli
