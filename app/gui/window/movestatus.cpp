#include "window/movestatus.h"

#include "window/scenariosession.h"

using namespace Interleave;

MoveStatus::MoveStatus(const ScenarioSession *session, QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("moveStatus"));
    connect(session, &ScenarioSession::cursorChanged, this, [this, session] {
        const Stepper *stepper = session->stepper();
        if (!stepper)
            return;
        QString text = tr("Move %1 of %2 · t = %3 ms")
                           .arg(stepper->cursor())
                           .arg(stepper->length())
                           .arg(stepper->machine().now(stepper->state()));
        if (stepper->machine().isFinal(stepper->state()))
            text += QStringLiteral(" · ") + tr("Every request has finished. Undo (Backspace) to try another order.");
        setText(text);
    });
}
