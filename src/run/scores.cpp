#include "run/scores.h"

#include <cmath>

namespace emorec::run {

void Scores::set(const std::string& name, double value) {
  for (auto& [k, v] : values) {
    if (k == name) {
      v = value;
      return;
    }
  }
  values.emplace_back(name, value);
}

bool Scores::has(const std::string& name) const {
  for (const auto& kv : values) {
    if (kv.first == name) return true;
  }
  return false;
}

double Scores::get(const std::string& name) const {
  for (const auto& [k, v] : values) {
    if (k == name) return v;
  }
  return NAN;
}

nlohmann::json Scores::to_json() const {
  nlohmann::json v = nlohmann::json::array();
  for (const auto& [k, x] : values) v.push_back({k, std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr)});
  return {{"values", v}, {"detail", detail}, {"seconds", seconds}};
}

Scores Scores::from_json(const nlohmann::json& j) {
  Scores s;
  if (!j.is_object()) return s;
  for (const auto& kv : j.value("values", nlohmann::json::array())) {
    s.values.emplace_back(kv.at(0).get<std::string>(), kv.at(1).is_number() ? kv.at(1).get<double>() : NAN);
  }
  s.detail = j.value("detail", nlohmann::json::object());
  s.seconds = j.value("seconds", 0.0);
  return s;
}

}  // namespace emorec::run
