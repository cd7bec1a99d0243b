#include "app/emotion_input.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/error.h"
#include "data/fer/fer2013.h"

namespace emorec::app {

std::array<double, 7> emotion_one_hot(const std::string& name) {
  const auto& names = data::fer_class_names();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    throw ConfigError("'" + name.substr(0, 40) +
                      "': unknown emotion (known: angry, disgust, fear, happy, sad, surprise, neutral)");
  }
  std::array<double, 7> p{};
  p[static_cast<size_t>(it - names.begin())] = 1;
  return p;
}

std::array<double, 7> parse_probabilities(const std::string& text) {
  std::array<double, 7> p{};
  std::stringstream in(text);
  size_t k = 0;
  double sum = 0;
  for (std::string x; std::getline(in, x, ',');) {
    char* end = nullptr;
    const double v = std::strtod(x.c_str(), &end);
    if (k >= 7 || x.empty() || *end != '\0' || !(v >= 0) || !std::isfinite(v)) {
      throw ConfigError("expected 7 non-negative numbers (angry, disgust, fear, happy, sad, surprise, neutral)");
    }
    sum += v;
    p[k++] = v;
  }
  if (k != 7 || std::abs(sum - 1) > 1e-3) {
    throw ConfigError("expected 7 probabilities summing to 1, got " + std::to_string(k) + " summing to " +
                      std::to_string(sum));
  }
  return p;
}

}  // namespace emorec::app
