#pragma once

#include <QLabel>

// A lesson moment's caption over the bottom of the window's centre, in presenter mode:
// twice the (already enlarged) font, bold, white on near-black, read from the back of the
// room. Hidden outside presenter mode and when the moment has no caption.
class CaptionOverlay : public QLabel
{
    Q_OBJECT
public:
    explicit CaptionOverlay(QWidget *over);

    void setCaption(const QString &caption);
    void setPresenting(bool presenting);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void place();

    bool m_presenting = false;
};
