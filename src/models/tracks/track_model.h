// The interface of mood classifiers over tracks: standardised audio features in, class logits out. Trained by
// gradient (MLP, logistic regression) or fitted once in closed form (majority class, k-means).
#pragma once
#include <torch/torch.h>

namespace emorec::models {

class TrackModel : public torch::nn::Module {
 public:
  // x: float [N, features]. Returns logits [N, classes] (log-probabilities for the closed-form models).
  virtual torch::Tensor forward(torch::Tensor x) = 0;
  // True for models fitted once by fit() instead of trained by gradient.
  virtual bool closed_form() const { return false; }
  // Fits a closed-form model to the training rows x [N, features] and labels y [N] (int64).
  virtual void fit(const torch::Tensor& x, const torch::Tensor& y) {
    (void)x, (void)y;
  }
};

}  // namespace emorec::models
