#pragma once

#include "classroom/elidedlabel.h"
#include "machine/machine.h"

#include <QObject>

class QLabel;
class ScenarioSession;

// Above the timeline: an error line (hidden unless something failed), the
// scenario's title and the line that says which variant is shown and whether
// it can go wrong on this model, and why not when it cannot. It reads the
// session and keeps no copy of it. Its three labels go straight into the
// centre's layout (presenter mode rearranges them there).
class LessonBanner : public QObject
{
    Q_OBJECT
public:
    LessonBanner(ScenarioSession *session, QWidget *labelParent);
    QLabel *errorLabel() const { return m_error; }

    QString titleText() const;
    QString lessonText() const;
    QLabel *titleLabel() const { return m_title; }
    QLabel *lessonLabel() const { return m_text; }

    // An error stays until it is hidden or another scenario opens: one file's
    // problem is not shown over every other scenario.
    void showError(const QString &text);
    void hideError();
    QString errorText() const; // empty when hidden

    // While students predict, or look for the variant where a fix fails, the line does not say
    // whether this variant can go wrong: that is their answer.
    enum class Verdict { Shown, HiddenForPrediction, HiddenForChallenge };
    void setVerdict(Verdict verdict);

    // "✗ This can go wrong here", or why this variant cannot go wrong on this model.
    static QString verdictLine(const Interleave::Machine &machine);

private:
    static QString genericWhy(const Interleave::Machine &machine, const QString &brokenOn);
    void refresh();
    void onScenarioChanged();

    ScenarioSession *m_session = nullptr;
    QLabel *m_error = nullptr;
    ElidedLabel *m_title = nullptr;
    QLabel *m_text = nullptr;
    const void *m_errorScenario = nullptr; // the scenario the error was shown with
    Verdict m_verdict = Verdict::Shown;
};
