// What both trainers do at the start of an epoch: the training rows shuffled by the stream (seed, "shuffle",
// epoch), the number of steps (train.batch_size, train.drop_last), and index tensors of batches.
#pragma once
#include <torch/torch.h>

#include <chrono>
#include <string>
#include <vector>

#include "config/experiment.h"
#include "core/error.h"
#include "core/rng.h"

namespace emorec::train {

struct EpochPlan {
  std::vector<int64_t> order;  // training rows in this epoch's order
  int64_t steps = 0;
  int64_t batch_size = 0;
  // Rows of step `s` as an int64 tensor on `device`, and its length.
  int64_t length(int64_t s) const { return std::min(batch_size, static_cast<int64_t>(order.size()) - s * batch_size); }
  torch::Tensor rows(int64_t s, torch::Device device) const {
    return torch::from_blob(const_cast<int64_t*>(order.data() + s * batch_size), {length(s)}, torch::kLong).to(device);
  }
};

// Throws ConfigError when drop_last leaves no step (`what` names the rows, e.g. "images").
inline EpochPlan plan_epoch(const std::vector<int64_t>& train_rows, const config::ExperimentConfig& config,
                            int64_t epoch, const char* what) {
  EpochPlan p;
  p.order = train_rows;
  Rng rng(derive_seed(static_cast<uint64_t>(config.seed), "shuffle", static_cast<uint64_t>(epoch)));
  shuffle(p.order, rng);
  const auto n = static_cast<int64_t>(p.order.size());
  p.batch_size = config.train.batch_size;
  p.steps = config.train.drop_last ? n / p.batch_size : (n + p.batch_size - 1) / p.batch_size;
  if (p.steps == 0) {
    throw ConfigError("train.batch_size: " + std::to_string(p.batch_size) + " is larger than the training split (" +
                      std::to_string(n) + " " + what + ") with train.drop_last true: no step would run");
  }
  return p;
}

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace emorec::train
