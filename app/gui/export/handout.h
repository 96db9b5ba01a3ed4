#pragma once

// Handouts for a class, on paper (A4 or Letter, landscape, readable in black
// and white):
// - pages: a title page, then one page per move of a schedule: the timeline up
//   to that move, the code with the line just run, the narration of the move
//   and the dashboard's verdict (lecture notes, or for students who missed class);
// - worksheet: the variant's code and an empty grid, one lane per request and a
//   move axis, for students to draw a schedule by hand;
// - answers: the outcomes that break a rule, each with its simplest schedule
//   filled into the same grid (the explorer finds them).
// Each is a HandoutDocument, a list of page paintings, written as one PDF or a
// numbered PNG series. QtGui only, so the CLI writes them with no display.

#include "drivers/stepper.h"
#include "explore/explorer.h"
#include "export/exporter.h"

#include <QCoreApplication>
#include <QDate>
#include <QSizeF>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

enum class PaperSize {
    A4,
    Letter
};

enum class HandoutKind {
    Pages,
    Worksheet,
    Answers
};

struct HandoutOptions
{
    PaperSize paper = PaperSize::A4;
    qreal pngDpi = 192; // PNG series: pixels per inch of paper
    QDate date = QDate::currentDate(); // on the title page
    // Set from any thread to stop: nothing is written and the error says "cancelled".
    const std::atomic<bool> *cancel = nullptr;
    // How far the work is, on the thread doing it: what (translated), done of total (total 0: unknown).
    std::function<void(const QString &what, qint64 done, qint64 total)> progress;

    bool isCancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

struct HandoutDocument
{
    QString title; // the PDF's title
    QString baseName; // for generated PNG names: "lost-update-pages"
    QSizeF pageSize; // logical pixels (96 per inch), landscape
    // Each paints one page into a rectangle of pageSize (from any thread, once built).
    std::vector<Exporter::Painting> pages;
};

class Handout
{
    Q_DECLARE_TR_FUNCTIONS(Handout)
public:
    // More moves than this make no handout (one page each): the error says so.
    static constexpr int MaxMoves = 500;

    // "a4" or "letter"; otherwise nullopt and a one-line error.
    static std::optional<PaperSize> parsePaper(const QString &name, QString *error);
    // Letter where the locale measures in inches (the United States), A4 elsewhere.
    static PaperSize defaultPaper();
    static QSizeF pageSize(PaperSize paper); // landscape, logical pixels

    // A title page and one page per move of `schedule`; nullopt and a one-line error
    // when the schedule cannot be replayed or is longer than MaxMoves.
    static std::optional<HandoutDocument> pages(std::shared_ptr<const Interleave::Machine> machine,
                                                const Interleave::Schedule &schedule, const HandoutOptions &options,
                                                QString *error);
    static HandoutDocument worksheet(std::shared_ptr<const Interleave::Machine> machine, const HandoutOptions &options);
    static HandoutDocument answers(std::shared_ptr<const Interleave::Machine> machine,
                                   const Interleave::ExplorerResult &result, const HandoutOptions &options);
    // Explores every interleaving on a thread of its own, reporting progress and
    // stopping within 50 ms of a cancel; nullopt and "cancelled" then.
    static std::optional<Interleave::ExplorerResult> explore(const Interleave::Machine &machine,
                                                             const HandoutOptions &options, QString *error);
    // Builds `kind` (exploring for the answers) and writes it to `target`; the pages
    // written in `written` (PDF: 1 file). Nothing is left behind on failure or cancel.
    static bool write(HandoutKind kind, std::shared_ptr<const Interleave::Machine> machine,
                      const Interleave::Schedule &schedule, const HandoutOptions &options, const QString &target,
                      QStringList *written, int *pageCount, QString *error);

    // `target` ending in .pdf: one PDF; a folder (existing, or ending in /), a name with
    // one printf number (%d, %03d) or a .png name: one PNG per page (page 0 is the title).
    static bool writeDocument(const HandoutDocument &document, const HandoutOptions &options, const QString &target,
                              QStringList *written, QString *error);
    static bool writePdf(const HandoutDocument &document, const HandoutOptions &options, const QString &path,
                         QString *error);
    static bool writePngSeries(const HandoutDocument &document, const HandoutOptions &options, const QString &target,
                               QStringList *written, QString *error);
    // The file name of page `page` for a PNG series target; empty and an error if it is no such target.
    static QString pngPageName(const QString &target, const QString &baseName, int page, QString *error = nullptr);

    // Every request in turn until none can move; time passes only when no one else can move.
    static Interleave::Schedule roundRobin(const Interleave::Machine &machine);
};
