// libFuzzer harness: a session file from a stranger is read and restored (its
// scenario loaded, the variant compiled, the schedule replayed, the cursor sought),
// and one with a cursor is written back and read again: the round trip must give the
// same session.
#include "drivers/session.h"

#include <QtGlobal>

#include <cstddef>
#include <cstdint>

using namespace Interleave;

namespace {
// Large enough for the reproducers of issue 13 (a 100,000-move session is 200 KB).
constexpr size_t MaxInputBytes = 256 * 1024;
// Replaying costs about 10 µs a move under ASan: longer schedules are read, not replayed,
// so that one input stays within milliseconds. (The 100,000-move reproducer is still read.)
constexpr qsizetype MaxReplayedScheduleChars = 8 * 1024;
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > MaxInputBytes)
        return -1;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const std::optional<Session> session = Session::fromJson(bytes, QStringLiteral("fuzz.interleave"), &error);
    if (!session)
        return 0;
    // What the window saves (a captured session always has a cursor) reads back the same.
    if (session->cursor >= 0) {
        const std::optional<Session> again =
            Session::fromJson(session->toJson(), QStringLiteral("again.interleave"), &error);
        if (!again || !(*again == *session))
            qFatal("session does not survive toJson/fromJson: %s", qPrintable(error));
    }
    if (session->schedule.size() > MaxReplayedScheduleChars)
        return 0;
    const std::unique_ptr<Stepper> stepper = session->restore(&error, QStringLiteral("fuzz.interleave"));
    if (!stepper)
        return 0;
    stepper->machine().describeOutcome(stepper->state());
    return 0;
}
