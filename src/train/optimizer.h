// Optimisers by name (`train.optimizer.name`).
#pragma once
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "config/experiment.h"
#include "train/optimizer_choices.h"

namespace emorec::train {

// Builds the named optimiser over `params`. Throws ConfigError for an unknown name.
std::unique_ptr<torch::optim::Optimizer> make_optimizer(const config::OptimizerConfig& config,
                                                        const std::vector<torch::Tensor>& params);

// Sets the learning rate of every parameter group.
void set_learning_rate(torch::optim::Optimizer& optimizer, double lr);

}  // namespace emorec::train
