// Neighbour aggregation, the (M)KGCN neighbourhood step, as the registered operator emorec::neighbor_aggregate
// (schema in library.cpp; CPU, CUDA and Autograd kernels in neighbor_aggregate.cpp). For rows n = 0..N-1 with
// K neighbours each, and user_of(n) = n / (N / B):
//   s[n,k]  = score(user[user_of(n)], rel_table[rel_idx[n,k]])   inner product, or its mean over D (KGCN)
//   a[n,:]  = softmax over k of s[n,:]
//   out[n]  = reduce over k of a[n,k] * X[n,k]                     sum, or mean over K (KGCN)
// where X[n,k] = x[x_idx[n,k]] for an embedding table x [M,D] (first hop), or x[n,k] for already gathered
// neighbour vectors x [N,K,D] (later hops). Gradients flow to user, rel_table and x (scatter-added into the
// table in the indexed form).
#pragma once
#include <torch/torch.h>

#include <optional>

#include "ops/neighbor_modes.h"

namespace emorec::ops {

struct NeighborAggregateOptions {
  NeighborScore score = NeighborScore::kMeanDot;
  NeighborReduce reduce = NeighborReduce::kMean;
};

// user [B,D]; rel_table [R,D]; rel_idx [N,K] int64; x [M,D] with x_idx [N,K] int64, or x [N,K,D] without.
// N must be a multiple of B; K, D >= 1. float32/float64 on the CPU; float32/float16/bfloat16 on CUDA. Returns
// [N,D]. Throws c10::Error naming the bad argument; indices are range-checked on the CPU always, on CUDA by
// device-side asserts in the kernels, and on the host too when EMOREC_CHECK_INDICES=1 (that synchronises).
torch::Tensor neighbor_aggregate(const torch::Tensor& user, const torch::Tensor& rel_table,
                                 const torch::Tensor& rel_idx, const torch::Tensor& x,
                                 const std::optional<torch::Tensor>& x_idx,
                                 const NeighborAggregateOptions& options = {});

}  // namespace emorec::ops
