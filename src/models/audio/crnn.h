// audio/crnn: the convolutional recurrent network of Choi et al. (2017) as Won et al. (2020) re-implemented
// it: batch norm of the input, four blocks of 3x3 convolution - batch norm - ReLU - max pooling (64, 128,
// 128, 128 channels, or c/2, c, c, c for model.channels c; pooling 2x2, 3x3, 4x4, 4x4, which take 96 mel
// bands to one), a two-layer GRU of 32 units over the remaining frames, its last output - dropout 0.5 - dense
// to the tags. 96 bands and 50 tags: 394,100 parameters, as the reference code's CRNN has
// (tests/unit/test_audio_models.cpp).
#pragma once
#include <cstdint>

#include "models/audio/audio_model.h"
#include "models/audio/audio_model_configs.h"

namespace emorec::models {

class Crnn : public AudioModel {
 public:
  // ConfigError when n_mels does not pool to one band (2 x 3 x 4 x 4 = 96 does).
  Crnn(const CrnnOptions& options, int64_t n_mels, int64_t tags);
  torch::Tensor forward(torch::Tensor x) override;
  torch::Tensor embed(torch::Tensor x) override;
  int64_t embedding_size() const override { return hidden_; }

 private:
  int64_t hidden_ = 0;
  torch::nn::BatchNorm2d input_bn_{nullptr};
  std::vector<torch::nn::Conv2d> convs_;
  std::vector<torch::nn::BatchNorm2d> bns_;
  torch::nn::GRU gru_{nullptr};
  torch::nn::Dropout dropout_{nullptr};
  torch::nn::Linear dense_{nullptr};
};

}  // namespace emorec::models
