// Optimisers by name (`train.optimizer.name`).
#pragma once
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "config/experiment.h"

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

// Builds the named optimiser over `params`. Throws ConfigError for an unknown name.
std::unique_ptr<torch::optim::Optimizer> make_optimizer(const config::OptimizerConfig& config,
                                                        const std::vector<torch::Tensor>& params);

// Sets the learning rate of every parameter group.
void set_learning_rate(torch::optim::Optimizer& optimizer, double lr);

}  // namespace emorec::train
