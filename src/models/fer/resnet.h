// fer/resnet: a ResNet-18 (He et al. 2016) adapted to 48x48 grey faces: a 3x3 stride-1 stem without the
// initial max-pool (which would discard most of a 48-pixel face), four stages of two basic blocks with
// 64/128/256/512 channels (stride 2 from the second stage), global average pooling, dropout, and a linear
// classifier. About 11.2 M parameters; works at any input size.
#pragma once
#include "models/fer/fer_model.h"

namespace emorec::models {

class BasicBlockImpl : public torch::nn::Module {
 public:
  BasicBlockImpl(int64_t in, int64_t out, int64_t stride);
  torch::Tensor forward(torch::Tensor x);

 private:
  torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, down_{nullptr};
  torch::nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr}, down_bn_{nullptr};
};
TORCH_MODULE(BasicBlock);

class FerResNet : public FerModel {
 public:
  explicit FerResNet(double dropout);
  torch::Tensor forward(torch::Tensor x) override;

 private:
  torch::nn::Conv2d stem_{nullptr};
  torch::nn::BatchNorm2d stem_bn_{nullptr};
  torch::nn::Sequential blocks_{nullptr};
  torch::nn::Linear fc_{nullptr};
  double dropout_;
};

}  // namespace emorec::models
