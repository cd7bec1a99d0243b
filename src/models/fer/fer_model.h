// The interface of facial-emotion classifiers: grey face batches in, 7 class logits out.
#pragma once
#include <torch/torch.h>

namespace emorec::models {

class FerModel : public torch::nn::Module {
 public:
  // x: float [B, 1, S, S] (S = the model's input size). Returns logits [B, 7].
  virtual torch::Tensor forward(torch::Tensor x) = 0;
};

// Number of trainable scalars.
int64_t parameter_count(torch::nn::Module& module);

}  // namespace emorec::models
