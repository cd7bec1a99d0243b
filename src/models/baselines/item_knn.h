// Item-based k-nearest neighbours: cosine similarity between items over the binary training interaction
// matrix (users x items, training positives), each item keeping its k most similar items; a user's score
// for item i is the summed similarity of i's neighbours that the user has among its training positives.
// A one-dimensional logistic fit (Platt scaling) on the training rows turns scores into probabilities, so
// that accuracy and F1 at a threshold mean something.
#pragma once
#include <array>
#include <vector>

#include "models/baselines/baseline_configs.h"
#include "models/kg_model.h"

namespace emorec::models {

class ItemKnn final : public KgModel {
 public:
  ItemKnn(int64_t n_user, int64_t n_item, int64_t k);
  torch::Tensor forward(const torch::Tensor& users, const torch::Tensor& items) override;
  bool closed_form() const override { return true; }
  void fit(const data::KgDataset& dataset) override;

  // The raw neighbourhood score (before scaling), for tests.
  torch::Tensor score(const torch::Tensor& users, const torch::Tensor& items);

 private:
  int64_t k_;
  torch::Tensor interactions_;      // uint8 [n_user, n_item]
  torch::Tensor neighbors_;         // int64 [n_item, k]
  torch::Tensor similarity_;        // float [n_item, k]
  torch::Tensor scale_;             // float [2]: logit = scale[0] * score + scale[1]
};

// Fits p = sigmoid(a * x + b) to binary labels by Newton's method; returns {a, b}.
std::array<double, 2> fit_platt(const std::vector<double>& x, const std::vector<float>& labels);

}  // namespace emorec::models
