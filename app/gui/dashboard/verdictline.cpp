#include "dashboard/verdictline.h"

#include "dashboard/dashboardview.h"
#include "window/scenariosession.h"

#include <QTextDocumentFragment>

namespace {
constexpr qreal VerdictFontScale = 1.4; // of the window's font: the line the back row reads

// The rule's label without its explanation and links: the first line of the dashboard's text.
QString firstLine(const QString &html)
{
    QString line = QTextDocumentFragment::fromHtml(html.section(QStringLiteral("<br>"), 0, 0)).toPlainText().trimmed();
    if (line.startsWith(u'✗'))
        line = line.mid(1).trimmed();
    return line;
}
} // namespace

VerdictLine::VerdictLine(ScenarioSession *session, DashboardView *dashboard, QWidget *parent)
    : QLabel(parent)
    , m_dashboard(dashboard)
{
    setObjectName(QStringLiteral("verdictLine"));
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * VerdictFontScale);
    f.setBold(true);
    setFont(f);
    // Queued: the main window updates the dashboard on the same signal first.
    connect(session, &ScenarioSession::cursorChanged, this, &VerdictLine::refresh, Qt::QueuedConnection);
}

void VerdictLine::refresh()
{
    QStringList broken;
    bool pending = false;
    for (int i = 0; i < m_dashboard->ruleCount(); ++i) {
        if (m_dashboard->ruleState(i) == DashboardView::Broken)
            broken << firstLine(m_dashboard->ruleText(i));
        pending = pending || m_dashboard->ruleState(i) == DashboardView::Pending;
    }
    if (!broken.isEmpty()) {
        setText(tr("✗ Rule broken: %1").arg(broken.join(QStringLiteral(" · "))));
        setStyleSheet(QStringLiteral("color: #b00020; font-weight: bold"));
    } else {
        setText(pending ? tr("No rule broken so far") : tr("✓ Every rule holds"));
        setStyleSheet(pending ? QString() : QStringLiteral("color: #1b6e20; font-weight: bold"));
    }
}
