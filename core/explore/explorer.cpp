// The explorer's public face: exact interleaving counts (InterleavingCount),
// the immutable result and its sentences, and the Explorer QObject that runs an
// exploration in the background. The work itself is in explorersearch.cpp.

#include "explore/explorer.h"
#include "explore/explorersearch.h"

#include <QCoreApplication>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <climits>
#include <limits>
#include <thread>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace Interleave {

namespace {

// Runs a search and hands it back; memory running out where the search cannot
// stop by itself (setting up, or putting the result together) gives a result that says so.
ExplorerResult runSearch(std::unique_ptr<Exploration::ExplorerSearch> &search,
                         const std::function<std::unique_ptr<Exploration::ExplorerSearch>()> &make)
{
    try {
        search = make();
        return search->run();
    } catch (const std::bad_alloc &) {
        ExplorerResult r;
        r.error = ExplorerResult::tr("The explorer ran out of memory.");
        return r;
    }
}

// A big search is torn down on a thread of its own: the kernel frees its pages
// one by one (about 0.2 s a gigabyte), and whoever cancelled should not wait for that.
void discard(std::unique_ptr<Exploration::ExplorerSearch> search, const ExplorerOptions &options)
{
    if (!search || !search->isBig())
        return;
    if (options.keepMemoryUntilExit) {
        (void)search.release(); // on purpose: see ExplorerOptions
        return;
    }
    try {
        std::thread([doomed = std::move(search)]() mutable { doomed.reset(); }).detach();
    } catch (const std::system_error &) {
        // No thread to be had: freed here, when search goes out of scope.
    }
}

} // namespace

int64_t defaultMemoryBudget()
{
    int64_t budget = int64_t(8) << 30; // where the machine does not say
#ifdef Q_OS_UNIX
    const long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
    if (pages > 0 && pageSize > 0)
        budget = int64_t(pages) * pageSize / 2;
    for (int resource : {RLIMIT_AS, RLIMIT_DATA}) {
        rlimit limit{};
        if (getrlimit(resource, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
            budget = std::min<int64_t>(budget, int64_t(limit.rlim_cur / 3));
    }
#endif
    return budget;
}

QString formatBytes(int64_t bytes)
{
    if (bytes >= (int64_t(1) << 30))
        return ExplorerResult::tr("%1 GB").arg(double(bytes) / double(int64_t(1) << 30), 0, 'f', 1);
    return ExplorerResult::tr("%1 MB").arg((bytes + (1 << 19)) >> 20);
}

// ---- InterleavingCount ----

double InterleavingCount::toDouble() const
{
    if (!isExact())
        return std::numeric_limits<double>::infinity();
    return double(m_value);
}

uint64_t InterleavingCount::toUInt64(bool *ok) const
{
    const bool fits = m_value <= std::numeric_limits<uint64_t>::max();
    if (ok)
        *ok = fits;
    return fits ? uint64_t(m_value) : std::numeric_limits<uint64_t>::max();
}

QString InterleavingCount::toString() const
{
    if (isInfinite())
        return tr("infinite");
    if (isOverflow())
        return tr("more than %1").arg(QStringLiteral("3.4e38"));
    Value v = m_value;
    char digits[48];
    int n = 0;
    do {
        digits[n++] = char('0' + int(v % 10));
        v /= 10;
    } while (v);
    QString s;
    s.reserve(n);
    while (n)
        s += QLatin1Char(digits[--n]);
    return s;
}

// ---- ExplorerResult ----

int ExplorerResult::breakingOutcomes() const
{
    return int(std::count_if(outcomes.begin(), outcomes.end(), [](const ExplorerOutcome &o) { return o.breaksRule; }));
}

const ExplorerOutcome *ExplorerResult::simplestCounterexample() const
{
    const ExplorerOutcome *best = nullptr;
    for (const ExplorerOutcome &o : outcomes)
        if (o.breaksRule &&
            (!best || o.preemptions < best->preemptions ||
             (o.preemptions == best->preemptions && o.schedule.moves.size() < best->schedule.moves.size())))
            best = &o;
    return best;
}

const ExplorerOutcome *ExplorerResult::deadlock() const
{
    for (const ExplorerOutcome &o : outcomes)
        if (o.kind == ExplorerOutcome::Deadlock)
            return &o;
    return nullptr;
}

const ExplorerOutcome *ExplorerResult::livelock() const
{
    for (const ExplorerOutcome &o : outcomes)
        if (o.kind == ExplorerOutcome::Livelock)
            return &o;
    return nullptr;
}

QString ExplorerResult::incompleteReason() const
{
    if (complete)
        return {};
    QStringList why;
    if (cancelled)
        why << tr("it was cancelled");
    if (stateBudgetHit)
        why << tr("the state budget ran out");
    if (timeBudgetHit)
        why << tr("the time budget ran out");
    if (outOfMemory)
        why << tr("the memory ran out");
    else if (memoryBudgetHit)
        why << tr("the memory budget of %1 was reached").arg(formatBytes(memoryBudget));
    if (preemptionBoundHit)
        why << (maxPreemptions == 1
                    ? tr("schedules with more than 1 preemption were not followed")
                    : tr("schedules with more than %1 preemptions were not followed").arg(maxPreemptions));
    if (!counted)
        return tr("Incomplete: %1. Covered %2 states; the interleavings were not counted.")
            .arg(why.join(QLatin1String("; ")))
            .arg(states);
    QString text = tr("Incomplete: %1. Covered %2 states; %3 interleavings were followed to their end.")
                       .arg(why.join(QLatin1String("; ")))
                       .arg(states)
                       .arg(interleavings.toString());
    if (!unexplored.isZero())
        text += u' ' + tr("%1 schedule prefixes were left unexplored.").arg(unexplored.toString());
    if (pruned > 0)
        text += u' ' + tr("%1 moves beyond the preemption bound were not taken.").arg(pruned);
    return text;
}

QString ExplorerResult::summary() const
{
    if (!error.isEmpty())
        return error;
    QString s;
    if (!counted)
        s = tr("%1 of %2 outcomes reached so far break a rule.").arg(breakingOutcomes()).arg(outcomes.size());
    else if (interleavings.isInfinite())
        s = breaking.isZero()
            ? tr("Infinitely many interleavings (a cycle can repeat forever); none breaks a rule.")
            : tr("Infinitely many interleavings: a cycle can repeat forever (livelock), and some break a rule.");
    else
        s = tr("%1 of %2 interleavings break a rule.").arg(breaking.toString(), interleavings.toString());
    if (!complete)
        s += u' ' + incompleteReason();
    return s;
}

// ---- Explorer ----

ExplorerResult Explorer::explore(const Machine &machine, const ExplorerOptions &options, ExplorerControl *control)
{
    std::unique_ptr<Exploration::ExplorerSearch> search;
    ExplorerResult result = runSearch(search, [&] {
        return std::make_unique<Exploration::ExplorerSearch>(
            machine, options, control, std::function<void(int64_t, int64_t)>(), std::function<bool()>());
    });
    discard(std::move(search), options);
    return result;
}

QFuture<ExplorerResult> Explorer::exploreAsync(std::shared_ptr<const Machine> machine, const ExplorerOptions &options,
                                               std::shared_ptr<ExplorerControl> control)
{
    if (!control)
        control = std::make_shared<ExplorerControl>();
    return QtConcurrent::run([machine, options, control](QPromise<ExplorerResult> &promise) {
        promise.setProgressRange(0, options.stateBudget > 0 ? int(std::min<int64_t>(options.stateBudget, INT_MAX)) : 0);
        std::unique_ptr<Exploration::ExplorerSearch> search;
        ExplorerResult result = runSearch(search, [&] {
            return std::make_unique<Exploration::ExplorerSearch>(
                *machine, options, control.get(),
                [&promise](int64_t states, int64_t) {
                    promise.setProgressValue(int(std::min<int64_t>(states, INT_MAX)));
                },
                [&promise] { return promise.isCanceled(); });
        });
        discard(std::move(search), options);
        promise.addResult(std::move(result));
    });
}

Explorer::Explorer(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<ExplorerResult>::finished, this, &Explorer::onFinished);
    connect(&m_watcher, &QFutureWatcher<ExplorerResult>::progressValueChanged, this, [this] {
        if (m_control)
            emit progress(m_control->states.load(), m_control->transitions.load());
    });
}

Explorer::~Explorer()
{
    cancel();
    m_watcher.waitForFinished();
}

void Explorer::start(std::shared_ptr<const Machine> machine, const ExplorerOptions &options)
{
    if (m_control)
        m_control->cancel = true; // the old job stops soon; its result is dropped with the old future
    m_control = std::make_shared<ExplorerControl>();
    m_machine = machine;
    m_result.reset();
    ++m_job;
    m_watcher.setFuture(exploreAsync(std::move(machine), options, m_control));
}

void Explorer::cancel()
{
    if (m_control)
        m_control->cancel = true;
}

bool Explorer::isRunning() const
{
    return m_watcher.isRunning();
}

int64_t Explorer::statesSoFar() const
{
    return m_control ? m_control->states.load() : 0;
}

void Explorer::onFinished()
{
    const QFuture<ExplorerResult> future = m_watcher.future();
    if (future.resultCount() == 0)
        return;
    m_result = std::make_shared<const ExplorerResult>(future.result());
    emit finished(m_result);
}

} // namespace Interleave
