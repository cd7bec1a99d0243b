// BPR-MF with reproducible uniform negative draws.
#include "models/baselines/bpr_mf.h"

#include <algorithm>

#include "core/rng.h"

namespace emorec::models {

BprMf::BprMf(int64_t n_user, int64_t n_item, int64_t dim, std::vector<std::vector<int64_t>> positives, uint64_t seed)
    : n_item_(n_item), positives_(std::move(positives)), seed_(seed) {
  user_ = register_parameter("user_emb", torch::randn({n_user, dim}) * 0.1);
  item_ = register_parameter("item_emb", torch::randn({n_item, dim}) * 0.1);
  item_bias_ = register_parameter("item_bias", torch::zeros({n_item}));
}

torch::Tensor BprMf::forward(const torch::Tensor& users, const torch::Tensor& items) {
  return (user_.index_select(0, users) * item_.index_select(0, items)).sum(1) + item_bias_.index_select(0, items);
}

std::vector<int64_t> BprMf::draw_negatives(const std::vector<int64_t>& users, int64_t epoch, int64_t step) const {
  Rng rng(derive_seed(seed_, "bpr-negatives", (static_cast<uint64_t>(epoch) << 32) ^ static_cast<uint64_t>(step)));
  std::vector<int64_t> out(users.size());
  for (size_t n = 0; n < users.size(); ++n) {
    const auto& pos = positives_[static_cast<size_t>(users[n])];
    if (static_cast<int64_t>(pos.size()) >= n_item_) {
      out[n] = 0;  // a user who likes every item has no negative; never the case in real data
      continue;
    }
    int64_t j;
    do {
      j = static_cast<int64_t>(uniform_below(rng, static_cast<uint64_t>(n_item_)));
    } while (std::binary_search(pos.begin(), pos.end(), j));
    out[n] = j;
  }
  return out;
}

torch::Tensor BprMf::loss(const Batch& batch) {
  const auto positive = (batch.labels > 0.5f).nonzero().view({-1});
  if (positive.numel() == 0) return (user_.sum() + item_.sum()) * 0.0;  // keeps the graph for backward
  const auto users = batch.users.index_select(0, positive);
  const auto users_cpu = users.to(torch::kCPU).contiguous();
  const std::vector<int64_t> u(users_cpu.data_ptr<int64_t>(), users_cpu.data_ptr<int64_t>() + users_cpu.numel());
  const auto negatives = torch::tensor(draw_negatives(u, batch.epoch, batch.step), torch::kLong).to(users.device());
  const auto margin = forward(users, batch.items.index_select(0, positive)) - forward(users, negatives);
  return -torch::log_sigmoid(margin).mean();
}


}  // namespace emorec::models
