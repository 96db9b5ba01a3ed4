#include "classroom/predictionpanel.h"

#include "window/desktoplook.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

using namespace Interleave;

namespace {

// Covers a concealed widget with a notice; follows its size.
class Cover : public QLabel
{
public:
    explicit Cover(QWidget *target)
        : QLabel(target)
    {
        setObjectName(QStringLiteral("predictionCover"));
        setAlignment(Qt::AlignCenter);
        setWordWrap(true);
        setAutoFillBackground(true);
        QPalette p = palette();
        p.setColor(QPalette::Window, QColor(0x2b, 0x2f, 0x36));
        p.setColor(QPalette::WindowText, Qt::white);
        setPalette(p);
        QFont f = font();
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 1.3);
        setFont(f);
        setText(PredictionPanel::tr("Hidden: predict first, then reveal (F7)"));
        target->installEventFilter(this);
        setGeometry(target->rect());
        raise();
        show();
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == parent() && (event->type() == QEvent::Resize || event->type() == QEvent::ChildAdded)) {
            setGeometry(parentWidget()->rect());
            raise();
        }
        return QLabel::eventFilter(watched, event);
    }
};

} // namespace

PredictionPanel::PredictionPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("predictionPanel"));
    m_predictAction = new QAction(this);
    m_predictAction->setObjectName(QStringLiteral("predict"));
    m_predictAction->setCheckable(true);
    m_predictAction->setShortcut(Qt::Key_F6);
    m_predictAction->setShortcutContext(Qt::ApplicationShortcut);
    connect(m_predictAction, &QAction::toggled, this, [this](bool on) {
        if (on)
            startRound();
        else
            setConcealed(false);
    });
    m_revealAction = new QAction(this);
    m_revealAction->setObjectName(QStringLiteral("reveal"));
    m_revealAction->setShortcut(Qt::Key_F7);
    m_revealAction->setShortcutContext(Qt::ApplicationShortcut);
    connect(m_revealAction, &QAction::triggered, this, &PredictionPanel::reveal);
    addAction(m_predictAction);
    addAction(m_revealAction);

    m_question = new QLabel(this);
    m_question->setObjectName(QStringLiteral("predictionQuestion"));
    m_question->setWordWrap(true);
    m_question->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum); // never squeezed below its lines
    m_figure = new QComboBox(this);
    m_figure->setObjectName(QStringLiteral("predictionFigure"));
    m_figure->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_figure->setMinimumContentsLength(8);
    m_values = new QLineEdit(this);
    m_values->setObjectName(QStringLiteral("predictionValues"));
    m_values->setMinimumWidth(m_values->fontMetrics().horizontalAdvance(QStringLiteral("1100, 1200, 1300  ")));
    QFont answerFont = m_values->font();
    answerFont.setPointSizeF(answerFont.pointSizeF() * 1.2);
    m_values->setFont(answerFont);
    m_revealButton = new QPushButton(this);
    m_revealButton->setObjectName(QStringLiteral("revealButton"));
    connect(m_revealButton, &QPushButton::clicked, this, &PredictionPanel::reveal);
    connect(m_values, &QLineEdit::returnPressed, this, &PredictionPanel::reveal);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("predictionResult"));
    m_result->setWordWrap(true);
    m_result->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_result->setTextFormat(Qt::RichText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont resultFont = m_result->font();
    resultFont.setPointSizeF(resultFont.pointSizeF() * 1.3);
    m_result->setFont(resultFont);

    // One column: a narrow dock still shows the question, a wide answer field and the verdict.
    auto *row = new QHBoxLayout;
    row->addWidget(m_values, 1);
    row->addWidget(m_revealButton);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_question);
    layout->addWidget(m_figure);
    layout->addLayout(row);
    layout->addWidget(m_result, 1);

    connect(&m_watcher, &QFutureWatcher<Revealed>::finished, this, &PredictionPanel::onChecked);
    setTexts();
}

PredictionPanel::~PredictionPanel()
{
    m_watcher.waitForFinished();
}

void PredictionPanel::setMachine(std::shared_ptr<const Machine> machine)
{
    m_machine = std::move(machine);
    ++m_job; // a running check is for the old variant: drop it
    m_check.reset();
    m_result->clear();
    updateFigures();
}

void PredictionPanel::addConcealed(QWidget *widget)
{
    if (!widget)
        return;
    m_concealed.append(widget);
    if (isConcealing())
        m_covers.append(new Cover(widget));
}

QString PredictionPanel::resultText() const
{
    return m_result->text();
}

void PredictionPanel::setPrediction(int figure, const QString &values)
{
    m_figure->setCurrentIndex(figure);
    m_values->setText(values);
}

void PredictionPanel::startRound()
{
    m_check.reset();
    m_result->clear();
    {
        const QSignalBlocker blocker(m_predictAction);
        m_predictAction->setChecked(true);
    }
    setConcealed(true);
    m_values->setFocus();
    emit roundStarted();
}

void PredictionPanel::reveal()
{
    if (!m_machine || m_watcher.isRunning())
        return;
    QString error;
    const auto values = PredictionCheck::parseValues(m_values->text(), &error);
    if (!values) {
        m_result->setText(error.toHtmlEscaped());
        return;
    }
    m_result->setText(tr("Checking every interleaving…"));
    m_revealButton->setEnabled(false);
    const quint64 job = ++m_job;
    m_watcher.setProperty("job", job);
    // The explorer may take a moment on big variants: never on the GUI thread.
    m_watcher.setFuture(
        QtConcurrent::run([machine = m_machine, figure = m_figure->currentIndex(), predicted = *values] {
            auto explored = std::make_shared<const ExplorerResult>(Explorer::explore(*machine, ExplorerOptions{}));
            return Revealed{PredictionCheck::check(*machine, *explored, figure, predicted), explored, machine};
        }));
}

void PredictionPanel::onChecked()
{
    m_revealButton->setEnabled(true);
    if (m_watcher.property("job").toULongLong() != m_job || m_watcher.future().resultCount() == 0)
        return; // the variant changed meanwhile
    const Revealed found = m_watcher.result();
    m_check = std::make_unique<PredictionCheck>(found.check);
    showVerdict();
    {
        const QSignalBlocker blocker(m_predictAction);
        m_predictAction->setChecked(false);
    }
    setConcealed(false);
    emit explored(found.explored, found.machine);
    emit revealed(*m_check);
}

void PredictionPanel::showVerdict()
{
    // Large and in three lines, for the back of the room: predicted, missed, impossible.
    const auto joined = [](const std::vector<int64_t> &values) {
        QStringList parts;
        for (int64_t v : values)
            parts << QString::number(v);
        return parts.isEmpty() ? tr("none") : parts.join(QStringLiteral(", "));
    };
    QStringList lines;
    lines << (m_check->allRight() ? tr("<b style='color:#1b6e20'>✓ Exactly right.</b>")
                                  : tr("<b style='color:#b00020'>✗ Not quite.</b>"));
    lines << tr("Predicted correctly: <b>%1</b>").arg(joined(m_check->hits));
    lines << tr("Missed: <b>%1</b>").arg(joined(m_check->missed));
    lines << tr("Impossible: <b>%1</b>").arg(joined(m_check->impossible));
    lines << QStringLiteral("<span style='font-size:small'>%1</span>").arg(m_check->summary().toHtmlEscaped());
    m_result->setText(DesktopLook::readableHtml(lines.join(QStringLiteral("<br>")), palette().color(QPalette::Window)));
}

void PredictionPanel::setConcealed(bool concealed)
{
    emit concealingChanged(concealed);
    for (const QPointer<QWidget> &cover : std::as_const(m_covers))
        delete cover.data();
    m_covers.clear();
    if (concealed)
        for (const QPointer<QWidget> &widget : std::as_const(m_concealed))
            if (widget)
                m_covers.append(new Cover(widget));
}

void PredictionPanel::updateFigures()
{
    const int previous = m_figure->currentIndex();
    m_figure->clear();
    if (m_machine)
        for (const Figure &f : m_machine->figures())
            m_figure->addItem(f.label);
    m_figure->setCurrentIndex(std::clamp(previous, 0, std::max(0, m_figure->count() - 1)));
    const bool usable = m_figure->count() > 0;
    m_values->setEnabled(usable);
    m_revealButton->setEnabled(usable);
    m_revealAction->setEnabled(usable);
}

// Once: a language switch builds a new window, and this panel with it.
void PredictionPanel::setTexts()
{
    m_predictAction->setText(tr("&Predict, then reveal"));
    m_predictAction->setToolTip(tr("Hide the final state and the histogram while students predict (F6)"));
    m_revealAction->setText(tr("&Reveal"));
    m_revealAction->setToolTip(tr("Check the prediction against every interleaving and show the outcomes (F7)"));
    m_question->setText(
        tr("Which final values are possible? Pick the figure, type every value you expect, then reveal."));
    m_values->setPlaceholderText(tr("for example 1100, 1200, 1300"));
    m_revealButton->setText(tr("Reveal (F7)"));
    if (m_check)
        showVerdict();
}
