// audio/short_chunk_resnet: the short-chunk CNN with residual connections of Won et al. (2020), the best
// model of their comparison (MagnaTagATune ROC-AUC 0.9129 / PR-AUC 0.4614 on 3.69 s chunks): batch norm of
// the input, seven residual blocks of two 3x3 convolutions with stride 2 (a strided 3x3 convolution on the
// shortcut where the shape changes; channels c, c, 2c, 2c, 2c, 2c, 4c), global max pooling over time, then
// dense 4c - batch norm - ReLU - dropout 0.5 - dense to the tags. With c = 128, 128 mel bands and 50 tags:
// 12,104,244 parameters, as the reference code's ShortChunkCNN_Res has (tests/unit/test_audio_models.cpp).
#pragma once
#include <cstdint>

#include "models/audio/audio_model.h"
#include "models/audio/audio_model_configs.h"

namespace emorec::models {

class ShortChunkResNet : public AudioModel {
 public:
  // ConfigError when n_mels does not reduce to one band through the seven stride-2 blocks (e.g. 96 and 128
  // do).
  ShortChunkResNet(const ShortChunkResNetOptions& options, int64_t n_mels, int64_t tags);
  torch::Tensor forward(torch::Tensor x) override;
  torch::Tensor embed(torch::Tensor x) override;
  int64_t embedding_size() const override { return 4 * channels_; }

 private:
  struct Block {
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, shortcut{nullptr};
    torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, shortcut_bn{nullptr};
  };
  torch::Tensor block(Block& b, const torch::Tensor& x);
  int64_t channels_ = 0;
  torch::nn::BatchNorm2d input_bn_{nullptr};
  std::vector<Block> blocks_;
  torch::nn::Linear dense1_{nullptr}, dense2_{nullptr};
  torch::nn::BatchNorm1d dense_bn_{nullptr};
  torch::nn::Dropout dropout_{nullptr};
};

}  // namespace emorec::models
