#include "models/fer/seed_cnn.h"

#include "core/error.h"

namespace emorec::models {
namespace F = torch::nn::functional;

int64_t parameter_count(torch::nn::Module& module) {
  int64_t n = 0;
  for (const auto& p : module.parameters()) n += p.numel();
  return n;
}

SeedCnn::SeedCnn(int64_t s) {
  // Spatial size: s -> s-2 -> s-4 -> /2 -> -2 -> /2 -> -2 -> /2.
  const int64_t side = (((s - 4) / 2 - 2) / 2 - 2) / 2;
  if (side < 1) throw ConfigError("model fer/seed_cnn needs an input of at least 24x24, got " + std::to_string(s));
  conv1_ = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 32, 3)));
  conv2_ = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(32, 64, 3)));
  conv3_ = register_module("conv3", torch::nn::Conv2d(torch::nn::Conv2dOptions(64, 128, 3)));
  conv4_ = register_module("conv4", torch::nn::Conv2d(torch::nn::Conv2dOptions(128, 128, 3)));
  fc1_ = register_module("fc1", torch::nn::Linear(128 * side * side, 1024));
  fc2_ = register_module("fc2", torch::nn::Linear(1024, 7));
  torch::NoGradGuard no_grad;
  for (auto& p : named_parameters()) {
    if (p.key().find("weight") != std::string::npos) {
      torch::nn::init::xavier_uniform_(p.value());
    } else {
      p.value().zero_();
    }
  }
}

torch::Tensor SeedCnn::forward(torch::Tensor x) {
  x = torch::relu(conv1_(x));
  x = torch::relu(conv2_(x));
  x = F::dropout(torch::max_pool2d(x, 2), F::DropoutFuncOptions().p(0.25).training(is_training()));
  x = torch::max_pool2d(torch::relu(conv3_(x)), 2);
  x = torch::max_pool2d(torch::relu(conv4_(x)), 2);
  x = F::dropout(x, F::DropoutFuncOptions().p(0.25).training(is_training()));
  x = torch::relu(fc1_(x.flatten(1)));
  x = F::dropout(x, F::DropoutFuncOptions().p(0.5).training(is_training()));
  return fc2_(x);
}

}  // namespace emorec::models
