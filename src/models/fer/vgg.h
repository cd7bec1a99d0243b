// fer/vgg: the VGG variant of Khaireddin and Chen (2021): four stages of two 3x3 conv+BN+ReLU with 64/128/256/
// 512 channels, 2x2 max-pool after each, then fully connected 4096-4096-7 with dropout (applied to each
// hidden layer before its ReLU, as their code does). With 40x40 crops the flattened size is 512*2*2.
#pragma once
#include "models/fer/fer_model.h"

namespace emorec::models {

class FerVgg : public FerModel {
 public:
  FerVgg(int64_t input_size, double dropout);
  torch::Tensor forward(torch::Tensor x) override;

 private:
  torch::nn::Sequential features_{nullptr};
  torch::nn::Linear fc1_{nullptr}, fc2_{nullptr}, fc3_{nullptr};
  double dropout_;
};

}  // namespace emorec::models
