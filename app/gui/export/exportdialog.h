#pragma once

#include "export/exporter.h"
#include "export/handout.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QPointer>

#include <atomic>
#include <functional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

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
    std::shared_ptr<const TimelineLayout> layout; // machine, trace and analysis come with it
    TimeRange visible; // the part on screen
    ExportCaption caption;
    int cursorStep = -1;
    int cursorEvent = -1; // the wait-for graph is drawn just after this event (-1: the end)
    QPointer<QWidget> dashboard; // with its charts
    QPointer<QWidget> waitForGraph;
    // For the handouts: the variant and every move made (redoable ones too).
    std::shared_ptr<const Interleave::Machine> machine; // else the layout's
    Interleave::Schedule schedule;
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
        WaitForGraphDot,
        HandoutPages, // a title page and one page per move (Handout)
        Worksheet,
        AnswerSheet
    };
    Q_ENUM(Content)

    explicit ExportDialog(const ExportSource &source, Content initial = WholeTimeline, QWidget *parent = nullptr);
    ~ExportDialog() override; // cancels a running export and waits for it (milliseconds)

    static void run(QWidget *parent, const ExportSource &source, Content initial = WholeTimeline);

    void setContent(Content content);
    Content content() const;
    ExportSettings settings() const;
    bool isHandout() const;
    HandoutOptions handoutOptions() const; // paper and PNG resolution; no cancel or progress
    // Exports to `path` with the dialog's choices, on this thread; a one-line error on failure.
    bool exportTo(const QString &path, QString *error) const;
    // The same on a worker thread: the picture is painted and written off the GUI thread,
    // with a busy bar; exportFinished follows. cancelExport() (or Cancel) stops it within
    // milliseconds and nothing is written.
    void startExport(const QString &path);
    void cancelExport();
    bool isExporting() const { return m_watcher.isRunning(); }
    QString suggestedFileName() const;

    // While an export runs, Cancel stops it and the dialog stays; otherwise it closes.
    void reject() override;

signals:
    void exportFinished(bool written, const QString &error);

private:
    struct Outcome
    {
        bool written = false;
        QString error;
    };
    // Everything the export needs, taken from the GUI side now (a widget is recorded as a
    // picture), so that running it touches no widget: safe on any thread.
    std::function<Outcome()> prepare(const QString &path, const std::atomic<bool> *cancel) const;
    void updateControls();
    void setBusy(bool busy);
    void chooseFileAndExport();
    void onExportDone();
    std::function<Outcome()> prepareHandout(const QString &path, const std::atomic<bool> *cancel) const;
    void showProgress(const QString &what, qint64 done, qint64 total);

    ExportSource m_source;
    QComboBox *m_content = nullptr;
    QComboBox *m_format = nullptr;
    QComboBox *m_scale = nullptr;
    QComboBox *m_theme = nullptr;
    QComboBox *m_paper = nullptr;
    QLabel *m_status = nullptr;
    QProgressBar *m_busy = nullptr;
    QPushButton *m_exportButton = nullptr;
    std::atomic<bool> m_cancel{false};
    QFutureWatcher<Outcome> m_watcher;
    QString m_path; // of the export running
};
