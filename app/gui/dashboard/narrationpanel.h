#pragma once

#include <QListView>

class NarrationModel;
class ScenarioSession;

// "What happens": the narration of the session's trace up to the cursor, one
// sentence per event, following every move and scrolled to the latest.
class NarrationPanel : public QListView
{
    Q_OBJECT
public:
    explicit NarrationPanel(QWidget *parent = nullptr);

    void follow(const ScenarioSession *session);
    NarrationModel *narration() const { return m_model; }
    void selectEvent(int event); // the row of a trace event picked elsewhere; -1 clears

signals:
    void eventClicked(int event, int actor);

private:
    void showTrace(const ScenarioSession &session);

    NarrationModel *m_model = nullptr;
};
