// CPU reference of neighbour aggregation, in plain loops over raw arrays (float64 accumulation): the test
// oracle for every implementation of the operator (LibTorch composite, CUDA kernels).
//   s[n,k] = score(u[n / rows_per_user], R[rel[n,k]]),  a = softmax_k(s),  out[n] = reduce_k a[n,k] * X[n,k]
// X[n,k] = x[x_idx[n,k]] when x_idx is given (x is [M,D]), else x[(n*K+k)*D ...] (x is [N,K,D]).
#pragma once
#include <cstdint>

namespace emorec::kernels {

struct NeighborAggregateShape {
  int64_t n_users = 0;  // B
  int64_t rows = 0;     // N, a multiple of B
  int64_t k = 0;        // neighbours per row
  int64_t dim = 0;      // D
  bool mean_score = true;   // score = mean over D of the product (KGCN) instead of the sum
  bool mean_reduce = true;  // out = mean over K (KGCN) instead of the sum
};

// out: [N,D]. x_idx may be null (dense form). Indices are trusted (validated by the caller).
void neighbor_aggregate_ref(const NeighborAggregateShape& s, const float* user, const float* rel_table,
                            const int64_t* rel_idx, const float* x, const int64_t* x_idx, float* out);

}  // namespace emorec::kernels
