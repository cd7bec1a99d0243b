// Item popularity: an item's positive rate among its training rows, the same for every user. The baseline
// that tells how much of a CTR metric is explained without any user information.
#pragma once
#include "models/kg_model.h"

namespace emorec::models {

class ItemPopularity final : public KgModel {
 public:
  explicit ItemPopularity(int64_t n_item);
  // logit((positives_i + 1) / (rows_i + 2)): the Laplace-smoothed rate, 0 for items never seen in training.
  torch::Tensor forward(const torch::Tensor& users, const torch::Tensor& items) override;
  bool closed_form() const override { return true; }
  void fit(const data::KgDataset& dataset) override;

 private:
  torch::Tensor logit_;  // [n_item]
};

}  // namespace emorec::models
