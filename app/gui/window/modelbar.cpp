#include "window/modelbar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

using namespace Interleave;

ModelBar::ModelBar(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    auto *label = new QLabel(tr("Runs on:"), this);
    label->setStyleSheet(QStringLiteral("font-weight: bold"));
    layout->addWidget(label);
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("modelBox"));
    m_model->setToolTip(
        tr("Execution model: OS threads interleave at every shared step; a Node.js event loop only at await; "
           "several server instances each have their own memory and in-process locks."));
    label->setBuddy(m_model);
    layout->addWidget(m_model);
    m_instancesLabel = new QLabel(tr("×"), this);
    layout->addWidget(m_instancesLabel);
    m_instances = new QSpinBox(this);
    m_instances->setObjectName(QStringLiteral("instancesBox"));
    m_instances->setRange(1, 16);
    m_instances->setKeyboardTracking(false);
    m_instances->setToolTip(tr("How many server instances"));
    layout->addWidget(m_instances);
    showInstances(false);
    addDatabaseBox(layout);

    connect(m_model, &QComboBox::currentIndexChanged, this, [this] {
        showInstances(currentModel().kind == ExecutionModel::Instances);
        emitModel();
    });
    connect(m_instances, &QSpinBox::valueChanged, this, &ModelBar::emitModel);
}

void ModelBar::setScenario(const ScenarioSpec &scenario)
{
    m_updating = true;
    m_model->clear();
    bool hasInstances = false;
    for (const QString &text : scenario.models) {
        const auto model = ExecutionModel::parse(text, nullptr);
        if (!model)
            continue;
        // Short items, the full name as their tooltip: the toolbar row is the fix buttons' room.
        if (model->kind == ExecutionModel::Instances) {
            if (hasInstances)
                continue; // one entry; the spin box picks how many
            hasInstances = true;
            m_model->addItem(tr("Instances"), text);
            m_model->setItemData(m_model->count() - 1, tr("Several server instances"), Qt::ToolTipRole);
        } else {
            m_model->addItem(model->kind == ExecutionModel::EventLoop ? tr("Event loop") : model->displayName(), text);
            m_model->setItemData(m_model->count() - 1, model->displayName(), Qt::ToolTipRole);
        }
    }
    m_updating = false;
}

void ModelBar::setCurrent(const ExecutionModel &model)
{
    m_updating = true;
    for (int i = 0; i < m_model->count(); ++i) {
        const auto m = ExecutionModel::parse(m_model->itemData(i).toString(), nullptr);
        if (m && m->kind == model.kind) {
            m_model->setCurrentIndex(i);
            break;
        }
    }
    m_instances->setValue(model.kind == ExecutionModel::Instances ? model.instances : 2);
    showInstances(model.kind == ExecutionModel::Instances);
    m_updating = false;
}

void ModelBar::addDatabaseBox(QHBoxLayout *layout)
{
    auto *label = new QLabel(tr("Database:"), this);
    layout->addWidget(label);
    m_database = new QComboBox(this);
    m_database->setObjectName(QStringLiteral("databaseBox"));
    m_database->setToolTip(tr("Which database runs the SQL, and at which isolation level: what a plain SELECT "
                              "sees, which statements wait, and which fail with a deadlock or serialization error."));
    label->setBuddy(m_database);
    for (auto flavour : {DatabaseVariant::MySql, DatabaseVariant::Postgres})
        for (auto level : {DatabaseVariant::ReadUncommitted, DatabaseVariant::ReadCommitted,
                           DatabaseVariant::RepeatableRead, DatabaseVariant::Serializable}) {
            // Short ("MySQL RR"), so the fix buttons keep their room on a projector; the
            // full name is the item's tooltip.
            const DatabaseVariant variant{flavour, level};
            const QString brand =
                flavour == DatabaseVariant::MySql ? QStringLiteral("MySQL") : QStringLiteral("PostgreSQL");
            m_database->addItem(brand + u' ' + variant.toString().section(u'/', 1).toUpper(), variant.toString());
            m_database->setItemData(m_database->count() - 1, variant.displayName(), Qt::ToolTipRole);
        }
    layout->addWidget(m_database);
    connect(m_database, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_updating)
            emit databaseChosen(currentDatabase());
    });
}

void ModelBar::setCurrentDatabase(const DatabaseVariant &database)
{
    m_updating = true;
    m_database->setCurrentIndex(m_database->findData(database.toString()));
    m_updating = false;
}

DatabaseVariant ModelBar::currentDatabase() const
{
    return DatabaseVariant::parse(m_database->currentData().toString(), nullptr).value_or(DatabaseVariant{});
}

ExecutionModel ModelBar::currentModel() const
{
    auto model = ExecutionModel::parse(m_model->currentData().toString(), nullptr).value_or(ExecutionModel{});
    if (model.kind == ExecutionModel::Instances)
        model.instances = m_instances->value();
    return model;
}

void ModelBar::showInstances(bool on)
{
    m_instances->setVisible(on);
    m_instancesLabel->setVisible(on);
}

void ModelBar::emitModel()
{
    if (!m_updating)
        emit modelChosen(currentModel());
}
