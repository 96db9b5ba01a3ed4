#include "window/windowsettings.h"

#include <QSettings>
#include <QStringList>
#include <QVariantMap>

#include <algorithm>

namespace {
namespace Key {
const QString version = QStringLiteral("version");
const QString geometry = QStringLiteral("window/geometry");
const QString dockState = QStringLiteral("window/state");
const QString centreSplitter = QStringLiteral("window/centreSplitter");
const QString scenario = QStringLiteral("session/scenario");
const QString strategy = QStringLiteral("session/strategy");
const QString model = QStringLiteral("session/model");
const QString database = QStringLiteral("session/database");
const QString backend = QStringLiteral("session/backend");
const QString params = QStringLiteral("session/params");
const QString zoomStart = QStringLiteral("timeline/start");
const QString zoomEnd = QStringLiteral("timeline/end");
const QString playSpeed = QStringLiteral("play/speed");
const QString trials = QStringLiteral("run/trials");
const QString challenges = QStringLiteral("challenges");
const QString solved = QStringLiteral("solved");
const QString schedules = QStringLiteral("schedules");
const QString prediction = QStringLiteral("prediction");
const QString hintsShown = QStringLiteral("hintsShown");
} // namespace Key

std::optional<int> optionalInt(const QSettings &settings, const QString &key)
{
    bool ok = false;
    const int value = settings.value(key).toInt(&ok);
    return ok ? std::optional<int>(value) : std::nullopt;
}
} // namespace

std::optional<WindowSettings> WindowSettings::load()
{
    QSettings settings;
    if (settings.value(Key::version).toInt() != Version)
        return std::nullopt;
    WindowSettings s;
    s.geometry = settings.value(Key::geometry).toByteArray();
    s.dockState = settings.value(Key::dockState).toByteArray();
    s.centreSplitter = settings.value(Key::centreSplitter).toByteArray();
    s.scenario = settings.value(Key::scenario).toString();
    s.strategy = settings.value(Key::strategy).toString();
    s.model = settings.value(Key::model).toString();
    s.database = settings.value(Key::database).toString();
    s.backend = settings.value(Key::backend).toString();
    const QVariantMap params = settings.value(Key::params).toMap();
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        s.params.insert(it.key(), it.value().toLongLong());
    std::tie(s.zoomStart, s.zoomEnd) = loadZoom();
    s.playSpeed = optionalInt(settings, Key::playSpeed);
    s.trials = optionalInt(settings, Key::trials);
    return s;
}

std::pair<double, double> WindowSettings::loadZoom()
{
    QSettings settings;
    return {settings.value(Key::zoomStart, -1).toDouble(), settings.value(Key::zoomEnd, -1).toDouble()};
}

void WindowSettings::save() const
{
    QSettings settings;
    settings.setValue(Key::version, Version);
    settings.setValue(Key::geometry, geometry);
    settings.setValue(Key::dockState, dockState);
    settings.setValue(Key::centreSplitter, centreSplitter);
    settings.setValue(Key::scenario, scenario);
    settings.setValue(Key::strategy, strategy);
    settings.setValue(Key::model, model);
    settings.setValue(Key::database, database);
    settings.setValue(Key::backend, backend);
    QVariantMap params;
    for (auto it = this->params.cbegin(); it != this->params.cend(); ++it)
        params.insert(it.key(), qlonglong(it.value()));
    settings.setValue(Key::params, params);
    settings.setValue(Key::zoomStart, zoomStart);
    settings.setValue(Key::zoomEnd, zoomEnd);
    if (playSpeed)
        settings.setValue(Key::playSpeed, *playSpeed);
    if (trials)
        settings.setValue(Key::trials, *trials);
}

Interleave::ChallengeProgress WindowSettings::loadChallenge(const QString &id)
{
    QSettings settings;
    settings.beginGroup(Key::challenges);
    settings.beginGroup(id);
    Interleave::ChallengeProgress progress;
    progress.solved = settings.value(Key::solved).toBool();
    progress.schedules = settings.value(Key::schedules).toStringList();
    progress.prediction = settings.value(Key::prediction).toString();
    progress.hintsShown = std::max(0, settings.value(Key::hintsShown).toInt());
    return progress;
}

void WindowSettings::saveChallenge(const QString &id, const Interleave::ChallengeProgress &progress)
{
    QSettings settings;
    settings.beginGroup(Key::challenges);
    settings.beginGroup(id);
    settings.setValue(Key::solved, progress.solved);
    settings.setValue(Key::schedules, progress.schedules);
    settings.setValue(Key::prediction, progress.prediction);
    settings.setValue(Key::hintsShown, progress.hintsShown);
}

void WindowSettings::resetChallenges()
{
    QSettings().remove(Key::challenges);
}
