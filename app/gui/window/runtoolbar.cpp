#include "window/runtoolbar.h"

#include "classroom/playcontroller.h"

#include <QAction>
#include <QComboBox>
#include <QSlider>
#include <QSpinBox>

RunToolBar::RunToolBar(PlayController *player, QWidget *parent)
    : QToolBar(tr("Run"), parent)
    , m_player(player)
{
    setObjectName(QStringLiteral("runToolBar"));
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_play = addRunAction(tr("▶ Play"), QStringLiteral("playAction"), Qt::Key_Space,
                          tr("Step automatically with the chosen policy (Space)"));
    m_policy = new QComboBox(this);
    m_policy->setObjectName(QStringLiteral("policyBox"));
    m_policy->addItem(tr("random, seed"), PlayController::Random);
    m_policy->addItem(tr("round-robin"), PlayController::RoundRobin);
    m_policy->addItem(tr("show me the bug"), PlayController::ShowBug);
    m_policy->setToolTip(tr("How Play chooses the next move"));
    addWidget(m_policy);
    m_seed = new QSpinBox(this);
    m_seed->setObjectName(QStringLiteral("seedBox"));
    m_seed->setRange(1, 999999);
    m_seed->setValue(1);
    m_seed->setToolTip(tr("Seed of the random policy: the same seed plays the same schedule"));
    addWidget(m_seed);
    m_speed = new QSlider(Qt::Horizontal, this);
    m_speed->setObjectName(QStringLiteral("speedSlider"));
    m_speed->setRange(1, 20);
    m_speed->setValue(4);
    m_speed->setMaximumWidth(100);
    m_speed->setToolTip(tr("Play speed: moves per second"));
    addWidget(m_speed);
    addSeparator();
    m_bug =
        addRunAction(tr("Show me the bug"), QStringLiteral("bugAction"), Qt::Key_B,
                     tr("Play the simplest schedule that breaks a rule, found by exploring every interleaving (B)"));
    addSeparator();
    m_explore = addRunAction(tr("Explore all"), QStringLiteral("exploreAction"), Qt::Key_E,
                             tr("Count every possible interleaving and its outcome (E)"));
    m_threads = addRunAction(tr("Run on threads"), QStringLiteral("threadsAction"), Qt::Key_R,
                             tr("Run once on real threads; the timeline shows wall time (R)"));
    m_trials = addRunAction(tr("Run ×N"), QStringLiteral("trialsAction"), Qt::Key_N,
                            tr("Run many trials on real threads and count their outcomes (N)"));
    m_trialCount = new QSpinBox(this);
    m_trialCount->setObjectName(QStringLiteral("trialsBox"));
    m_trialCount->setRange(1, 100000);
    m_trialCount->setValue(200);
    m_trialCount->setToolTip(tr("How many trials"));
    addWidget(m_trialCount);
    m_compare = addRunAction(tr("Compare fixes"), QStringLiteral("compareAction"), Qt::Key_C,
                             tr("The same load test on real threads under every fix (C)"));

    connect(m_player, &PlayController::playingChanged, this,
            [this](bool playing) { m_play->setText(playing ? tr("❚❚ Pause") : tr("▶ Play")); });
    connect(m_speed, &QSlider::valueChanged, m_player, [this](int speed) { m_player->setMovesPerSecond(speed); });
    m_player->setMovesPerSecond(m_speed->value());
}

QAction *RunToolBar::addRunAction(const QString &text, const QString &name, const QKeySequence &key,
                                  const QString &toolTip)
{
    QAction *action = addAction(text);
    action->setObjectName(name);
    action->setShortcut(key);
    action->setToolTip(toolTip);
    return action;
}

void RunToolBar::configurePlayer() const
{
    m_player->setPolicy(PlayController::Policy(m_policy->currentData().toInt()));
    m_player->setSeed(quint64(m_seed->value()));
}

void RunToolBar::choosePolicy(int policy)
{
    m_policy->setCurrentIndex(m_policy->findData(policy));
    m_player->setPolicy(PlayController::Policy(policy));
}
