#include "models/fer/resnet.h"

namespace emorec::models {
namespace F = torch::nn::functional;

BasicBlockImpl::BasicBlockImpl(int64_t in, int64_t out, int64_t stride) {
  using torch::nn::Conv2dOptions;
  conv1_ = register_module("conv1", torch::nn::Conv2d(Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false)));
  bn1_ = register_module("bn1", torch::nn::BatchNorm2d(out));
  conv2_ = register_module("conv2", torch::nn::Conv2d(Conv2dOptions(out, out, 3).padding(1).bias(false)));
  bn2_ = register_module("bn2", torch::nn::BatchNorm2d(out));
  if (stride != 1 || in != out) {
    down_ = register_module("down", torch::nn::Conv2d(Conv2dOptions(in, out, 1).stride(stride).bias(false)));
    down_bn_ = register_module("down_bn", torch::nn::BatchNorm2d(out));
  }
}

torch::Tensor BasicBlockImpl::forward(torch::Tensor x) {
  auto y = torch::relu(bn1_(conv1_(x)));
  y = bn2_(conv2_(y));
  const auto skip = down_ ? down_bn_(down_(x)) : x;
  return torch::relu(y + skip);
}

FerResNet::FerResNet(double dropout) : dropout_(dropout) {
  using torch::nn::Conv2dOptions;
  stem_ = register_module("stem", torch::nn::Conv2d(Conv2dOptions(1, 64, 3).padding(1).bias(false)));
  stem_bn_ = register_module("stem_bn", torch::nn::BatchNorm2d(64));
  torch::nn::Sequential blocks;
  int64_t in = 64;
  for (int64_t stage = 0; stage < 4; ++stage) {
    const int64_t out = int64_t{64} << stage;
    blocks->push_back(BasicBlock(in, out, stage == 0 ? 1 : 2));
    blocks->push_back(BasicBlock(out, out, 1));
    in = out;
  }
  blocks_ = register_module("blocks", blocks);
  fc_ = register_module("fc", torch::nn::Linear(512, 7));
  torch::NoGradGuard no_grad;
  for (auto& m : modules(/*include_self=*/false)) {
    if (auto* conv = m->as<torch::nn::Conv2d>()) {
      torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
    }
  }
}

torch::Tensor FerResNet::forward(torch::Tensor x) {
  x = torch::relu(stem_bn_(stem_(x)));
  x = blocks_->forward(x);
  x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
  x = F::dropout(x, F::DropoutFuncOptions().p(dropout_).training(is_training()));
  return fc_(x);
}

}  // namespace emorec::models
