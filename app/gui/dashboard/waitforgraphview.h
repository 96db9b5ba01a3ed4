#pragma once

#include "drivers/stepper.h"
#include "trace/traceanalysis.h"

#include <QWidget>

// The live wait-for graph at the stepper's cursor: actors (circles) and locks
// (boxes) as nodes, "held by" and "waits for" edges, the deadlock cycle in
// red, the detector's victim crossed out, and the lock order that would have
// made the cycle impossible.
class QPainter;
class ScenarioSession;

class WaitForGraphView : public QWidget
{
    Q_OBJECT
public:
    explicit WaitForGraphView(QWidget *parent = nullptr);

    // Shows the graph at `session`'s cursor from now on.
    void follow(const ScenarioSession *session);
    void updateState(const Interleave::Stepper &stepper, const Interleave::TraceAnalysis &analysis);
    void clear();

    struct Node
    {
        bool isActor = true;
        int actor = -1; // actor nodes
        Interleave::Place place = Interleave::Place::None; // lock nodes
        int resource = -1;
        QString label;
    };
    struct Edge
    {
        int from = -1; // node indices
        int to = -1;
        bool wait = false; // actor -> lock it waits for; otherwise lock -> actor holding it
        bool onCycle = false;
    };
    const std::vector<Node> &nodes() const { return m_nodes; }
    const std::vector<Edge> &edges() const { return m_edges; }
    std::vector<int> cycleActors() const { return m_cycle; }
    int victim() const { return m_victim; }
    QString caption() const { return m_caption; }
    QString safeOrder() const { return m_safeOrder; }

    QSize sizeHint() const override { return {360, 300}; }
    QSize minimumSizeHint() const override { return {200, 160}; }

signals:
    void waitingStarted(); // the graph had no edges and now has: somebody started waiting

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Hold
    {
        Interleave::Place place;
        int resource;
        int actor;
    };
    // What the graph shows: waits, holds and the cycle at one event of the trace.
    struct Picture
    {
        int snapshot = -1; // the last event the picture includes
        std::vector<Interleave::Machine::WaitEdge> waits;
        std::vector<Hold> holds;
        std::vector<int> cycle;
        int victim = -1;
    };
    struct Geometry;

    static Picture pictureAt(const Interleave::Stepper &stepper, const Interleave::TraceAnalysis &analysis);
    void addNodesAndEdges(const Interleave::Machine &machine, const Picture &picture);
    QString captionFor(const Interleave::Machine &machine,
                       const std::vector<Interleave::Machine::WaitEdge> &waits) const;
    static QString safeOrderFor(const Interleave::Machine &machine, const Interleave::Trace &trace);
    int lockNode(Interleave::Place place, int resource, const QString &label);
    qreal drawCaption(QPainter &p) const;
    void drawEdge(QPainter &p, const Geometry &g, const Edge &e) const;
    void drawNode(QPainter &p, const Geometry &g, int i) const;

    std::vector<Node> m_nodes;
    std::vector<Edge> m_edges;
    std::vector<int> m_cycle;
    int m_victim = -1;
    QString m_caption;
    QString m_safeOrder;
};
