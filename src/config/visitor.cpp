// Rule helpers of the config visitor.
#include "config/visitor.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace emorec::config {
std::string format_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

NumberRule NumberRule::range(double lo, double hi) {
  return {lo, hi, false, "a number in [" + format_number(lo) + ", " + format_number(hi) + "]"};
}

bool NumberRule::accepts(double v) const {
  if (!std::isfinite(v)) return false;  // NaN and infinities are never valid settings
  if (min_exclusive ? !(v > min) : !(v >= min)) return false;
  return v <= max;
}

IntRule IntRule::at_least(int64_t lo) {
  return {lo, std::numeric_limits<int64_t>::max(), "an integer >= " + std::to_string(lo)};
}

IntRule IntRule::range(int64_t lo, int64_t hi) {
  return {lo, hi, "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]"};
}

StringRule StringRule::one_of(std::vector<std::string> choices, std::string kind) {
  return {std::move(choices), std::move(kind), nullptr};
}

StringRule StringRule::matching(std::function<std::string(const std::string&)> check) {
  return {{}, "value", std::move(check)};
}

std::string StringRule::problem(const std::string& value) const {
  if (!choices.empty() && std::find(choices.begin(), choices.end(), value) == choices.end()) {
    std::string known;
    for (const auto& c : choices) known += (known.empty() ? "" : ", ") + c;
    return "unknown " + kind + " \"" + value + "\" (known: " + known + ")";
  }
  if (check) {
    const std::string expected = check(value);
    if (!expected.empty()) return "expected " + expected + ", got \"" + value + "\"";
  }
  return "";
}

}  // namespace emorec::config
