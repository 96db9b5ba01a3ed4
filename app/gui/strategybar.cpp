#include "variantbar.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QToolButton>

using namespace Interleave;

VariantBar::VariantBar(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    auto *fixLabel = new QLabel(tr("Fix:"), this);
    fixLabel->setStyleSheet(QStringLiteral("font-weight: bold"));
    layout->addWidget(fixLabel);
    m_strategies = new QHBoxLayout;
    m_strategies->setSpacing(2);
    layout->addLayout(m_strategies);
    m_group = new QButtonGroup(this);
    m_group->setExclusive(true);
    layout->addSpacing(16);
    auto *modelLabel = new QLabel(tr("Runs on:"), this);
    modelLabel->setStyleSheet(QStringLiteral("font-weight: bold"));
    layout->addWidget(modelLabel);
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("modelBox"));
    m_model->setToolTip(tr("Execution model: OS threads interleave at every shared step; a Node.js event loop only at await; "
                           "several server instances each have their own memory and in-process locks."));
    layout->addWidget(m_model);
    m_instancesLabel = new QLabel(tr("instances:"), this);
    layout->addWidget(m_instancesLabel);
    m_instances = new QSpinBox(this);
    m_instances->setObjectName(QStringLiteral("instancesBox"));
    m_instances->setRange(1, 16);
    m_instances->setKeyboardTracking(false);
    layout->addWidget(m_instances);

    connect(m_group, &QButtonGroup::idClicked, this, [this](int index) {
        if (!m_updating && index >= 0 && index < m_ids.size())
            emit strategyChosen(m_ids.at(index));
    });
    connect(m_model, &QComboBox::currentIndexChanged, this, [this] {
        const bool several = currentModel().kind == ExecutionModel::Instances;
        m_instances->setVisible(several);
        m_instancesLabel->setVisible(several);
        emitModel();
    });
    connect(m_instances, &QSpinBox::valueChanged, this, &VariantBar::emitModel);
}

void VariantBar::setScenario(const ScenarioSpec &scenario)
{
    m_updating = true;
    for (QAbstractButton *b : m_group->buttons()) {
        m_group->removeButton(b);
        delete b;
    }
    m_ids.clear();
    for (const StrategySpec &s : scenario.strategies) {
        auto *button = new QToolButton(this);
        button->setText(s.label);
        button->setToolTip(s.description);
        button->setCheckable(true);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setObjectName(QStringLiteral("strategy-%1").arg(s.id));
        button->setAccessibleName(tr("Fix: %1").arg(s.label));
        m_group->addButton(button, int(m_ids.size()));
        m_strategies->addWidget(button);
        m_ids << s.id;
    }
    m_model->clear();
    bool hasInstances = false;
    for (const QString &text : scenario.models) {
        const auto model = ExecutionModel::parse(text, nullptr);
        if (!model)
            continue;
        if (model->kind == ExecutionModel::Instances) {
            if (hasInstances)
                continue;   // one entry; the spin box picks how many
            hasInstances = true;
            m_model->addItem(tr("Several server instances"), text);
        } else {
            m_model->addItem(model->displayName(), text);
        }
    }
    m_updating = false;
}

void VariantBar::setCurrent(const QString &strategyId, const ExecutionModel &model)
{
    m_updating = true;
    const int index = int(m_ids.indexOf(strategyId));
    if (QAbstractButton *b = m_group->button(index))
        b->setChecked(true);
    for (int i = 0; i < m_model->count(); ++i) {
        const auto m = ExecutionModel::parse(m_model->itemData(i).toString(), nullptr);
        if (m && m->kind == model.kind) {
            m_model->setCurrentIndex(i);
            break;
        }
    }
    const bool several = model.kind == ExecutionModel::Instances;
    m_instances->setValue(several ? model.instances : 2);
    m_instances->setVisible(several);
    m_instancesLabel->setVisible(several);
    m_updating = false;
}

QString VariantBar::currentStrategy() const
{
    return m_ids.value(m_group->checkedId());
}

ExecutionModel VariantBar::currentModel() const
{
    auto model = ExecutionModel::parse(m_model->currentData().toString(), nullptr).value_or(ExecutionModel{});
    if (model.kind == ExecutionModel::Instances)
        model.instances = m_instances->value();
    return model;
}

int VariantBar::strategyCount() const
{
    return int(m_ids.size());
}

QWidget *VariantBar::strategyButton(const QString &id) const
{
    return m_group->button(int(m_ids.indexOf(id)));
}

void VariantBar::emitModel()
{
    if (!m_updating)
        emit modelChosen(currentModel());
}
