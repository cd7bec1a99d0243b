// Optimiser registry: Adam and SGD (with optional Nesterov momentum), each with its own keys.
#include "train/optimizer.h"

#include <functional>

#include "core/registry.h"
#include "train/fused_adam.h"

namespace emorec::train {
namespace {

using config::NumberRule;

struct OptimizerEntry {
  std::string description;
  std::function<config::ComponentOptions()> options;
  std::function<std::unique_ptr<torch::optim::Optimizer>(const config::OptimizerConfig&,
                                                         const std::vector<torch::Tensor>&)>
      build;
};

const Registry<OptimizerEntry>& optimizers() {
  static const Registry<OptimizerEntry> r = [] {
    Registry<OptimizerEntry> reg("optimizer");
    reg.add("adam", {"Adam (Kingma and Ba 2015), LibTorch's", [] { return config::make_options<AdamConfig>(); },
                     [](const config::OptimizerConfig& c, const std::vector<torch::Tensor>& p)
                         -> std::unique_ptr<torch::optim::Optimizer> {
                       const auto& a = c.options.as<AdamConfig>();
                       const auto options =
                           torch::optim::AdamOptions(c.lr).betas({a.beta1, a.beta2}).weight_decay(c.weight_decay);
                       if (a.fused) return std::make_unique<FusedAdam>(p, options);
                       return std::make_unique<torch::optim::Adam>(p, options);
                     }});
    reg.add("sgd", {"stochastic gradient descent with momentum, LibTorch's",
                    [] { return config::make_options<SgdConfig>(); },
                    [](const config::OptimizerConfig& c, const std::vector<torch::Tensor>& p)
                        -> std::unique_ptr<torch::optim::Optimizer> {
                      const auto& s = c.options.as<SgdConfig>();
                      return std::make_unique<torch::optim::SGD>(
                          p, torch::optim::SGDOptions(c.lr).momentum(s.momentum).nesterov(s.nesterov).weight_decay(
                                 c.weight_decay));
                    }});
    return reg;
  }();
  return r;
}

}  // namespace

void AdamConfig::visit(config::ConfigVisitor& v) {
  v.field("beta1", beta1, NumberRule::range(0, 0.999999), "first-moment decay");
  v.field("beta2", beta2, NumberRule::range(0, 0.999999999), "second-moment decay");
  v.field("fused", fused,
          "one fused ATen kernel per update (_fused_adam_); false: LibTorch's per-tensor update, which the runs "
          "recorded before 2026-12-01 used (the two differ in float rounding only)");
}

void SgdConfig::visit(config::ConfigVisitor& v) {
  v.field("momentum", momentum, NumberRule::range(0, 0.999999), "momentum");
  v.field("nesterov", nesterov, "Nesterov momentum");
}

std::vector<std::string> optimizer_names() { return optimizers().names(); }

config::ChoiceSet optimizer_choices() { return config::registry_choices("optimizer", optimizers()); }

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const config::OptimizerConfig& config,
                                                        const std::vector<torch::Tensor>& params) {
  return optimizers().at(config.name).build(config, params);
}

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

}  // namespace emorec::train
