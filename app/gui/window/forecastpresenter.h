#pragma once

#include "challenge/forecast.h"
#include "classroom/elidedlabel.h"
#include "timeline/turningpointmark.h"

#include <QFutureWatcher>
#include <QLabel>
#include <QObject>
#include <QPointer>

#include <memory>

class ScenarioSession;
class TimelineView;

// The forecast in the window: at every cursor position one line in the status bar, "From
// here: 1 of 2 continuations break a rule.", followed by the point of no return once the
// schedule has passed it ("after move 2 … is certain: …"), which the narration says in full
// and the timeline marks. (The status bar, not a line above the timeline: at 1280×720 the
// window has no row to spare.)
// The variant's state graph is built once on the thread pool whenever the variant changes
// (cancelled when it changes again); each step after that is a lookup.
class ForecastPresenter : public QObject
{
    Q_OBJECT
public:
    ForecastPresenter(ScenarioSession *session, TimelineView *timeline, QObject *parent = nullptr);
    ~ForecastPresenter() override;

    QLabel *line() const { return m_line; } // one line, elided, the whole text in its tooltip
    QLabel *narrationNote() const { return m_note; } // the point of no return alone, under the narration
    TurningPointMark *mark() const { return m_mark.data(); }
    std::shared_ptr<const Interleave::Forecast> forecast() const { return m_forecast; }
    bool isBuilding() const { return m_watcher.isRunning(); }
    QString text() const; // what the line says
    // Hidden while students predict, or while a challenge is unsolved: it would give the answer away.
    void setConcealed(bool concealed);

signals:
    void built(); // a forecast for the variant on screen is ready

private:
    void rebuild();
    void update();

    ScenarioSession *m_session = nullptr;
    // The window's layouts own them, and may delete them before this object goes.
    QPointer<ElidedLabel> m_line;
    QPointer<QLabel> m_note;
    QPointer<TurningPointMark> m_mark; // the timeline's child
    std::shared_ptr<const Interleave::Forecast> m_forecast;
    std::shared_ptr<const Interleave::Machine> m_building; // the machine the running job is for
    std::shared_ptr<Interleave::ExplorerControl> m_control;
    QFutureWatcher<std::shared_ptr<const Interleave::Forecast>> m_watcher;
    bool m_concealed = false;
};
