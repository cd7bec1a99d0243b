// Multimodal fusion on the GPU: the elementwise forward and backward of multimodal_fuse.cuh.
// Thread mapping: one thread per (row n, pack c) of VEC consecutive columns (16-byte packs when D allows and
// every operand is aligned, else single elements), grid-stride over the N * D/VEC pairs. Consecutive threads
// take consecutive packs of a row, so the entity row and each of the M modality rows are read coalesced.
#include "cuda/multimodal_fuse.cuh"

#include "cuda/common.cuh"

namespace emorec::kernels::cuda {
namespace {

// Blocks per SM asked of the register allocator: without it ptxas spills a few bytes in the backward to reach
// an occupancy these memory-bound kernels do not need.
constexpr int kMinBlocks = 3;

// The pieces of one (row, pack) work item. m(j) points at pack c of modality row j (valid for j < count).
template <typename T>
struct FuseItem {
  int64_t n = 0;      // row
  int64_t col = 0;    // first column of the pack
  int64_t count = 0;  // M' = M, or 0 for a row without modalities
  const T* m0 = nullptr;
  int64_t dim = 0;
  __device__ const T* m(int64_t j) const { return m0 + j * dim; }
};

template <typename T, int VEC>
__device__ __forceinline__ FuseItem<T> fuse_item(int64_t i, const FuseArgs& a, const T* modal,
                                                 const int64_t* modal_index) {
  const int64_t nv = a.dim / VEC;
  FuseItem<T> it;
  it.n = i / nv;
  it.col = (i - it.n * nv) * VEC;
  it.dim = a.dim;
  const int64_t mrow = modal_index ? modal_index[it.n] : it.n;
  if (modal_index) EMOREC_KERNEL_ASSERT(mrow >= -1 && mrow < a.modal_rows);
  if (mrow >= 0) {
    it.count = a.n_modal;
    if (modal) it.m0 = modal + mrow * a.n_modal * a.dim + it.col;  // the backward may pass no modal
  }
  return it;
}

template <int VEC>
__device__ __forceinline__ void add_into(float (&acc)[VEC], const float (&v)[VEC]) {
#pragma unroll
  for (int i = 0; i < VEC; ++i) acc[i] += v[i];
}

// e + sum_j m_j, added in the order e, m_1, ..., m_M'.
template <typename T, int VEC>
__device__ __forceinline__ void sum_rows(const FuseItem<T>& it, const float (&e)[VEC], float (&s)[VEC]) {
#pragma unroll
  for (int i = 0; i < VEC; ++i) s[i] = e[i];
#pragma unroll 4
  for (int64_t j = 0; j < it.count; ++j) {
    float m[VEC];
    load_vec<T, VEC>(it.m(j), m);
    add_into(s, m);
  }
}

// Index of the first maximum of e, m_1, ..., m_M' per column: 0 for e, j + 1 for m_j.
template <typename T, int VEC>
__device__ __forceinline__ void first_max(const FuseItem<T>& it, const float (&e)[VEC], float (&best)[VEC],
                                          int (&arg)[VEC]) {
#pragma unroll
  for (int i = 0; i < VEC; ++i) {
    best[i] = e[i];
    arg[i] = 0;
  }
#pragma unroll 4
  for (int64_t j = 0; j < it.count; ++j) {
    float m[VEC];
    load_vec<T, VEC>(it.m(j), m);
#pragma unroll
    for (int i = 0; i < VEC; ++i) {
      // NaN beats every number (torch.max propagates it); otherwise strict: ties keep the earlier operand.
      if (m[i] > best[i] || (isnan(m[i]) && !isnan(best[i]))) {
        best[i] = m[i];
        arg[i] = static_cast<int>(j) + 1;
      }
    }
  }
}

template <typename T, int VEC>
__global__ void __launch_bounds__(kBlockThreads, kMinBlocks)
    fuse_forward_kernel(const FuseArgs args, const T* __restrict__ entity, const T* __restrict__ modal,
                        const int64_t* __restrict__ modal_index, T* __restrict__ out) {
  const int64_t M = args.n_modal, D = args.dim;
  const int64_t items = args.rows * (D / VEC);
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < items;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const FuseItem<T> it = fuse_item<T, VEC>(i, args, modal, modal_index);
    const T* e_ptr = entity + it.n * D + it.col;
    if (args.mode == FuseMode::kConcat) {  // [e, m_1, ..., m_M], zeros for a row without modalities
      T* row = out + it.n * (M + 1) * D + it.col;
      store_pack<T, VEC>(row, load_pack<T, VEC>(e_ptr));
#pragma unroll 4
      for (int64_t j = 0; j < M; ++j) {
        store_pack<T, VEC>(row + (j + 1) * D,
                           j < it.count ? load_pack<T, VEC>(it.m(j)) : zero_pack<T, VEC>());
      }
      continue;
    }
    float e[VEC], o[VEC];
    load_vec<T, VEC>(e_ptr, e);
    if (args.mode == FuseMode::kMax) {
      int arg[VEC];
      first_max<T, VEC>(it, e, o, arg);
    } else {
      float s[VEC];
      sum_rows<T, VEC>(it, e, s);
      const float denom = static_cast<float>(it.count + 1);
#pragma unroll
      for (int v = 0; v < VEC; ++v) {
        switch (args.mode) {
          case FuseMode::kMean:
            o[v] = s[v] / denom;
            break;
          case FuseMode::kResidual:
            o[v] = e[v] + s[v] / denom;
            break;
          default:  // kSum
            o[v] = s[v];
            break;
        }
      }
    }
    store_vec<T, VEC>(out + it.n * D + it.col, o);
  }
}

template <typename T, int VEC>
__global__ void __launch_bounds__(kBlockThreads, kMinBlocks)
    fuse_backward_kernel(const FuseArgs args, const T* __restrict__ grad_out, const T* __restrict__ entity,
                         const T* __restrict__ modal, const int64_t* __restrict__ modal_index,
                         T* __restrict__ grad_entity, T* __restrict__ grad_modal_rows) {
  const int64_t M = args.n_modal, D = args.dim;
  const int64_t items = args.rows * (D / VEC);
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < items;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const FuseItem<T> it = fuse_item<T, VEC>(i, args, modal, modal_index);
    T* ge = grad_entity ? grad_entity + it.n * D + it.col : nullptr;
    T* gm = grad_modal_rows ? grad_modal_rows + it.n * M * D + it.col : nullptr;  // row j at gm + j * D

    if (args.mode == FuseMode::kConcat) {  // each slice of grad_out goes back to its operand
      const T* g = grad_out + it.n * (M + 1) * D + it.col;
      if (ge) store_pack<T, VEC>(ge, load_pack<T, VEC>(g));
      if (gm) {
#pragma unroll 4
        for (int64_t j = 0; j < M; ++j) {
          store_pack<T, VEC>(gm + j * D,
                             j < it.count ? load_pack<T, VEC>(g + (j + 1) * D) : zero_pack<T, VEC>());
        }
      }
      continue;
    }

    float g[VEC];
    load_vec<T, VEC>(grad_out + it.n * D + it.col, g);
    if (args.mode == FuseMode::kMax) {  // the whole gradient goes to the first maximum
      float e[VEC], best[VEC];
      int arg[VEC];
      load_vec<T, VEC>(entity + it.n * D + it.col, e);
      first_max<T, VEC>(it, e, best, arg);
      if (ge) {
        float v[VEC];
#pragma unroll
        for (int k = 0; k < VEC; ++k) v[k] = arg[k] == 0 ? g[k] : 0.f;
        store_vec<T, VEC>(ge, v);
      }
      if (gm) {
#pragma unroll 4
        for (int64_t j = 0; j < M; ++j) {
          float v[VEC];
#pragma unroll
          for (int k = 0; k < VEC; ++k) v[k] = arg[k] == j + 1 ? g[k] : 0.f;  // arg is 0 without modalities
          store_vec<T, VEC>(gm + j * D, v);
        }
      }
      continue;
    }

    // sum: d/de = d/dm_j = 1; mean: 1/(M'+1); residual: d/de = 1 + 1/(M'+1), d/dm_j = 1/(M'+1).
    const float denom = static_cast<float>(it.count + 1);
    float gs[VEC];  // gradient of every m_j
#pragma unroll
    for (int k = 0; k < VEC; ++k) gs[k] = args.mode == FuseMode::kSum ? g[k] : g[k] / denom;
    if (ge) {
      float v[VEC];
#pragma unroll
      for (int k = 0; k < VEC; ++k) v[k] = args.mode == FuseMode::kResidual ? g[k] + gs[k] : gs[k];
      store_vec<T, VEC>(ge, v);
    }
    if (gm) {
      Pack<T, VEC> pk = zero_pack<T, VEC>();  // rows without modalities get zeros
      if (it.count > 0) {
#pragma unroll
        for (int k = 0; k < VEC; ++k) pk.e[k] = from_float<T>(gs[k]);
      }
#pragma unroll 4
      for (int64_t j = 0; j < M; ++j) store_pack<T, VEC>(gm + j * D, pk);
    }
  }
}

bool valid_args(const FuseArgs& a) {
  const int mode = static_cast<int>(a.mode);
  return a.rows >= 0 && a.n_modal >= 1 && a.dim >= 1 && mode >= static_cast<int>(FuseMode::kSum) &&
         mode <= static_cast<int>(FuseMode::kResidual);
}

}  // namespace

template <typename T>
cudaError_t multimodal_fuse_forward(const FuseArgs& args, const T* entity, const T* modal,
                                    const int64_t* modal_index, T* out, cudaStream_t stream) {
  if (!valid_args(args)) return cudaErrorInvalidValue;
  if (args.rows == 0) return cudaSuccess;
  // With modal_index, modal may be an empty (null) table when no row has modalities.
  if (!entity || !out || (!modal && !modal_index)) return cudaErrorInvalidValue;
  const bool vector_ok = args.dim % kVec16<T> == 0 && all_aligned16(entity, modal, out);
  return dispatch_vec<T>(vector_ok, [&](auto vec) {
    constexpr int VEC = decltype(vec)::value;
    fuse_forward_kernel<T, VEC>
        <<<grid_blocks(args.rows * (args.dim / VEC), kBlockThreads), kBlockThreads, 0, stream>>>(
            args, entity, modal, modal_index, out);
    return cudaGetLastError();
  });
}

template <typename T>
cudaError_t multimodal_fuse_backward(const FuseArgs& args, const T* grad_out, const T* entity, const T* modal,
                                     const int64_t* modal_index, T* grad_entity, T* grad_modal_rows,
                                     cudaStream_t stream) {
  if (!valid_args(args)) return cudaErrorInvalidValue;
  if (args.rows == 0 || (!grad_entity && !grad_modal_rows)) return cudaSuccess;
  if (!grad_out) return cudaErrorInvalidValue;
  // Only max reads the inputs (to find the first maximum again).
  const bool reads_inputs = args.mode == FuseMode::kMax;
  if (reads_inputs && (!entity || (!modal && !modal_index))) return cudaErrorInvalidValue;
  const T* packed_entity = reads_inputs ? entity : nullptr;
  const T* packed_modal = reads_inputs ? modal : nullptr;
  const bool vector_ok = args.dim % kVec16<T> == 0 &&
                         all_aligned16(grad_out, packed_entity, packed_modal, grad_entity, grad_modal_rows);
  return dispatch_vec<T>(vector_ok, [&](auto vec) {
    constexpr int VEC = decltype(vec)::value;
    fuse_backward_kernel<T, VEC>
        <<<grid_blocks(args.rows * (args.dim / VEC), kBlockThreads), kBlockThreads, 0, stream>>>(
            args, grad_out, entity, modal, modal_index, grad_entity, grad_modal_rows);
    return cudaGetLastError();
  });
}

#define EMOREC_INSTANTIATE_MULTIMODAL_FUSE(T)                                                              \
  template cudaError_t multimodal_fuse_forward<T>(const FuseArgs&, const T*, const T*, const int64_t*, T*, \
                                                  cudaStream_t);                                           \
  template cudaError_t multimodal_fuse_backward<T>(const FuseArgs&, const T*, const T*, const T*,          \
                                                   const int64_t*, T*, T*, cudaStream_t);

EMOREC_INSTANTIATE_MULTIMODAL_FUSE(float)
EMOREC_INSTANTIATE_MULTIMODAL_FUSE(__half)
EMOREC_INSTANTIATE_MULTIMODAL_FUSE(__nv_bfloat16)

#undef EMOREC_INSTANTIATE_MULTIMODAL_FUSE

}  // namespace emorec::kernels::cuda
