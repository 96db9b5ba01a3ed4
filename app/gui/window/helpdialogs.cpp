#include "window/helpdialogs.h"

#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QMessageBox>
#include <QTextBrowser>
#include <QVBoxLayout>

void HelpDialogs::showKeyboardReference(QWidget *parent)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(tr("Keyboard reference"));
    auto *layout = new QVBoxLayout(&dialog);
    auto *text = new QTextBrowser(&dialog);
    const QList<QPair<QString, QString>> keys = {
        {tr("1 … 9"), tr("step request 1 … 9 (A … I) to its next scheduling point")},
        {tr("Ctrl+1 … Ctrl+9"), tr("choose fix 1 … 9 (the Fix toolbar's buttons, left to right)")},
        {tr("~ or T"), tr("let time pass: a pause or timer ends, a lock's TTL runs out, a wait times out")},
        {tr("Ctrl+Z or Backspace"), tr("undo the last move")},
        {tr("Ctrl+Y or Ctrl+Shift+Z"), tr("redo")},
        {tr("Home / End"), tr("back to the start / redo every move")},
        {tr("Space"), tr("play or pause (policy and speed in the Run toolbar)")},
        {tr("B"), tr("show me the bug: play the simplest schedule that breaks a rule")},
        {tr("E"), tr("explore all interleavings (outcome histogram)")},
        {tr("R"), tr("run once on real threads (timeline in wall time)")},
        {tr("N"), tr("run N trials on real threads (outcome histogram)")},
        {tr("C"), tr("compare the fixes under the same load test")},
        {tr("Esc"), tr("cancel the running job")},
        {tr("F5"),
         tr("presenter mode: full screen, everything larger, high contrast; code, timeline and verdict only")},
        {tr("F2 / F3 / F4"), tr("show or hide the dashboard / the narration / the outcomes (also in presenter mode)")},
        {tr("F9 / F12"), tr("show or hide the scenario list / the toolbars")},
        {tr("F6 / F7"), tr("predict, then reveal: hide the outcome while students guess, then check their guess")},
        {tr("F8"), tr("side by side: the same schedule under another fix, stepping together")},
        {tr("PageDown / PageUp in presenter mode"), tr("the next / previous moment of the open lesson")},
        {tr("Ctrl+G / Ctrl+Shift+G"), tr("challenges: the course / open a challenge file")},
        {tr("Ctrl+Enter / Ctrl+H"), tr("in a challenge: check the run or the prediction / the next hint")},
        {tr("Ctrl+N / Ctrl+Shift+L"), tr("the next challenge / leave challenge mode")},
        {tr("Ctrl+Shift+R"), tr("reset the progress through the challenges (asks first)")},
        {tr("Ctrl+O"), tr("open your own scenario file (or drop it on the window)")},
        {tr("Ctrl+E"), tr("export the timeline, dashboard or wait-for graph for slides")},
        {tr("Ctrl+Shift+E"), tr("export a handout: one page per move, an exercise sheet or its answer sheet")},
        {tr("Ctrl+Shift+S / Ctrl+Shift+O"), tr("save the session / open a saved session where it was left")},
        {tr("Ctrl+ + / Ctrl+ − / Ctrl+0"), tr("zoom the timeline in / out / fit")},
        {tr("In the timeline"),
         tr("wheel zooms, drag pans, Shift+drag zooms to a range, +/− zoom, ←/→ pan, F fit, click selects an event; "
            "with more requests than fit, PageUp/PageDown or the wheel over their names scroll")},
        {tr("Ctrl+→ / Ctrl+← in the timeline"),
         tr("walk the events one by one: each is selected, its line in the narration follows, a screen reader "
            "reads it")},
        {tr("Tab"), tr("move between the timeline, the Step buttons, the code and the narration")},
        {tr("Alt+F, R"), tr("open a recent scenario or session file (File › Open Recent, then 1 … 9)")},
        {tr("F1"), tr("this reference")},
    };
    QString html = QStringLiteral("<table cellpadding='6'>");
    for (const auto &k : keys)
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(k.first.toHtmlEscaped(), k.second.toHtmlEscaped());
    html += QStringLiteral("</table>");
    text->setHtml(html);
    QFont f = text->font();
    f.setPointSizeF(f.pointSizeF() * 1.15);
    text->setFont(f);
    layout->addWidget(text);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(760, 620);
    dialog.exec();
}

void HelpDialogs::showAbout(QWidget *parent)
{
    QMessageBox::about(parent, tr("About Interleave"),
                       tr("<h3>Interleave %1</h3>"
                          "<p>Teaches concurrency bugs by showing them happen: lost updates, check-then-act, "
                          "double withdrawals, deadlocks, lease expiry — and the fixes from the teaching texts, "
                          "switched on against the very same schedule.</p>"
                          "<p>You are the scheduler: step the requests one at a time, or let Interleave explore "
                          "every interleaving, or run them on real threads.</p>"
                          "<p>Built with Qt %2.</p>")
                           .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}
