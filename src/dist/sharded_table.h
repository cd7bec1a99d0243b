// A row-sharded embedding table (docs/SCALE.md, "One step, row-sharded"): rank r of P holds the rows r, r + P,
// r + 2P, ... of an N x D table (entity e on rank e mod P, so that popular entities spread). A lookup sends each requested id to the rank that owns it (all-to-all of
// counts, then of ids), the owners answer with the rows (all-to-all of rows), and the backward pass returns
// each row's gradient to its owner (all-to-all), which adds it into its shard's gradient. With one rank it is a
// plain table. This is the CPU simulation of the plan, checked against a single table in tests/unit/test_dist.cpp.
#pragma once
#include <torch/torch.h>

#include <vector>

#include "dist/world.h"

namespace emorec::dist {

class ShardedTable {
 public:
  // `full`: the whole N x D table's initial values, the same on every rank (the simulation's way of starting
  // from the single table it is compared with); each rank keeps its rows.
  ShardedTable(World& world, const torch::Tensor& full);

  int64_t rows() const { return rows_; }
  // The global ids of this rank's rows, in the order of weight()'s rows.
  torch::Tensor owned_ids() const;
  torch::Tensor& weight() { return weight_; }  // this rank's rows, gradients in .grad()

  // Rows of `ids` (int64 [B], any order, repeats allowed): a [B, D] tensor whose gradient, passed to backward(),
  // reaches the owners. Collective: every rank calls lookup and backward the same number of times.
  torch::Tensor lookup(const torch::Tensor& ids);
  void backward(const torch::Tensor& grad_rows);

  // Bytes this rank sent in the last lookup and backward (ids, rows and gradients to other ranks).
  int64_t bytes_sent() const { return bytes_sent_; }

 private:
  World& world_;
  int64_t rows_ = 0, dim_ = 0;
  torch::Tensor weight_;
  // The last lookup's routing: the batch positions sorted by owner, the ids each rank asked of this one.
  torch::Tensor order_, asked_local_;
  std::vector<int64_t> send_counts_, recv_counts_;
  int64_t bytes_sent_ = 0;
};

}  // namespace emorec::dist
