// Item popularity (MostPop): an item's number of positives in the training split, the same for every user.
// The baseline that tells how much of a ranking metric is explained without any user information.
#pragma once
#include <cstdint>
#include <vector>

#include "models/kg_model.h"

namespace emorec::models {

class ItemPopularity final : public KgModel {
 public:
  explicit ItemPopularity(int64_t n_item);
  // count_i - threshold - 0.5: ranks items by their training positives (AUC and top-K see only the order);
  // the logit is positive exactly for the items above the threshold, which F1 and accuracy use.
  torch::Tensor forward(const torch::Tensor& users, const torch::Tensor& items) override;
  bool closed_form() const override { return true; }
  void fit(const data::KgDataset& dataset) override;

  int64_t threshold() const { return threshold_; }

 private:
  torch::Tensor logit_;  // [n_item]
  int64_t threshold_ = -1;
};

// The decision threshold of a count score: the smallest t >= -1 that maximises the accuracy of "count > t"
// over rows with counts `count` and labels `positive` (t = -1 calls every row positive).
int64_t accuracy_threshold(const std::vector<int64_t>& count, const std::vector<bool>& positive);

}  // namespace emorec::models
