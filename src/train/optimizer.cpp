// The optimisers' builds: Adam and SGD (with optional Nesterov momentum).
#include "train/optimizer.h"

#include <functional>

#include "core/registry.h"
#include "train/fused_adam.h"

namespace emorec::train {
namespace {

struct OptimizerEntry {
  std::function<std::unique_ptr<torch::optim::Optimizer>(const config::OptimizerConfig&,
                                                         const std::vector<torch::Tensor>&)>
      build;
};

const Registry<OptimizerEntry>& optimizers() {
  static const Registry<OptimizerEntry> r = [] {
    Registry<OptimizerEntry> reg("optimizer");
    reg.add("adam",
            {[](const config::OptimizerConfig& c, const std::vector<torch::Tensor>& p)
                 -> std::
                     unique_ptr<torch::optim::Optimizer> {
                       const auto& a = c.options.as<AdamConfig>();
                       const auto options =
                           torch::optim::AdamOptions(c.lr).betas({a.beta1, a.beta2}).weight_decay(c.weight_decay);
                       if (a.fused) return std::make_unique<FusedAdam>(p, options);
                       return std::make_unique<torch::optim::Adam>(p, options);
                     }});
    reg.add("sgd", {[](const config::OptimizerConfig& c,
                       const std::vector<torch::Tensor>& p) -> std::unique_ptr<torch::optim::Optimizer> {
              const auto& s = c.options.as<SgdConfig>();
              return std::make_unique<torch::optim::SGD>(p, torch::optim::SGDOptions(c.lr)
                                                                .momentum(s.momentum)
                                                                .nesterov(s.nesterov)
                                                                .weight_decay(c.weight_decay));
            }});
    config::expect_same_names(optimizer_choices(), "", reg.names());
    return reg;
  }();
  return r;
}

}  // namespace

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const config::OptimizerConfig& config,
                                                        const std::vector<torch::Tensor>& params) {
  return optimizers().at(config.name).build(config, params);
}

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

}  // namespace emorec::train
