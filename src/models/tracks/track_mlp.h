// A multilayer perceptron over track features: Linear + activation per hidden layer, then a linear output.
// No hidden layer is multinomial logistic regression; one hidden layer of 8 is the seed system's Keras MLP
// (10-8-4, ReLU; its softmax is in the loss here).
#pragma once
#include <vector>

#include "models/tracks/track_model.h"

namespace emorec::models {

class TrackMlp : public TrackModel {
 public:
  TrackMlp(int64_t features, const std::vector<int64_t>& hidden, int64_t classes, double dropout);
  torch::Tensor forward(torch::Tensor x) override;

 private:
  std::vector<torch::nn::Linear> layers_;
  double dropout_;
};

}  // namespace emorec::models
