#pragma once

#include "window/enginejobs.h"

#include <QObject>

class QLabel;
class QProgressBar;
class QPushButton;
class QStatusBar;

// The running job in the status bar: what runs, how far it is, and Cancel.
// Shown only while a job runs.
class JobStatus : public QObject
{
    Q_OBJECT
public:
    JobStatus(EngineJobs *jobs, QStatusBar *bar);

private:
    void onStarted(EngineJobs::Kind kind, const QString &text);
    void onProgress(int done, int total);
    void onFinished(EngineJobs::Kind kind, bool cancelled);
    void setShown(bool shown);

    QStatusBar *m_bar = nullptr;
    QLabel *m_label = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancel = nullptr;
};
