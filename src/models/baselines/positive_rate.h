// Item positive rate: an item's Laplace-smoothed share of positive rows among its training rows, the same
// for every user. Not the field's item popularity (baselines/popularity.h counts positives): the rate also
// learns from the negatives, so it depends on the negative-sampling protocol.
#pragma once
#include "models/kg_model.h"

namespace emorec::models {

class ItemPositiveRate final : public KgModel {
 public:
  explicit ItemPositiveRate(int64_t n_item);
  // logit((positives_i + 1) / (rows_i + 2)): 0 for items never seen in training.
  torch::Tensor forward(const torch::Tensor& users, const torch::Tensor& items) override;
  bool closed_form() const override { return true; }
  void fit(const data::KgDataset& dataset) override;

 private:
  torch::Tensor logit_;  // [n_item]
};

}  // namespace emorec::models
