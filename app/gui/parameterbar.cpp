#include "parameterbar.h"

#include <QGridLayout>
#include <QLabel>
#include <QSpinBox>

#include <limits>

using namespace Interleave;

ParameterBar::ParameterBar(QWidget *parent) : QWidget(parent)
{
    m_layout = new QGridLayout(this);
    m_layout->setContentsMargins(4, 0, 4, 0);
    m_layout->setHorizontalSpacing(6);
    m_layout->setVerticalSpacing(2);
}

void ParameterBar::setScenario(const ScenarioSpec &scenario)
{
    // Take every item out of the layout, labels and spin boxes alike.
    while (QLayoutItem *item = m_layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_boxes.clear();
    // Many parameters wrap onto two rows, so the toolbar fits a projector's width.
    const int count = int(scenario.params.size());
    const int perRow = count > 5 ? (count + 1) / 2 : std::max(count, 1);
    int index = 0;
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
        const int row = index / perRow, column = 2 * (index % perRow);
        m_layout->addWidget(label, row, column, Qt::AlignRight);
        m_layout->addWidget(box, row, column + 1);
        ++index;
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
