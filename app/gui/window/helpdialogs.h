#pragma once

#include <QCoreApplication>

class QWidget;

// The Help menu's dialogs: every key on one page, and About.
class HelpDialogs
{
    Q_DECLARE_TR_FUNCTIONS(HelpDialogs)
public:
    static void showKeyboardReference(QWidget *parent);
    static void showAbout(QWidget *parent);
};
