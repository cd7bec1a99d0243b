// CUDA kernels of neighbour aggregation (the (M)KGCN neighbourhood step), fused: the indexed form reads the
// K neighbour rows straight from the table and never builds an [N,K,D] intermediate. Raw device pointers,
// no LibTorch; src/ops/cuda/neighbor_aggregate_cuda.cpp validates the tensors and calls these, and the CPU
// backend (src/ops/cpu/neighbor_aggregate_cpu.cpp) computes the same formulas and is their test oracle.
//
// For rows n = 0..N-1 with K neighbours each, b = n / rows_per_user, with dot[n,k] = <user[b], rel[rel_idx[n,k]]>
// (or user_rel[b, rel_idx[n,k]] when the caller passes the [B,Rn] product user @ rel^T):
//   s[n,k] = score_scale * dot[n,k]          score_scale = 1/D (KGCN's mean) or 1
//   a[n,:] = softmax over k of s[n,:]
//   out[n] = reduce_scale * sum_k a[n,k] * X[n,k]    reduce_scale = 1/K (mean) or 1
//   X[n,k] = x[x_idx[n,k]] (table x [M,D]) when x_idx is given, else x[n,k] (dense x [N,K,D])
// T is float, __half or __nv_bfloat16 (storage); every sum accumulates in float.
// Indices are checked on the device (EMOREC_KERNEL_ASSERT): rel_idx in [0, n_rel), x_idx in [0, x_rows).
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>

namespace emorec::kernels::cuda {

struct NeighborAggregateArgs {
  int64_t rows = 0;           // N
  int64_t k = 0;              // neighbours per row, >= 1
  int64_t dim = 0;            // D, >= 1
  int64_t rows_per_user = 1;  // N / B, >= 1
  int64_t n_rel = 0;          // Rn: rows of rel_table, columns of user_rel
  int64_t x_rows = 0;         // rows of the table x in the indexed form (x_idx in [0, x_rows)); unused dense
  float score_scale = 1.f;
  float reduce_scale = 1.f;
};

// Forward. out [N,D] (T), attn [N,K] (float; the softmax weights a, saved for the backward).
// user_rel: null, or the float [B,Rn] product user @ rel_table^T (then user and rel_table are not read).
template <typename T>
cudaError_t neighbor_aggregate_forward(const NeighborAggregateArgs& args, const T* user, const T* rel_table,
                                       const float* user_rel, const int64_t* rel_idx, const T* x,
                                       const int64_t* x_idx, T* out, float* attn, cudaStream_t stream);

// Backward over rows, given grad_out [N,D] and the forward's attn:
//   da[n,k]         = reduce_scale * <grad_out[n], X[n,k]>
//   grad_dot[n,k]   = score_scale * a[n,k] * (da[n,k] - sum_j a[n,j] * da[n,j])   (float [N,K], always written)
//   grad_x_dense    = reduce_scale * a[n,k] * grad_out[n]  as [N,K,D] (T), written only when x_idx is null
//   grad_user_rel   : when not null, grad_user_rel[b, rel_idx[n,k]] += grad_dot[n,k] (float [B,Rn], zeroed
//                     by the caller; atomics are fine, the product is small by construction)
// The gradients of user, rel_table and of an indexed x follow from grad_dot and attn through
// segment_weighted_rows (segment_rows.cuh) or two small matrix products over grad_user_rel.
template <typename T>
cudaError_t neighbor_aggregate_backward_rows(const NeighborAggregateArgs& args, const T* grad_out, const T* x,
                                             const int64_t* x_idx, const float* attn, const int64_t* rel_idx,
                                             float* grad_dot, T* grad_x_dense, float* grad_user_rel,
                                             cudaStream_t stream);

}  // namespace emorec::kernels::cuda
