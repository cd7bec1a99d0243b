// Item-kNN from the training split, with Platt scaling.
#include "models/baselines/item_knn.h"

#include <cmath>

#include "data/kg_dataset.h"
#include "models/baselines/train_positives.h"

namespace emorec::models {

ItemKnn::ItemKnn(int64_t n_user, int64_t n_item, int64_t k) : k_(std::min(k, std::max<int64_t>(n_item - 1, 1))) {
  interactions_ = register_buffer("interactions", torch::zeros({n_user, n_item}, torch::kUInt8));
  neighbors_ = register_buffer("neighbors", torch::zeros({n_item, k_}, torch::kLong));
  similarity_ = register_buffer("similarity", torch::zeros({n_item, k_}));
  scale_ = register_buffer("scale", torch::tensor({1.0f, 0.0f}));
}

void ItemKnn::fit(const data::KgDataset& dataset) {
  const auto positives = train_positives_by_user(dataset);
  const int64_t n_user = interactions_.size(0), n_item = interactions_.size(1);
  auto x = torch::zeros({n_user, n_item});
  auto xa = x.accessor<float, 2>();
  for (size_t u = 0; u < positives.size(); ++u) {
    for (int64_t i : positives[u]) xa[static_cast<int64_t>(u)][i] = 1.0f;
  }
  const auto co = x.t().mm(x);                         // [I,I] users in common
  const auto norm = co.diagonal().sqrt().clamp_min(1e-12);
  auto cosine = co / norm.unsqueeze(0) / norm.unsqueeze(1);
  cosine.fill_diagonal_(0.0);                          // an item is not its own neighbour
  const auto top = cosine.topk(k_, 1);
  interactions_.copy_(x.to(torch::kUInt8));
  similarity_.copy_(std::get<0>(top));
  neighbors_.copy_(std::get<1>(top));

  // Platt scaling on the training rows.
  const auto& rows = dataset.split.train;
  std::vector<int64_t> u(rows.size()), i(rows.size());
  std::vector<float> labels(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto row = static_cast<size_t>(rows[r]);
    u[r] = dataset.interactions.user[row], i[r] = dataset.interactions.item[row];
    labels[r] = dataset.interactions.label[row];
  }
  const auto s = score(torch::tensor(u, torch::kLong), torch::tensor(i, torch::kLong)).to(torch::kDouble).contiguous();
  const std::vector<double> scores(s.data_ptr<double>(), s.data_ptr<double>() + s.numel());
  const auto ab = fit_platt(scores, labels);
  scale_.copy_(torch::tensor({static_cast<float>(ab[0]), static_cast<float>(ab[1])}));
}

torch::Tensor ItemKnn::score(const torch::Tensor& users, const torch::Tensor& items) {
  const auto nb = neighbors_.index_select(0, items);                         // [B,k]
  const auto has = interactions_.index_select(0, users).gather(1, nb);      // [B,k] 0/1
  return (similarity_.index_select(0, items) * has.to(similarity_.scalar_type())).sum(1);
}

torch::Tensor ItemKnn::forward(const torch::Tensor& users, const torch::Tensor& items) {
  return score(users, items) * scale_[0] + scale_[1];
}

std::array<double, 2> fit_platt(const std::vector<double>& x, const std::vector<float>& labels) {
  double a = 0, b = 0;
  for (int iter = 0; iter < 50; ++iter) {
    double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (size_t n = 0; n < x.size(); ++n) {
      const double p = 1 / (1 + std::exp(-(a * x[n] + b)));
      const double r = p - (labels[n] > 0.5f ? 1.0 : 0.0), w = p * (1 - p) + 1e-12;
      ga += r * x[n], gb += r;
      haa += w * x[n] * x[n], hab += w * x[n], hbb += w;
    }
    // A tiny ridge keeps the 2x2 system solvable when the scores are constant.
    haa += 1e-9, hbb += 1e-9;
    const double det = haa * hbb - hab * hab;
    const double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    a -= da, b -= db;
    if (std::abs(da) + std::abs(db) < 1e-10) break;
  }
  return {a, b};
}

}  // namespace emorec::models
