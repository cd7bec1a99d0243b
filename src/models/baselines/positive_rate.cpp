// Item positive rate from the training split.
#include "models/baselines/positive_rate.h"

#include "data/kg_dataset.h"

namespace emorec::models {

ItemPositiveRate::ItemPositiveRate(int64_t n_item) { logit_ = register_buffer("logit", torch::zeros({n_item})); }

void ItemPositiveRate::fit(const data::KgDataset& dataset) {
  const auto& x = dataset.interactions;
  std::vector<double> pos(static_cast<size_t>(x.n_item), 0.0), rows(static_cast<size_t>(x.n_item), 0.0);
  for (int64_t r : dataset.split.train) {
    const auto i = static_cast<size_t>(x.item[static_cast<size_t>(r)]);
    rows[i] += 1;
    pos[i] += x.label[static_cast<size_t>(r)] > 0.5f;
  }
  auto out = torch::empty({x.n_item});
  for (size_t i = 0; i < pos.size(); ++i) {
    const double rate = (pos[i] + 1) / (rows[i] + 2);
    out[static_cast<int64_t>(i)] = std::log(rate / (1 - rate));
  }
  logit_.copy_(out);
}

torch::Tensor ItemPositiveRate::forward(const torch::Tensor&, const torch::Tensor& items) {
  return logit_.index_select(0, items);
}

}  // namespace emorec::models
