#pragma once

#include <QLabel>

// One line of plain text that ends in "…" when the label is narrower than the text, instead of
// wrapping into a second line (which a 720 px screen has no height for) or widening the window.
// The whole text is then its tooltip, before the tooltip it was given.
class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setFullToolTip(const QString &tip); // shown under the whole text when that is cut
    bool isElided() const;

    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateToolTip();

    QString m_tip;
};
