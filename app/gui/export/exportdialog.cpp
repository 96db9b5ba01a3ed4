#include "export/exportdialog.h"

#include "export/widgetexporter.h"
#include "trace/traceexport.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Interleave;

ExportDialog::ExportDialog(const ExportSource &source, Content initial, QWidget *parent)
    : QDialog(parent)
    , m_source(source)
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export"));
    m_content = new QComboBox(this);
    m_content->setObjectName(QStringLiteral("exportContent"));
    m_content->addItem(tr("The whole timeline"), WholeTimeline);
    m_content->addItem(tr("The visible part of the timeline"), VisibleTimeline);
    m_content->addItem(tr("The dashboard and its charts"), Dashboard);
    m_content->addItem(tr("The wait-for graph"), WaitForGraph);
    m_content->addItem(tr("The trace, for Perfetto (JSON)"), PerfettoTrace);
    m_content->addItem(tr("The wait-for graph, for Graphviz (DOT)"), WaitForGraphDot);
    m_content->addItem(tr("Handout: one page per move"), HandoutPages);
    m_content->addItem(tr("Handout: exercise sheet"), Worksheet);
    m_content->addItem(tr("Handout: answer sheet"), AnswerSheet);
    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(tr("PNG image"), int(ExportFormat::Png));
    m_format->addItem(tr("SVG vector image"), int(ExportFormat::Svg));
    m_format->addItem(tr("PDF document"), int(ExportFormat::Pdf));
    m_scale = new QComboBox(this);
    m_scale->setObjectName(QStringLiteral("exportScale"));
    m_scale->addItem(tr("1× (screen)"), 1.0);
    m_scale->addItem(tr("2× (slides)"), 2.0);
    m_scale->addItem(tr("3× (large projection, print)"), 3.0);
    m_theme = new QComboBox(this);
    m_theme->setObjectName(QStringLiteral("exportTheme"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Presenter (large type, high contrast)"), QStringLiteral("presenter"));
    m_paper = new QComboBox(this);
    m_paper->setObjectName(QStringLiteral("exportPaper"));
    m_paper->addItem(tr("A4"), int(PaperSize::A4));
    m_paper->addItem(tr("Letter"), int(PaperSize::Letter));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("exportProgress"));
    m_busy->setRange(0, 0); // busy: a picture's painting has no count to show
    m_busy->setVisible(false);

    // The last choices come back: a teacher exports the same way for every slide.
    const QSettings settings;
    m_format->setCurrentIndex(
        std::max(0, m_format->findData(settings.value(QStringLiteral("export/format"), int(ExportFormat::Png)))));
    m_scale->setCurrentIndex(std::max(0, m_scale->findData(settings.value(QStringLiteral("export/scale"), 2.0))));
    m_theme->setCurrentIndex(
        std::max(0, m_theme->findData(settings.value(QStringLiteral("export/theme"), QStringLiteral("light")))));
    m_paper->setCurrentIndex(
        std::max(0, m_paper->findData(settings.value(QStringLiteral("export/paper"), int(Handout::defaultPaper())))));

    auto *form = new QFormLayout;
    form->addRow(tr("&What:"), m_content);
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("&Resolution:"), m_scale);
    form->addRow(tr("&Theme:"), m_theme);
    form->addRow(tr("&Paper:"), m_paper);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_exportButton = buttons->addButton(tr("&Export…"), QDialogButtonBox::AcceptRole);
    m_exportButton->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    connect(m_exportButton, &QPushButton::clicked, this, &ExportDialog::chooseFileAndExport);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &ExportDialog::onExportDone);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_busy);
    layout->addWidget(buttons);

    connect(m_content, &QComboBox::currentIndexChanged, this, &ExportDialog::updateControls);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::updateControls);
    setContent(initial);
}

ExportDialog::~ExportDialog()
{
    m_cancel = true;
    m_watcher.waitForFinished();
}

void ExportDialog::run(QWidget *parent, const ExportSource &source, Content initial)
{
    ExportDialog dialog(source, initial, parent);
    dialog.exec();
}

void ExportDialog::setContent(Content content)
{
    m_content->setCurrentIndex(std::max(0, m_content->findData(content)));
    updateControls();
}

ExportDialog::Content ExportDialog::content() const
{
    return Content(m_content->currentData().toInt());
}

ExportSettings ExportDialog::settings() const
{
    ExportSettings s;
    switch (content()) {
    case PerfettoTrace:
        s.format = ExportFormat::Perfetto;
        break;
    case WaitForGraphDot:
        s.format = ExportFormat::Dot;
        break;
    default:
        s.format = ExportFormat(m_format->currentData().toInt());
        break;
    }
    s.scale = m_scale->currentData().toDouble();
    s.theme = m_theme->currentData().toString();
    return s;
}

bool ExportDialog::isHandout() const
{
    const Content c = content();
    return c == HandoutPages || c == Worksheet || c == AnswerSheet;
}

HandoutOptions ExportDialog::handoutOptions() const
{
    HandoutOptions options;
    options.paper = PaperSize(m_paper->currentData().toInt());
    options.pngDpi = 96 * m_scale->currentData().toDouble();
    return options;
}

void ExportDialog::updateControls()
{
    const Content c = content();
    const bool image = c != PerfettoTrace && c != WaitForGraphDot;
    // Paper is always light (theme), printed as PDF or PNG pages: no SVG.
    const bool handout = isHandout();
    if (auto *formats = qobject_cast<QStandardItemModel *>(m_format->model()))
        formats->item(m_format->findData(int(ExportFormat::Svg)))->setEnabled(!handout);
    if (handout && ExportFormat(m_format->currentData().toInt()) == ExportFormat::Svg)
        m_format->setCurrentIndex(m_format->findData(int(ExportFormat::Pdf)));
    m_paper->setEnabled(handout);
    m_format->setEnabled(image);
    m_theme->setEnabled(image && !handout);
    m_scale->setEnabled(image && ExportFormat(m_format->currentData().toInt()) == ExportFormat::Png);
    // Only what exists can be exported.
    const bool available = (c == Dashboard && m_source.dashboard) || (c == WaitForGraph && m_source.waitForGraph) ||
        (handout && (m_source.machine || m_source.layout)) ||
        ((c != Dashboard && c != WaitForGraph && !handout) && m_source.layout);
    m_status->setText(available ? QString() : tr("There is nothing of this kind to export yet."));
}

QString ExportDialog::suggestedFileName() const
{
    QString base = m_source.layout ? m_source.layout->machine().scenario().id : QStringLiteral("interleave");
    switch (content()) {
    case Dashboard:
        base += QStringLiteral("-dashboard");
        break;
    case WaitForGraph:
    case WaitForGraphDot:
        base += QStringLiteral("-wait-for");
        break;
    case PerfettoTrace:
        base += QStringLiteral("-trace");
        break;
    case HandoutPages:
        base += QStringLiteral("-handout");
        break;
    case Worksheet:
        base += QStringLiteral("-worksheet");
        break;
    case AnswerSheet:
        base += QStringLiteral("-answers");
        break;
    default:
        base += QStringLiteral("-timeline");
        break;
    }
    return base + u'.' + Exporter::suffix(settings().format);
}

std::function<ExportDialog::Outcome()> ExportDialog::prepare(const QString &path, const std::atomic<bool> *cancel) const
{
    if (isHandout())
        return prepareHandout(path, cancel);
    ExportSettings s = settings();
    s.cancel = cancel;
    const std::shared_ptr<const TimelineLayout> layout = m_source.layout;
    const ExportCaption caption = m_source.caption;
    switch (content()) {
    case WholeTimeline:
    case VisibleTimeline: {
        if (!layout)
            break;
        const TimeRange range = content() == WholeTimeline ? layout->extent() : m_source.visible;
        return [layout, range, caption, s, path, cursor = m_source.cursorStep] {
            Outcome o;
            o.written = Exporter::exportTimeline(layout, range, caption, s, path, &o.error, cursor);
            return o;
        };
    }
    case Dashboard:
    case WaitForGraph: {
        QWidget *widget = content() == Dashboard ? m_source.dashboard.data() : m_source.waitForGraph.data();
        if (!widget)
            break;
        QString error;
        if (!WidgetExporter::canExport(widget, &error))
            return [error] { return Outcome{false, error}; };
        return
            [painting = WidgetExporter::painting(widget, caption, s), size = WidgetExporter::size(widget, caption, s),
             title = QString(caption.title + QStringLiteral(" — ") + caption.variant), s, path] {
                Outcome o;
                o.written = Exporter::writePicture(painting, size, s, path, title, &o.error);
                return o;
            };
    }
    case PerfettoTrace:
        if (!layout)
            break;
        return [layout, schedule = caption.schedule, path, cancel] {
            Outcome o;
            const QByteArray json =
                TraceExport::perfettoJson(layout->machine(), layout->trace(), layout->analysis(), schedule, cancel);
            o.written = Exporter::writeBytes(json, path, &o.error, cancel);
            return o;
        };
    case HandoutPages:
    case Worksheet:
    case AnswerSheet:
        break;
    case WaitForGraphDot: {
        if (!layout)
            break;
        const int event = m_source.cursorEvent >= 0 ? m_source.cursorEvent : layout->eventCount() - 1;
        return [layout, event, path, cancel] {
            Outcome o;
            const QByteArray dot =
                TraceExport::waitForGraphDot(layout->machine(), layout->trace(), layout->analysis(), event);
            o.written = Exporter::writeBytes(dot, path, &o.error, cancel);
            return o;
        };
    }
    }
    return [] { return Outcome{false, tr("There is nothing of this kind to export yet.")}; };
}

std::function<ExportDialog::Outcome()> ExportDialog::prepareHandout(const QString &path,
                                                                    const std::atomic<bool> *cancel) const
{
    std::shared_ptr<const Machine> machine =
        m_source.machine ? m_source.machine : (m_source.layout ? m_source.layout->machinePtr() : nullptr);
    if (!machine)
        return [] { return Outcome{false, tr("There is nothing of this kind to export yet.")}; };
    const HandoutKind kind = content() == HandoutPages ? HandoutKind::Pages
        : content() == Worksheet                       ? HandoutKind::Worksheet
                                                       : HandoutKind::Answers;
    HandoutOptions options = handoutOptions();
    options.cancel = cancel;
    // From the worker, shown on the GUI thread. The dialog outlives the worker (its destructor
    // waits), and Qt drops a queued call whose context object is gone.
    auto *dialog = const_cast<ExportDialog *>(this);
    options.progress = [dialog](const QString &what, qint64 done, qint64 total) {
        QMetaObject::invokeMethod(
            dialog, [dialog, what, done, total] { dialog->showProgress(what, done, total); }, Qt::QueuedConnection);
    };
    return [kind, machine, schedule = m_source.schedule, options, path] {
        Outcome o;
        o.written = Handout::write(kind, machine, schedule, options, path, nullptr, nullptr, &o.error);
        return o;
    };
}

void ExportDialog::showProgress(const QString &what, qint64 done, qint64 total)
{
    if (!isExporting())
        return;
    m_busy->setRange(0, int(std::min<qint64>(total, 1 << 30)));
    m_busy->setValue(int(std::min<qint64>(done, 1 << 30)));
    m_status->setText(tr("%1 (Cancel stops it; nothing is written)").arg(what));
}

bool ExportDialog::exportTo(const QString &path, QString *error) const
{
    const Outcome o = prepare(path, nullptr)();
    if (error)
        *error = o.error;
    return o.written;
}

void ExportDialog::startExport(const QString &path)
{
    if (isExporting())
        return;
    m_cancel = false;
    std::function<Outcome()> job = prepare(path, &m_cancel);
    setBusy(true);
    m_watcher.setFuture(QtConcurrent::run(std::move(job)));
}

void ExportDialog::cancelExport()
{
    m_cancel = true;
}

void ExportDialog::reject()
{
    // While an export runs, Cancel stops it and the dialog stays, saying so; then Cancel closes.
    if (isExporting())
        cancelExport();
    else
        QDialog::reject();
}

void ExportDialog::setBusy(bool busy)
{
    m_busy->setRange(0, 0); // busy until a handout says how far it is
    m_busy->setVisible(busy);
    m_exportButton->setEnabled(!busy);
    for (QComboBox *box : {m_content, m_format, m_scale, m_theme, m_paper})
        box->setEnabled(!busy);
    if (busy)
        m_status->setText(tr("Exporting… (Cancel stops it; nothing is written)"));
    else
        updateControls();
}

void ExportDialog::onExportDone()
{
    const Outcome o = m_watcher.result();
    setBusy(false);
    emit exportFinished(o.written, o.error);
    if (o.written) {
        QSettings settings;
        settings.setValue(QStringLiteral("export/format"), m_format->currentData());
        settings.setValue(QStringLiteral("export/scale"), m_scale->currentData());
        settings.setValue(QStringLiteral("export/theme"), m_theme->currentData());
        settings.setValue(QStringLiteral("export/paper"), m_paper->currentData());
        accept();
    } else if (m_cancel) {
        m_status->setText(tr("Export cancelled; nothing was written."));
    } else {
        QMessageBox::warning(this, tr("Export failed"), o.error);
    }
}

void ExportDialog::chooseFileAndExport()
{
    const ExportSettings s = settings();
    QSettings settings;
    const QString folder =
        settings
            .value(QStringLiteral("export/folder"), QStandardPaths::writableLocation(QStandardPaths::PicturesLocation))
            .toString();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export"), QDir(folder).filePath(suggestedFileName()),
                                                      Exporter::fileFilter(s.format));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("export/folder"), QFileInfo(path).absolutePath());
    startExport(path);
}
