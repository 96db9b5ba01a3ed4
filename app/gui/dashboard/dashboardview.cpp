#include "dashboard/dashboardview.h"

#include "window/scenariosession.h"
#include "window/desktoplook.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <set>

namespace {
// A verdict colour chosen for a light window, readable on `widget`'s (a dark desktop's) too.
QString tone(const QWidget *widget, QRgb rgb)
{
    return DesktopLook::readable(QColor(rgb), widget->palette().color(QPalette::Window)).name();
}
constexpr QRgb BrokenRgb = 0xb00020, HoldsRgb = 0x1b6e20, MutedRgb = 0x666666;
} // namespace

using namespace Interleave;

namespace {
QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont f = label->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.15);
    label->setFont(f);
    return label;
}

QFont scaled(const QFont &base, qreal factor, bool bold)
{
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * factor);
    f.setBold(bold);
    return f;
}
} // namespace

DashboardView::DashboardView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_figureHost = new QWidget(this);
    m_figureBox = new QGridLayout(m_figureHost);
    m_figureBox->setContentsMargins(0, 0, 0, 0);
    m_figureBox->setHorizontalSpacing(10);
    m_figureBox->setVerticalSpacing(2);
    m_figureBox->setColumnStretch(2, 1);
    layout->addWidget(m_figureHost);

    layout->addWidget(sectionTitle(tr("Business rules"), this));
    m_ruleHost = new QWidget(this);
    m_ruleBox = new QVBoxLayout(m_ruleHost);
    m_ruleBox->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_ruleHost);

    m_lost = new QLabel(this);
    m_lost->setObjectName(QStringLiteral("lostUpdates"));
    m_lost->setWordWrap(true);
    layout->addWidget(m_lost);

    layout->addWidget(sectionTitle(tr("Database"), this));
    m_rowsTable = new QTableWidget(this);
    m_rowsTable->setObjectName(QStringLiteral("rowsTable"));
    m_rowsTable->setColumnCount(2);
    m_rowsTable->setHorizontalHeaderLabels({tr("Cell"), tr("Committed value")});
    m_rowsTable->horizontalHeader()->setStretchLastSection(true);
    m_rowsTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_rowsTable->verticalHeader()->hide();
    m_rowsTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rowsTable->setSelectionMode(QAbstractItemView::NoSelection);
    m_rowsTable->setFocusPolicy(Qt::NoFocus);
    layout->addWidget(m_rowsTable, 1);
    m_keyTables = new QLabel(this);
    m_keyTables->setObjectName(QStringLiteral("keyTables"));
    m_keyTables->setWordWrap(true);
    layout->addWidget(m_keyTables);
}

void DashboardView::follow(const ScenarioSession *session)
{
    connect(session, &ScenarioSession::variantChanged, this, [this, session] { setMachine(*session->machine()); });
    connect(session, &ScenarioSession::cursorChanged, this, [this, session] {
        if (const Stepper *stepper = session->stepper())
            updateState(*stepper, session->analysis());
    });
}

void DashboardView::setMachine(const Machine &machine)
{
    while (QLayoutItem *item = m_figureBox->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_figures.clear();
    // One line per figure: what it is, the actual value large, the expected
    // value and the difference under it. The first figure is the headline.
    int line = 0;
    for (const Figure &f : machine.figures()) {
        const bool headline = line == 0;
        FigureRow row;
        row.label = new QLabel(f.label, m_figureHost);
        row.label->setWordWrap(true);
        row.label->setFont(scaled(font(), headline ? 1.2 : 1.0, true));
        row.actual = new QLabel(m_figureHost);
        row.actual->setObjectName(QStringLiteral("figureActual"));
        row.actual->setFont(scaled(font(), headline ? 2.6 : 1.7, true));
        row.actual->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        auto *right = new QWidget(m_figureHost);
        auto *rightLayout = new QVBoxLayout(right);
        rightLayout->setContentsMargins(0, 0, 0, 0);
        rightLayout->setSpacing(0);
        row.expected = new QLabel(right);
        row.expected->setWordWrap(true);
        row.difference = new QLabel(right);
        row.difference->setWordWrap(true); // "✗ breaks “a long rule”" wraps instead of running off the dock
        row.difference->setFont(scaled(font(), 1.0, true));
        rightLayout->addWidget(row.expected);
        rightLayout->addWidget(row.difference, 0, Qt::AlignLeft);
        m_figureBox->addWidget(row.label, line, 0);
        m_figureBox->addWidget(row.actual, line, 1);
        m_figureBox->addWidget(right, line, 2);
        m_figures.push_back(row);
        ++line;
    }

    while (QLayoutItem *item = m_ruleBox->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_rules.clear();
    m_ruleStates.clear();
    m_ruleCulprits.clear();
    for (size_t i = 0; i < machine.invariants().size(); ++i) {
        auto *label = new QLabel(m_ruleHost);
        label->setObjectName(QStringLiteral("rule%1").arg(i));
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
        label->setFont(scaled(font(), 1.1, false));
        connect(label, &QLabel::linkActivated, this, [this](const QString &link) {
            emit eventLinkActivated(link.mid(6).toInt()); // "event:N"
        });
        m_ruleBox->addWidget(label);
        m_rules.push_back(label);
        m_ruleStates << Pending;
        m_ruleCulprits << -1;
    }
}

void DashboardView::updateState(const Stepper &stepper, const TraceAnalysis &analysis)
{
    const Machine &machine = stepper.machine();
    const std::vector<RuleVerdict> rules = judgeRules(machine, stepper.state(), stepper.trace(), analysis);
    updateFigures(machine, judgeFigures(machine, stepper.state(), rules));
    updateRules(machine, stepper.trace(), rules);
    updateLostUpdates(machine, stepper.trace(), analysis);
    updateRows(stepper);
    updateKeyTables(machine, stepper.state());
    emit stateShown();
}

void DashboardView::updateFigures(const Machine &machine, const std::vector<FigureVerdict> &verdicts)
{
    for (size_t i = 0; i < m_figures.size() && i < verdicts.size(); ++i) {
        const FigureVerdict &v = verdicts[i];
        FigureRow &row = m_figures[i];
        row.actual->setText(QString::number(v.actual));
        if (v.status == FigureVerdict::NoExpectation) {
            row.expected->clear();
            row.difference->clear();
            row.actual->setStyleSheet(QString());
            continue;
        }
        row.expected->setText(tr("expected %1").arg(v.expected));
        const int64_t diff = v.actual - v.expected;
        QString text;
        switch (v.status) {
        case FigureVerdict::Pending:
            // Judged by the same rule as the checklist: not before the run has finished.
            // Short: the sentence in every row took four lines of each at 1366×768; the tooltip says it whole.
            text = tr("… at the end");
            break;
        case FigureVerdict::AsExpected:
            text = tr("✓ as expected");
            break;
        case FigureVerdict::Wrong:
            if (diff == 0 && v.brokenRule >= 0)
                text = tr("✗ its rule is broken"); // the checklist below names it
            else
                text = diff < 0 ? tr("✗ %1 missing").arg(-diff) : tr("✗ %1 too many").arg(diff);
            break;
        case FigureVerdict::NoExpectation:
            break;
        }
        const bool wrong = v.status == FigureVerdict::Wrong;
        row.difference->setText(text);
        row.difference->setToolTip(v.brokenRule >= 0 ? machine.invariants()[size_t(v.brokenRule)].label
                                       : v.status == FigureVerdict::Pending
                                       ? tr("checked when every request has finished")
                                       : QString());
        row.difference->setStyleSheet(
            wrong ? QStringLiteral("color: white; background: #b00020; padding: 1px 4px")
                  : QStringLiteral("color: %1")
                        .arg(tone(this, v.status == FigureVerdict::AsExpected ? HoldsRgb : MutedRgb)));
        row.actual->setStyleSheet(wrong ? QStringLiteral("color: %1").arg(tone(this, BrokenRgb)) : QString());
    }
}

void DashboardView::updateRules(const Machine &machine, const Trace &trace, const std::vector<RuleVerdict> &verdicts)
{
    for (size_t i = 0; i < m_rules.size() && i < verdicts.size(); ++i) {
        const Invariant &inv = machine.invariants()[i];
        const RuleVerdict &v = verdicts[i];
        m_ruleStates[int(i)] = v.status == RuleVerdict::Holds ? Holds
            : v.status == RuleVerdict::Broken                 ? Broken
                                                              : Pending;
        m_ruleCulprits[int(i)] = v.culprit;
        QString text;
        switch (v.status) {
        case RuleVerdict::Holds:
            text = QStringLiteral("<span style='color:%1'><b>✓</b></span> %2")
                       .arg(tone(this, HoldsRgb), inv.label.toHtmlEscaped());
            break;
        case RuleVerdict::Pending:
            text = DesktopLook::readableHtml(
                tr("<span style='color:#666'><b>…</b> %1 <i>(checked when every request has finished)</i></span>")
                    .arg(inv.label.toHtmlEscaped()),
                palette().color(QPalette::Window));
            break;
        case RuleVerdict::Broken:
            text = QStringLiteral("<span style='color:%1'><b>✗ %2</b></span>")
                       .arg(tone(this, BrokenRgb), inv.label.toHtmlEscaped());
            if (v.culprit >= 0 && v.culprit < int(trace.size())) {
                const TraceEvent &e = trace[size_t(v.culprit)];
                text += QStringLiteral("<br>") +
                    tr("broken at <a href='event:%1'>move %2</a>: %3")
                        .arg(v.culprit)
                        .arg(e.step + 1)
                        .arg(machine.narrate(e).toHtmlEscaped());
            }
            if (!inv.explanation.isEmpty())
                text += QStringLiteral("<br><i>%1</i>").arg(inv.explanation.toHtmlEscaped());
            break;
        }
        m_rules[i]->setText(text);
    }
}

void DashboardView::updateLostUpdates(const Machine &machine, const Trace &trace, const TraceAnalysis &analysis)
{
    // Lost updates, from the analysis of the trace so far.
    if (analysis.lostUpdates.empty()) {
        m_lost->setText(tr("Lost updates: <b>0</b>"));
        m_lost->setStyleSheet(QString());
    } else {
        QStringList lost;
        for (const LostUpdate &lu : analysis.lostUpdates) {
            const TraceEvent &w = trace[size_t(lu.overwrittenWrite)];
            const TraceEvent &by = trace[size_t(lu.overwritingWrite)];
            lost << tr("%1's %2 = %3, overwritten by %4")
                        .arg(machine.actor(w.actor).name, machine.resourceName(w.place, w.resource, w.column))
                        .arg(w.value)
                        .arg(machine.actor(by.actor).name);
        }
        m_lost->setText(tr("Lost updates: <b>%1</b> — %2")
                            .arg(analysis.lostUpdates.size())
                            .arg(lost.join(QLatin1String("; ")).toHtmlEscaped()));
        m_lost->setStyleSheet(QStringLiteral("color: %1").arg(tone(this, BrokenRgb)));
    }
}

void DashboardView::updateRows(const Stepper &stepper)
{
    const Machine &machine = stepper.machine();
    const State &state = stepper.state();
    const Trace &trace = stepper.trace();
    // Committed rows, with the cells the last move wrote marked.
    std::set<std::pair<int, int>> touched;
    if (stepper.cursor() > 0)
        for (size_t e = size_t(stepper.moveStarts()[size_t(stepper.cursor() - 1)]); e < trace.size(); ++e)
            if (trace[e].kind == EventKind::Write || trace[e].kind == EventKind::Update ||
                trace[e].kind == EventKind::Commit) {
                if (trace[e].place == Place::Row)
                    touched.insert({trace[e].resource, trace[e].column});
                else if (trace[e].place == Place::Memory) // resource: the instance
                    touched.insert({-2 - std::max(0, int(trace[e].resource)), trace[e].column});
            }
    const int instances = machine.model().kind == ExecutionModel::Instances ? machine.model().instances : 1;
    int cells = machine.memoryCount() * instances;
    for (int r = 0; r < machine.rowCount(); ++r)
        cells += machine.columnCount(r);
    m_rowsTable->setRowCount(cells);
    int tableRow = 0;
    auto addCell = [&](const QString &name, int64_t value, bool written) {
        auto *nameItem = new QTableWidgetItem(name);
        auto *valueItem = new QTableWidgetItem(QString::number(value));
        if (written) {
            QFont f = valueItem->font();
            f.setBold(true);
            valueItem->setFont(f);
            valueItem->setBackground(QColor(255, 236, 153));
            valueItem->setToolTip(tr("Written in the last move"));
        }
        m_rowsTable->setItem(tableRow, 0, nameItem);
        m_rowsTable->setItem(tableRow, 1, valueItem);
        ++tableRow;
    };
    for (int r = 0; r < machine.rowCount(); ++r)
        for (int c = 0, n = machine.columnCount(r); c < n; ++c)
            addCell(machine.resourceName(Place::Row, r, c), machine.cellValue(state, r, c),
                    touched.count({r, c}) || touched.count({r, -1}));
    // Process memory: each server instance has its own copy.
    for (int i = 0; i < instances; ++i)
        for (int c = 0; c < machine.memoryCount(); ++c) {
            const QString name = machine.resourceName(Place::Memory, 0, c);
            addCell(instances > 1 ? tr("%1 (instance %2 memory)").arg(name).arg(i + 1)
                                  : tr("%1 (process memory)").arg(name),
                    machine.memoryValue(state, i, c), touched.count({-2 - i, c}));
        }
    m_rowsTable->setVisible(cells > 0);
}

void DashboardView::updateKeyTables(const Machine &machine, const State &state)
{
    QStringList tables;
    for (int t = 0; t < machine.tableCount(); ++t) {
        if (!machine.isKeyTable(t))
            continue;
        const QString name = machine.resourceName(Place::Table, t);
        QStringList keys;
        for (int64_t k : machine.tableKeys(state, t))
            keys << QString::number(k);
        tables << tr("<b>%1</b> (%2): %3")
                      .arg(name.toHtmlEscaped())
                      .arg(keys.size())
                      .arg(keys.isEmpty() ? tr("empty") : keys.join(QLatin1String(", ")));
    }
    m_keyTables->setText(tables.join(QLatin1String("<br>")));
    m_keyTables->setVisible(!tables.isEmpty());
}

QString DashboardView::figureActual(int i) const
{
    return i >= 0 && i < figureCount() ? m_figures[size_t(i)].actual->text() : QString();
}

QString DashboardView::figureExpected(int i) const
{
    return i >= 0 && i < figureCount() ? m_figures[size_t(i)].expected->text() : QString();
}

QString DashboardView::figureDifference(int i) const
{
    return i >= 0 && i < figureCount() ? m_figures[size_t(i)].difference->text() : QString();
}

QString DashboardView::ruleText(int i) const
{
    return i >= 0 && i < ruleCount() ? m_rules[size_t(i)]->text() : QString();
}

QString DashboardView::lostUpdatesText() const
{
    return m_lost->text();
}
