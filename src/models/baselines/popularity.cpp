// Item popularity (MostPop) from the training split.
#include "models/baselines/popularity.h"

#include <algorithm>

#include "data/kg_dataset.h"

namespace emorec::models {

ItemPopularity::ItemPopularity(int64_t n_item) { logit_ = register_buffer("logit", torch::zeros({n_item})); }

int64_t accuracy_threshold(const std::vector<int64_t>& count, const std::vector<bool>& positive) {
  const int64_t top = count.empty() ? 0 : *std::max_element(count.begin(), count.end());
  // pos[c], neg[c]: rows whose count is c. Accuracy(t) = positives above t + negatives at or below t.
  std::vector<int64_t> pos(static_cast<size_t>(top) + 1, 0), neg(static_cast<size_t>(top) + 1, 0);
  for (size_t n = 0; n < count.size(); ++n) ++(positive[n] ? pos : neg)[static_cast<size_t>(count[n])];
  int64_t correct = 0;
  for (const int64_t p : pos) correct += p;  // t = -1: every row called positive
  int64_t best = correct, best_t = -1;
  for (int64_t t = 0; t <= top; ++t) {
    correct += neg[static_cast<size_t>(t)] - pos[static_cast<size_t>(t)];
    if (correct > best) best = correct, best_t = t;
  }
  return best_t;
}

void ItemPopularity::fit(const data::KgDataset& dataset) {
  const auto& x = dataset.interactions;
  std::vector<int64_t> positives(static_cast<size_t>(x.n_item), 0);
  for (int64_t r : dataset.split.train) {
    if (x.label[static_cast<size_t>(r)] > 0.5f) ++positives[static_cast<size_t>(x.item[static_cast<size_t>(r)])];
  }
  // The threshold is fitted on the training rows, whose own positive is part of its item's count; like
  // item-kNN's scaling it is therefore a little optimistic, and only F1 and accuracy depend on it.
  std::vector<int64_t> count;
  std::vector<bool> positive;
  for (int64_t r : dataset.split.train) {
    count.push_back(positives[static_cast<size_t>(x.item[static_cast<size_t>(r)])]);
    positive.push_back(x.label[static_cast<size_t>(r)] > 0.5f);
  }
  threshold_ = accuracy_threshold(count, positive);
  auto out = torch::empty({x.n_item});
  for (size_t i = 0; i < positives.size(); ++i) {
    out[static_cast<int64_t>(i)] = static_cast<float>(static_cast<double>(positives[i] - threshold_) - 0.5);
  }
  logit_.copy_(out);
}

torch::Tensor ItemPopularity::forward(const torch::Tensor&, const torch::Tensor& items) {
  return logit_.index_select(0, items);
}

}  // namespace emorec::models
