#include "dashboard/strategybar.h"

#include <QButtonGroup>
#include <QLabel>
#include <QToolButton>

using namespace Interleave;

namespace {
QString twoLines(const QString &label)
{
    const qsizetype paren = label.indexOf(QLatin1String(" ("));
    if (paren > 0)
        return label.left(paren) + u'\n' + label.mid(paren + 1);
    if (label.size() <= 22)
        return label;
    // Break at the space nearest the middle.
    const qsizetype middle = label.size() / 2;
    qsizetype best = -1;
    for (qsizetype i = 0; i < label.size(); ++i)
        if (label.at(i) == u' ' && (best < 0 || std::abs(i - middle) < std::abs(best - middle)))
            best = i;
    return best > 0 ? label.left(best) + u'\n' + label.mid(best + 1) : label;
}
} // namespace

StrategyBar::StrategyBar(QWidget *parent)
    : QToolBar(tr("Fix"), parent)
{
    setObjectName(QStringLiteral("strategyToolBar"));
    auto *fixLabel = new QLabel(tr("Fix:"), this);
    fixLabel->setStyleSheet(QStringLiteral("font-weight: bold; padding: 0 4px"));
    addWidget(fixLabel);
    // Compact buttons: a scenario may have seven fixes and the row must fit a projector.
    setStyleSheet(QStringLiteral("QToolButton { padding: 2px 4px; }"));
    m_group = new QButtonGroup(this);
    m_group->setExclusive(true);
    connect(m_group, &QButtonGroup::idClicked, this, [this](int index) {
        if (!m_updating && index >= 0 && index < m_ids.size())
            emit strategyChosen(m_ids.at(index));
    });
}

void StrategyBar::setScenario(const ScenarioSpec &scenario)
{
    m_updating = true;
    const auto buttons = m_group->buttons();
    for (QAbstractButton *b : buttons)
        m_group->removeButton(b);
    qDeleteAll(m_buttonActions); // each owns its button
    m_buttonActions.clear();
    m_ids.clear();
    for (const StrategySpec &s : scenario.strategies) {
        auto *button = new QToolButton(this);
        // Long names on two lines ("Pessimistic locking" over "(SELECT … FOR UPDATE)"),
        // so that a scenario's every fix fits one row on a projector.
        button->setText(twoLines(s.label));
        button->setToolTip(s.description);
        button->setCheckable(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setObjectName(QStringLiteral("strategy-%1").arg(s.id));
        button->setAccessibleName(tr("Fix: %1").arg(s.label));
        m_group->addButton(button, int(m_ids.size()));
        m_buttonActions << addWidget(button);
        m_ids << s.id;
    }
    m_updating = false;
}

void StrategyBar::setCurrent(const QString &strategyId)
{
    m_updating = true;
    if (QAbstractButton *b = m_group->button(int(m_ids.indexOf(strategyId))))
        b->setChecked(true);
    m_updating = false;
}

QString StrategyBar::currentStrategy() const
{
    return m_ids.value(m_group->checkedId());
}

int StrategyBar::strategyCount() const
{
    return int(m_ids.size());
}

QWidget *StrategyBar::strategyButton(const QString &id) const
{
    return m_group->button(int(m_ids.indexOf(id)));
}
