#pragma once

#include "drivers/threadeddriver.h"

#include <QString>

#include <vector>

// Per strategy, the figures of the same threaded load test (seed 004 example 7).
struct StrategyComparison
{
    struct Row
    {
        QString strategyId;
        QString label;
        Interleave::StrategyStats stats;
    };
    QString model;
    int trialsPerStrategy = 0;
    bool cancelled = false;
    std::vector<Row> rows;
};
