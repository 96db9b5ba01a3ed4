#pragma once

#include <QLabel>

class ScenarioSession;

// The status bar's "Move 3 of 4 · t = 120 ms", following the session's cursor.
class MoveStatus : public QLabel
{
    Q_OBJECT
public:
    MoveStatus(const ScenarioSession *session, QWidget *parent);
};
