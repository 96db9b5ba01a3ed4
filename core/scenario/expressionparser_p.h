#pragma once

#include "scenario/expression.h"

namespace Interleave {

// The functions every expression knows, whatever its resolver. Their ids are
// negative so that they never clash with a resolver's.
enum class BuiltinFunction : int32_t { Min = -1, Max = -2, Abs = -3 };

// Turns source text into stack-machine code (Expression's parse half; the
// evaluator is in expression.cpp). False with a one-line *error on failure.
class ExpressionParser
{
public:
    static bool parse(const QString &source, const Expression::Resolver &resolver, Expression &out,
                      QString *error);

private:
    class Parser; // recursive descent, one instance per source text
};

} // namespace Interleave
