#include "run/run_summary.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "core/log.h"

namespace emorec::run {
namespace {

nlohmann::json values_of(const Scores& s) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : s.values) j[k] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
  for (const auto& [k, v] : s.detail.items()) j[k] = v;
  return j;
}

}  // namespace

void write_summary(const PreparedRun& p, const RunDir& dir, const RunOutcome& out) {
  const auto& ref = p.config.reference;
  auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  nlohmann::json summary = {
      {"experiment", p.config.experiment},
      {"run", dir.path()},
      {"epochs_done", out.epochs_done},
      {"best_epoch", out.best_epoch},
      {"stopped_early", out.stopped_early},
      {"select_metric", p.config.eval.select_metric},
      {"reference", {{"source", ref.source}, {"split", ref.split}, {"auc", opt(ref.auc)}, {"acc", opt(ref.acc)},
                     {"f1", opt(ref.f1)}}},
      {"train_seconds_per_epoch", out.seconds_per_epoch},
      {"device", p.device.str()},
      {"commit", build_commit()}};
  for (const auto& [split, s] : out.best) summary[split] = values_of(s);
  write_file_atomic(dir.file("summary.json"), summary.dump(2) + "\n");
}

}  // namespace emorec::run
