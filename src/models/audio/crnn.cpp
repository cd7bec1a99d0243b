#include "models/audio/crnn.h"

#include <algorithm>

#include "core/error.h"

namespace emorec::models {
namespace {
constexpr int64_t kPools[4] = {2, 3, 4, 4};
}  // namespace

Crnn::Crnn(const CrnnOptions& o, int64_t n_mels, int64_t tags) : hidden_(o.hidden) {
  const int64_t widths[5] = {1, std::max<int64_t>(1, o.channels / 2), o.channels, o.channels, o.channels};
  int64_t bands = n_mels;
  for (const auto p : kPools) bands /= p;
  if (bands != 1) {
    throw ConfigError("model audio/crnn: " + std::to_string(n_mels) + " mel bands pool to " +
                      std::to_string(bands) +
                      " bands through its 2, 3, 4, 4 poolings, not 1 (96 to 191 bands do)");
  }
  input_bn_ = register_module("spec_bn", torch::nn::BatchNorm2d(1));
  for (int i = 0; i < 4; ++i) {
    convs_.push_back(
        register_module("layer" + std::to_string(i + 1) + "_conv",
                        torch::nn::Conv2d(torch::nn::Conv2dOptions(widths[i], widths[i + 1], 3).padding(1))));
    bns_.push_back(
        register_module("layer" + std::to_string(i + 1) + "_bn", torch::nn::BatchNorm2d(widths[i + 1])));
  }
  gru_ = register_module(
      "gru", torch::nn::GRU(torch::nn::GRUOptions(o.channels, o.hidden).num_layers(2).batch_first(true)));
  dropout_ = register_module("dropout", torch::nn::Dropout(o.dropout));
  dense_ = register_module("dense", torch::nn::Linear(o.hidden, tags));
}

torch::Tensor Crnn::embed(torch::Tensor x) {
  if (x.size(-1) < 96) {
    throw RunError("model audio/crnn: a chunk of " + std::to_string(x.size(-1)) +
                   " frames is too short for its pooling by 96 in time");
  }
  x = input_bn_(x.unsqueeze(1));
  for (int i = 0; i < 4; ++i) x = torch::max_pool2d(torch::relu(bns_[i](convs_[i](x))), kPools[i]);
  x = x.squeeze(2).permute({0, 2, 1});  // [B, frames', channels]
  const auto out = std::get<0>(gru_(x));
  return out.select(1, out.size(1) - 1);  // the last step's output
}

torch::Tensor Crnn::forward(torch::Tensor x) {
  return dense_(dropout_(embed(std::move(x))));
}

}  // namespace emorec::models
