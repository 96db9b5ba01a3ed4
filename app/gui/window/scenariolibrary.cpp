#include "window/scenariolibrary.h"

#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Interleave;

namespace {
constexpr int UserRole = Qt::UserRole + 1;

QString modelWord(const QString &key)
{
    if (key == QLatin1String("threads"))
        return ScenarioLibrary::tr("threads");
    if (key == QLatin1String("eventloop"))
        return ScenarioLibrary::tr("event loop");
    if (key == QLatin1String("instances"))
        return ScenarioLibrary::tr("several instances");
    return key;
}
} // namespace

ScenarioLibrary::ScenarioLibrary(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("scenarioList"));
    m_list->setWordWrap(true);
    m_list->setAccessibleName(tr("Scenarios"));
    m_details = new QTextBrowser(this);
    m_details->setObjectName(QStringLiteral("scenarioDetails"));
    m_details->setOpenLinks(false);
    auto *open = new QPushButton(tr("Open your own scenario file…"), this);
    open->setToolTip(
        tr("Load a scenario JSON file (see docs/scenario-format.md). You can also drop a file on the window."));
    layout->addWidget(m_list, 2);
    layout->addWidget(m_details, 3);
    layout->addWidget(open);
    connect(m_list, &QListWidget::currentRowChanged, this, &ScenarioLibrary::onCurrentRowChanged);
    connect(open, &QPushButton::clicked, this, &ScenarioLibrary::openFileRequested);
}

QListWidgetItem *ScenarioLibrary::makeItem(const std::shared_ptr<const ScenarioSpec> &scenario, bool user)
{
    auto *item = new QListWidgetItem(user ? tr("%1 (your file)").arg(scenario->title) : scenario->title);
    item->setToolTip(user ? QStringLiteral("%1\n%2").arg(scenario->summary, scenario->fileName) : scenario->summary);
    item->setData(UserRole, user);
    return item;
}

void ScenarioLibrary::setBuiltins(const QList<std::shared_ptr<const ScenarioSpec>> &scenarios)
{
    m_updating = true;
    QList<std::shared_ptr<const ScenarioSpec>> users;
    for (int i = 0; i < m_scenarios.size(); ++i)
        if (m_list->item(i)->data(UserRole).toBool())
            users << m_scenarios.at(i);
    m_list->clear();
    m_scenarios.clear();
    for (const auto &s : scenarios) {
        m_list->addItem(makeItem(s, false));
        m_scenarios << s;
    }
    for (const auto &s : std::as_const(users)) {
        m_list->addItem(makeItem(s, true));
        m_scenarios << s;
    }
    m_updating = false;
}

void ScenarioLibrary::addUserScenario(std::shared_ptr<const ScenarioSpec> scenario)
{
    m_updating = true;
    const int row = rowOf(scenario->fileName);
    if (row >= 0) {
        m_scenarios[row] = scenario;
        delete m_list->takeItem(row);
        m_list->insertItem(row, makeItem(scenario, true));
    } else {
        m_scenarios << scenario;
        m_list->addItem(makeItem(scenario, true));
    }
    m_updating = false;
}

int ScenarioLibrary::count() const
{
    return int(m_scenarios.size());
}

std::shared_ptr<const ScenarioSpec> ScenarioLibrary::scenarioAt(int row) const
{
    return m_scenarios.value(row);
}

int ScenarioLibrary::rowOf(const QString &idOrFileName) const
{
    for (int i = 0; i < m_scenarios.size(); ++i)
        if (m_scenarios.at(i)->fileName == idOrFileName)
            return i;
    for (int i = 0; i < m_scenarios.size(); ++i)
        if (m_scenarios.at(i)->id == idOrFileName && !m_list->item(i)->data(UserRole).toBool())
            return i;
    return -1;
}

void ScenarioLibrary::setCurrent(const ScenarioSpec *scenario, const QString &strategyId)
{
    if (!scenario)
        return;
    m_updating = true;
    const int row = rowOf(scenario->fileName);
    if (row >= 0)
        m_list->setCurrentRow(row);
    m_updating = false;
    m_details->setHtml(lessonHtml(*scenario, strategyId));
}

QString ScenarioLibrary::detailsText() const
{
    return m_details->toPlainText();
}

void ScenarioLibrary::onCurrentRowChanged(int row)
{
    if (m_updating || row < 0 || row >= m_scenarios.size())
        return;
    emit scenarioChosen(m_scenarios.at(row));
}

QString ScenarioLibrary::lessonHtml(const ScenarioSpec &s, const QString &strategyId)
{
    QString html;
    html += QStringLiteral("<h2>%1</h2>").arg(s.title.toHtmlEscaped());
    html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("What goes wrong:"), s.summary.toHtmlEscaped());
    html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Why:"), s.explanation.toHtmlEscaped());
    html += QStringLiteral("<p><b>%1</b></p><ul>").arg(tr("The fixes:"));
    for (const StrategySpec &st : s.strategies) {
        QStringList safe, broken;
        for (auto it = st.expect.cbegin(); it != st.expect.cend(); ++it)
            (it.value() == QLatin1String("safe") ? safe : broken) << modelWord(it.key());
        QString verdict;
        if (!safe.isEmpty() && broken.isEmpty())
            verdict = tr("✓ holds");
        else if (safe.isEmpty() && !broken.isEmpty())
            verdict = tr("✗ breaks");
        else if (!safe.isEmpty())
            verdict = tr("✓ holds on %1; ✗ breaks on %2")
                          .arg(safe.join(QLatin1String(", ")), broken.join(QLatin1String(", ")));
        const bool current = st.id == strategyId;
        html += QStringLiteral("<li>%1<b>%2</b>%3 — %4 <i>%5</i></li>")
                    .arg(current ? QStringLiteral("▶ ") : QString(), st.label.toHtmlEscaped(),
                         current ? tr(" (shown now)") : QString(), st.description.toHtmlEscaped(), verdict);
    }
    html += QStringLiteral("</ul>");
    for (const SeedNote &note : s.seedNotes)
        html += QStringLiteral("<p>%1</p>")
                    .arg(tr("<b>The seed says</b> %1 — <b>what really happens:</b> %2")
                             .arg(note.claim.toHtmlEscaped(), note.reality.toHtmlEscaped()));
    if (!s.source.isEmpty())
        html += QStringLiteral("<p><small>%1</small></p>").arg(tr("Source: %1").arg(s.source.toHtmlEscaped()));
    if (!s.fileName.startsWith(u':'))
        html += QStringLiteral("<p><small>%1</small></p>")
                    .arg(tr("File: %1").arg(QFileInfo(s.fileName).absoluteFilePath().toHtmlEscaped()));
    return html;
}
