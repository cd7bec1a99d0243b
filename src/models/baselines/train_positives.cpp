// Positive items per user from given interaction rows.
#include "models/baselines/train_positives.h"

#include <algorithm>

namespace emorec::models {

std::vector<std::vector<int64_t>> train_positives_by_user(const data::KgDataset& dataset) {
  return positives_by_user(dataset, dataset.split.train);
}

std::vector<std::vector<int64_t>> positives_by_user(const data::KgDataset& dataset, const std::vector<int64_t>& rows) {
  const auto& x = dataset.interactions;
  std::vector<std::vector<int64_t>> pos(static_cast<size_t>(x.n_user));
  for (int64_t r : rows) {
    const auto row = static_cast<size_t>(r);
    if (x.label[row] > 0.5f) pos[static_cast<size_t>(x.user[row])].push_back(x.item[row]);
  }
  for (auto& items : pos) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
  }
  return pos;
}

}  // namespace emorec::models
