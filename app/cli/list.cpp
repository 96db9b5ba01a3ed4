// `list`: what there is to run. Without --scenario every built-in scenario in
// one table; with it, one scenario in full; with --strategy too, its code.

#include "commands.h"
#include "output.h"

using namespace Interleave;

namespace Cli {

namespace {

QJsonObject strategyJson(const StrategySpec &s, bool withPrograms)
{
    QJsonObject expect;
    for (auto it = s.expect.begin(); it != s.expect.end(); ++it)
        expect.insert(it.key(), it.value());
    QJsonObject o{{QStringLiteral("id"), s.id},
                  {QStringLiteral("label"), s.label},
                  {QStringLiteral("fix"), s.fix},
                  {QStringLiteral("description"), s.description},
                  {QStringLiteral("expect"), expect}};
    if (withPrograms) {
        QJsonObject programs;
        for (const ProgramSpec &p : s.programs) {
            QJsonArray lines;
            for (const LineSpec &l : p.lines)
                lines.append(l.code);
            programs.insert(p.name, lines);
        }
        o.insert(QStringLiteral("programs"), programs);
    }
    return o;
}

QJsonObject scenarioJson(const ScenarioSpec &spec, bool full, const QString &strategy)
{
    QJsonArray strategies;
    for (const StrategySpec &s : spec.strategies)
        strategies.append(strategyJson(s, full && s.id == strategy));
    QJsonArray params;
    for (const ParameterSpec &p : spec.params)
        params.append(QJsonObject{{QStringLiteral("name"), p.name},
                                  {QStringLiteral("label"), p.label},
                                  {QStringLiteral("default"), double(p.defaultValue)},
                                  {QStringLiteral("min"), double(p.minimum)},
                                  {QStringLiteral("max"), double(p.maximum)},
                                  {QStringLiteral("help"), p.help}});
    QJsonArray invariants;
    for (const InvariantSpec &inv : spec.invariants)
        invariants.append(QJsonObject{{QStringLiteral("id"), inv.id},
                                      {QStringLiteral("label"), inv.label},
                                      {QStringLiteral("always"), inv.always}});
    QJsonObject o{{QStringLiteral("id"), spec.id},
                  {QStringLiteral("title"), spec.title},
                  {QStringLiteral("summary"), spec.summary},
                  {QStringLiteral("source"), spec.source},
                  {QStringLiteral("file"), spec.fileName},
                  {QStringLiteral("strategies"), strategies},
                  {QStringLiteral("models"), QJsonArray::fromStringList(spec.models)},
                  {QStringLiteral("params"), params},
                  {QStringLiteral("invariants"), invariants}};
    if (full) {
        o.insert(QStringLiteral("explanation"), spec.explanation);
        QJsonArray notes;
        for (const SeedNote &n : spec.seedNotes)
            notes.append(QJsonObject{{QStringLiteral("claim"), n.claim}, {QStringLiteral("reality"), n.reality}});
        o.insert(QStringLiteral("seedNotes"), notes);
    }
    return o;
}

QJsonArray modelsJson()
{
    return QJsonArray{
        QJsonObject{{QStringLiteral("id"), QStringLiteral("threads")},
                    {QStringLiteral("name"), ExecutionModel{ExecutionModel::Threads, 1}.displayName()}},
        QJsonObject{{QStringLiteral("id"), QStringLiteral("eventloop")},
                    {QStringLiteral("name"), ExecutionModel{ExecutionModel::EventLoop, 1}.displayName()}},
        QJsonObject{{QStringLiteral("id"), QStringLiteral("instances:N")},
                    {QStringLiteral("name"), ExecutionModel{ExecutionModel::Instances, 2}.displayName()},
                    {QStringLiteral("min"), 1},
                    {QStringLiteral("max"), 16}},
    };
}

QString paramsText(const ScenarioSpec &spec)
{
    QStringList parts;
    for (const ParameterSpec &p : spec.params)
        parts << QStringLiteral("%1=%2 (%3…%4)").arg(p.name).arg(p.defaultValue).arg(p.minimum).arg(p.maximum);
    return parts.join(QLatin1String(", "));
}

QString expectText(const StrategySpec &s)
{
    QStringList parts;
    for (auto it = s.expect.begin(); it != s.expect.end(); ++it)
        parts << QStringLiteral("%1: %2").arg(it.key(), it.value());
    return parts.join(QLatin1String(", "));
}

void printOne(QTextStream &out, const ScenarioSpec &spec, const QString &strategy, bool showProgram)
{
    out << spec.title << QStringLiteral("  [") << spec.id << QStringLiteral("]\n");
    if (!spec.summary.isEmpty())
        out << spec.summary << u'\n';
    if (!spec.explanation.isEmpty())
        out << u'\n' << spec.explanation << u'\n';
    if (!spec.source.isEmpty())
        out << Text::tr("Source: %1").arg(spec.source) << u'\n';
    for (const SeedNote &n : spec.seedNotes)
        out << Text::tr("The seed says: %1\nWhat really happens: %2").arg(n.claim, n.reality) << u'\n';

    out << u'\n' << Text::tr("Strategies:") << u'\n';
    int width = 0;
    for (const StrategySpec &s : spec.strategies)
        width = std::max(width, int(s.id.size()));
    for (const StrategySpec &s : spec.strategies) {
        out << QStringLiteral("  %1  %2").arg(s.id.leftJustified(width), s.label);
        const QString expect = expectText(s);
        if (!expect.isEmpty())
            out << QStringLiteral("  (%1)").arg(expect);
        out << u'\n';
    }
    out << u'\n' << Text::tr("Models: %1").arg(spec.models.join(QLatin1String(", "))) << u'\n';

    out << u'\n' << Text::tr("Parameters:") << u'\n';
    if (spec.params.isEmpty())
        out << Text::tr("  (none)") << u'\n';
    int nameWidth = 0;
    for (const ParameterSpec &p : spec.params)
        nameWidth = std::max(nameWidth, int(p.name.size()));
    for (const ParameterSpec &p : spec.params) {
        out << QStringLiteral("  %1  %2  %3  %4")
                   .arg(p.name.leftJustified(nameWidth), QString::number(p.defaultValue).rightJustified(7),
                        QStringLiteral("%1…%2").arg(p.minimum).arg(p.maximum).leftJustified(14), p.label);
        if (!p.help.isEmpty())
            out << QStringLiteral(": ") << p.help;
        out << u'\n';
    }
    if (!spec.invariants.isEmpty()) {
        out << u'\n' << Text::tr("Rules:") << u'\n';
        for (const InvariantSpec &inv : spec.invariants)
            out << QStringLiteral("  %1%2").arg(inv.label, inv.always ? Text::tr(" (at every moment)") : QString())
                << u'\n';
    }
    if (showProgram) {
        const int index = spec.strategyIndex(strategy);
        if (index >= 0) {
            const StrategySpec &s = spec.strategies.at(index);
            out << u'\n' << Text::tr("Code of strategy %1 (%2):").arg(s.id, s.label) << u'\n';
            if (!s.description.isEmpty())
                out << s.description << u'\n';
            for (const ProgramSpec &p : s.programs) {
                if (s.programs.size() > 1)
                    out << QStringLiteral("  [%1]\n").arg(p.name);
                for (int i = 0; i < p.lines.size(); ++i)
                    out << QStringLiteral("  %1  %2\n")
                               .arg(QString::number(i + 1).rightJustified(3), p.lines.at(i).code);
            }
        }
    }
}

} // namespace

void addListOptions(QCommandLineParser &)
{
    // Only the shared options: --scenario picks one scenario, --strategy shows its code.
}

int runList(const CliContext &context)
{
    QTextStream &out = *context.out;
    const bool one = context.parser->isSet(QStringLiteral("scenario"));
    const bool showProgram = one && context.parser->isSet(QStringLiteral("strategy"));
    QList<std::shared_ptr<const ScenarioSpec>> scenarios;
    QStringList errors;
    if (one)
        scenarios << context.scenario;
    else
        scenarios = ScenarioLoader::loadBuiltins(&errors);

    if (context.json) {
        QJsonArray list;
        for (const auto &spec : std::as_const(scenarios))
            list.append(scenarioJson(*spec, one, showProgram ? context.strategy : QString()));
        QJsonObject root{{QStringLiteral("scenarios"), list}, {QStringLiteral("models"), modelsJson()}};
        if (!errors.isEmpty())
            root.insert(QStringLiteral("errors"), QJsonArray::fromStringList(errors));
        printJson(out, root);
    } else if (one) {
        printOne(out, *scenarios.front(), context.strategy, showProgram);
    } else {
        out << Text::tr("Scenarios (%1):").arg(scenarios.size()) << u'\n';
        int width = 0;
        for (const auto &spec : std::as_const(scenarios))
            width = std::max(width, int(spec->id.size()));
        for (const auto &spec : std::as_const(scenarios)) {
            QStringList ids;
            for (const StrategySpec &s : spec->strategies)
                ids << s.id;
            out << QStringLiteral("  %1  %2\n").arg(spec->id.leftJustified(width), spec->title);
            const QString indent(width + 4, u' ');
            out << indent << Text::tr("strategies: %1").arg(ids.join(QLatin1String(", "))) << u'\n';
            out << indent << Text::tr("models: %1").arg(spec->models.join(QLatin1String(", "))) << u'\n';
            if (!spec->params.isEmpty())
                out << indent << Text::tr("parameters: %1").arg(paramsText(*spec)) << u'\n';
        }
        out << u'\n'
            << Text::tr(
                   "Models: threads (every shared step can interleave), eventloop (one Node.js loop: only at await), "
                   "instances:N (N server processes, each with its own memory and locks).")
            << u'\n'
            << Text::tr("Next: interleave-cli list --scenario ID, then run or step it (interleave-cli run --help).")
            << u'\n';
    }
    out.flush();
    for (const QString &e : std::as_const(errors))
        *context.err << QStringLiteral("interleave-cli: warning: %1").arg(e) << Qt::endl;
    return Ok;
}

} // namespace Cli
