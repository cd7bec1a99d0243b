// CUDA kernels of MKGCN's multimodal fusion (the elementwise part; the residual mode's linear layer and tanh
// run as a cuBLAS product in src/ops/multimodal_fuse.cpp). Same formulas as the CPU backend
// (src/ops/cpu/multimodal_fuse_cpu.cpp), which is their test oracle.
//
// Row n fuses the entity vector e = entity[n] [D] with its M modality vectors m_j [D]:
//   modal_index null : m_j = modal[n, j]               (dense modal [N,M,D])
//   modal_index given: m_j = modal[modal_index[n], j]  (modality tables [I,M,D]); modal_index[n] = -1 means
//                      the entity has no modalities (a non-item entity): the row fuses e alone (M' = 0).
// Modes (M' = M, or 0 for a row without modalities):
//   sum      out[n] = e + sum_j m_j
//   mean     out[n] = (e + sum_j m_j) / (M' + 1)
//   max      out[n] = elementwise max of e, m_1..m_M'  (the gradient goes to the first maximum)
//   concat   out[n] = [e, m_1, ..., m_M] as [(M+1)*D]  (zeros where a row has no modalities)
//   residual out[n] = e + (e + sum_j m_j) / (M' + 1)   (the pre-activation input h of tanh(W h + b))
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>

namespace emorec::kernels::cuda {

enum class FuseMode : int { kSum = 0, kMean = 1, kMax = 2, kConcat = 3, kResidual = 4 };

struct FuseArgs {
  int64_t rows = 0;     // N
  int64_t n_modal = 0;  // M >= 1
  int64_t dim = 0;      // D >= 1
  int64_t modal_rows = 0;  // rows of the modality table in the indexed form: modal_index in [-1, modal_rows)
  FuseMode mode = FuseMode::kSum;
};

// out: [N,D], or [N,(M+1)*D] for concat.
template <typename T>
cudaError_t multimodal_fuse_forward(const FuseArgs& args, const T* entity, const T* modal, const int64_t* modal_index,
                                    T* out, cudaStream_t stream);

// grad_out has the shape of out. Writes grad_entity [N,D] and grad_modal_rows [N,M,D] (per row, also in the
// indexed form: the caller sums rows that share a modality-table row with segment_weighted_rows; rows with
// modal_index -1 get zeros). Either output pointer may be null when that gradient is not needed.
template <typename T>
cudaError_t multimodal_fuse_backward(const FuseArgs& args, const T* grad_out, const T* entity, const T* modal,
                                     const int64_t* modal_index, T* grad_entity, T* grad_modal_rows,
                                     cudaStream_t stream);

}  // namespace emorec::kernels::cuda
