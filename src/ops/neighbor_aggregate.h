// Neighbour aggregation, the (M)KGCN neighbourhood step, behind one function that every model calls.
// For rows n = 0..N-1 with K neighbours each, and user_of(n) = n / (N / B):
//   s[n,k]  = score(user[user_of(n)], rel_table[rel_idx[n,k]])   inner product, or its mean over D (KGCN)
//   a[n,:]  = softmax over k of s[n,:]
//   out[n]  = reduce over k of a[n,k] * X[n,k]                     sum, or mean over K (KGCN)
// where X[n,k] = x[x_idx[n,k]] for an embedding table x [M,D] (first hop), or x[n,k] for already gathered
// neighbour vectors x [N,K,D] (later hops). Written in plain LibTorch ops; autograd gives the backward.
#pragma once
#include <torch/torch.h>

#include <optional>

namespace emorec::ops {

enum class NeighborScore { kDot, kMeanDot };
enum class NeighborReduce { kSum, kMean };

struct NeighborAggregateOptions {
  NeighborScore score = NeighborScore::kMeanDot;
  NeighborReduce reduce = NeighborReduce::kMean;
};

// user [B,D]; rel_table [R,D]; rel_idx [N,K] int64; x [M,D] with x_idx [N,K] int64, or x [N,K,D] without.
// N must be a multiple of B. Returns [N,D]. Throws c10::Error naming the bad argument.
torch::Tensor neighbor_aggregate(const torch::Tensor& user, const torch::Tensor& rel_table,
                                 const torch::Tensor& rel_idx, const torch::Tensor& x,
                                 const std::optional<torch::Tensor>& x_idx,
                                 const NeighborAggregateOptions& options = {});

}  // namespace emorec::ops
