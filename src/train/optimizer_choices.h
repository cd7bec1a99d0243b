// The optimisers an experiment can name (`train.optimizer.name`) with their own keys, for the config reader.
// No LibTorch: the formats library reads configs with it; the builds are in train/optimizer.cpp, which checks
// that it covers exactly these names.
#pragma once
#include <string>
#include <vector>

#include "config/component.h"

namespace emorec::train {

std::vector<std::string> optimizer_names();
// Every optimiser with its own keys, for the config reader.
config::ChoiceSet optimizer_choices();

// The keys of Adam and SGD beyond train.optimizer.lr and weight_decay.
struct AdamConfig {
  double beta1 = 0.9;
  double beta2 = 0.999;
  bool fused = true;  // train/fused_adam.h; false: LibTorch's per-tensor update (runs before 2026-12-01)
  void visit(config::ConfigVisitor& v);
};
struct SgdConfig {
  double momentum = 0.9;
  bool nesterov = false;
  void visit(config::ConfigVisitor& v);
};

}  // namespace emorec::train
