#include "parameterbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

#include <limits>

using namespace Interleave;

ParameterBar::ParameterBar(QWidget *parent) : QWidget(parent)
{
    m_layout = new QHBoxLayout(this);
    m_layout->setContentsMargins(4, 0, 4, 0);
}

void ParameterBar::setScenario(const ScenarioSpec &scenario)
{
    // Spacers are layout items, not widgets: empty the layout itself.
    while (QLayoutItem *item = m_layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_boxes.clear();
    for (const ParameterSpec &p : scenario.params) {
        auto *label = new QLabel(p.label + u':', this);
        auto *box = new QSpinBox(this);
        box->setObjectName(QStringLiteral("param-%1").arg(p.name));
        constexpr qint64 intMax = std::numeric_limits<int>::max();
        box->setRange(int(std::clamp<qint64>(p.minimum, -intMax, intMax)), int(std::clamp<qint64>(p.maximum, -intMax, intMax)));
        box->setValue(int(p.defaultValue));
        // Only a finished edit or an arrow click recompiles, not every keystroke.
        box->setKeyboardTracking(false);
        box->setAccessibleName(p.label);
        if (!p.help.isEmpty()) {
            label->setToolTip(p.help);
            box->setToolTip(p.help);
        }
        label->setBuddy(box);
        m_layout->addWidget(label);
        m_layout->addWidget(box);
        m_layout->addSpacing(8);
        m_boxes.insert(p.name, box);
        const QString name = p.name;
        connect(box, &QSpinBox::valueChanged, this, [this, name](int value) {
            if (!m_updating)
                emit parameterChanged(name, value);
        });
    }
}

void ParameterBar::setValues(const QHash<QString, int64_t> &values)
{
    m_updating = true;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        if (QSpinBox *box = m_boxes.value(it.key()))
            box->setValue(int(it.value()));
    m_updating = false;
}
