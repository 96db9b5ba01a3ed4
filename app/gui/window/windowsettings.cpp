#include "window/windowsettings.h"

#include <QSettings>
#include <QVariantMap>

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
const QString params = QStringLiteral("session/params");
const QString zoomStart = QStringLiteral("timeline/start");
const QString zoomEnd = QStringLiteral("timeline/end");
const QString playSpeed = QStringLiteral("play/speed");
const QString trials = QStringLiteral("run/trials");
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
