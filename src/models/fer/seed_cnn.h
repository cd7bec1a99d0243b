// fer/seed_cnn: the seed system's Keras network, layer for layer: conv32-conv64-maxpool-dropout 0.25-conv128-
// maxpool-conv128-maxpool-dropout 0.25-dense1024-dropout 0.5-dense7, 3x3 valid convolutions, ReLU, 2,345,607
// parameters at 48x48, Glorot-uniform kernels and zero biases as Keras initialises them.
#pragma once
#include "models/fer/fer_model.h"

namespace emorec::models {

class SeedCnn : public FerModel {
 public:
  explicit SeedCnn(int64_t input_size = 48);
  torch::Tensor forward(torch::Tensor x) override;

 private:
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, conv3_{nullptr}, conv4_{nullptr};
  torch::nn::Linear fc1_{nullptr}, fc2_{nullptr};
};

}  // namespace emorec::models
