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
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QVBoxLayout>

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
    m_status = new QLabel(this);
    m_status->setWordWrap(true);

    // The last choices come back: a teacher exports the same way for every slide.
    const QSettings settings;
    m_format->setCurrentIndex(
        std::max(0, m_format->findData(settings.value(QStringLiteral("export/format"), int(ExportFormat::Png)))));
    m_scale->setCurrentIndex(std::max(0, m_scale->findData(settings.value(QStringLiteral("export/scale"), 2.0))));
    m_theme->setCurrentIndex(
        std::max(0, m_theme->findData(settings.value(QStringLiteral("export/theme"), QStringLiteral("light")))));

    auto *form = new QFormLayout;
    form->addRow(tr("&What:"), m_content);
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("&Resolution:"), m_scale);
    form->addRow(tr("&Theme:"), m_theme);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *exportButton = buttons->addButton(tr("&Export…"), QDialogButtonBox::AcceptRole);
    exportButton->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(exportButton, &QPushButton::clicked, this, &ExportDialog::chooseFileAndExport);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_content, &QComboBox::currentIndexChanged, this, &ExportDialog::updateControls);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::updateControls);
    setContent(initial);
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

void ExportDialog::updateControls()
{
    const Content c = content();
    const bool image = c != PerfettoTrace && c != WaitForGraphDot;
    m_format->setEnabled(image);
    m_theme->setEnabled(image);
    m_scale->setEnabled(image && ExportFormat(m_format->currentData().toInt()) == ExportFormat::Png);
    // Only what exists can be exported.
    const bool available = (c == Dashboard && m_source.dashboard) || (c == WaitForGraph && m_source.waitForGraph) ||
        ((c != Dashboard && c != WaitForGraph) && m_source.layout);
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
    default:
        base += QStringLiteral("-timeline");
        break;
    }
    return base + u'.' + Exporter::suffix(settings().format);
}

bool ExportDialog::exportTo(const QString &path, QString *error) const
{
    const ExportSettings s = settings();
    switch (content()) {
    case WholeTimeline:
    case VisibleTimeline:
        if (!m_source.layout)
            break;
        return Exporter::exportTimeline(m_source.layout,
                                        content() == WholeTimeline ? m_source.layout->extent() : m_source.visible,
                                        m_source.caption, s, path, error, m_source.cursorStep);
    case Dashboard:
        if (!m_source.dashboard)
            break;
        return WidgetExporter::exportWidget(m_source.dashboard, m_source.caption, s, path, error);
    case WaitForGraph:
        if (!m_source.waitForGraph)
            break;
        return WidgetExporter::exportWidget(m_source.waitForGraph, m_source.caption, s, path, error);
    case PerfettoTrace:
        if (!m_source.layout)
            break;
        return Exporter::writeBytes(TraceExport::perfettoJson(m_source.layout->machine(), m_source.layout->trace(),
                                                              m_source.layout->analysis(), m_source.caption.schedule),
                                    path, error);
    case WaitForGraphDot: {
        if (!m_source.layout)
            break;
        const int event = m_source.cursorEvent >= 0 ? m_source.cursorEvent : m_source.layout->eventCount() - 1;
        return Exporter::writeBytes(TraceExport::waitForGraphDot(m_source.layout->machine(), m_source.layout->trace(),
                                                                 m_source.layout->analysis(), event),
                                    path, error);
    }
    }
    if (error)
        *error = tr("There is nothing of this kind to export yet.");
    return false;
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
    QString error;
    if (!exportTo(path, &error)) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    settings.setValue(QStringLiteral("export/folder"), QFileInfo(path).absolutePath());
    settings.setValue(QStringLiteral("export/format"), m_format->currentData());
    settings.setValue(QStringLiteral("export/scale"), m_scale->currentData());
    settings.setValue(QStringLiteral("export/theme"), m_theme->currentData());
    accept();
}
