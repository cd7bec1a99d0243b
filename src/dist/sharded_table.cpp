#include "dist/sharded_table.h"

#include "core/error.h"

namespace emorec::dist {

ShardedTable::ShardedTable(World& world, const torch::Tensor& full)
    : world_(world), rows_(full.size(0)), dim_(full.size(1)) {
  weight_ = full.index_select(0, owned_ids()).detach().clone().set_requires_grad(true);
}

torch::Tensor ShardedTable::owned_ids() const {
  return torch::arange(world_.rank(), rows_, world_.size(), torch::kLong);
}

torch::Tensor ShardedTable::lookup(const torch::Tensor& ids) {
  const int p = world_.size();
  auto flat = ids.to(torch::kLong).contiguous();
  if (flat.numel() > 0 && (flat.min().item<int64_t>() < 0 || flat.max().item<int64_t>() >= rows_)) {
    throw RunError("sharded table: an id is outside [0, " + std::to_string(rows_) + ")");
  }
  // Group the batch by owner.
  std::vector<int64_t> owner(static_cast<size_t>(flat.numel()));
  for (int64_t i = 0; i < flat.numel(); ++i) owner[static_cast<size_t>(i)] = flat.data_ptr<int64_t>()[i] % p;
  const auto owners = torch::tensor(owner, torch::kLong);
  order_ = std::get<1>(owners.sort(/*stable=*/true, 0, false));
  const auto sorted_ids = flat.index_select(0, order_);
  send_counts_.assign(static_cast<size_t>(p), 0);
  for (const auto o : owner) ++send_counts_[static_cast<size_t>(o)];
  // Counts, then ids, then rows.
  auto send_n = torch::tensor(send_counts_, torch::kLong);
  auto recv_n = torch::empty({p}, torch::kLong);
  world_.all_to_all(recv_n, send_n, std::vector<int64_t>(p, 1), std::vector<int64_t>(p, 1), "lookup counts");
  recv_counts_.assign(recv_n.data_ptr<int64_t>(), recv_n.data_ptr<int64_t>() + p);
  int64_t asked = 0;
  for (const auto c : recv_counts_) asked += c;
  auto asked_ids = torch::empty({asked}, torch::kLong);
  auto send_ids = sorted_ids.clone();
  world_.all_to_all(asked_ids, send_ids, recv_counts_, send_counts_, "lookup ids");
  asked_local_ = asked_ids.div(p, "floor");  // id e is row e / P of its owner
  auto answer = weight_.detach().index_select(0, asked_local_).contiguous();
  auto got = torch::empty({flat.numel(), dim_}, weight_.options().requires_grad(false));
  world_.all_to_all(got, answer, send_counts_, recv_counts_, "lookup rows");
  // Back into the batch's order.
  auto rows = torch::empty_like(got);
  rows.index_copy_(0, order_, got);
  bytes_sent_ = 0;
  for (int r = 0; r < p; ++r) {
    if (r == world_.rank()) continue;
    bytes_sent_ += send_counts_[static_cast<size_t>(r)] * 8 + recv_counts_[static_cast<size_t>(r)] * dim_ * 4;
  }
  return rows.set_requires_grad(true);
}

void ShardedTable::backward(const torch::Tensor& grad_rows) {
  auto sorted = grad_rows.index_select(0, order_).contiguous();
  int64_t asked = 0;
  for (const auto c : recv_counts_) asked += c;
  auto received = torch::empty({asked, dim_}, sorted.options());
  world_.all_to_all(received, sorted, recv_counts_, send_counts_, "lookup gradients");
  for (int r = 0; r < world_.size(); ++r) {
    if (r != world_.rank()) bytes_sent_ += send_counts_[static_cast<size_t>(r)] * dim_ * 4;
  }
  torch::NoGradGuard no_grad;
  auto& g = weight_.mutable_grad();
  if (!g.defined()) g = torch::zeros_like(weight_);
  g.index_add_(0, asked_local_, received);
}

}  // namespace emorec::dist
