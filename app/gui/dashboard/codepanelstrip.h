#pragma once

#include "drivers/stepper.h"
#include "machine/machine.h"

#include <QWidget>

class CodePanel;
class ScenarioSession;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QScrollArea;

// The row of code panels, one per actor, with the controls every actor
// shares: let time pass, undo, redo, reset, and the schedule so far.
class CodePanelStrip : public QWidget
{
    Q_OBJECT
public:
    explicit CodePanelStrip(QWidget *parent = nullptr);

    // Shows what `session` steps from now on: new panels for each variant, new state on every move.
    void follow(const ScenarioSession *session);
    void setMachine(const Interleave::Machine &machine); // rebuilds the panels
    void updateState(const Interleave::Stepper &stepper, const QString &note);
    // While students predict the outcome: the locals' values are hidden (they give it away).
    void setConcealed(bool concealed);
    bool isConcealed() const { return m_concealed; }
    // Presenter mode: the teacher knows how to step; the code gets the line.
    void setHintHidden(bool hidden);
    void setSelectedLine(int actor, int line); // -1, -1 clears

    int panelCount() const { return int(m_panels.size()); }
    CodePanel *panel(int actor) const { return m_panels.value(actor); }
    QPushButton *tickButton() const { return m_tick; }
    QString scheduleText() const;
    QString noteText() const;

signals:
    void stepRequested(int actor);
    void tickRequested();
    void undoRequested();
    void redoRequested();
    void resetRequested();

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void updateSizes();
    void fitSchedule();
    static QString scheduleTail(const Interleave::Stepper &stepper);

    bool m_concealed = false;
    bool m_hintHidden = false;
    bool m_hintWanted = true; // before the first move, when nothing else needs saying
    QScrollArea *m_scroll = nullptr;
    class PanelRow *m_row = nullptr;
    QList<CodePanel *> m_panels;
    QLabel *m_hint = nullptr;
    QLabel *m_schedule = nullptr;
    QString m_scheduleFull; // "Schedule: <b>A B</b>"; the label may show the moves only
    QLabel *m_note = nullptr;
    QPushButton *m_tick = nullptr;
    QPushButton *m_undo = nullptr;
    QPushButton *m_redo = nullptr;
    QPushButton *m_reset = nullptr;
};
