// The interface of CTR recommendation models on KG data sets: logits for (user, item) pairs, the training
// loss of a batch, and the L2 term. Gradient-trained models (KGCN, BPR) take optimiser steps on loss();
// closed-form ones (popularity, item-kNN) are computed once from the training split by fit().
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace emorec::data {
struct KgDataset;
}

namespace emorec::models {

struct Batch {
  torch::Tensor users, items, labels;  // int64 [B], int64 [B], float [B]
  int64_t epoch = 0, step = 0;         // for models that draw per-step randomness reproducibly
};

class KgModel : public torch::nn::Module {
 public:
  // users, items: int64 [B]. Returns logits [B] (sigmoid gives the predicted probability).
  virtual torch::Tensor forward(const torch::Tensor& users, const torch::Tensor& items) = 0;
  // The parameters that train.l2_weight regularises, in a fixed order (none by default).
  virtual std::vector<torch::Tensor> l2_parameters() { return {}; }
  // The sum over l2_parameters() of ||W||^2 / 2 (TensorFlow's l2_loss, as KGCN uses). The trainer reads its
  // value without autograd and adds its gradient with add_l2_gradient().
  torch::Tensor l2_term() {
    auto total = torch::zeros({});
    for (const auto& p : l2_parameters()) {
      const auto flat = p.reshape({-1});
      total = total + flat.dot(flat) / 2;
    }
    return total;
  }
  // The data loss of a training batch; binary cross-entropy on the logits unless a model says otherwise.
  virtual torch::Tensor loss(const Batch& batch) {
    return torch::binary_cross_entropy_with_logits(forward(batch.users, batch.items), batch.labels);
  }
  // Adds the gradient of weight * l2_term(), weight * W, to the gradient of each of l2_parameters(): one
  // in-place pass per parameter, where autograd through the term takes several over every regularised table.
  void add_l2_gradient(double weight) {
    torch::NoGradGuard no_grad;
    for (auto p : l2_parameters()) {
      auto& grad = p.mutable_grad();
      if (grad.defined()) {
        grad.add_(p, weight);
      } else {
        grad = p.detach() * weight;
      }
    }
  }
  // True for models computed once by fit() instead of by optimiser steps.
  virtual bool closed_form() const { return false; }
  // Closed-form models: computes the model from the training split of `dataset`.
  virtual void fit(const data::KgDataset& /*dataset*/) {}
};

}  // namespace emorec::models
