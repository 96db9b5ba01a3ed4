#pragma once

#include <QMainWindow>

// The window a teacher projects: scenario library, toggles, stepper, dashboard.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;
};
