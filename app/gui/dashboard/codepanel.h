#pragma once

#include "machine/machine.h"

#include <QFrame>

class QLabel;
class QColor;
class QFontMetrics;

// Bold in `colour` (an invalid one: plain), without fixing the label's size.
void setEmphasis(QLabel *label, const QColor &colour);
class QListWidget;
class QPushButton;

// One actor's program in the manner of The Deadlock Empire: its lines with the
// next one to run highlighted, its locals, and a Step button that is disabled,
// with the reason, when the actor is blocked or done.
class CodePanel : public QFrame
{
    Q_OBJECT
public:
    CodePanel(const Interleave::Machine &machine, int actor, QWidget *parent = nullptr);

    int actor() const { return m_actor; }
    void updateState(const Interleave::Machine &machine, const Interleave::State &state);
    void setSelectedLine(int line); // a line picked on the timeline or in the narration; -1 none
    // Locals are shown by name only ("balance = ?") while students predict: their values give it away.
    void setConcealed(bool concealed);

    int currentLine() const { return m_currentLine; } // highlighted (next to run); -1 when finished
    int selectedLine() const { return m_selectedLine; }
    QString statusText() const;
    QString localsText() const;
    QPushButton *stepButton() const { return m_step; }
    QListWidget *lineList() const { return m_lines; }

signals:
    void stepRequested(int actor);
    void minimumHeightChanged(); // a new font, or statements that want a second row

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void addLines(const Interleave::Program &program);
    void updateLinesHeight();
    void fitStepButton();
    void restyleLines();
    QStringList lineRows(int line, const QFontMetrics &fm, int width, int rows) const;
    void scrollToCurrentLine();
    void showLocals();

    int m_actor = -1;
    int m_currentLine = -1;
    int m_selectedLine = -1;
    int m_rowHeight = 0; // of a one-row line, in the list's present font
    int m_extraRows = 0; // asked for beyond a screenful of lines, for statements cut at the edge
    bool m_finished = false;
    bool m_concealed = false;
    QStringList m_localNames, m_localValues; // what the locals label shows, values unless concealed
    QStringList m_shownLocals;
    QList<QStringList> m_localsAssignedAt; // per line: locals its steps set
    class ElidedLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_locals = nullptr;
    QListWidget *m_lines = nullptr;
    QPushButton *m_step = nullptr;
    QString m_stepText, m_stepKey; // "Step A   [1]", and "[1]" where the title needs the room
};
