// Grouping of index entries by the table row they target, for the atomic-free segmented sums that give the
// fused operators' table gradients (backend.h: segment_weighted_rows).
#pragma once
#include <torch/torch.h>

namespace emorec::ops {

struct Segments {
  torch::Tensor offsets;  // [S+1]: segment s covers sorted positions [offsets[s], offsets[s+1])
  torch::Tensor target;   // [S]: the distinct keys, ascending
  torch::Tensor order;    // [E]: order[p] = the original position of sorted position p
};

// Sorts the int64 keys [E] (stably) and groups equal ones.
Segments group_by(const torch::Tensor& keys);

// out [rows, D] (zeros, values' dtype) with out[key] = sum over entries e with keys[e] == key of
// weight[e] * values[src[e]], added in entry order; weight undefined means ones, src undefined means
// src[e] = e / src_per. CUDA groups the entries by a stable sort (no atomics); the CPU adds them in place,
// with the same sums.
torch::Tensor scatter_rows(const torch::Tensor& keys, const torch::Tensor& src, const torch::Tensor& weight,
                           const torch::Tensor& values, int64_t rows, int64_t src_per = 1);

// out [runs, D] with out[s] = sum over the s-th of `runs` equal consecutive runs of entries e of
// weight[e] * values[src[e]] (entries already in target order: no sorting).
torch::Tensor sum_runs(const torch::Tensor& src, const torch::Tensor& weight, const torch::Tensor& values,
                       int64_t runs);

}  // namespace emorec::ops
