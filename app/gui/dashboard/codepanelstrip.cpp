#include "dashboard/codepanelstrip.h"

#include "dashboard/codepanel.h"
#include "window/scenariosession.h"

#include <QCoreApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

using namespace Interleave;

namespace {
constexpr int MinPanelChars = 24;

constexpr int PanelSpacing = 6;

// The height `layout` needs at `width`. Qt answers -1 for a layout with no word-wrapped label in
// sight (presenter mode hides the hint, most moves have no note): its plain minimum then.
int minimumHeightAt(const QLayout *layout, int width)
{
    return layout->hasHeightForWidth() ? layout->totalMinimumHeightForWidth(width)
                                       : layout->totalMinimumSize().height();
}
} // namespace

// The row of panels, side by side and equally wide. It places them itself: with a
// layout of wrapping labels, QScrollArea would make it as tall as the labels prefer
// and clip the code below; without one it gets the viewport, or the panels' minimum.
class PanelRow : public QWidget
{
public:
    using QWidget::QWidget;
    QList<CodePanel *> panels;

    QSize minimumSizeHint() const override
    {
        int width = 0, height = 0;
        for (const CodePanel *panel : panels) {
            width += panel->minimumWidth() + (width > 0 ? PanelSpacing : 0);
            height = std::max(height, panel->minimumHeight());
        }
        return {width, height};
    }
    QSize sizeHint() const override { return minimumSizeHint(); }

    void place()
    {
        if (panels.isEmpty())
            return;
        const int n = int(panels.size());
        const int each = std::max(panels.front()->minimumWidth(), (width() - (n - 1) * PanelSpacing) / n);
        for (int i = 0; i < n; ++i)
            panels[i]->setGeometry(i * (each + PanelSpacing), 0, each, height());
    }

protected:
    void resizeEvent(QResizeEvent *) override { place(); }
};

CodePanelStrip::CodePanelStrip(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);

    // One row of controls with the schedule beside them, one line for what to do or what happened
    // under the panels: the height goes to the code.
    auto *controls = new QHBoxLayout;
    m_schedule = new QLabel(this);
    m_schedule->setObjectName(QStringLiteral("scheduleLabel"));
    m_schedule->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long schedule must never widen the window (its width once grew ~14 px per move).
    m_schedule->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    controls->addWidget(m_schedule, 1);
    auto makeButton = [this, controls](const QString &text, const QString &name, const QString &tip) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(name);
        b->setToolTip(tip);
        b->setFocusPolicy(Qt::TabFocus);
        controls->addWidget(b);
        return b;
    };
    m_tick = makeButton(tr("Let time pass  [~]"), QStringLiteral("tickButton"),
                        tr("Advance the clock to the next deadline: a pause or timer ends, a lock's TTL runs out, a "
                           "lock wait times out."));
    m_undo = makeButton(tr("Undo"), QStringLiteral("undoButton"), tr("Take back the last move (Ctrl+Z or Backspace)"));
    m_redo = makeButton(tr("Redo"), QStringLiteral("redoButton"), tr("Replay the move taken back (Ctrl+Y)"));
    m_reset = makeButton(tr("Restart"), QStringLiteral("resetButton"),
                         tr("Back to the start, keeping the moves for redo (Home)"));
    layout->addLayout(controls);

    auto *scroll = m_scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // each panel scrolls its own lines
    scroll->setFrameShape(QFrame::NoFrame);
    m_row = new PanelRow(scroll);
    scroll->setWidget(m_row);
    layout->addWidget(scroll, 1);

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("replayNote"));
    m_note->setWordWrap(true);
    setEmphasis(m_note, QColor(0x8a, 0x4b, 0x00));
    layout->addWidget(m_note);
    m_hint = new QLabel(
        tr("<b>You are the scheduler:</b> press Step (or 1–9) for whoever runs next, or <b>Show me the bug</b>."),
        this);
    m_hint->setObjectName(QStringLiteral("schedulerHint"));
    m_hint->setWordWrap(true);
    layout->addWidget(m_hint);

    connect(m_tick, &QPushButton::clicked, this, &CodePanelStrip::tickRequested);
    connect(m_undo, &QPushButton::clicked, this, &CodePanelStrip::undoRequested);
    connect(m_redo, &QPushButton::clicked, this, &CodePanelStrip::redoRequested);
    connect(m_reset, &QPushButton::clicked, this, &CodePanelStrip::resetRequested);
}

void CodePanelStrip::follow(const ScenarioSession *session)
{
    connect(session, &ScenarioSession::variantChanged, this, [this, session] { setMachine(*session->machine()); });
    connect(session, &ScenarioSession::cursorChanged, this, [this, session] {
        if (const Stepper *stepper = session->stepper())
            updateState(*stepper, session->replayNote());
    });
}

void CodePanelStrip::setConcealed(bool concealed)
{
    m_concealed = concealed;
    for (CodePanel *panel : std::as_const(m_panels))
        panel->setConcealed(concealed);
}

void CodePanelStrip::setMachine(const Machine &machine)
{
    m_row->panels.clear();
    qDeleteAll(m_panels);
    m_panels.clear();
    for (int a = 0; a < machine.actorCount(); ++a) {
        auto *panel = new CodePanel(machine, a, m_row);
        panel->setConcealed(m_concealed);
        panel->show();
        m_panels << panel;
        connect(panel, &CodePanel::stepRequested, this, &CodePanelStrip::stepRequested);
        connect(panel, &CodePanel::minimumHeightChanged, this, &CodePanelStrip::updateSizes, Qt::QueuedConnection);
    }
    // Tab goes through each request's Step button and code, then the strip's own buttons; new
    // widgets would otherwise come last in the window's focus chain.
    QWidget *previous = m_tick->previousInFocusChain();
    while (previous != m_tick && previous->focusPolicy() == Qt::NoFocus) // setTabOrder ignores those
        previous = previous->previousInFocusChain();
    for (CodePanel *panel : std::as_const(m_panels)) {
        setTabOrder(previous, panel->stepButton());
        setTabOrder(panel->stepButton(), panel->lineList());
        previous = panel->lineList();
    }
    setTabOrder(previous, m_tick);
    updateSizes();
}

void CodePanelStrip::updateSizes()
{
    // Not before the strip has its width: labels wrapped at a hidden widget's 100 px would ask
    // for a height that grows the window past the screen, and it would stay that tall.
    if (!isVisible())
        return;
    // Wide enough for most of a line of code; more panels than fit scroll sideways.
    const int panelWidth = fontMetrics().averageCharWidth() * MinPanelChars;
    for (CodePanel *panel : std::as_const(m_panels))
        panel->setMinimumWidth(std::max(panelWidth, panel->layout()->totalMinimumSize().width()));
    // The scroll area would clip the panels' own minimum (a screenful of code) and the
    // splitter knows nothing of wrapped labels: ask for both here, at the present width.
    int height = 0;
    for (CodePanel *panel : std::as_const(m_panels)) {
        panel->setMinimumHeight(0);
        panel->setMinimumHeight(minimumHeightAt(panel->layout(), panel->width()));
        height = std::max(height, panel->minimumHeight());
    }
    m_row->panels = m_panels;
    m_row->updateGeometry();
    m_row->place();
    QCoreApplication::postEvent(m_scroll, new QEvent(QEvent::LayoutRequest)); // resizes the row
    if (m_row->minimumSizeHint().width() > m_scroll->viewport()->width())
        height += m_scroll->horizontalScrollBar()->sizeHint().height();
    m_scroll->setMinimumHeight(height);
    setMinimumHeight(minimumHeightAt(layout(), width()));
}

void CodePanelStrip::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange) // after the panels have their new font
        QMetaObject::invokeMethod(this, &CodePanelStrip::updateSizes, Qt::QueuedConnection);
}

void CodePanelStrip::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    QMetaObject::invokeMethod(this, &CodePanelStrip::updateSizes, Qt::QueuedConnection); // skipped while hidden
}

void CodePanelStrip::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    QMetaObject::invokeMethod(this, &CodePanelStrip::fitSchedule, Qt::QueuedConnection); // after the row's layout
    QMetaObject::invokeMethod(this, &CodePanelStrip::updateSizes, Qt::QueuedConnection);
}

// The last moves only: the label shows where the schedule is going, the session file keeps all of it.
QString CodePanelStrip::scheduleTail(const Stepper &stepper)
{
    constexpr int shownMoves = 40;
    const int cursor = stepper.cursor();
    if (cursor == 0)
        return tr("Schedule: (no moves yet)");
    const int first = std::max(0, cursor - shownMoves);
    const std::vector<int> &moves = stepper.moves();
    const Schedule tail{std::vector<int>(moves.begin() + first, moves.begin() + cursor)};
    const QString text = tail.toString(stepper.machine());
    if (first == 0)
        return tr("Schedule: <b>%1</b>").arg(text);
    return tr("Schedule (%n moves): … <b>%1</b>", nullptr, cursor).arg(text);
}

void CodePanelStrip::updateState(const Stepper &stepper, const QString &note)
{
    const Machine &machine = stepper.machine();
    for (CodePanel *panel : std::as_const(m_panels))
        panel->updateState(machine, stepper.state());
    const bool canTick = machine.canTick(stepper.state());
    m_tick->setEnabled(canTick);
    m_undo->setEnabled(stepper.cursor() > 0);
    m_redo->setEnabled(stepper.cursor() < stepper.length());
    m_reset->setEnabled(stepper.cursor() > 0);

    m_scheduleFull = scheduleTail(stepper);
    fitSchedule();
    QString text = note;
    if (text.isEmpty() && machine.isStuck(stepper.state()))
        text = tr("Nobody can move and no deadline lies ahead: every remaining request waits forever.");
    // "Every request has finished" is the status bar's (MoveStatus): the panels say it already, and
    // the line would take a row of code from the end of every schedule on a 720 px screen.
    else if (text.isEmpty() && canTick && stepper.availableMoves().size() == 1)
        text = tr("Nobody can run until time passes: press ~ or T.");
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
    // Before the first move the line says how to make one; after it, what happened.
    m_hintWanted = stepper.cursor() == 0 && text.isEmpty();
    m_hint->setVisible(m_hintWanted && !m_hintHidden);
    // A longer status, more locals or a note take height: ask for it, so the code keeps its lines.
    QMetaObject::invokeMethod(this, &CodePanelStrip::updateSizes, Qt::QueuedConnection);
}

void CodePanelStrip::setHintHidden(bool hidden)
{
    m_hintHidden = hidden;
    m_hint->setVisible(m_hintWanted && !m_hintHidden);
}

void CodePanelStrip::setSelectedLine(int actor, int line)
{
    for (CodePanel *panel : std::as_const(m_panels))
        panel->setSelectedLine(panel->actor() == actor ? line : -1);
}

QString CodePanelStrip::scheduleText() const
{
    return m_scheduleFull;
}

void CodePanelStrip::fitSchedule()
{
    // Beside the buttons a long word ("Planificación:") would cut the moves themselves:
    // then the moves alone, the whole line in the tooltip.
    QFont bold = m_schedule->font();
    bold.setBold(true);
    const QString plain = QTextDocumentFragment::fromHtml(m_scheduleFull).toPlainText();
    const qsizetype colon = m_scheduleFull.indexOf(QLatin1String(": "));
    const bool fits = QFontMetrics(bold).horizontalAdvance(plain) <= m_schedule->width() || colon < 0;
    m_schedule->setText(fits ? m_scheduleFull : m_scheduleFull.mid(colon + 2));
    m_schedule->setToolTip(fits ? QString() : plain);
}

QString CodePanelStrip::noteText() const
{
    return m_note->text();
}
