// One warp per output row: lanes split D for the user-relation scores (warp-shuffle reduction), the K scores
// stay in shared memory, then lanes stream the K neighbour rows once, straight from the table.
#include "cuda/neighbor_aggregate_fwd.cuh"

namespace emorec::kernels {
namespace {

constexpr int kWarp = 32;
constexpr int kWarpsPerBlock = 4;

__device__ float warp_sum(float v) {
  for (int offset = kWarp / 2; offset > 0; offset /= 2) v += __shfl_xor_sync(0xffffffffu, v, offset);
  return v;
}

__global__ void neighbor_aggregate_fwd_kernel(NeighborAggregateShape s, int64_t rows_per_user,
                                              const float* __restrict__ user, const float* __restrict__ rel_table,
                                              const int64_t* __restrict__ rel_idx, const float* __restrict__ x,
                                              const int64_t* __restrict__ x_idx, float* __restrict__ out) {
  extern __shared__ float scores_smem[];
  const int warp = threadIdx.x / kWarp, lane = threadIdx.x % kWarp;
  const int64_t n = static_cast<int64_t>(blockIdx.x) * kWarpsPerBlock + warp;
  if (n >= s.rows) return;
  float* scores = scores_smem + static_cast<int64_t>(warp) * s.k;
  const float* u = user + (n / rows_per_user) * s.dim;

  float max_score = -INFINITY;
  for (int64_t k = 0; k < s.k; ++k) {
    const float* r = rel_table + rel_idx[n * s.k + k] * s.dim;
    float part = 0.f;
    for (int64_t d = lane; d < s.dim; d += kWarp) part += u[d] * r[d];
    float dot = warp_sum(part);
    if (s.mean_score) dot /= static_cast<float>(s.dim);
    if (lane == 0) scores[k] = dot;
    max_score = fmaxf(max_score, dot);
  }
  __syncwarp();
  float total = 0.f;
  for (int64_t k = 0; k < s.k; ++k) total += __expf(scores[k] - max_score);
  const float scale = (s.mean_reduce ? 1.f / static_cast<float>(s.k) : 1.f) / total;

  for (int64_t d = lane; d < s.dim; d += kWarp) {
    float acc = 0.f;
    for (int64_t k = 0; k < s.k; ++k) {
      const float* v = x_idx ? x + x_idx[n * s.k + k] * s.dim : x + (n * s.k + k) * s.dim;
      acc += __expf(scores[k] - max_score) * v[d];
    }
    out[n * s.dim + d] = acc * scale;
  }
}

}  // namespace

cudaError_t neighbor_aggregate_fwd_cuda(const NeighborAggregateShape& s, const float* user, const float* rel_table,
                                        const int64_t* rel_idx, const float* x, const int64_t* x_idx, float* out,
                                        cudaStream_t stream) {
  if (s.rows == 0) return cudaSuccess;
  if (s.n_users <= 0 || s.rows % s.n_users != 0 || s.k <= 0 || s.dim <= 0) return cudaErrorInvalidValue;
  const size_t smem = sizeof(float) * static_cast<size_t>(kWarpsPerBlock * s.k);
  if (smem > 48 * 1024) return cudaErrorInvalidValue;
  const auto blocks = static_cast<unsigned>((s.rows + kWarpsPerBlock - 1) / kWarpsPerBlock);
  neighbor_aggregate_fwd_kernel<<<blocks, kWarpsPerBlock * kWarp, smem, stream>>>(s, s.rows / s.n_users, user,
                                                                                   rel_table, rel_idx, x, x_idx, out);
  return cudaGetLastError();
}

}  // namespace emorec::kernels
