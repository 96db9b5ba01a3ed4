#pragma once

// The command-line verbs. main.cpp parses the options every verb shares
// (scenario, strategy, model, params, json) into a CliContext and dispatches.

#include "machine/machine.h"
#include "scenario/scenario.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHash>
#include <QString>
#include <QTextStream>

#include <memory>

namespace Cli {

struct CliContext
{
    QCommandLineParser *parser = nullptr; // verb-specific options are read from here
    std::shared_ptr<const Interleave::ScenarioSpec> scenario; // from --scenario (default: lost-update)
    QString strategy; // from --strategy (default: first strategy)
    Interleave::ExecutionModel model; // from --model
    Interleave::DatabaseVariant database; // from --db and --isolation, else the scenario's
    QHash<QString, int64_t> params; // from --param k=v (repeatable)
    bool json = false; // --json
    QTextStream *out = nullptr;
    QTextStream *err = nullptr;

    // Compiles the machine for the options above; prints a one-line error and returns null on failure.
    std::shared_ptr<const Interleave::Machine> machine() const;
};

// Exit codes shared by every verb.
enum ExitCode {
    Ok = 0,
    NotSolved = 1, // challenge check: the schedule or prediction does not solve the challenge (yet)
    BadInput = 2,
    Failure = 3,
    Cancelled = 4,
    ModelError = 5 // --backend: the real server did something the model says it cannot
};

// Each verb first registers its own options, then runs after parsing.
void addListOptions(QCommandLineParser &parser);
int runList(const CliContext &context);
void addRunOptions(QCommandLineParser &parser);
int runRun(const CliContext &context);
void addStepOptions(QCommandLineParser &parser);
int runStep(const CliContext &context);
void addExploreOptions(QCommandLineParser &parser); // explore.cpp (explorer issue)
int runExplore(const CliContext &context);
void addIsolationOptions(QCommandLineParser &parser); // isolation.cpp: Hermitage's table
int runIsolation(const CliContext &context);
void addExportOptions(QCommandLineParser &parser); // export.cpp (export issue)
int runExport(const CliContext &context);
void addChallengeOptions(QCommandLineParser &parser); // challenge.cpp: the course, grading and hints
int runChallenge(const CliContext &context);
// export needs QtGui: the application object is made by export.cpp, which picks
// a QGuiApplication on the offscreen platform for that verb only.
std::unique_ptr<QCoreApplication> createApplication(int &argc, char **argv);

} // namespace Cli
