// Segmented weighted row sums on the GPU (segment_rows.cuh), without atomics: each segment is summed in float
// registers and its target row is written once, in a fixed order (deterministic).
// Thread mapping: a group of G lanes per segment (G from dim and the pack width, see dispatch_row_layout),
// 256/G segments per block, grid-stride over blocks of segments. A group walks its segment's entries in
// order with several value rows in flight. A segment longer than kLongSegment entries (a popular row under
// skewed degrees) is summed by the whole block instead: group r takes entries r, r + 256/G, ..., and the
// partial sums are reduced by shuffles within each warp, then across the warps through shared memory.
#include "cuda/segment_rows.cuh"

#include "cuda/common.cuh"

namespace emorec::kernels::cuda {
namespace {

constexpr int kWarpsPerBlock = kBlockThreads / kWarpSize;

// Longer segments are summed by a whole block (below that, one group is as fast: the block would wait on
// barriers for about as long as the group needs).
constexpr int64_t kLongSegment = 64;

// Entries whose value rows are loaded together: U rows * CH packs in flight per lane.
template <int CH>
constexpr int kEntryUnroll = CH >= 4 ? 2 : 4;

template <int VEC, int G, int CH>
constexpr int kMinBlocks = kMultiTile<VEC, G, CH> ? 2 : 3;  // see neighbor_aggregate.cu

// acc += sum over e = first, first + stride, ... < end of weight[e] * values[src[e], tile], in that order.
template <typename T, int VEC, int G, int CH>
__device__ __forceinline__ void accumulate_entries(int64_t first, int64_t end, int64_t stride,
                                                   const int64_t* __restrict__ src,
                                                   const float* __restrict__ weight,
                                                   const T* __restrict__ values, int64_t dim,
                                                   int64_t tile_base, int64_t nv, int lane_g,
                                                   float (&acc)[CH][VEC]) {
  constexpr int U = kEntryUnroll<CH>;
  int64_t e = first;
  for (; e + (U - 1) * stride < end; e += U * stride) {
    Pack<T, VEC> v[U][CH];
    float w[U];
#pragma unroll
    for (int u = 0; u < U; ++u) {
      const int64_t eu = e + u * stride;
      w[u] = weight ? weight[eu] : 1.f;
      load_tile<T, VEC, G, CH>(values + src[eu] * dim, tile_base, nv, lane_g, v[u]);
    }
#pragma unroll
    for (int u = 0; u < U; ++u) {
#pragma unroll
      for (int j = 0; j < CH; ++j) {
#pragma unroll
        for (int i = 0; i < VEC; ++i) acc[j][i] = fmaf(w[u], to_float(v[u][j].e[i]), acc[j][i]);
      }
    }
  }
  for (; e < end; e += stride) {
    Pack<T, VEC> v[CH];
    const float w = weight ? weight[e] : 1.f;
    load_tile<T, VEC, G, CH>(values + src[e] * dim, tile_base, nv, lane_g, v);
#pragma unroll
    for (int j = 0; j < CH; ++j) {
#pragma unroll
      for (int i = 0; i < VEC; ++i) acc[j][i] = fmaf(w, to_float(v[j].e[i]), acc[j][i]);
    }
  }
}

template <int CH, int VEC>
__device__ __forceinline__ void zero(float (&acc)[CH][VEC]) {
#pragma unroll
  for (int j = 0; j < CH; ++j) {
#pragma unroll
    for (int i = 0; i < VEC; ++i) acc[j][i] = 0.f;
  }
}

// Segment s summed by all threads of the block (every thread must call it); warp_sums: one tile per warp.
template <typename T, int VEC, int G, int CH>
__device__ __forceinline__ void block_sum_segment(int64_t s, const int64_t* __restrict__ offsets,
                                                  const int64_t* __restrict__ target,
                                                  const int64_t* __restrict__ src,
                                                  const float* __restrict__ weight,
                                                  const T* __restrict__ values, int64_t dim,
                                                  T* __restrict__ out, float (*warp_sums)[G * CH * VEC]) {
  constexpr int kGroups = kBlockThreads / G;
  constexpr int kTile = G * CH;
  const int group = threadIdx.x / G, lane_g = threadIdx.x % G;
  const int warp = threadIdx.x / kWarpSize, lane = threadIdx.x % kWarpSize;
  const int64_t nv = dim / VEC;
  const int64_t n_tiles = kMultiTile<VEC, G, CH> ? (nv + kTile - 1) / kTile : 1;
  const int64_t beg = offsets[s], end = offsets[s + 1];
  T* dst = out + target[s] * dim;
  for (int64_t t = 0; t < n_tiles; ++t) {
    const int64_t tb = t * kTile;
    float acc[CH][VEC];
    zero(acc);
    accumulate_entries<T, VEC, G, CH>(beg + group, end, kGroups, src, weight, values, dim, tb, nv, lane_g,
                                      acc);
#pragma unroll
    for (int j = 0; j < CH; ++j) {
#pragma unroll
      for (int i = 0; i < VEC; ++i) acc[j][i] = cross_group_sum<G>(acc[j][i]);
    }
    if (lane < G) {  // after the butterfly every group holds the warp's sum; the first one stores it
#pragma unroll
      for (int j = 0; j < CH; ++j) {
#pragma unroll
        for (int i = 0; i < VEC; ++i) warp_sums[warp][(j * G + lane_g) * VEC + i] = acc[j][i];
      }
    }
    __syncthreads();
    // Element p of the tile is column tb * VEC + p of the row: slot j * G + l holds pack tb + j * G + l.
    for (int p = threadIdx.x; p < kTile * VEC; p += kBlockThreads) {
      const int64_t col = tb * VEC + p;
      if (col < dim) {
        float sum = 0.f;
#pragma unroll
        for (int w = 0; w < kWarpsPerBlock; ++w) sum += warp_sums[w][p];
        dst[col] = from_float<T>(sum);
      }
    }
    __syncthreads();  // warp_sums is rewritten by the next tile or segment
  }
}

template <typename T, int VEC, int G, int CH>
__global__ void __launch_bounds__(kBlockThreads, (kMinBlocks<VEC, G, CH>))
    segment_rows_kernel(int64_t n_segments, const int64_t* __restrict__ offsets,
                        const int64_t* __restrict__ target, const int64_t* __restrict__ src,
                        const float* __restrict__ weight, const T* __restrict__ values, int64_t dim,
                        T* __restrict__ out) {
  constexpr int kGroups = kBlockThreads / G;
  constexpr int kTile = G * CH;
  __shared__ float warp_sums[kWarpsPerBlock][kTile * VEC];
  __shared__ bool long_segment[kGroups];
  const int group = threadIdx.x / G, lane_g = threadIdx.x % G;
  const int64_t nv = dim / VEC;
  const int64_t n_tiles = kMultiTile<VEC, G, CH> ? (nv + kTile - 1) / kTile : 1;

  // The loop bounds depend on the block only, so every thread reaches the barriers inside.
  for (int64_t base = static_cast<int64_t>(blockIdx.x) * kGroups; base < n_segments;
       base += static_cast<int64_t>(gridDim.x) * kGroups) {
    const int64_t s = base + group;
    bool is_long = false;
    if (s < n_segments) {
      const int64_t beg = offsets[s], end = offsets[s + 1];
      is_long = end - beg > kLongSegment;
      if (!is_long) {
        T* dst = out + target[s] * dim;
        for (int64_t t = 0; t < n_tiles; ++t) {
          float acc[CH][VEC];
          zero(acc);
          accumulate_entries<T, VEC, G, CH>(beg, end, 1, src, weight, values, dim, t * kTile, nv, lane_g,
                                            acc);
          store_tile<T, VEC, G, CH>(dst, t * kTile, nv, lane_g, acc, 1.f);
        }
      }
    }
    if (lane_g == 0) long_segment[group] = is_long;
    if (__syncthreads_or(is_long)) {  // the barrier also publishes long_segment
      for (int j = 0; j < kGroups; ++j) {
        if (long_segment[j]) {
          block_sum_segment<T, VEC, G, CH>(base + j, offsets, target, src, weight, values, dim, out,
                                           warp_sums);
        }
      }
      __syncthreads();  // long_segment is rewritten by the next iteration
    }
  }
}

}  // namespace

template <typename T>
cudaError_t segment_weighted_rows(int64_t n_segments, const int64_t* offsets, const int64_t* target,
                                  const int64_t* src, const float* weight, const T* values, int64_t dim,
                                  T* out, cudaStream_t stream) {
  if (n_segments < 0 || dim < 1) return cudaErrorInvalidValue;
  if (n_segments == 0) return cudaSuccess;
  // src, weight and values may be null when there are no entries (empty tensors).
  if (!offsets || !target || !out) return cudaErrorInvalidValue;
  const bool vector_ok = dim % kVec16<T> == 0 && all_aligned16(values, out);
  return dispatch_vec<T>(vector_ok, [&](auto vec) {
    constexpr int VEC = decltype(vec)::value;
    return dispatch_row_layout<VEC>(dim / VEC, [&](auto g, auto ch) {
      constexpr int G = decltype(g)::value;
      constexpr int CH = decltype(ch)::value;
      segment_rows_kernel<T, VEC, G, CH>
          <<<grid_blocks(n_segments, kBlockThreads / G), kBlockThreads, 0, stream>>>(
              n_segments, offsets, target, src, weight, values, dim, out);
      return cudaGetLastError();
    });
  });
}

#define EMOREC_INSTANTIATE_SEGMENT_ROWS(T)                                                               \
  template cudaError_t segment_weighted_rows<T>(int64_t, const int64_t*, const int64_t*, const int64_t*, \
                                                const float*, const T*, int64_t, T*, cudaStream_t);

EMOREC_INSTANTIATE_SEGMENT_ROWS(float)
EMOREC_INSTANTIATE_SEGMENT_ROWS(__half)
EMOREC_INSTANTIATE_SEGMENT_ROWS(__nv_bfloat16)

#undef EMOREC_INSTANTIATE_SEGMENT_ROWS

}  // namespace emorec::kernels::cuda
