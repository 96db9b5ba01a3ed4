#include "window/parameterbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

#include <algorithm>
#include <limits>

using namespace Interleave;

namespace {

// A spin box holds an int; a parameter is 64-bit. Out of range shows the nearest int, never a wrapped value.
int spinValue(int64_t value)
{
    return int(std::clamp<int64_t>(value, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

} // namespace

ParameterBar::ParameterBar(QWidget *parent)
    : QToolBar(tr("Parameters"), parent)
{
    setObjectName(QStringLiteral("parameterToolBar"));
}

void ParameterBar::setScenario(const ScenarioSpec &scenario)
{
    // Every label and spin box is one toolbar item: the actions own them.
    const auto items = actions();
    clear();
    qDeleteAll(items);
    m_boxes.clear();
    for (const ParameterSpec &p : scenario.params) {
        // A label and its box stay together when the row folds.
        auto *pair = new QWidget(this);
        auto *layout = new QHBoxLayout(pair);
        layout->setContentsMargins(4, 0, 6, 0);
        layout->setSpacing(4);
        auto *label = new QLabel(p.label + u':', pair);
        auto *box = new QSpinBox(pair);
        box->setObjectName(QStringLiteral("param-%1").arg(p.name));
        box->setRange(spinValue(p.minimum), spinValue(p.maximum));
        box->setValue(spinValue(p.defaultValue));
        // Only a finished edit or an arrow click recompiles, not every keystroke.
        box->setKeyboardTracking(false);
        box->setAccessibleName(p.label);
        if (!p.help.isEmpty()) {
            label->setToolTip(p.help);
            box->setToolTip(p.help);
        }
        label->setBuddy(box);
        layout->addWidget(label);
        layout->addWidget(box);
        addWidget(pair);
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
            box->setValue(spinValue(it.value()));
    m_updating = false;
}
