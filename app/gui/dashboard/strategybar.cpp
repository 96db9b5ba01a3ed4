#include "dashboard/strategybar.h"

#include <QAction>
#include <QButtonGroup>
#include <QKeySequence>
#include <QLabel>
#include <QLayout>
#include <QResizeEvent>
#include <QStyle>
#include <QToolButton>

using namespace Interleave;

namespace {
// How much of a fix's name its button shows, from the whole of it to a short form:
//   Full:     "Pessimistic locking (SELECT … FOR UPDATE)"
//   Name:     "Pessimistic locking", the words before a parenthesis
//   TwoLines: the name, broken near its middle when longer than a word or two
// The bar takes the first form in which every fix fits the row, so that no fix hides behind »
// and the row stays one line high where it can. The whole name is always the tooltip and
// the "Shown:" line under the toolbars.
enum class LabelForm {
    Full,
    Name,
    TwoLines
};

QString buttonText(const QString &label, LabelForm form)
{
    if (form == LabelForm::Full)
        return label;
    const qsizetype paren = label.indexOf(QLatin1String(" ("));
    const QString name = paren > 0 ? label.left(paren) : label;
    if (form == LabelForm::Name || name.size() <= 10)
        return name;
    const qsizetype middle = name.size() / 2;
    qsizetype best = -1;
    for (qsizetype i = 0; i < name.size(); ++i)
        if (name.at(i) == u' ' && (best < 0 || std::abs(i - middle) < std::abs(best - middle)))
            best = i;
    return best > 0 ? name.left(best) + u'\n' + name.mid(best + 1) : name;
}
} // namespace

StrategyBar::StrategyBar(QWidget *parent)
    : QToolBar(tr("Fix"), parent)
{
    setObjectName(QStringLiteral("strategyToolBar"));
    auto *fixLabel = m_fixLabel = new QLabel(tr("Fix:"), this);
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
    qDeleteAll(m_keyActions);
    m_keyActions.clear();
    m_ids.clear();
    m_labels.clear();
    for (const StrategySpec &s : scenario.strategies) {
        const int index = int(m_ids.size());
        auto *button = new QToolButton(this);
        const QString key = index < 9
            ? QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)).toString(QKeySequence::NativeText)
            : QString();
        button->setToolTip(QStringLiteral("<p><b>%1</b>%2</p><p>%3</p>")
                               .arg(s.label.toHtmlEscaped(),
                                    key.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(key),
                                    s.description.toHtmlEscaped()));
        button->setCheckable(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setObjectName(QStringLiteral("strategy-%1").arg(s.id));
        button->setAccessibleName(tr("Fix: %1").arg(s.label));
        m_group->addButton(button, index);
        m_buttonActions << addWidget(button);
        m_ids << s.id;
        m_labels << s.label;
        if (index < 9)
            addKey(index);
    }
    m_updating = false;
    fitLabels();
}

void StrategyBar::fitLabels()
{
    const auto buttons = m_group->buttons();
    // The bar has its row to itself: what its buttons may take is its width, less the
    // handle, the frame and the gaps, which the layout does not report.
    const int gaps = style()->pixelMetric(QStyle::PM_ToolBarHandleExtent, nullptr, this) +
        2 * style()->pixelMetric(QStyle::PM_ToolBarFrameWidth, nullptr, this) +
        2 * style()->pixelMetric(QStyle::PM_ToolBarItemMargin, nullptr, this) +
        (int(buttons.size()) + 1) * std::max(0, layout()->spacing()) + 8;
    for (LabelForm form : {LabelForm::Full, LabelForm::Name, LabelForm::TwoLines}) {
        int needed = m_fixLabel->sizeHint().width() + gaps;
        for (QAbstractButton *b : buttons) {
            const QString text = buttonText(m_labels.value(m_group->id(b)), form);
            if (b->text() != text)
                b->setText(text);
            needed += b->sizeHint().width();
        }
        if (needed <= width())
            break;
    }
}

void StrategyBar::resizeEvent(QResizeEvent *event)
{
    QToolBar::resizeEvent(event);
    if (event->oldSize().width() != width())
        fitLabels();
}

void StrategyBar::addKey(int index)
{
    // Ctrl+1 … Ctrl+9 choose the fix without the mouse, with the toolbars hidden (presenter
    // mode) or a button folded behind »: the action lives on the window, not on the bar.
    QWidget *host = parentWidget() ? parentWidget() : this;
    auto *action = new QAction(host);
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
    action->setShortcutContext(Qt::WindowShortcut);
    connect(action, &QAction::triggered, this, [this, index] {
        if (QAbstractButton *b = m_group->button(index); b && !b->isChecked())
            b->click();
    });
    host->addAction(action);
    m_keyActions << action;
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
