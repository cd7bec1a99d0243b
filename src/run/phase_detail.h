// A training epoch's time by phase (train/step_clock.h) as the "phase_seconds" detail of its metrics.jsonl row.
#pragma once
#include "run/scores.h"
#include "train/step_clock.h"

namespace emorec::run {

// Adds {"phase_seconds": {"data": s, ...}} to `scores` when the phases were measured (not on CUDA).
inline void add_phase_detail(Scores& scores, const train::StepPhases& phases) {
  if (!phases.measured) return;
  nlohmann::json j = nlohmann::json::object();
  for (size_t i = 0; i < phases.seconds.size(); ++i) j[train::StepPhases::kNames[i]] = phases.seconds[i];
  scores.detail["phase_seconds"] = j;
}

}  // namespace emorec::run
