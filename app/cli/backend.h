#pragma once

// --backend model|mariadb|postgres and --db-url for `run` and `step`: which server runs the
// variant's database steps besides the model, started privately or given by the user.

#include "commands.h"

#include "drivers/stepper.h"
#include "realdb/privateserver.h"
#include "realdb/serveraddress.h"
#include "realdb/sqlrunner.h"

#include <QJsonObject>

#include <memory>
#include <optional>

namespace Cli {

void addBackendOptions(QCommandLineParser &parser);

// The server a run or step uses; none for the model alone.
struct Backend
{
    std::optional<Interleave::ServerAddress> address; // empty: the model alone
    std::unique_ptr<Interleave::PrivateServer> owned; // a private server, stopped with this object
    QString server; // "MariaDB 10.11"
    QString where; // "a private server (started in 2.3 s)", "mysql://…"
    QString flavourNote; // set when the backend chose the model's database flavour
    bool real() const { return address.has_value(); }
    QString banner() const; // "Ran on MariaDB 10.11, a private server (…)"
};

// Reads --backend and --db-url into `backend` and sets the model's flavour in `context` to
// the server's. False after one line on stderr (bad or mismatched options).
bool readBackend(CliContext &context, Backend &backend);
// Refuses, with one line, a variant the server cannot run: no database steps, or a step
// without SQL (with a schedule: in its moves; without: on any line of any program).
bool checkRunnable(const CliContext &context, const std::shared_ptr<const Interleave::Machine> &machine,
                   const Backend &backend, const Interleave::Schedule *schedule);
// Starts the private server, or checks that the user's answers; false after one line.
bool startBackend(const CliContext &context, Backend &backend, const std::function<bool()> &cancelled);

// The lines under the variant line: which server ran it, and the flavour note.
QStringList backendBanner(const Backend &backend);
// The comparison of one lockstep run: agreement, or loudly every difference (the server's
// observation is the truth). JSON: {"server", "version", "where", "agrees", "differences", "observed"}.
void printComparison(QTextStream &out, const Backend &backend, const Interleave::DifferentialRun &run);
QJsonObject comparisonJson(const Backend &backend, const Interleave::DifferentialRun &run);

} // namespace Cli
