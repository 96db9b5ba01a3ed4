#include "dashboard/codepanel.h"

#include "classroom/elidedlabel.h"
#include "window/desktoplook.h"

#include <QEvent>
#include <QFontDatabase>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QResizeEvent>
#include <QStyle>
#include <QStyleOptionButton>
#include <QVBoxLayout>

using namespace Interleave;

namespace {
const QColor currentBackground(255, 236, 153); // next line: warm yellow, readable on projectors
const QColor selectedBackground(190, 215, 255); // line of the event picked on the timeline
const QColor finishedText(120, 120, 120);
constexpr int MinVisibleLines = 8;
constexpr int MaxStatementRows = 3; // a statement that needs more is shown from its start, cut
constexpr int MaxExtraRows = 2; // rows a panel asks for beyond MinVisibleLines, for statements

// Locals an actor starts with, and per program line the locals its steps assign.
void collectLocals(const Machine &machine, int actor, QStringList *initial, QList<QStringList> *perLine)
{
    const Program &program = machine.programOf(actor);
    const StrategySpec &strategy = machine.strategy();
    for (const ActorSpec &a : machine.scenario().actors) {
        if (!a.program.isEmpty() && a.program != program.name)
            continue;
        for (const auto &local : a.locals)
            if (local.first != QLatin1String("i") && !initial->contains(local.first))
                *initial << local.first;
    }
    for (const ProgramSpec &p : strategy.programs) {
        if (p.name != program.name)
            continue;
        for (const LineSpec &line : p.lines) {
            QStringList names;
            for (const StepSpec &step : line.steps) {
                const QString &into = step.into;
                if (!into.isEmpty() && !names.contains(into))
                    names << into;
            }
            *perLine << names;
        }
    }
}

// Leading spaces every non-blank line has: they only push the code out of a narrow panel.
int commonIndent(const QStringList &lines)
{
    int indent = -1;
    for (const QString &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        int n = 0;
        while (n < line.size() && line[n] == u' ')
            ++n;
        indent = indent < 0 ? n : std::min(indent, n);
    }
    return std::max(0, indent);
}

// Where the SQL statement of a line starts (its opening quote), or -1. In a panel too narrow for
// the line, the statement is what the lesson is about: "2 …'SELECT balance FROM accounts …" is
// worth more than "2 const [rows] = await pool.qu…".
qsizetype statementStart(const QString &line)
{
    static const QRegularExpression sql(
        QStringLiteral("['\"`]\\s*(SELECT|UPDATE|INSERT|DELETE|BEGIN|COMMIT|ROLLBACK|START|SET|LOCK)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = sql.match(line);
    return m.hasMatch() ? m.capturedStart() : -1;
}

// The row's text for `width` pixels: the whole line if it fits, else from its statement on, on
// up to `rows` rows (word-wrapped under the statement's first word, the last one cut). A lecture
// needs "'SELECT balance FROM accounts", not "'SELECT balance FROM accoun…": where the panel has
// rows to spare below the program, a statement takes a second one.
QStringList fitLine(const QString &marker, const QString &numbered, int numberWidth, const QFontMetrics &fm, int width,
                    int rows)
{
    const QString whole = marker + numbered;
    const qsizetype start = statementStart(numbered);
    if (start < 0 || fm.horizontalAdvance(whole) <= width)
        return {whole};
    const QString head = marker + numbered.left(numberWidth + 1) + QStringLiteral("…");
    const QString indent(head.size() + 1, u' '); // under the statement, past its quote
    QStringList shown{head};
    for (const QString &word : numbered.mid(start).split(u' ', Qt::SkipEmptyParts)) {
        const QString longer = shown.back() + (shown.back() == head ? QString() : QStringLiteral(" ")) + word;
        if (fm.horizontalAdvance(longer) <= width || shown.back() == head || shown.back() == indent)
            shown.back() = longer;
        else if (shown.size() < rows)
            shown << indent + word;
        else
            shown.back() = longer; // the last row is cut at the right edge
    }
    return shown;
}

// Whether `rows` show the statement up to its closing quote (the second quote of its kind);
// true for a line without one.
bool showsStatement(const QStringList &rows, const QString &numbered, const QFontMetrics &fm, int width)
{
    const qsizetype start = statementStart(numbered);
    if (start < 0)
        return true;
    const QChar quote = numbered[start];
    int seen = 0;
    for (const QString &row : rows)
        for (qsizetype c = 0; c < row.size(); ++c)
            if (row[c] == quote && ++seen == 2)
                return fm.horizontalAdvance(row.left(c + 1)) <= width;
    return false;
}
} // namespace

void setEmphasis(QLabel *label, const QColor &colour)
{
    // Only colour and weight are set: the size still follows the window (presenter mode).
    QPalette palette;
    QFont font;
    if (colour.isValid()) {
        palette.setColor(QPalette::WindowText, DesktopLook::readable(colour, palette.color(QPalette::Window)));
        font.setBold(true);
    }
    label->setPalette(palette);
    label->setFont(font);
}

CodePanel::CodePanel(const Machine &machine, int actor, QWidget *parent)
    : QFrame(parent)
    , m_actor(actor)
{
    setFrameShape(QFrame::StyledPanel);
    setObjectName(QStringLiteral("codePanel%1").arg(machine.actor(actor).letter));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(5, 3, 5, 3); // tight: on a 720 px screen each pixel is the code's
    layout->setSpacing(2);
    auto *header = new QHBoxLayout;
    // A long request name ("Txn 1 (Alice → Bob)") ends in "…" rather than widening the panel
    // until the strip scrolls sideways; the whole name is its tooltip.
    m_title = new ElidedLabel(this);
    m_title->setText(machine.actor(actor).name);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    m_title->setFont(titleFont);
    m_title->setMinimumWidth(0);
    header->addWidget(m_title, 1);
    const int number = actor + 1;
    m_stepText = number <= 9 ? tr("Step %1   [%2]").arg(machine.actor(actor).letter).arg(number)
                             : tr("Step %1").arg(machine.actor(actor).letter);
    m_stepKey = number <= 9 ? QStringLiteral("[%1]").arg(number) : m_stepText;
    m_step = new QPushButton(m_stepText, this);
    m_step->setObjectName(QStringLiteral("step%1").arg(machine.actor(actor).letter));
    m_step->setAccessibleName(tr("Step %1").arg(machine.actor(actor).name));
    // Reached by Tab, not taken by a click; keys 1–9 stay the window's shortcuts either way.
    m_step->setFocusPolicy(Qt::TabFocus);
    // In the header, so it never scrolls out of sight however long the program.
    header->addWidget(m_step);
    layout->addLayout(header);

    // Its own line: a failure or the reason for waiting can be a long sentence.
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_locals = new QLabel(this);
    m_locals->setObjectName(QStringLiteral("locals"));
    m_locals->setWordWrap(true);
    m_locals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_locals);

    m_lines = new QListWidget(this);
    m_lines->setSelectionMode(QAbstractItemView::NoSelection);
    m_lines->setFocusPolicy(Qt::StrongFocus); // a screen reader reads the code line by line
    // One row per line, cut at its tail: a wrapped line takes two or three rows of a narrow
    // panel, and the read and the write of a race no longer fit together. The whole line is its tooltip.
    m_lines->setWordWrap(false);
    m_lines->setUniformItemSizes(false);
    m_lines->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_lines->setTextElideMode(Qt::ElideRight);
    m_lines->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Only the family: the size follows the window's font, presenter mode's included.
    QFont code;
    code.setFamilies(QFontDatabase::systemFont(QFontDatabase::FixedFont).families());
    code.setStyleHint(QFont::Monospace);
    m_lines->setFont(code);
    addLines(machine.programOf(actor));
    restyleLines();
    updateLinesHeight();
    layout->addWidget(m_lines, 1);
    m_lines->viewport()->installEventFilter(this);

    connect(m_step, &QPushButton::clicked, this, [this] { emit stepRequested(m_actor); });

    collectLocals(machine, actor, &m_shownLocals, &m_localsAssignedAt);
}

void CodePanel::addLines(const Program &program)
{
    // Each item keeps its numbered line (without the indent all lines share) and the number's
    // width; restyleLines() makes the text shown from them.
    QStringList source;
    for (const auto &line : program.lines)
        source << line.code;
    const int indent = commonIndent(source);
    const int digits = int(QString::number(source.size()).size());
    for (int i = 0; i < source.size(); ++i) {
        auto *item = new QListWidgetItem(m_lines);
        item->setData(Qt::UserRole, QStringLiteral("%1 %2").arg(i + 1, digits).arg(source[i].mid(indent)));
        item->setData(Qt::UserRole + 1, digits);
        item->setToolTip(source[i].trimmed());
    }
}

void CodePanel::updateState(const Machine &machine, const State &state)
{
    const ActorStatus status = machine.status(state, m_actor);
    m_currentLine = machine.currentLine(state, m_actor);
    m_finished = status != ActorStatus::Running;
    const bool enabled = machine.isEnabled(state, m_actor);
    const BlockInfo info = machine.blockInfo(state, m_actor);

    QString statusText;
    QColor statusColour; // invalid: plain text
    switch (status) {
    case ActorStatus::Done:
        statusText = tr("✓ finished");
        statusColour = QColor(0x1b, 0x6e, 0x20);
        break;
    case ActorStatus::Failed:
        statusText = tr("✗ failed: %1").arg(machine.messages().value(machine.errorOf(state, m_actor)));
        statusColour = QColor(0xb0, 0x00, 0x20);
        break;
    case ActorStatus::Running:
        if (enabled) {
            statusText = m_currentLine >= 0 ? tr("ready to run line %1").arg(m_currentLine + 1) : tr("ready");
        } else if (info.kind == BlockInfo::Sleeping) {
            statusText = tr("◷ waiting for time: %1").arg(info.text);
            statusColour = QColor(0x8a, 0x4b, 0x00);
        } else {
            statusText = tr("❚❚ blocked: %1").arg(info.text);
            statusColour = QColor(0x8a, 0x4b, 0x00);
        }
        break;
    }
    m_status->setText(statusText);
    setEmphasis(m_status, statusColour);
    m_status->setToolTip(info.text);

    // Locals: the ones it starts with, and those its lines have assigned so far.
    const int reached = m_finished ? int(m_localsAssignedAt.size()) : m_currentLine;
    QStringList names = m_shownLocals;
    for (int line = 0; line < reached && line < m_localsAssignedAt.size(); ++line)
        for (const QString &n : m_localsAssignedAt.at(line))
            if (!names.contains(n))
                names << n;
    m_localNames = names;
    m_localValues.clear();
    for (const QString &n : std::as_const(names))
        m_localValues << QString::number(machine.local(state, m_actor, n));
    showLocals();

    m_step->setEnabled(enabled);
    m_step->setToolTip(enabled ? tr("Run %1 up to its next scheduling point").arg(machine.actor(m_actor).name)
                               : info.text);
    restyleLines();
}

void CodePanel::setConcealed(bool concealed)
{
    m_concealed = concealed;
    showLocals();
}

void CodePanel::showLocals()
{
    // "amount=100", as the timeline writes "R balance=1000", two spaces between: five locals take
    // two rows of a 260 px panel instead of three, a row more for the code on a 720 px screen.
    QStringList parts;
    for (int i = 0; i < m_localNames.size(); ++i)
        parts << QStringLiteral("%1=%2").arg(m_localNames[i], m_concealed ? QStringLiteral("?") : m_localValues[i]);
    m_locals->setText(parts.join(QStringLiteral("  ")));
}

void CodePanel::setSelectedLine(int line)
{
    m_selectedLine = line;
    restyleLines();
}

void CodePanel::restyleLines()
{
    QFont plain = m_lines->font(), bold = plain;
    bold.setBold(true);
    const int room = m_lines->viewport()->width() - 2 * m_lines->style()->pixelMetric(QStyle::PM_FocusFrameHMargin);
    // Rows to spare below the program go to statements cut at the edge that a second (or third)
    // row shows whole, those that need the fewest first.
    const int count = m_lines->count();
    std::vector<int> rows(size_t(count), 1);
    int spare = m_rowHeight > 0 ? m_lines->viewport()->height() / m_rowHeight - count : 0;
    std::vector<std::pair<int, int>> wanted; // (rows, line)
    int extraWanted = 0;
    for (int i = 0; i < count; ++i) {
        const QFontMetrics fm(i == m_currentLine ? bold : plain);
        const QString numbered = m_lines->item(i)->data(Qt::UserRole).toString();
        if (showsStatement(lineRows(i, fm, room, 1), numbered, fm, room))
            continue; // one row shows it (or the line has no statement)
        for (int r = 2; r <= MaxStatementRows && lineRows(i, fm, room, r - 1).size() == r - 1; ++r)
            if (showsStatement(lineRows(i, fm, room, r), numbered, fm, room)) {
                wanted.emplace_back(r, i);
                extraWanted += r - 1;
                break;
            }
    }
    // The panel asks for a few rows more than a screenful of lines, so the statements get them
    // where the window has the height (a 768 px projector), and still fits a 720 px one.
    // (Not for a longer program: it scrolls in any case, and its panel is already as tall as allowed.)
    const int extra = count <= MinVisibleLines ? std::min(extraWanted, MaxExtraRows) : 0;
    if (extra != m_extraRows) {
        m_extraRows = extra;
        updateLinesHeight();
    }
    std::sort(wanted.begin(), wanted.end());
    for (const auto &[want, line] : wanted)
        if (want - 1 <= spare) {
            rows[size_t(line)] = want;
            spare -= want - 1;
        }
    // Grey on a light list, a lighter grey on a dark one (120 on 40 could not be read from the back).
    const QColor finished = DesktopLook::readable(finishedText, m_lines->palette().color(QPalette::Base));
    auto show = [&] {
        int height = 0;
        for (int i = 0; i < count; ++i) {
            QListWidgetItem *item = m_lines->item(i);
            const bool current = i == m_currentLine;
            const bool selected = i == m_selectedLine;
            const QFont &f = current ? bold : plain;
            item->setText(lineRows(i, QFontMetrics(f), room, rows[size_t(i)]).join(u'\n'));
            item->setBackground(selected ? selectedBackground : current ? currentBackground : QBrush());
            item->setForeground(m_finished ? QBrush(finished) : QBrush());
            item->setFont(f);
            height += m_lines->sizeHintForRow(i);
        }
        return height;
    };
    // Rows measured short would push the last line under the edge: take a second row back.
    while (show() > m_lines->viewport()->height()) {
        const auto wrapped = std::find_if(rows.rbegin(), rows.rend(), [](int r) { return r > 1; });
        if (wrapped == rows.rend())
            break;
        --*wrapped;
    }
    // Rows get their heights only when the list lays out: scroll after that.
    QMetaObject::invokeMethod(this, &CodePanel::scrollToCurrentLine, Qt::QueuedConnection);
}

QStringList CodePanel::lineRows(int line, const QFontMetrics &fm, int width, int rows) const
{
    const QListWidgetItem *item = m_lines->item(line);
    return fitLine(line == m_currentLine ? QStringLiteral("▶") : QStringLiteral("  "),
                   item->data(Qt::UserRole).toString(), item->data(Qt::UserRole + 1).toInt(), fm, width, rows);
}

void CodePanel::scrollToCurrentLine()
{
    if (QListWidgetItem *item = m_lines->item(m_currentLine)) {
        m_lines->doItemsLayout();
        m_lines->scrollToItem(item, QAbstractItemView::PositionAtCenter);
    }
}

void CodePanel::updateLinesHeight()
{
    // However short the window, a panel shows a screenful of its program.
    // Lines do not wrap: MinVisibleLines rows of the tallest (bold) kind.
    // (A statement wrapped onto a second row is not counted twice.)
    int row = m_lines->fontMetrics().lineSpacing();
    for (int i = 0; i < m_lines->count(); ++i)
        if (!m_lines->item(i)->text().contains(u'\n'))
            row = std::max(row, m_lines->sizeHintForRow(i));
    m_rowHeight = row;
    const int lines = std::min<int>(MinVisibleLines, std::max(1, m_lines->count())) + m_extraRows;
    m_lines->setMinimumHeight(lines * row + 2 * m_lines->frameWidth());
    emit minimumHeightChanged();
}

void CodePanel::fitStepButton()
{
    // A title cut to "Peti…" tells the room nothing (five requests in presenter mode): where the
    // name and "Step A   [1]" do not fit side by side, the button shows its key alone, "[1]"
    // (the title names the request; the tooltip and the screen reader say the rest).
    const QMargins margins = layout()->contentsMargins();
    const int room = contentsRect().width() - margins.left() - margins.right() - layout()->spacing();
    const int title = m_title->fontMetrics().horizontalAdvance(m_title->text());
    QStyleOptionButton option;
    option.initFrom(m_step);
    option.text = m_stepText;
    const QSize full = style()->sizeFromContents(
        QStyle::CT_PushButton, &option,
        QSize(m_step->fontMetrics().horizontalAdvance(m_stepText), m_step->fontMetrics().height()), m_step);
    const QString text = title + full.width() <= room ? m_stepText : m_stepKey;
    if (m_step->text() != text)
        m_step->setText(text);
}

void CodePanel::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    fitStepButton();
}

void CodePanel::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::FontChange) // the title's and the button's new widths
        QMetaObject::invokeMethod(this, &CodePanel::fitStepButton, Qt::QueuedConnection);
    // The lines carry their own (bold or not) font: make them anew in the new size.
    if (event->type() == QEvent::FontChange) {
        restyleLines();
        updateLinesHeight();
    }
}

bool CodePanel::eventFilter(QObject *watched, QEvent *event)
{
    // A new size moves the current line: keep it in view.
    // A new width may show a long line whole, or only from its statement on; a new height
    // may leave rows to spare for a statement's second row, or take them back.
    if (watched == m_lines->viewport() && event->type() == QEvent::Resize) {
        if (static_cast<QResizeEvent *>(event)->oldSize() != m_lines->viewport()->size())
            restyleLines(); // scrolls too
        else
            QMetaObject::invokeMethod(this, &CodePanel::scrollToCurrentLine, Qt::QueuedConnection);
    }
    return QFrame::eventFilter(watched, event);
}

QString CodePanel::statusText() const
{
    return m_status->text();
}

QString CodePanel::localsText() const
{
    return m_locals->text();
}
