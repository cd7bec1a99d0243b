// BPR matrix factorisation (Rendle et al., UAI 2009): x_ui = <p_u, q_i> + b_i, trained on the training
// positives against items drawn uniformly from those the user has no training positive for, by
// -log sigmoid(x_ui - x_uj). The labelled negatives of the CTR rows are not used for training.
#pragma once
#include <vector>

#include "models/baselines/baseline_configs.h"
#include "models/kg_model.h"

namespace emorec::models {

class BprMf final : public KgModel {
 public:
  // `positives[u]`: user u's training positives, sorted. `seed` drives the negative draws.
  BprMf(int64_t n_user, int64_t n_item, int64_t dim, std::vector<std::vector<int64_t>> positives, uint64_t seed);
  torch::Tensor forward(const torch::Tensor& users, const torch::Tensor& items) override;
  torch::Tensor loss(const Batch& batch) override;
  std::vector<torch::Tensor> l2_parameters() override { return {user_, item_}; }

  // The negative items drawn for `users` at (epoch, step): uniform over items that are no training
  // positive of the user. Deterministic in (seed, epoch, step), so a resumed run draws the same.
  std::vector<int64_t> draw_negatives(const std::vector<int64_t>& users, int64_t epoch, int64_t step) const;

 private:
  int64_t n_item_;
  std::vector<std::vector<int64_t>> positives_;
  uint64_t seed_;
  torch::Tensor user_, item_, item_bias_;
};

}  // namespace emorec::models
