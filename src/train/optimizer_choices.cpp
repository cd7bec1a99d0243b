// The optimisers by name: descriptions and keys.
#include "train/optimizer_choices.h"

namespace emorec::train {

using config::NumberRule;

void AdamConfig::visit(config::ConfigVisitor& v) {
  v.field("beta1", beta1, NumberRule::range(0, 0.999999), "first-moment decay");
  v.field("beta2", beta2, NumberRule::range(0, 0.999999999), "second-moment decay");
  v.field(
      "fused", fused,
      "one fused ATen kernel per update (_fused_adam_); false: LibTorch's per-tensor update, which the runs "
      "recorded before 2026-12-01 used (the two differ in float rounding only)");
}

void SgdConfig::visit(config::ConfigVisitor& v) {
  v.field("momentum", momentum, NumberRule::range(0, 0.999999), "momentum");
  v.field("nesterov", nesterov, "Nesterov momentum");
}

config::ChoiceSet optimizer_choices() {
  config::ChoiceSet set;
  set.kind = "optimizer";
  set.entries["adam"] = {
      "Adam (Kingma and Ba 2015), LibTorch's", [] { return config::make_options<AdamConfig>(); }, "", {}};
  set.entries["sgd"] = {"stochastic gradient descent with momentum, LibTorch's",
                        [] { return config::make_options<SgdConfig>(); },
                        "",
                        {}};
  return set;
}

std::vector<std::string> optimizer_names() {
  return optimizer_choices().names();
}

}  // namespace emorec::train
