#include "scenario.h"
#include "stepper.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace Interleave;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QString error;
    auto spec = ScenarioLoader::resolve(app.arguments().value(1, QStringLiteral("lost-update")), &error);
    if (!spec) {
        QTextStream(stderr) << error << Qt::endl;
        return 2;
    }
    auto machine = Machine::compile(*spec, app.arguments().value(2, QStringLiteral("broken")), *ExecutionModel::parse(app.arguments().value(4, QStringLiteral("threads")), nullptr), {}, &error);
    if (!machine) {
        QTextStream(stderr) << error << Qt::endl;
        return 2;
    }
    Stepper stepper(machine);
    auto schedule = Schedule::parse(app.arguments().value(3, QStringLiteral("A B A B")), *machine, &error);
    if (!schedule || !stepper.replay(*schedule, &error)) {
        QTextStream(stderr) << error << Qt::endl;
        return 2;
    }
    for (const TraceEvent &e : stepper.trace())
        out << e.step << ' ' << machine->narrate(e) << Qt::endl;
    out << machine->describeOutcome(stepper.state()) << Qt::endl;
    return 0;
}
