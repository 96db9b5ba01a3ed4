#include "window/stepactions.h"

#include "window/scenariosession.h"

#include <QAction>
#include <QMenu>

StepActions::StepActions(ScenarioSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    for (int i = 0; i < 9; ++i) {
        QAction *step = makeAction(tr("Step request %1").arg(i + 1), QStringLiteral("stepAction%1").arg(i + 1),
                                   {QKeySequence(Qt::Key_1 + i)});
        connect(step, &QAction::triggered, this, [this, i] {
            move([this, i] {
                const Interleave::Machine *machine = m_session->machine();
                if (!m_session->step(i) && machine && i < machine->actorCount())
                    emit blocked(machine->blockInfo(m_session->stepper()->state(), i).text);
            });
        });
        m_steps << step;
    }
    m_tick = makeAction(
        tr("Let time pass"), QStringLiteral("tickAction"),
        {QKeySequence(Qt::Key_AsciiTilde), QKeySequence(Qt::SHIFT | Qt::Key_AsciiTilde), QKeySequence(Qt::Key_T)});
    connect(m_tick, &QAction::triggered, this, [this] { move([this] { m_session->tick(); }); });
    m_undo =
        makeAction(tr("Undo"), QStringLiteral("undoAction"), {QKeySequence::Undo, QKeySequence(Qt::Key_Backspace)});
    connect(m_undo, &QAction::triggered, this, [this] { move([this] { m_session->undo(); }); });
    m_redo = makeAction(tr("Redo"), QStringLiteral("redoAction"),
                        {QKeySequence(Qt::CTRL | Qt::Key_Y), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z)});
    connect(m_redo, &QAction::triggered, this, [this] { move([this] { m_session->redo(); }); });
    m_reset = makeAction(tr("Restart"), QStringLiteral("resetAction"), {QKeySequence(Qt::Key_Home)});
    connect(m_reset, &QAction::triggered, this, [this] { move([this] { m_session->reset(); }); });
    m_end = makeAction(tr("Redo all"), QStringLiteral("endAction"), {QKeySequence(Qt::Key_End)});
    connect(m_end, &QAction::triggered, this, [this] { move([this] { m_session->redoAll(); }); });
    connect(m_session, &ScenarioSession::cursorChanged, this, &StepActions::updateEnabled);
}

QAction *StepActions::makeAction(const QString &text, const QString &name, const QList<QKeySequence> &keys)
{
    auto *action = new QAction(text, this);
    action->setObjectName(name);
    action->setShortcuts(keys);
    return action;
}

void StepActions::addTo(QMenu *menu) const
{
    menu->addActions(m_steps);
    menu->addSeparator();
    menu->addActions({m_tick, m_undo, m_redo, m_reset, m_end});
}

void StepActions::move(const std::function<void()> &change)
{
    emit aboutToMove();
    change();
}

void StepActions::updateEnabled()
{
    const Interleave::Stepper *stepper = m_session->stepper();
    const bool back = stepper && stepper->cursor() > 0;
    const bool forward = stepper && stepper->cursor() < stepper->length();
    m_undo->setEnabled(back);
    m_reset->setEnabled(back);
    m_redo->setEnabled(forward);
    m_end->setEnabled(forward);
}
