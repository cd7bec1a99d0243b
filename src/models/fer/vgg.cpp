#include "models/fer/vgg.h"

#include "core/error.h"

namespace emorec::models {
namespace F = torch::nn::functional;

FerVgg::FerVgg(int64_t s, double dropout) : dropout_(dropout) {
  const int64_t side = s / 16;
  if (side < 1) throw ConfigError("model fer/vgg needs an input of at least 16x16, got " + std::to_string(s));
  torch::nn::Sequential f;
  int64_t in = 1;
  for (int64_t out : {64, 128, 256, 512}) {
    for (int k = 0; k < 2; ++k) {
      f->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)));
      f->push_back(torch::nn::BatchNorm2d(out));
      f->push_back(torch::nn::ReLU());
      in = out;
    }
    f->push_back(torch::nn::MaxPool2d(2));
  }
  features_ = register_module("features", f);
  fc1_ = register_module("fc1", torch::nn::Linear(512 * side * side, 4096));
  fc2_ = register_module("fc2", torch::nn::Linear(4096, 4096));
  fc3_ = register_module("fc3", torch::nn::Linear(4096, 7));
}

torch::Tensor FerVgg::forward(torch::Tensor x) {
  x = features_->forward(x).flatten(1);
  const auto drop = F::DropoutFuncOptions().p(dropout_).training(is_training());
  x = torch::relu(F::dropout(fc1_(x), drop));
  x = torch::relu(F::dropout(fc2_(x), drop));
  return fc3_(x);
}

}  // namespace emorec::models
