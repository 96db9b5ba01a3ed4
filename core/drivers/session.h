#pragma once

// A saved teaching session: which scenario variant is on screen, the moves
// taken (including the ones undone, so redo still works) and where the cursor
// is. One JSON file; restoring it replays the schedule, so the state, the
// trace and the cursor come back identical. A teacher prepares a demo at
// home and opens it in class exactly where it was left.

#include "drivers/stepper.h"
#include "machine/machine.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>

namespace Interleave {

struct Session
{
    Q_DECLARE_TR_FUNCTIONS(Session)
public:
    static constexpr int FormatVersion = 1;

    QString scenarioId; // built-in id, or empty for a scenario from a file
    QString scenarioFile; // the file it came from (absolute or relative to the session file)
    QByteArray
        scenarioSource; // a file scenario's JSON, embedded so the session replays even if the file moves or changes
    QString strategy;
    QString model; // ExecutionModel::toString()
    QString database; // DatabaseVariant::toString(), "mysql/rr"; empty: the scenario's default
    QHash<QString, int64_t> params;
    QString schedule; // every move, redoable ones included ("A B ~ A")
    int cursor = 0; // moves taken
    QJsonObject view; // free-form GUI state (zoom, presenter mode, …), carried through unchanged

    bool operator==(const Session &) const = default;

    // Everything a stepper shows. The scenario's source is embedded when it is not a built-in.
    static Session capture(const Stepper &stepper);

    QByteArray toJson() const;
    // `fileName` names the source in errors. Errors are one line: "file: field: problem".
    static std::optional<Session> fromJson(const QByteArray &data, const QString &fileName, QString *error);
    // The same fields inside another file (a lesson's moment): no header; on failure *where gets
    // the field's path below the object ("params.n") and *what the problem.
    static std::optional<Session> fromObject(const QJsonObject &object, QString *where, QString *what);

    // Written atomically (QSaveFile): a failed save never leaves a half-written file.
    bool save(const QString &path, QString *error) const;
    static std::optional<Session> load(const QString &path, QString *error);

    // Loads the scenario, compiles the variant, replays the schedule and seeks to the
    // cursor. `sessionFile` (where this session was loaded from) resolves a relative
    // scenario file and names the session in errors. Null with a one-line error.
    std::unique_ptr<Stepper> restore(QString *error, const QString &sessionFile = QString()) const;
    // The first part of restore(), for a window that sets up the variant itself.
    std::shared_ptr<const ScenarioSpec> loadScenario(QString *error, const QString &sessionFile = QString()) const;
};

} // namespace Interleave
