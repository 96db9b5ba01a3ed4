#include "classroom/lessonbanner.h"

#include "machine/safetyreason.h"
#include "window/desktoplook.h"
#include "window/scenariosession.h"

#include <QLabel>

using namespace Interleave;

LessonBanner::LessonBanner(ScenarioSession *session, QWidget *labelParent)
    : QObject(labelParent)
    , m_session(session)
{
    m_error = new QLabel(labelParent);
    m_error->setObjectName(QStringLiteral("errorBanner"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("background: #b00020; color: white; padding: 6px; font-weight: bold"));
    m_error->hide();

    // One line however long the (Spanish, German) title: a second line in large type is height the
    // code needs on a 720 px projector, and the scenario list and its description show it whole.
    m_title = new ElidedLabel(labelParent);
    m_title->setObjectName(QStringLiteral("lessonTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_text = new QLabel(labelParent);
    m_text->setObjectName(QStringLiteral("lessonText"));
    m_text->setWordWrap(true);
    QFont lessonFont = m_text->font();
    lessonFont.setPointSizeF(lessonFont.pointSizeF() * 1.1);
    m_text->setFont(lessonFont);

    connect(m_session, &ScenarioSession::scenarioChanged, this, &LessonBanner::onScenarioChanged);
    connect(m_session, &ScenarioSession::variantChanged, this, &LessonBanner::refresh);
    connect(m_session, &ScenarioSession::cursorChanged, this, &LessonBanner::refresh);
}

QString LessonBanner::titleText() const
{
    return m_title->text();
}

QString LessonBanner::lessonText() const
{
    return m_text->text();
}

void LessonBanner::showError(const QString &text)
{
    m_error->setText(text);
    m_error->show();
    m_errorScenario = m_session->scenario().get();
}

void LessonBanner::hideError()
{
    m_error->clear();
    m_error->hide();
    m_errorScenario = nullptr;
}

QString LessonBanner::errorText() const
{
    return m_error->isVisibleTo(m_error->window()) ? m_error->text() : QString();
}

void LessonBanner::onScenarioChanged()
{
    if (m_error->isVisibleTo(m_error->window()) && m_errorScenario != m_session->scenario().get())
        hideError();
}

QString LessonBanner::verdictLine(const Machine &machine)
{
    const StrategySpec &strategy = machine.strategy();
    const QString here = SafetyReason::modelKey(machine.model());
    const QString expect = strategy.expect.value(here);
    if (expect == QLatin1String("broken"))
        return tr("<span style='color:#b00020'><b>✗ This can go wrong here.</b></span>");
    if (expect != QLatin1String("safe"))
        return {};
    // Safe here: say why, from this scenario's own code, and call it a fix only if it is one.
    const QString why = SafetyReason::explain(machine).toHtmlEscaped();
    const QString brokenOn = SafetyReason::brokenOn(strategy);
    const bool isFix = machine.scenario().strategyIndex(strategy.id) > 0;
    if (brokenOn.isEmpty() && why.isEmpty())
        return isFix ? tr("<span style='color:#1b6e20'><b>✓ This fix holds here.</b></span>")
                     : tr("<span style='color:#1b6e20'><b>✓ This cannot go wrong here.</b></span>");
    if (brokenOn.isEmpty())
        return isFix ? tr("<span style='color:#1b6e20'><b>✓ This fix holds here:</b></span> %1.").arg(why)
                     : tr("<span style='color:#1b6e20'><b>✓ This cannot go wrong here:</b></span> %1.").arg(why);
    return tr("<span style='color:#1b6e20'><b>Cannot go wrong on %1:</b></span> %2. <b>Switch the model to see the "
              "bug.</b>")
        .arg(machine.model().displayName().toHtmlEscaped(), why.isEmpty() ? genericWhy(machine, brokenOn) : why);
}

// When the code itself says nothing (a variant file without a read and write to point at).
QString LessonBanner::genericWhy(const Machine &machine, const QString &brokenOn)
{
    const QString here = SafetyReason::modelKey(machine.model());
    if (here == QLatin1String("eventloop") && brokenOn == QLatin1String("threads"))
        return tr("on one event loop a request runs without a break from one await to the next, and this code has no "
                  "await between its check and its write");
    if (here == QLatin1String("threads") && brokenOn == QLatin1String("eventloop"))
        return tr("each request has its own thread, so one request's CPU work does not hold up the others");
    if (brokenOn == QLatin1String("instances"))
        return tr("every request runs in one process, so its lock and its memory are shared by all of them; with "
                  "several server instances each has its own");
    return tr("this model gives the requests no chance to interleave where it matters");
}

void LessonBanner::setVerdict(Verdict verdict)
{
    m_verdict = verdict;
    refresh();
}

void LessonBanner::refresh()
{
    const Machine *machine = m_session->machine();
    if (!machine)
        return;
    m_title->setText(machine->scenario().title);
    m_title->setFullToolTip(machine->scenario().summary);
    // Short, the height goes to the code: how to step is said under the code panels, what goes
    // wrong in the scenario list's description; this line says what is shown and whether it can break.
    QString verdict;
    switch (m_verdict) {
    case Verdict::Shown:
        verdict = verdictLine(*machine);
        break;
    case Verdict::HiddenForPrediction:
        verdict = tr("<i>Predict first: can it go wrong?</i>");
        break;
    case Verdict::HiddenForChallenge:
        verdict = tr("<i>Whether it can go wrong here is yours to find out.</i>");
        break;
    }
    QString text = tr("<b>Shown:</b> %1 on %2. %3")
                       .arg(machine->strategy().label.toHtmlEscaped(), machine->model().displayName().toHtmlEscaped(),
                            verdict);
    // The verdict's colours suit a light window; on a dark desktop they are drawn lighter.
    for (const QColor verdict : {QColor(0xb0, 0x00, 0x20), QColor(0x1b, 0x6e, 0x20)})
        text.replace(verdict.name(), DesktopLook::readable(verdict, m_text->palette().color(QPalette::Window)).name(),
                     Qt::CaseInsensitive);
    m_text->setText(text);
}
