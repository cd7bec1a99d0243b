// Optimiser registry: Adam and SGD (with optional Nesterov momentum).
#include "train/optimizer.h"

#include <functional>

#include "core/registry.h"

namespace emorec::train {
namespace {

using Factory = std::function<std::unique_ptr<torch::optim::Optimizer>(const config::OptimizerConfig&,
                                                                       const std::vector<torch::Tensor>&)>;

const Registry<Factory>& optimizers() {
  static const Registry<Factory> r = [] {
    Registry<Factory> reg("optimizer");
    reg.add("adam", [](const config::OptimizerConfig& c, const std::vector<torch::Tensor>& p) {
      return std::make_unique<torch::optim::Adam>(
          p, torch::optim::AdamOptions(c.lr).betas({c.beta1, c.beta2}).weight_decay(c.weight_decay));
    });
    reg.add("sgd", [](const config::OptimizerConfig& c, const std::vector<torch::Tensor>& p)
                       -> std::unique_ptr<torch::optim::Optimizer> {
      return std::make_unique<torch::optim::SGD>(
          p, torch::optim::SGDOptions(c.lr).momentum(c.momentum).nesterov(c.nesterov).weight_decay(c.weight_decay));
    });
    return reg;
  }();
  return r;
}

}  // namespace

std::vector<std::string> optimizer_names() { return optimizers().names(); }

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const config::OptimizerConfig& config,
                                                        const std::vector<torch::Tensor>& params) {
  return optimizers().at(config.name)(config, params);
}

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

}  // namespace emorec::train
