// One split's scores at one epoch: named numbers in a fixed order (the metrics.csv columns) and optional
// details (per-class tables, a confusion matrix) that go to metrics.jsonl only.
#pragma once
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace emorec::run {

struct Scores {
  std::vector<std::pair<std::string, double>> values;
  nlohmann::json detail = nlohmann::json::object();
  double seconds = 0;  // wall time of the training epoch or of the evaluation

  void set(const std::string& name, double value);
  bool has(const std::string& name) const;
  // The named value; NaN if this split does not report it.
  double get(const std::string& name) const;
  // {"values": {...}, "detail": {...}, "seconds": s}; non-finite numbers as null.
  nlohmann::json to_json() const;
  static Scores from_json(const nlohmann::json& j);
};

}  // namespace emorec::run
