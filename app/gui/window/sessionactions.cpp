#include "window/sessionactions.h"

#include "drivers/session.h"
#include "window/scenariosession.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QWidget>

using namespace Interleave;

namespace {
const QLatin1String suffix("interleave");
}

SessionActions::SessionActions(ScenarioSession *session, QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_window(window)
{
    m_save = new QAction(this);
    m_save->setObjectName(QStringLiteral("saveSession"));
    m_save->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_open = new QAction(this);
    m_open->setObjectName(QStringLiteral("openSession"));
    m_open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(m_save, &QAction::triggered, this, [this] {
        QSettings settings;
        const QString folder = settings
                                   .value(QStringLiteral("session/folder"),
                                          QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                   .toString();
        const QString name = m_session && m_session->scenario() ? m_session->scenario()->id : QStringLiteral("demo");
        QString path =
            QFileDialog::getSaveFileName(m_window, tr("Save session"), QDir(folder).filePath(name + u'.' + suffix),
                                         tr("Interleave session (*.interleave)"));
        if (path.isEmpty())
            return;
        if (QFileInfo(path).suffix().isEmpty())
            path += u'.' + suffix;
        QString error;
        if (!save(path, &error)) {
            emit failed(error);
            return;
        }
        settings.setValue(QStringLiteral("session/folder"), QFileInfo(path).absolutePath());
        emit saved(path);
    });
    connect(m_open, &QAction::triggered, this, [this] {
        QSettings settings;
        const QString folder = settings
                                   .value(QStringLiteral("session/folder"),
                                          QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                   .toString();
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Open session"), folder,
                                                          tr("Interleave session (*.interleave);;All files (*)"));
        if (path.isEmpty())
            return;
        QString error;
        if (!open(path, &error))
            emit failed(error);
        else
            settings.setValue(QStringLiteral("session/folder"), QFileInfo(path).absolutePath());
    });
    setTexts();
}

void SessionActions::setViewState(std::function<QJsonObject()> save, std::function<void(const QJsonObject &)> restore)
{
    m_saveView = std::move(save);
    m_restoreView = std::move(restore);
}

bool SessionActions::isSessionFile(const QString &path)
{
    return QFileInfo(path).suffix().compare(suffix, Qt::CaseInsensitive) == 0;
}

bool SessionActions::save(const QString &path, QString *error) const
{
    if (!m_session || !m_session->stepper()) {
        if (error)
            *error = tr("Nothing to save: no scenario is loaded.");
        return false;
    }
    Session s = Session::capture(*m_session->stepper());
    if (m_saveView)
        s.view = m_saveView();
    return s.save(path, error);
}

bool SessionActions::open(const QString &path, QString *error)
{
    if (!m_session)
        return false;
    const std::optional<Session> s = Session::load(path, error);
    if (!s || !apply(*s, path, error))
        return false;
    if (m_restoreView && !s->view.isEmpty())
        m_restoreView(s->view);
    emit opened(path);
    return true;
}

bool SessionActions::apply(const Session &session, const QString &path, QString *error)
{
    const Session *s = &session;
    // Replay it completely first: a session that does not replay changes nothing on screen.
    const auto check = s->restore(error, path);
    if (!check)
        return false;
    const auto spec = s->loadScenario(error, path);
    if (!spec)
        return false;
    if (!m_session->setScenario(spec, s->strategy, check->machine().model(), check->machine().params(), error))
        return false;
    if (!m_session->loadSchedule(check->fullSchedule(), error))
        return false;
    if (!m_session->setDatabase(check->machine().database()))
        return false;
    m_session->seek(check->cursor());
    // The window offers only the scenario's listed models: make sure it is the very same state.
    if (!m_session->stepper() || m_session->machine()->model() != check->machine().model() ||
        !(m_session->stepper()->state() == check->state()) || m_session->stepper()->length() != check->length()) {
        if (error)
            *error = tr("%1: the window cannot show this session exactly (model %2)")
                         .arg(path, check->machine().model().toString());
        return false;
    }
    return true;
}

// Once: a language switch builds a new window, and these actions with it.
void SessionActions::setTexts()
{
    m_save->setText(tr("Save &session…"));
    m_save->setToolTip(tr("Save the scenario, fix, model, parameters, moves and cursor in one file (Ctrl+Shift+S)"));
    m_open->setText(tr("Open s&ession…"));
    m_open->setToolTip(tr("Open a saved session exactly where it was left (Ctrl+Shift+O)"));
}
