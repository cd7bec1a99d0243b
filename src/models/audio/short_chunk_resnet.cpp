#include "models/audio/short_chunk_resnet.h"

#include "core/error.h"

namespace emorec::models {

ShortChunkResNet::ShortChunkResNet(const ShortChunkResNetOptions& o, int64_t n_mels, int64_t tags)
    : channels_(o.channels) {
  int64_t bands = n_mels;
  for (int i = 0; i < 7; ++i) bands = (bands - 1) / 2 + 1;  // 3x3, stride 2, padding 1
  if (bands != 1) {
    throw ConfigError("model audio/short_chunk_resnet: " + std::to_string(n_mels) + " mel bands leave " +
                      std::to_string(bands) +
                      " bands after its seven stride-2 blocks, not 1 (e.g. 96 or 128 do)");
  }
  const int64_t c = o.channels;
  const int64_t widths[8] = {1, c, c, 2 * c, 2 * c, 2 * c, 2 * c, 4 * c};
  input_bn_ = register_module("spec_bn", torch::nn::BatchNorm2d(1));
  for (int i = 0; i < 7; ++i) {
    const int64_t in = widths[i], out = widths[i + 1];
    Block b;
    const auto conv = [](int64_t a, int64_t z, int64_t stride) {
      return torch::nn::Conv2d(torch::nn::Conv2dOptions(a, z, 3).stride(stride).padding(1));
    };
    const std::string name = "layer" + std::to_string(i + 1) + "_";
    b.conv1 = register_module(name + "conv1", conv(in, out, 2));
    b.bn1 = register_module(name + "bn1", torch::nn::BatchNorm2d(out));
    b.conv2 = register_module(name + "conv2", conv(out, out, 1));
    b.bn2 = register_module(name + "bn2", torch::nn::BatchNorm2d(out));
    b.shortcut =
        register_module(name + "conv3", conv(in, out, 2));  // stride 2 everywhere: always a projection
    b.shortcut_bn = register_module(name + "bn3", torch::nn::BatchNorm2d(out));
    blocks_.push_back(b);
  }
  dense1_ = register_module("dense1", torch::nn::Linear(4 * c, 4 * c));
  dense_bn_ = register_module("bn", torch::nn::BatchNorm1d(4 * c));
  dense2_ = register_module("dense2", torch::nn::Linear(4 * c, tags));
  dropout_ = register_module("dropout", torch::nn::Dropout(o.dropout));
}

torch::Tensor ShortChunkResNet::block(Block& b, const torch::Tensor& x) {
  const auto out = b.bn2(b.conv2(torch::relu(b.bn1(b.conv1(x)))));
  return torch::relu(b.shortcut_bn(b.shortcut(x)) + out);
}

torch::Tensor ShortChunkResNet::embed(torch::Tensor x) {
  x = input_bn_(x.unsqueeze(1));
  for (auto& b : blocks_) x = block(b, x);
  x = x.squeeze(2);            // [B, 4c, frames']
  x = std::get<0>(x.max(-1));  // global max pooling over time
  return torch::relu(dense_bn_(dense1_(x)));
}

torch::Tensor ShortChunkResNet::forward(torch::Tensor x) {
  return dense2_(dropout_(embed(std::move(x))));
}

}  // namespace emorec::models
