#pragma once

#include "export/exporter.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QLabel;

// File › Export and the timeline's context menu: what to export (the whole
// timeline, the visible range, the dashboard, the wait-for graph, the trace for
// Perfetto, the wait-for graph as DOT), the format, the PNG scale and the theme;
// then a file dialog. Widgets are exported as they look (vector in SVG/PDF)
// under the same caption as the timeline.
//
// Hook-up in the main window (File menu "Export…" and the timeline's context menu):
//     ExportSource source;
//     source.layout = m_timeline->layout(); source.visible = m_timeline->visibleRange();
//     source.caption = ExportCaption::describe(*machine, &stepper->state(), stepper->schedule().toString(*machine));
//     source.cursorStep = stepper->cursor(); source.cursorEvent = <last event before the cursor>;
//     source.dashboard = m_dashboard; source.waitForGraph = m_waitForGraph;
//     ExportDialog::run(this, source, ExportDialog::VisibleTimeline);
struct ExportSource
{
    std::shared_ptr<const Interleave::TimelineLayout> layout; // machine, trace and analysis come with it
    Interleave::TimeRange visible; // the part on screen
    Interleave::ExportCaption caption;
    int cursorStep = -1;
    int cursorEvent = -1; // the wait-for graph is drawn just after this event (-1: the end)
    QPointer<QWidget> dashboard; // with its charts
    QPointer<QWidget> waitForGraph;
};

class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    enum Content {
        WholeTimeline,
        VisibleTimeline,
        Dashboard,
        WaitForGraph,
        PerfettoTrace,
        WaitForGraphDot
    };
    Q_ENUM(Content)

    explicit ExportDialog(const ExportSource &source, Content initial = WholeTimeline, QWidget *parent = nullptr);

    static void run(QWidget *parent, const ExportSource &source, Content initial = WholeTimeline);

    void setContent(Content content);
    Content content() const;
    Interleave::ExportSettings settings() const;
    // Exports to `path` with the dialog's choices; a one-line error on failure.
    bool exportTo(const QString &path, QString *error) const;
    QString suggestedFileName() const;

private:
    void updateControls();
    void chooseFileAndExport();

    ExportSource m_source;
    QComboBox *m_content = nullptr;
    QComboBox *m_format = nullptr;
    QComboBox *m_scale = nullptr;
    QComboBox *m_theme = nullptr;
    QLabel *m_status = nullptr;
};
