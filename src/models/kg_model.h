// The interface of knowledge-graph CTR models: logits for (user, item) pairs and the L2 term of the loss.
#pragma once
#include <torch/torch.h>

namespace emorec::models {

class KgModel : public torch::nn::Module {
 public:
  // users, items: int64 [B]. Returns logits [B].
  virtual torch::Tensor forward(const torch::Tensor& users, const torch::Tensor& items) = 0;
  // sum over the regularised parameters of ||W||^2 / 2 (TensorFlow's l2_loss, as KGCN uses).
  virtual torch::Tensor l2_term() = 0;
};

}  // namespace emorec::models
