// libFuzzer harness: a challenge file from a stranger is read (its scenario
// must be a built-in: no file is opened), and one that loads is graded: its
// variants compiled and a short schedule checked, so every field the loader
// accepts is one the grader can use.
#include "challenge/challengegrader.h"

#include <QtGlobal>

#include <cstddef>
#include <cstdint>

using namespace Interleave;

namespace {
constexpr size_t MaxInputBytes = 64 * 1024;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MaxInputBytes)
        return -1;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const auto challenge = ChallengeLoader::loadData(bytes, QStringLiteral("fuzz.json"), &error, false);
    if (!challenge) {
        if (error.isEmpty() || error.contains(u'\n'))
            qFatal("a refused challenge needs one line of error, got: %s", qPrintable(error));
        return 0;
    }
    const auto grader = ChallengeGrader::create(challenge, &error);
    if (!grader)
        qFatal("a challenge that loads must compile: %s", qPrintable(error));
    Schedule schedule;
    schedule.moves = {0, 0};
    for (int choice = 0; choice < grader->choiceCount(); ++choice)
        grader->check(schedule, choice);
    challenge->goalSummary();
    return 0;
}
