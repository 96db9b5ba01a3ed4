#include "window/serverbackend.h"
#include "window/scenariosession.h"

#include "realdb/privateserver.h"
#include "realdb/sqlsession.h"

#include <QComboBox>
#include <QLabel>
#include <QStandardItemModel>
#include <QThread>

using namespace Interleave;

namespace {

ServerKind kindOf(ServerBackend::Choice choice)
{
    return choice == ServerBackend::Postgres ? ServerKind::Postgres : ServerKind::MariaDb;
}

DatabaseVariant::Flavour flavourOf(ServerBackend::Choice choice)
{
    return choice == ServerBackend::Postgres ? DatabaseVariant::Postgres : DatabaseVariant::MySql;
}

// A server has something to run: some line of some request is a database statement.
bool hasDatabaseSteps(const Machine &machine)
{
    const State initial = machine.initialState();
    for (int a = 0; a < machine.actorCount(); ++a) {
        const Program &p = machine.programOf(a);
        for (int line = 0; line < int(p.lines.size()); ++line)
            if (p.lines[size_t(line)].stepCount > 0 &&
                machine.nextStatement(initial, a, line).kind != DatabaseStatement::None)
                return true;
    }
    return false;
}

} // namespace

ServerBackend::ServerBackend(ScenarioSession *session, QWidget *parent)
    : QObject(parent)
    , m_session(session)
{
    m_box = new QComboBox(parent);
    m_box->setObjectName(QStringLiteral("backendBox"));
    m_box->setToolTip(tr("Where the database steps run besides the model: a private MariaDB or PostgreSQL server "
                         "runs every schedule you step, and a banner says whether it agrees with the model."));
    m_box->addItem(tr("Model"), settingName(Model));
    m_box->addItem(QStringLiteral("MariaDB"), settingName(MariaDb));
    m_box->addItem(QStringLiteral("PostgreSQL"), settingName(Postgres));
    m_banner = new QLabel(parent);
    m_banner->setObjectName(QStringLiteral("backendBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->hide();

    // Asked once: the programs do not come and go while the window is open.
    m_missing[0] = PrivateServer::missingBinaries(ServerKind::MariaDb);
    m_missing[1] = PrivateServer::missingBinaries(ServerKind::Postgres);
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("privateServer"));
    m_host = new QObject; // deleted on its thread when the thread ends
    m_host->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_host, &QObject::deleteLater);
    m_thread->start();

    connect(m_box, &QComboBox::currentIndexChanged, this, &ServerBackend::onBoxChanged);
    connect(session, &ScenarioSession::variantChanged, this, &ServerBackend::updateItems);
    connect(session, &ScenarioSession::cursorChanged, this, &ServerBackend::runSchedule);
    updateItems();
}

ServerBackend::~ServerBackend()
{
    if (m_cancelStart)
        *m_cancelStart = true;
    if (m_cancelRun)
        *m_cancelRun = true;
    // Whatever the thread runs ends within 100 ms once cancelled; then the server goes.
    QMetaObject::invokeMethod(
        m_host, [this] { m_server.reset(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

QString ServerBackend::settingName(Choice choice)
{
    switch (choice) {
    case MariaDb:
        return QStringLiteral("mariadb");
    case Postgres:
        return QStringLiteral("postgres");
    case Model:
        break;
    }
    return QStringLiteral("model");
}

ServerBackend::Choice ServerBackend::fromSetting(const QString &name)
{
    if (name == QLatin1String("mariadb"))
        return MariaDb;
    if (name == QLatin1String("postgres"))
        return Postgres;
    return Model;
}

ServerBackend::Choice ServerBackend::choice() const
{
    return fromSetting(m_box->currentData().toString());
}

QString ServerBackend::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_banner->text();
}

void ServerBackend::setChoice(Choice choice)
{
    m_updating = true;
    m_box->setCurrentIndex(m_box->findData(settingName(choice)));
    m_updating = false;
}

void ServerBackend::choose(Choice choice)
{
    const auto *items = qobject_cast<QStandardItemModel *>(m_box->model());
    const int row = m_box->findData(settingName(choice));
    if (choice != Model && !items->item(row)->isEnabled()) {
        emit message(m_box->itemData(row, Qt::ToolTipRole).toString());
        choice = Model;
    }
    setChoice(choice);
    onBoxChanged();
}

void ServerBackend::onBoxChanged()
{
    if (m_updating)
        return;
    stopServer();
    if (choice() != Model)
        startServer(kindOf(choice()));
}

// A server item is enabled where its program is installed and the variant has database steps;
// otherwise its tooltip says why. A variant without them goes back to the model.
void ServerBackend::updateItems()
{
    const Machine *machine = m_session->machine();
    const bool steps = machine && hasDatabaseSteps(*machine);
    auto *items = qobject_cast<QStandardItemModel *>(m_box->model());
    for (Choice c : {MariaDb, Postgres}) {
        QString why = m_missing[c == Postgres ? 1 : 0];
        if (!why.isEmpty())
            why = tr("%1 (./setup test installs the servers)").arg(why);
        else if (!steps)
            why = tr("This variant has no database steps: there is nothing for a server to run.");
        const int row = m_box->findData(settingName(c));
        items->item(row)->setEnabled(why.isEmpty());
        m_box->setItemData(
            row, why.isEmpty() ? tr("Run every schedule on a private %1 server too").arg(m_box->itemText(row)) : why,
            Qt::ToolTipRole);
    }
    if (choice() != Model && !steps) {
        emit message(tr("This variant has no database steps: back to the model alone."));
        choose(Model);
    }
}

void ServerBackend::startServer(ServerKind kind)
{
    const quint64 job = ++m_startJob;
    m_cancelStart = std::make_shared<std::atomic<bool>>(false);
    m_starting = true;
    emit busy(tr("Starting a private %1 server…").arg(ServerAddress::kindName(kind)));
    emit flavourNeeded(flavourOf(choice()));
    auto cancelled = m_cancelStart;
    QMetaObject::invokeMethod(m_host, [this, kind, job, cancelled] {
        auto server = std::make_unique<PrivateServer>(kind);
        auto progress = [this, job](const QString &text) {
            QMetaObject::invokeMethod(this, [this, job, text] {
                if (job == m_startJob)
                    emit busy(text);
            });
        };
        QString error, version;
        bool ok = server->start(&error, progress, [cancelled] { return cancelled->load(); });
        if (ok) {
            version = SqlSession::serverVersion(server->address(), &error);
            ok = !version.isEmpty();
        }
        const ServerAddress address = ok ? server->address() : ServerAddress{};
        if (ok)
            m_server = std::move(server);
        QMetaObject::invokeMethod(this, [=, this] { onServerStarted(job, ok, address, version, error); });
    });
}

void ServerBackend::onServerStarted(quint64 job, bool ok, const ServerAddress &address, const QString &version,
                                    const QString &error)
{
    if (job != m_startJob)
        return; // cancelled or replaced; its server (if any) is stopped by the next stopServer()
    m_starting = false;
    emit busy(QString());
    if (!ok) {
        emit message(tr("%1 could not start: %2").arg(m_box->currentText(), error));
        setChoice(Model);
        stopServer();
        return;
    }
    m_address = address;
    m_version = version;
    emit message(tr("%1 runs: every schedule you step runs on it too.").arg(serverName()));
    runSchedule();
}

void ServerBackend::cancel()
{
    if (!m_starting)
        return;
    emit message(tr("Starting %1 cancelled: back to the model.").arg(m_box->currentText()));
    setChoice(Model);
    stopServer();
}

void ServerBackend::stopServer()
{
    if (m_cancelStart)
        *m_cancelStart = true;
    if (m_cancelRun)
        *m_cancelRun = true;
    ++m_startJob;
    ++m_runJob;
    if (m_starting)
        emit busy(QString());
    m_starting = false;
    m_address.reset();
    m_banner->hide();
    m_banner->clear();
    // Off the GUI thread: stopping a server takes a moment.
    QMetaObject::invokeMethod(m_host, [this] { m_server.reset(); });
}

QString ServerBackend::serverName() const
{
    return m_address ? ServerAddress::kindName(m_address->kind) + u' ' + m_version : QString();
}

// The schedule up to the cursor, on the server, after the runs queued before it (cancelled).
void ServerBackend::runSchedule()
{
    if (!m_address || !m_session->isLoaded())
        return;
    const std::shared_ptr<const Machine> machine = m_session->machinePtr();
    if (machine->database().flavour != flavourOf(choice())) {
        emit flavourNeeded(flavourOf(choice())); // the server's own flavour; this comes back here
        return;
    }
    if (m_cancelRun)
        *m_cancelRun = true;
    m_cancelRun = std::make_shared<std::atomic<bool>>(false);
    const quint64 job = ++m_runJob;
    const Schedule schedule = m_session->stepper()->schedule();
    const ServerAddress address = *m_address;
    m_banner->setStyleSheet(QString());
    m_banner->setText(tr("Running on %1…").arg(serverName()));
    m_banner->show();
    QMetaObject::invokeMethod(m_host, [this, job, machine, schedule, address, cancelled = m_cancelRun] {
        if (cancelled->load())
            return;
        const DifferentialRun run =
            SqlRunner::runExactly(machine, address, schedule, [cancelled] { return cancelled->load(); });
        QMetaObject::invokeMethod(this, [this, job, run] {
            if (job == m_runJob)
                showRun(run);
        });
    });
}

void ServerBackend::showRun(const DifferentialRun &run)
{
    QString text;
    QString style;
    const QString flavourNote =
        choice() == Postgres ? tr(" The model runs the PostgreSQL flavour, as the server does.") : QString();
    if (!run.problem.isEmpty() || !run.notRun.isEmpty()) {
        text =
            tr("%1 could not run this schedule: %2")
                .arg(serverName(), run.problem.isEmpty() ? tr("no SQL yet for \"%1\"").arg(run.notRun) : run.problem);
        style = QStringLiteral("color: #8a5a00; font-weight: bold");
    } else if (run.agrees()) {
        text = tr("Ran on %1: agrees with the model on %n observation(s).", nullptr, int(run.server.size()))
                   .arg(serverName()) +
            flavourNote;
        style = QStringLiteral("color: #1b6e20");
    } else {
        text = tr("✗✗ MODEL ERROR: %1 did not do what the model says. The server is the truth:").arg(serverName()) +
            flavourNote + u'\n' + run.differences().join(u'\n');
        style = QStringLiteral("color: #b00020; font-weight: bold");
    }
    m_banner->setStyleSheet(style);
    m_banner->setText(text);
    m_banner->show();
}
