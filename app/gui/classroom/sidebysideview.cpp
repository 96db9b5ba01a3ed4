#include "classroom/sidebysideview.h"

#include "machine/ruleverdict.h"
#include "timeline/timelineview.h"
#include "window/desktoplook.h"
#include "window/scenariosession.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

using namespace Interleave;

namespace {
QLabel *verdictLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * 1.2);
    label->setFont(f);
    return label;
}
} // namespace

SideBySideView::SideBySideView(ScenarioSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("sideBySide"));
    auto *top = new QHBoxLayout;
    auto *label = new QLabel(tr("Compare with:"), this);
    m_strategy = new QComboBox(this);
    m_strategy->setObjectName(QStringLiteral("sideBySideStrategy"));
    label->setBuddy(m_strategy);
    top->addWidget(label);
    top->addWidget(m_strategy, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    for (int side = 0; side < 2; ++side) {
        auto *pane = new QWidget(splitter);
        auto *layout = new QVBoxLayout(pane);
        layout->setContentsMargins(0, 0, 0, 0);
        QLabel *verdict = verdictLabel(pane);
        auto *timeline = new TimelineView(pane);
        timeline->setObjectName(side == 0 ? QStringLiteral("sideBySideLeft") : QStringLiteral("sideBySideRight"));
        layout->addWidget(verdict);
        layout->addWidget(timeline, 1);
        (side == 0 ? m_leftVerdict : m_rightVerdict) = verdict;
        (side == 0 ? m_leftTimeline : m_rightTimeline) = timeline;
    }
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    // Two timelines must not widen the window: when the dock is narrow they share what there is.
    setMinimumSize(240, 160);

    connect(m_strategy, &QComboBox::currentIndexChanged, this, &SideBySideView::recompileOther);
    connect(m_session, &ScenarioSession::scenarioChanged, this, &SideBySideView::onScenarioChanged);
    connect(m_session, &ScenarioSession::variantChanged, this, &SideBySideView::recompileOther);
    connect(m_session, &ScenarioSession::cursorChanged, this, &SideBySideView::refresh);
}

void SideBySideView::onScenarioChanged()
{
    const QSignalBlocker blocker(m_strategy);
    m_strategy->clear();
    const auto spec = m_session->scenario();
    if (!spec)
        return;
    for (const StrategySpec &s : spec->strategies)
        m_strategy->addItem(s.label, s.id);
    // By default the last fix, usually the most thorough one.
    m_strategy->setCurrentIndex(m_strategy->count() - 1);
}

void SideBySideView::setComparedStrategy(const QString &id)
{
    m_strategy->setCurrentIndex(m_strategy->findData(id));
}

QString SideBySideView::comparedStrategy() const
{
    return m_strategy->currentData().toString();
}

void SideBySideView::recompileOther()
{
    m_other.reset();
    const auto spec = m_session->scenario();
    if (!spec || comparedStrategy().isEmpty())
        return;
    auto machine = Machine::compile(*spec, comparedStrategy(), m_session->model(), m_session->params(), nullptr,
                                    m_session->database());
    if (machine)
        m_other = std::make_unique<Stepper>(machine);
    refresh();
}

void SideBySideView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

QString SideBySideView::verdictText(const Stepper &stepper, int pinnedMoves)
{
    const Machine &machine = stepper.machine();
    QStringList lines{QStringLiteral("<b>%1</b>").arg(machine.strategy().label.toHtmlEscaped())};
    const std::vector<RuleVerdict> rules =
        judgeRules(machine, stepper.state(), stepper.trace(), analyze(machine, stepper.trace()));
    bool broken = false;
    for (size_t i = 0; i < rules.size(); ++i) {
        if (rules[i].status != RuleVerdict::Broken)
            continue;
        broken = true;
        const int culprit = rules[i].culprit;
        lines
            << (culprit >= 0
                    ? tr("<span style='color:#b00020'>✗ %1 — broken at move %2</span>")
                          .arg(machine.invariants()[i].label.toHtmlEscaped())
                          .arg(stepper.trace()[size_t(culprit)].step + 1)
                    : tr("<span style='color:#b00020'>✗ %1</span>").arg(machine.invariants()[i].label.toHtmlEscaped()));
    }
    if (!broken)
        lines << (machine.isTerminal(stepper.state()) ? tr("<span style='color:#1b6e20'>✓ every rule holds</span>")
                                                      : tr("… no rule broken so far"));
    if (stepper.length() < pinnedMoves)
        lines << tr("The schedule stops here after %n move(s): the next request cannot move.", nullptr,
                    stepper.length());
    return lines.join(QStringLiteral("<br>"));
}

void SideBySideView::refresh()
{
    const Stepper *left = m_session->stepper();
    if (!isVisible() || !left)
        return;
    const Schedule pinned = m_session->pinnedSchedule();
    const int pinnedMoves = int(pinned.moves.size());
    m_leftTimeline->setTrace(m_session->machinePtr(), left->trace(), analyze(left->machine(), left->trace()));
    m_leftTimeline->setCursorStep(left->cursor());
    m_leftVerdict->setText(
        DesktopLook::readableHtml(verdictText(*left, pinnedMoves), palette().color(QPalette::Window)));
    if (!m_other) {
        m_rightTimeline->clear();
        m_rightVerdict->clear();
        return;
    }
    // The same pinned schedule, as far as this variant allows, to the same move.
    const int done = m_other->replayPossible(pinned);
    m_other->seek(std::min(left->cursor(), done));
    m_rightTimeline->setTrace(m_other->machinePtr(), m_other->trace(), analyze(m_other->machine(), m_other->trace()));
    m_rightTimeline->setCursorStep(m_other->cursor());
    m_rightVerdict->setText(
        DesktopLook::readableHtml(verdictText(*m_other, pinnedMoves), palette().color(QPalette::Window)));
}

QString SideBySideView::verdict(int side) const
{
    return side == 0 ? m_leftVerdict->text() : m_rightVerdict->text();
}
