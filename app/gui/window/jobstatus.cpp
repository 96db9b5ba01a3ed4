#include "window/jobstatus.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

JobStatus::JobStatus(EngineJobs *jobs, QStatusBar *bar)
    : QObject(bar)
    , m_bar(bar)
{
    m_label = new QLabel(bar);
    m_progress = new QProgressBar(bar);
    m_progress->setMaximumWidth(220);
    m_cancel = new QPushButton(tr("Cancel"), bar);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(tr("Stop the running job (Esc)"));
    bar->addPermanentWidget(m_label);
    bar->addPermanentWidget(m_progress);
    bar->addPermanentWidget(m_cancel);
    setShown(false);
    connect(m_cancel, &QPushButton::clicked, jobs, &EngineJobs::cancel);
    connect(jobs, &EngineJobs::started, this, &JobStatus::onStarted);
    connect(jobs, &EngineJobs::progress, this, &JobStatus::onProgress);
    connect(jobs, &EngineJobs::finished, this, &JobStatus::onFinished);
}

void JobStatus::setShown(bool shown)
{
    m_label->setVisible(shown);
    m_progress->setVisible(shown);
    m_cancel->setVisible(shown);
}

void JobStatus::onStarted(EngineJobs::Kind, const QString &text)
{
    m_label->setText(text);
    m_progress->setRange(0, 0);
    m_progress->setFormat(QString());
    setShown(true);
}

void JobStatus::onProgress(int done, int total)
{
    if (total > 0) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_progress->setFormat(QStringLiteral("%v / %m"));
    } else {
        m_progress->setRange(0, 0);
        m_label->setText(tr("Exploring every interleaving… %L1 states").arg(done));
    }
}

void JobStatus::onFinished(EngineJobs::Kind kind, bool cancelled)
{
    setShown(false);
    if (cancelled)
        m_bar->showMessage(tr("%1 cancelled.").arg(EngineJobs::describe(kind).chopped(1)), 5000);
}
