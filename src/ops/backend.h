// The device backends under the fused operators: the same leaf functions for the CPU (src/ops/cpu, parallel
// loops, float32/float64, the test oracle) and for CUDA (src/ops/cuda over kernels/cuda, float32/float16/
// bfloat16 storage with float32 sums). Tensors arrive validated, contiguous and preallocated from the
// operators (neighbor_aggregate.cpp, multimodal_fuse.cpp, csr_spmm.cpp); nothing here allocates outputs.
// "acc" below is the accumulation dtype: float64 for float64 inputs, float32 otherwise.
#pragma once
#include <torch/torch.h>

#include "ops/fuse_mode.h"

namespace emorec::ops {

struct NeighborAggregateDims {
  int64_t rows = 0, k = 0, dim = 0, rows_per_user = 1, n_rel = 0;
  double score_scale = 1, reduce_scale = 1;
};

#define EMOREC_OPS_BACKEND_FUNCTIONS                                                                              \
  /* out [N,D] (x's dtype), attn [N,K] (acc). user_rel: undefined, or the [B,Rn] product user @ rel_table^T    \
     (acc). x_idx: undefined for the dense form. */                                                             \
  void neighbor_aggregate_forward(const NeighborAggregateDims& d, const torch::Tensor& user,                    \
                                  const torch::Tensor& rel_table, const torch::Tensor& user_rel,                \
                                  const torch::Tensor& rel_idx, const torch::Tensor& x, const torch::Tensor& x_idx, \
                                  torch::Tensor& out, torch::Tensor& attn);                                    \
  /* grad_dot [N,K] (acc) always; grad_x_dense [N,K,D] when defined; grad_user_rel [B,Rn] (acc, zeroed)        \
     accumulated when defined. */                                                                               \
  void neighbor_aggregate_backward_rows(const NeighborAggregateDims& d, const torch::Tensor& grad_out,          \
                                        const torch::Tensor& x, const torch::Tensor& x_idx,                     \
                                        const torch::Tensor& attn, const torch::Tensor& rel_idx,                \
                                        torch::Tensor& grad_dot, torch::Tensor& grad_x_dense,                   \
                                        torch::Tensor& grad_user_rel);                                         \
  /* out[target[s]] = sum over e in [offsets[s], offsets[s+1]) of weight[e] * values[src[e]]; out zeroed by   \
     the caller, targets distinct, weight undefined (ones) or [E] (acc). */                                     \
  void segment_weighted_rows(const torch::Tensor& offsets, const torch::Tensor& target, const torch::Tensor& src, \
                             const torch::Tensor& weight, const torch::Tensor& values, torch::Tensor& out);     \
  /* The elementwise multimodal fusion; formulas in kernels/cuda/multimodal_fuse.cuh. */                        \
  void multimodal_fuse_forward(FuseMode mode, const torch::Tensor& entity, const torch::Tensor& modal,          \
                               const torch::Tensor& modal_index, torch::Tensor& out);                          \
  /* grad_entity [N,D] and grad_modal_rows [N,M,D]: preallocated, or undefined when not needed. */              \
  void multimodal_fuse_backward(FuseMode mode, const torch::Tensor& grad_out, const torch::Tensor& entity,      \
                                const torch::Tensor& modal, const torch::Tensor& modal_index,                   \
                                torch::Tensor& grad_entity, torch::Tensor& grad_modal_rows);                   \
  /* out [N,D] = A x for the CSR matrix A (rowptr [N+1], col [E], values [E]) and x [M,D]; transpose: out [M,D] \
     = A^T x for x [N,D]. out zeroed by the caller. */                                                          \
  void csr_spmm(const torch::Tensor& rowptr, const torch::Tensor& col, const torch::Tensor& values,             \
                const torch::Tensor& x, bool transpose, torch::Tensor& out);

namespace cpu {
EMOREC_OPS_BACKEND_FUNCTIONS
// CPU only: out[keys[e]] += weight[e] * values[src[e]] for every entry e, in entry order within each target
// row (the sums, and their rounding, of segment_weighted_rows over the stably sorted entries), with rows split
// across threads by key range: no sort. out zeroed by the caller; src undefined means src[e] = e / src_per.
void scatter_weighted_rows(const torch::Tensor& keys, const torch::Tensor& src, int64_t src_per,
                           const torch::Tensor& weight, const torch::Tensor& values, torch::Tensor& out);
}  // namespace cpu

#ifdef EMOREC_WITH_CUDA
namespace cuda {
EMOREC_OPS_BACKEND_FUNCTIONS
}  // namespace cuda
#endif

#undef EMOREC_OPS_BACKEND_FUNCTIONS

// Calls backend function `fn` of the device `tensor` lives on.
#ifdef EMOREC_WITH_CUDA
#define EMOREC_OPS_CUDA_CALL(fn, ...) ::emorec::ops::cuda::fn(__VA_ARGS__)
#else
#define EMOREC_OPS_CUDA_CALL(fn, ...) TORCH_CHECK(false, "emorec ops: " #fn " on a CUDA tensor, but EmoRec was built without CUDA")
#endif
#define EMOREC_OPS_BACKEND_CALL(tensor, fn, ...) \
  do {                                           \
    if ((tensor).is_cuda()) {                    \
      EMOREC_OPS_CUDA_CALL(fn, __VA_ARGS__);     \
    } else {                                     \
      ::emorec::ops::cpu::fn(__VA_ARGS__);       \
    }                                            \
  } while (false)

}  // namespace emorec::ops
