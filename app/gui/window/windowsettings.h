#pragma once

#include "challenge/challengeprogress.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <cstdint>
#include <optional>

// Everything the window keeps between runs, typed, read and written in one
// place: no key strings anywhere else. A file written by another settings
// version is ignored as a whole.
struct WindowSettings
{
    static constexpr int Version = 1;
    // Of the docks' and toolbars' arrangement (QMainWindow::saveState): a saved one from an
    // older arrangement is not restored, the rest of the settings still are.
    static constexpr int LayoutVersion = 2;

    QByteArray geometry;
    QByteArray dockState;
    QByteArray centreSplitter;
    QString scenario; // built-in id or file path
    QString strategy;
    QString model;
    QString database; // flavour and isolation level, "mysql/rr"; empty: the scenario's own
    QString backend; // "model", "mariadb", "postgres"; a server that cannot start falls back to the model
    QHash<QString, int64_t> params;
    double zoomStart = -1; // the timeline's visible range; -1: fit
    double zoomEnd = -1;
    std::optional<int> playSpeed; // moves per second
    std::optional<int> trials;

    // Nothing when nothing (or another version) was saved.
    static std::optional<WindowSettings> load();
    void save() const;
    // Only the timeline range, which is restored once a trace is on screen.
    static std::pair<double, double> loadZoom();

    // A student's progress through the challenges, one group per challenge id (kept apart
    // from the window's own settings: a new settings version does not lose a student's course).
    static Interleave::ChallengeProgress loadChallenge(const QString &id);
    static void saveChallenge(const QString &id, const Interleave::ChallengeProgress &progress);
    static void resetChallenges();
};
