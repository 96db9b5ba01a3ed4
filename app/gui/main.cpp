#include "mainwindow.h"

#include <QApplication>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Interleave"));
    QApplication::setOrganizationName(QStringLiteral("Interleave"));
    MainWindow window;
    window.show();
    return app.exec();
}
