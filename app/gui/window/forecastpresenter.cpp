#include "window/forecastpresenter.h"

#include "classroom/elidedlabel.h"
#include "timeline/timelineview.h"
#include "timeline/turningpointmark.h"
#include "window/scenariosession.h"

#include <QLabel>

using namespace Interleave;

ForecastPresenter::ForecastPresenter(ScenarioSession *session, TimelineView *timeline, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_line(new ElidedLabel)
    , m_note(new QLabel)
    , m_mark(new TurningPointMark(timeline))
{
    m_line->setObjectName(QStringLiteral("forecastLine"));
    m_line->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_line->hide();
    m_note->setObjectName(QStringLiteral("pointOfNoReturn"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_note->font();
    bold.setBold(true);
    m_note->setFont(bold);
    m_note->hide();
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<const Forecast>>::finished, this, [this] {
        if (m_watcher.future().resultCount() == 0)
            return;
        const auto forecast = m_watcher.result();
        if (!forecast || &forecast->machine() != m_session->machine())
            return; // a variant that is no longer on screen
        m_forecast = forecast;
        update();
        emit built();
    });
    connect(session, &ScenarioSession::variantChanged, this, &ForecastPresenter::rebuild);
    connect(session, &ScenarioSession::cursorChanged, this, &ForecastPresenter::update);
    if (session->isLoaded())
        rebuild();
}

ForecastPresenter::~ForecastPresenter()
{
    if (m_control)
        m_control->cancel = true;
    m_watcher.waitForFinished();
    for (QLabel *label : {static_cast<QLabel *>(m_line.data()), m_note.data()})
        if (label && !label->parent())
            delete label; // never put in a layout
}

void ForecastPresenter::rebuild()
{
    if (m_control)
        m_control->cancel = true; // within milliseconds; its result is dropped as stale
    m_forecast.reset();
    update();
    if (!m_session->isLoaded())
        return;
    m_control = std::make_shared<ExplorerControl>();
    m_building = m_session->machinePtr();
    m_watcher.setFuture(Forecast::buildAsync(m_building, m_control));
}

void ForecastPresenter::setConcealed(bool concealed)
{
    m_concealed = concealed;
    update();
}

QString ForecastPresenter::text() const
{
    return m_line->text();
}

void ForecastPresenter::update()
{
    if (!m_line || !m_note || !m_mark)
        return; // the window is being taken down
    const Stepper *stepper = m_session->stepper();
    if (!m_forecast || !stepper || &m_forecast->machine() != &stepper->machine()) {
        m_line->clear();
        m_line->hide();
        m_note->setObjectName(QStringLiteral("pointOfNoReturn"));
        m_note->setWordWrap(true);
        m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont bold = m_note->font();
        bold.setBold(true);
        m_note->setFont(bold);
        m_note->hide();
        m_mark->setMark(TurningPointMark::None, 0, {}, {});
        return;
    }
    const ForecastAt at = m_forecast->at(stepper->state());
    const TurningPoint point = m_forecast->turningPoint(stepper->schedule());
    // Once the run has ended the dashboard says how: the line keeps to what decided it.
    QStringList parts;
    if (!at.ended || point.kind == TurningPoint::None)
        parts << m_forecast->describe(at);
    if (point.kind != TurningPoint::None)
        parts << tr("Point of no return: %1").arg(point.narration);
    const QString text = parts.join(u' ');
    m_line->setText(text);
    m_line->setFullToolTip(tr("What the explorer says can still happen from this state, and which move decided it."));
    m_line->setVisible(!m_concealed);
    m_note->setText(point.kind == TurningPoint::None ? QString() : tr("Point of no return: %1").arg(point.narration));
    m_note->setVisible(!m_concealed && point.kind != TurningPoint::None);
    const auto kind = point.kind == TurningPoint::BadCertain ? TurningPointMark::BadCertain
        : point.kind == TurningPoint::BadImpossible          ? TurningPointMark::BadImpossible
                                                             : TurningPointMark::None;
    m_mark->setMark(m_concealed ? TurningPointMark::None : kind, point.move,
                    kind == TurningPointMark::BadCertain ? tr("no return") : tr("now safe"), point.narration);
}
