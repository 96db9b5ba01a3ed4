#include "dashboard/barrowsview.h"

#include "window/desktoplook.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace {
const QColor badColour(176, 0, 32);
const QColor goodColour(46, 125, 50);
const QColor othersColour(110, 110, 110);
constexpr qreal Pad = 4;

QFont headingFont(const QFont &base)
{
    QFont f = base;
    f.setBold(true);
    return f;
}
} // namespace

BarRowsView::BarRowsView(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void BarRowsView::setRows(std::vector<Row> rows)
{
    m_rows = std::move(rows);
    updateGeometry();
    update();
}

std::vector<BarRowsView::Placed> BarRowsView::placeRows(int width) const
{
    const QFontMetricsF fm(font()), fmHead(headingFont(font()));
    const qreal barHeight = std::max<qreal>(10, fm.height()); // the figure beside it is exactly as tall
    qreal valueWidth = 0, most = 0;
    for (const Row &r : m_rows) {
        valueWidth = std::max(valueWidth, fm.horizontalAdvance(r.value));
        if (r.kind != Row::Heading)
            most = std::max(most, r.amount);
    }
    // Bars stop where the widest figure still fits after them: figures never sit on a bar.
    const qreal left = Pad, right = std::max<qreal>(left + 20, width - Pad);
    const qreal barSpan = std::max<qreal>(10, right - left - valueWidth - Pad);
    std::vector<Placed> out;
    qreal y = Pad;
    for (const Row &r : m_rows) {
        Placed p;
        if (r.kind == Row::Heading) {
            y += out.empty() ? 0 : fm.height() * 0.4;
            p.text = QRectF(left, y, right - left, fmHead.height());
            y += fmHead.height() + 2;
        } else {
            p.text = QRectF(left, y, right - left, fm.height());
            y += fm.height();
            const qreal len = most > 0 ? std::max<qreal>(2, barSpan * r.amount / most) : 2;
            p.bar = QRectF(left, y, len, barHeight);
            p.value = QRectF(p.bar.right() + Pad, y + (barHeight - fm.height()) / 2, fm.horizontalAdvance(r.value) + 1,
                             fm.height());
            y += barHeight + fm.height() * 0.35;
        }
        out.push_back(p);
    }
    return out;
}

QString BarRowsView::shownText(int row) const
{
    const Row &r = m_rows[size_t(row)];
    const QFontMetricsF fm(r.kind == Row::Heading ? headingFont(font()) : font());
    const QString text = (r.current ? QStringLiteral("▶ ") : QString()) + r.text;
    return fm.elidedText(text, Qt::ElideRight, std::max(10, width() - int(2 * Pad)));
}

int BarRowsView::heightForWidth(int width) const
{
    const auto rows = placeRows(width);
    return rows.empty() ? 0 : int(std::ceil(std::max(rows.back().text.bottom(), rows.back().bar.bottom()) + Pad));
}

QSize BarRowsView::sizeHint() const
{
    return {320, heightForWidth(320)};
}

QSize BarRowsView::minimumSizeHint() const
{
    return {120, 0};
}

void BarRowsView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const auto rows = placeRows(width());
    for (size_t i = 0; i < rows.size(); ++i) {
        const Row &r = m_rows[i];
        const Placed &at = rows[i];
        const QColor chosen = r.kind == Row::Others ? othersColour : r.bad ? badColour : goodColour.darker(130);
        // Dark red on a dark window is unreadable: lightened there, as the other verdict colours are.
        const QColor colour = DesktopLook::readable(chosen, palette().color(QPalette::Window));
        p.setFont(r.kind == Row::Heading ? headingFont(font()) : font());
        p.setPen(r.kind == Row::Heading ? palette().color(QPalette::WindowText) : colour);
        p.drawText(at.text, Qt::AlignLeft | Qt::AlignVCenter, shownText(int(i)));
        if (r.kind == Row::Heading)
            continue;
        if (r.kind == Row::Others) {
            p.fillRect(at.bar, othersColour.lighter(170));
            p.setPen(QPen(othersColour, 1, Qt::DashLine));
        } else if (r.bad) {
            p.fillRect(at.bar, QBrush(badColour, Qt::BDiagPattern));
            p.setPen(QPen(badColour, 2));
        } else {
            p.fillRect(at.bar, goodColour);
            p.setPen(QPen(goodColour.darker(), 1));
        }
        p.drawRect(at.bar.adjusted(0, 0, -1, -1));
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(at.value, Qt::AlignLeft | Qt::AlignVCenter, r.value);
    }
}

int BarRowsView::rowAt(const QPointF &pos) const
{
    const auto rows = placeRows(width());
    for (size_t i = 0; i < rows.size(); ++i) {
        if (m_rows[i].kind == Row::Heading)
            continue;
        const QRectF band = rows[i].text.united(rows[i].bar).united(rows[i].value);
        if (band.contains(pos))
            return int(i);
    }
    return -1;
}

void BarRowsView::mousePressEvent(QMouseEvent *event)
{
    const int row = rowAt(event->position());
    if (row >= 0 && event->button() == Qt::LeftButton)
        emit rowClicked(row);
}

bool BarRowsView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const int row = rowAt(help->pos());
        if (row >= 0 && !m_rows[size_t(row)].toolTip.isEmpty())
            QToolTip::showText(help->globalPos(), m_rows[size_t(row)].toolTip, this);
        else
            QToolTip::hideText();
        return true;
    }
    if (event->type() == QEvent::MouseMove)
        setCursor(rowAt(static_cast<QMouseEvent *>(event)->position()) >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    return QWidget::event(event);
}
