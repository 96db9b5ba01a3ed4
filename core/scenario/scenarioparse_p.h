#pragma once

#include "scenario/jsoninput.h"
#include "scenario/scenario.h"

#include <memory>

namespace Interleave {

// A scenario file's JSON object into a ScenarioSpec: shapes and types only.
// What the fields mean (names that exist, expressions that compile) is the
// compiler's to check. On a problem, `reader.error` says where and what.
std::shared_ptr<ScenarioSpec> parseScenario(const QJsonObject &root, JsonReader &reader);

// Letters, digits, '-' and '_', not starting with a digit: ids of scenarios, strategies and parameters.
bool isScenarioIdentifier(const QString &s);

} // namespace Interleave
