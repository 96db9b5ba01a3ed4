#include "dashboard/narrationpanel.h"

#include "dashboard/narrationmodel.h"
#include "window/scenariosession.h"

using namespace Interleave;

NarrationPanel::NarrationPanel(QWidget *parent)
    : QListView(parent)
    , m_model(new NarrationModel(this))
{
    setObjectName(QStringLiteral("narrationView"));
    setModel(m_model);
    setWordWrap(true);
    setUniformItemSizes(false);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setFocusPolicy(Qt::StrongFocus); // Up and Down walk the story
    QFont narrationFont = font();
    narrationFont.setPointSizeF(narrationFont.pointSizeF() * 1.1);
    setFont(narrationFont);
    auto pick = [this](const QModelIndex &index) {
        emit eventClicked(index.data(NarrationModel::EventRole).toInt(), index.data(NarrationModel::ActorRole).toInt());
    };
    connect(this, &QListView::clicked, this, pick);
    // Up and Down in the narration move the timeline's selection as a click does.
    connect(selectionModel(), &QItemSelectionModel::currentChanged, this, [this, pick](const QModelIndex &index) {
        if (index.isValid() && hasFocus())
            pick(index);
    });
}

void NarrationPanel::follow(const ScenarioSession *session)
{
    connect(session, &ScenarioSession::cursorChanged, this, [this, session] { showTrace(*session); });
}

void NarrationPanel::showTrace(const ScenarioSession &session)
{
    const Stepper *stepper = session.stepper();
    if (!stepper)
        return;
    m_model->setTrace(session.machinePtr(), stepper->trace(), session.analysis(), stepper->cursor() - 1);
    // The newest sentences are the ones being talked about.
    if (m_model->firstRowOfStep(stepper->cursor() - 1) >= 0)
        scrollTo(m_model->index(m_model->rowCount() - 1), QAbstractItemView::PositionAtBottom);
}

void NarrationPanel::selectEvent(int event)
{
    const int row = event < 0 ? -1 : m_model->rowOfEvent(event);
    if (row < 0) {
        clearSelection();
        return;
    }
    setCurrentIndex(m_model->index(row));
    scrollTo(m_model->index(row));
}
