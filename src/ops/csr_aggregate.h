// Full-neighbourhood aggregation over a CSR graph, the unsampled counterpart of neighbor_aggregate and the
// cuSPARSE baseline of its benchmarks: the attention weights become the CSR values of a sparse matrix A
// [N,M] and the aggregation is the product A x (cusparseSpMM on CUDA, parallel loops on the CPU).
// Row n has the entries e in [rowptr[n], rowptr[n+1]): neighbour col[e] (a row of x [M,D]) over relation
// rel_idx[e]. With user_of(n) = n / (N / B):
//   s[e] = score(user[user_of(n)], rel_table[rel_idx[e]]),  a = softmax of s over row n's entries,
//   out[n] = reduce over row n's entries of a[e] * x[col[e]]   (mean divides by the row's degree; an empty
//   row gives zeros)
// The softmax is LibTorch ops (autograd through them); the product is the registered operator
// emorec::csr_spmm with its own backward (A^T g through cuSPARSE, and the values' gradient).
#pragma once
#include <torch/torch.h>

#include "ops/neighbor_aggregate.h"

namespace emorec::ops {

// rowptr [N+1], col [E], rel_idx [E]: int64; values [E]; x [M,D]. Returns A x [N,D].
torch::Tensor csr_spmm(const torch::Tensor& rowptr, const torch::Tensor& col, const torch::Tensor& values,
                       const torch::Tensor& x);

// user [B,D], rel_table [R,D], x [M,D]; N = rowptr.numel() - 1 must be a multiple of B.
torch::Tensor neighbor_aggregate_csr(const torch::Tensor& user, const torch::Tensor& rel_table,
                                     const torch::Tensor& rowptr, const torch::Tensor& rel_idx, const torch::Tensor& x,
                                     const torch::Tensor& col, const NeighborAggregateOptions& options = {});

}  // namespace emorec::ops
