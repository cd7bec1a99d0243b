// Segmented weighted row sums, the atomic-free scatter-add behind every table gradient of the fused
// operators: entries are grouped (sorted) by their target row beforehand, so each target row is summed by
// one group of threads and written once.
//   out[target[s], :] = sum over e in [offsets[s], offsets[s+1]) of weight[e] * values[src[e], :]
// values [*, dim] and out [*, dim] are T (float, __half or __nv_bfloat16), row-major with row stride `dim`;
// weight is float and may be null (all ones); sums accumulate in float. Rows of out that no segment targets
// are left untouched (the caller zeroes out first). Targets must be distinct.
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>

namespace emorec::kernels::cuda {

template <typename T>
cudaError_t segment_weighted_rows(int64_t n_segments, const int64_t* offsets, const int64_t* target,
                                  const int64_t* src, const float* weight, const T* values, int64_t dim, T* out,
                                  cudaStream_t stream);

}  // namespace emorec::kernels::cuda
