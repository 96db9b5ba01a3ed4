#include "dashboard/verdictline.h"

#include "dashboard/dashboardview.h"
#include "window/desktoplook.h"

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

QString VerdictLine::readable(const QColor &colour) const
{
    return DesktopLook::readable(colour, palette().color(QPalette::Window)).name();
}

VerdictLine::VerdictLine(DashboardView *dashboard, QWidget *parent)
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
    // The rules as the dashboard judged them for this move: the same words, never a move behind.
    connect(dashboard, &DashboardView::stateShown, this, &VerdictLine::refresh);
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
        setStyleSheet(QStringLiteral("color: %1; font-weight: bold").arg(readable(QColor(0xb0, 0x00, 0x20))));
    } else {
        setText(pending ? tr("No rule broken so far") : tr("✓ Every rule holds"));
        setStyleSheet(pending ? QString()
                              : QStringLiteral("color: %1; font-weight: bold").arg(readable(QColor(0x1b, 0x6e, 0x20))));
    }
}
