#include "models/tracks/track_mlp.h"

#include <string>

namespace emorec::models {

TrackMlp::TrackMlp(int64_t features, const std::vector<int64_t>& hidden, int64_t classes, double dropout)
    : dropout_(dropout) {
  int64_t in = features;
  for (size_t i = 0; i <= hidden.size(); ++i) {
    const int64_t out = i < hidden.size() ? hidden[i] : classes;
    layers_.push_back(register_module("fc" + std::to_string(i + 1), torch::nn::Linear(in, out)));
    in = out;
  }
}

torch::Tensor TrackMlp::forward(torch::Tensor x) {
  for (size_t i = 0; i + 1 < layers_.size(); ++i) {
    x = torch::relu(layers_[i]->forward(x));
    if (dropout_ > 0) x = torch::dropout(x, dropout_, is_training());
  }
  return layers_.back()->forward(x);
}

}  // namespace emorec::models
