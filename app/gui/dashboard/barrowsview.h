#pragma once

#include <QString>
#include <QWidget>

#include <vector>

// Horizontal bars, one per row, each with its words on a line of their own
// above it and its figure just past its end, under optional group headings.
// Nothing is drawn over anything else, whatever the width: text is elided,
// never overlapped. The outcome map and the fix comparison both use it.
class BarRowsView : public QWidget
{
    Q_OBJECT
public:
    struct Row
    {
        enum Kind {
            Heading,
            Bar,
            Others
        };
        Kind kind = Bar;
        QString text; // the row's words (a heading's title)
        QString value; // drawn just past the bar's end ("40", "3 of 20")
        double amount = 0; // bar length, against the largest amount
        bool bad = false; // breaks a rule: red and hatched (colour is never the only signal)
        bool current = false; // "you are here"
        QString toolTip;
        int id = -1; // handed back by rowClicked
    };
    // Where a row's parts are drawn, in widget coordinates (tests check nothing overlaps).
    struct Placed
    {
        QRectF text, bar, value;
    };

    explicit BarRowsView(QWidget *parent = nullptr);

    void setRows(std::vector<Row> rows);
    const std::vector<Row> &rows() const { return m_rows; }
    std::vector<Placed> placed() const { return placeRows(width()); }
    // The text actually drawn for a row, after eliding to the width.
    QString shownText(int row) const;
    // The clickable row at `pos` (widget coordinates), or -1.
    int rowAt(const QPointF &pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

signals:
    void rowClicked(int row);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    std::vector<Placed> placeRows(int width) const;
    std::vector<Row> m_rows;
};
