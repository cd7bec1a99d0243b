// CUDA forward of neighbour aggregation, fused: no [N,K,D] intermediate for the indexed form. Same formula
// and arguments as reference/neighbor_aggregate_ref.h, which is its test oracle.
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "reference/neighbor_aggregate_ref.h"

namespace emorec::kernels {

// Launches on `stream`; returns the launch status. Pointers are device pointers; x_idx may be null.
cudaError_t neighbor_aggregate_fwd_cuda(const NeighborAggregateShape& s, const float* user, const float* rel_table,
                                        const int64_t* rel_idx, const float* x, const int64_t* x_idx, float* out,
                                        cudaStream_t stream);

}  // namespace emorec::kernels
