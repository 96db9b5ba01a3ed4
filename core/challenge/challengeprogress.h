#pragma once

// Where a student's progress through the course is kept. The core only says
// what is stored; the window backs it with QSettings (per user), tests and the
// CLI with memory. Schedules are stored as text ("A B B A"), so restoring a
// "find every" challenge replays them through ChallengeGrader::check().

#include <QHash>
#include <QString>
#include <QStringList>

namespace Interleave {

struct ChallengeProgress
{
    bool solved = false;
    QStringList schedules; // the solving schedule, or every schedule that found an outcome
    QString prediction; // the last prediction, as typed
    int hintsShown = 0;

    bool operator==(const ChallengeProgress &) const = default;
};

class ChallengeProgressStore
{
public:
    virtual ~ChallengeProgressStore() = default;
    virtual ChallengeProgress load(const QString &challengeId) const = 0; // empty progress when none
    virtual void save(const QString &challengeId, const ChallengeProgress &progress) = 0;
    virtual void resetAll() = 0; // the student starts the course again
};

class MemoryProgressStore : public ChallengeProgressStore
{
public:
    ChallengeProgress load(const QString &challengeId) const override { return m_progress.value(challengeId); }
    void save(const QString &challengeId, const ChallengeProgress &progress) override
    {
        m_progress.insert(challengeId, progress);
    }
    void resetAll() override { m_progress.clear(); }

private:
    QHash<QString, ChallengeProgress> m_progress;
};

} // namespace Interleave
