// The CUDA backend (backend.h) over kernels/cuda: device guard, current stream, the LibTorch dtype mapped to
// the kernels' storage type, and launch errors turned into c10::Error naming the kernel.
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>

#include "cuda/multimodal_fuse.cuh"
#include "cuda/neighbor_aggregate.cuh"
#include "cuda/segment_rows.cuh"
#include "ops/backend.h"

namespace emorec::ops::cuda {
namespace {

namespace k = ::emorec::kernels::cuda;

// Calls f(T*) with the storage type of `t`'s dtype: float, __half or __nv_bfloat16.
template <typename F>
void with_storage_type(const torch::Tensor& t, const char* what, F&& f) {
  switch (t.scalar_type()) {
    case torch::kFloat: f(static_cast<float*>(nullptr)); break;
    case torch::kHalf: f(static_cast<__half*>(nullptr)); break;
    case torch::kBFloat16: f(static_cast<__nv_bfloat16*>(nullptr)); break;
    default: TORCH_CHECK(false, what, ": unsupported dtype on CUDA ", t.scalar_type());
  }
}

template <typename T>
const T* in(const torch::Tensor& t) {
  return t.defined() ? reinterpret_cast<const T*>(t.data_ptr()) : nullptr;
}

template <typename T>
T* out(torch::Tensor& t) {
  return t.defined() ? reinterpret_cast<T*>(t.data_ptr()) : nullptr;
}

const int64_t* index(const torch::Tensor& t) { return t.defined() ? t.data_ptr<int64_t>() : nullptr; }

void check_launch(cudaError_t status, const char* kernel) {
  TORCH_CHECK(status == cudaSuccess, "CUDA kernel ", kernel, " failed: ", cudaGetErrorString(status));
}

k::NeighborAggregateArgs args_of(const NeighborAggregateDims& d, const torch::Tensor& x, const torch::Tensor& x_idx) {
  k::NeighborAggregateArgs a;
  a.rows = d.rows;
  a.k = d.k;
  a.dim = d.dim;
  a.rows_per_user = d.rows_per_user;
  a.n_rel = d.n_rel;
  a.score_scale = static_cast<float>(d.score_scale);
  a.reduce_scale = static_cast<float>(d.reduce_scale);
  a.x_rows = x_idx.defined() ? x.size(0) : 0;
  return a;
}

k::FuseArgs fuse_args(FuseMode mode, const torch::Tensor& entity, const torch::Tensor& modal) {
  k::FuseArgs a;
  a.rows = entity.size(0);
  a.n_modal = modal.size(1);
  a.dim = entity.size(1);
  a.modal_rows = modal.size(0);
  a.mode = static_cast<k::FuseMode>(static_cast<int>(mode));
  return a;
}

}  // namespace

void neighbor_aggregate_forward(const NeighborAggregateDims& d, const torch::Tensor& user,
                                const torch::Tensor& rel_table, const torch::Tensor& user_rel,
                                const torch::Tensor& rel_idx, const torch::Tensor& x, const torch::Tensor& x_idx,
                                torch::Tensor& result, torch::Tensor& attn) {
  const c10::cuda::CUDAGuard guard(x.device());
  with_storage_type(x, "neighbor_aggregate_forward", [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    check_launch(k::neighbor_aggregate_forward<T>(args_of(d, x, x_idx), in<T>(user), in<T>(rel_table), in<float>(user_rel),
                                                  index(rel_idx), in<T>(x), index(x_idx), out<T>(result),
                                                  out<float>(attn), at::cuda::getCurrentCUDAStream()),
                 "neighbor_aggregate_forward");
  });
}

void neighbor_aggregate_backward_rows(const NeighborAggregateDims& d, const torch::Tensor& grad_out,
                                      const torch::Tensor& x, const torch::Tensor& x_idx, const torch::Tensor& attn,
                                      const torch::Tensor& rel_idx, torch::Tensor& grad_dot,
                                      torch::Tensor& grad_x_dense, torch::Tensor& grad_user_rel) {
  const c10::cuda::CUDAGuard guard(x.device());
  with_storage_type(x, "neighbor_aggregate_backward_rows", [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    check_launch(k::neighbor_aggregate_backward_rows<T>(args_of(d, x, x_idx), in<T>(grad_out), in<T>(x), index(x_idx),
                                                        in<float>(attn), index(rel_idx), out<float>(grad_dot),
                                                        out<T>(grad_x_dense), out<float>(grad_user_rel),
                                                        at::cuda::getCurrentCUDAStream()),
                 "neighbor_aggregate_backward_rows");
  });
}

void segment_weighted_rows(const torch::Tensor& offsets, const torch::Tensor& target, const torch::Tensor& src,
                           const torch::Tensor& weight, const torch::Tensor& values, torch::Tensor& result) {
  const c10::cuda::CUDAGuard guard(values.device());
  with_storage_type(values, "segment_weighted_rows", [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    check_launch(k::segment_weighted_rows<T>(target.numel(), index(offsets), index(target), index(src), in<float>(weight),
                                             in<T>(values), values.size(-1), out<T>(result),
                                             at::cuda::getCurrentCUDAStream()),
                 "segment_weighted_rows");
  });
}

void multimodal_fuse_forward(FuseMode mode, const torch::Tensor& entity, const torch::Tensor& modal,
                             const torch::Tensor& modal_index, torch::Tensor& result) {
  const c10::cuda::CUDAGuard guard(entity.device());
  with_storage_type(entity, "multimodal_fuse_forward", [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    check_launch(k::multimodal_fuse_forward<T>(fuse_args(mode, entity, modal), in<T>(entity), in<T>(modal),
                                               index(modal_index), out<T>(result), at::cuda::getCurrentCUDAStream()),
                 "multimodal_fuse_forward");
  });
}

void multimodal_fuse_backward(FuseMode mode, const torch::Tensor& grad_out, const torch::Tensor& entity,
                              const torch::Tensor& modal, const torch::Tensor& modal_index,
                              torch::Tensor& grad_entity, torch::Tensor& grad_modal_rows) {
  const c10::cuda::CUDAGuard guard(entity.device());
  with_storage_type(entity, "multimodal_fuse_backward", [&](auto* tag) {
    using T = std::remove_pointer_t<decltype(tag)>;
    check_launch(k::multimodal_fuse_backward<T>(fuse_args(mode, entity, modal), in<T>(grad_out), in<T>(entity),
                                                in<T>(modal), index(modal_index), out<T>(grad_entity),
                                                out<T>(grad_modal_rows), at::cuda::getCurrentCUDAStream()),
                 "multimodal_fuse_backward");
  });
}

}  // namespace emorec::ops::cuda
