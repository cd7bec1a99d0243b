// Neighbour aggregation on the GPU: the fused forward and the per-row backward of neighbor_aggregate.cuh.
// Thread mapping: a group of G lanes per row n (G from D and the pack width, see dispatch_row_layout), 32/G
// rows per warp, 8 warps per block, grid-stride over warps. Lane l of a group holds packs l, l+G, ... of a
// D-vector, so dot products are a per-lane partial sum plus a shuffle reduction over the group. Lanes of rows
// past N work on row N-1 and store nothing: every shuffle then sees the whole warp.
// Forward: a single pass over k with an online softmax (running max, rescaled total and accumulator in
// registers); the raw scores are parked in attn and normalised at the end by the lane that wrote them. Rows
// wider than one tile (32 lanes * kMaxChunks packs) repeat the pass per tile and recompute the scores.
// Backward: pass 1 over k forms da[n,k] and t = sum_k a*da (and the dense x gradient); pass 2, one lane per
// row, turns the parked da into grad_dot and adds it into grad_user_rel.
#include "cuda/neighbor_aggregate.cuh"

#include "cuda/common.cuh"

namespace emorec::kernels::cuda {
namespace {

constexpr int kWarpsPerBlock = kBlockThreads / kWarpSize;

// Neighbours per step of the k loop. With one pack per lane and row, two neighbours per step keep two
// independent row loads in flight; wider rows already issue CH loads per lane and would only add registers.
template <int CH>
constexpr int kNeighbourStep = CH == 1 ? 2 : 1;

// Blocks per SM asked of the register allocator (__launch_bounds__): without it ptxas sometimes spills a few
// bytes to reach a higher occupancy than these memory-bound kernels need; the widest layout needs up to 128
// registers per thread.
template <int VEC, int G, int CH>
constexpr int kMinBlocks = kMultiTile<VEC, G, CH> ? 2 : 3;

template <typename T, int VEC, int CH>
__device__ __forceinline__ float pack_dot(const Pack<T, VEC> (&a)[CH], const Pack<T, VEC> (&b)[CH]) {
  float s = 0.f;
#pragma unroll
  for (int j = 0; j < CH; ++j) {
#pragma unroll
    for (int i = 0; i < VEC; ++i) s = fmaf(to_float(a[j].e[i]), to_float(b[j].e[i]), s);
  }
  return s;
}

// <a, b> over a whole row, reduced over the group (all 32 lanes must call it). a0 and b0 hold tile 0 of the
// two rows already; further tiles, if any, are read from a and b.
template <typename T, int VEC, int G, int CH>
__device__ __forceinline__ float row_dot(const Pack<T, VEC> (&a0)[CH], const Pack<T, VEC> (&b0)[CH],
                                         const T* a, const T* b, int64_t nv, int lane_g) {
  constexpr int kTile = G * CH;
  float part = pack_dot<T, VEC, CH>(a0, b0);
  if constexpr (kMultiTile<VEC, G, CH>) {
#pragma unroll 1
    for (int64_t tb = kTile; tb < nv; tb += kTile) {
      Pack<T, VEC> pa[CH], pb[CH];
      load_tile<T, VEC, G, CH>(a, tb, nv, lane_g, pa);
      load_tile<T, VEC, G, CH>(b, tb, nv, lane_g, pb);
      part += pack_dot<T, VEC, CH>(pa, pb);
    }
  }
  return group_sum<G>(part);
}

// dst[c] = scale * src[c] for this lane's packs of one tile.
template <typename T, int VEC, int G, int CH>
__device__ __forceinline__ void store_scaled_tile(T* dst, int64_t tile_base, const Pack<T, VEC> (&src)[CH],
                                                  float scale, int64_t nv, int lane_g) {
#pragma unroll
  for (int j = 0; j < CH; ++j) {
    const int64_t c = tile_base + j * G + lane_g;
    if (c < nv) {
      Pack<T, VEC> pk;
#pragma unroll
      for (int i = 0; i < VEC; ++i) pk.e[i] = from_float<T>(scale * to_float(src[j].e[i]));
      store_pack<T, VEC>(dst + c * VEC, pk);
    }
  }
}

// dst = scale * src over a whole row; src0 holds tile 0 of src already.
template <typename T, int VEC, int G, int CH>
__device__ __forceinline__ void store_scaled_row(T* dst, const Pack<T, VEC> (&src0)[CH], const T* src,
                                                 float scale, int64_t nv, int lane_g) {
  constexpr int kTile = G * CH;
  store_scaled_tile<T, VEC, G, CH>(dst, 0, src0, scale, nv, lane_g);
  if constexpr (kMultiTile<VEC, G, CH>) {
#pragma unroll 1
    for (int64_t tb = kTile; tb < nv; tb += kTile) {
      Pack<T, VEC> p[CH];
      load_tile<T, VEC, G, CH>(src, tb, nv, lane_g, p);
      store_scaled_tile<T, VEC, G, CH>(dst, tb, p, scale, nv, lane_g);
    }
  }
}

// One step of the online softmax: folds score s and its row x into the running max m, the total
// sum_k exp(s_k - m) and acc = sum_k exp(s_k - m) * x_k.
template <typename T, int VEC, int CH>
__device__ __forceinline__ void online_softmax_step(float s, const Pack<T, VEC> (&x)[CH], float& m,
                                                    float& total, float (&acc)[CH][VEC]) {
  if (s > m) {
    // New maximum: rescale what was summed so far. Before the first finite score m = -inf, so c = 0.
    const float c = expf(m - s);
    total = fmaf(total, c, 1.f);
#pragma unroll
    for (int j = 0; j < CH; ++j) {
#pragma unroll
      for (int i = 0; i < VEC; ++i) acc[j][i] = fmaf(acc[j][i], c, to_float(x[j].e[i]));
    }
    m = s;
  } else {
    // s = m = -inf would give exp(NaN); a -inf score weighs nothing.
    const float p = s == -INFINITY ? 0.f : expf(s - m);
    total += p;
#pragma unroll
    for (int j = 0; j < CH; ++j) {
#pragma unroll
      for (int i = 0; i < VEC; ++i) acc[j][i] = fmaf(p, to_float(x[j].e[i]), acc[j][i]);
    }
  }
}

// The warps of a grid-stride walk over rows, 32/G rows per warp: w = first, first + stride, ... < end. The
// bounds are uniform per warp, so all its lanes run the same iterations.
struct WarpWalk {
  int64_t first, end, stride;
};

template <int G>
__device__ __forceinline__ WarpWalk row_warps(int64_t rows) {
  constexpr int kRowsPerWarp = kWarpSize / G;
  return {static_cast<int64_t>(blockIdx.x) * kWarpsPerBlock + threadIdx.x / kWarpSize,
          (rows + kRowsPerWarp - 1) / kRowsPerWarp, static_cast<int64_t>(gridDim.x) * kWarpsPerBlock};
}

template <typename T, int VEC, int G, int CH>
__global__ void __launch_bounds__(kBlockThreads, (kMinBlocks<VEC, G, CH>))
    forward_kernel(const NeighborAggregateArgs args, const T* __restrict__ user,
                   const T* __restrict__ rel_table, const float* __restrict__ user_rel,
                   const int64_t* __restrict__ rel_idx, const T* __restrict__ x,
                   const int64_t* __restrict__ x_idx, T* __restrict__ out, float* __restrict__ attn) {
  using P = Pack<T, VEC>;
  constexpr int kTile = G * CH;
  constexpr int kStep = kNeighbourStep<CH>;
  const int64_t K = args.k, D = args.dim, nv = D / VEC;
  const int64_t n_tiles = kMultiTile<VEC, G, CH> ? (nv + kTile - 1) / kTile : 1;
  const int lane_g = threadIdx.x % G;
  const int row_in_warp = (threadIdx.x % kWarpSize) / G;

  const WarpWalk walk = row_warps<G>(args.rows);
  for (int64_t w = walk.first; w < walk.end; w += walk.stride) {
    const int64_t row = w * (kWarpSize / G) + row_in_warp;
    const bool active = row < args.rows;
    const int64_t n = active ? row : args.rows - 1;
    const int64_t b = n / args.rows_per_user;
    const int64_t* rel_n = rel_idx + n * K;
    const int64_t* x_idx_n = x_idx ? x_idx + n * K : nullptr;
    float* attn_n = attn + n * K;
    const T* u = user_rel ? nullptr : user + b * D;
    P u0[CH];
    if (u) {
      load_tile<T, VEC, G, CH>(u, 0, nv, lane_g, u0);
    } else {
#pragma unroll
      for (int j = 0; j < CH; ++j) u0[j] = zero_pack<T, VEC>();
    }

    auto neighbour = [&](int64_t k) {
      if (!x_idx_n) return x + (n * K + k) * D;
      const int64_t row = x_idx_n[k];
      EMOREC_KERNEL_ASSERT(row >= 0 && row < args.x_rows);
      return x + row * D;
    };
    auto score = [&](int64_t k) -> float {
      const int64_t rel = rel_n[k];
      EMOREC_KERNEL_ASSERT(rel >= 0 && rel < args.n_rel);
      if (user_rel) return __ldg(user_rel + b * args.n_rel + rel) * args.score_scale;
      const T* r = rel_table + rel * D;
      P r0[CH];
      load_tile<T, VEC, G, CH>(r, 0, nv, lane_g, r0);
      return row_dot<T, VEC, G, CH>(u0, r0, u, r, nv, lane_g) * args.score_scale;
    };

    for (int64_t t = 0; t < n_tiles; ++t) {
      const int64_t tb = t * kTile;
      const bool record = active && lane_g == 0 && t == 0;  // this lane owns attn[n,:]
      float acc[CH][VEC];
#pragma unroll
      for (int j = 0; j < CH; ++j) {
#pragma unroll
        for (int i = 0; i < VEC; ++i) acc[j][i] = 0.f;
      }
      float m = -INFINITY, total = 0.f;
      for (int64_t k0 = 0; k0 < K; k0 += kStep) {
        const int steps = K - k0 < kStep ? 1 : kStep;  // the last step may hold one neighbour only
        P xs[kStep][CH];
        float sc[kStep];
#pragma unroll
        for (int s = 0; s < kStep; ++s) {
          if (s < steps) load_tile<T, VEC, G, CH>(neighbour(k0 + s), tb, nv, lane_g, xs[s]);
        }
#pragma unroll
        for (int s = 0; s < kStep; ++s) {
          if (s < steps) sc[s] = score(k0 + s);
        }
#pragma unroll
        for (int s = 0; s < kStep; ++s) {
          if (s < steps) {
            if (record) attn_n[k0 + s] = sc[s];
            online_softmax_step<T, VEC, CH>(sc[s], xs[s], m, total, acc);
          }
        }
      }
      // The same lane wrote the raw scores above: no barrier needed to read them back.
      if (record) {
        for (int64_t j = 0; j < K; ++j) attn_n[j] = expf(attn_n[j] - m) / total;
      }
      if (active) store_tile<T, VEC, G, CH>(out + n * D, tb, nv, lane_g, acc, args.reduce_scale / total);
    }
  }
}

template <typename T, int VEC, int G, int CH>
__global__ void __launch_bounds__(kBlockThreads, (kMinBlocks<VEC, G, CH>))
    backward_rows_kernel(const NeighborAggregateArgs args, const T* __restrict__ grad_out,
                         const T* __restrict__ x, const int64_t* __restrict__ x_idx,
                         const float* __restrict__ attn, const int64_t* __restrict__ rel_idx,
                         float* __restrict__ grad_dot, T* __restrict__ grad_x_dense,
                         float* __restrict__ grad_user_rel) {
  using P = Pack<T, VEC>;
  constexpr int kStep = kNeighbourStep<CH>;
  const int64_t K = args.k, D = args.dim, nv = D / VEC;
  const int lane_g = threadIdx.x % G;
  const int row_in_warp = (threadIdx.x % kWarpSize) / G;
  const bool dense = x_idx == nullptr && grad_x_dense != nullptr;

  const WarpWalk walk = row_warps<G>(args.rows);
  for (int64_t w = walk.first; w < walk.end; w += walk.stride) {
    const int64_t row = w * (kWarpSize / G) + row_in_warp;
    const bool active = row < args.rows;
    const int64_t n = active ? row : args.rows - 1;
    const bool lead = active && lane_g == 0;  // this lane owns grad_dot[n,:]
    const T* g = grad_out + n * D;
    const float* attn_n = attn + n * K;
    float* grad_dot_n = grad_dot + n * K;
    const int64_t* x_idx_n = x_idx ? x_idx + n * K : nullptr;
    P g0[CH];
    load_tile<T, VEC, G, CH>(g, 0, nv, lane_g, g0);

    auto neighbour = [&](int64_t k) {
      if (!x_idx_n) return x + (n * K + k) * D;
      const int64_t row = x_idx_n[k];
      EMOREC_KERNEL_ASSERT(row >= 0 && row < args.x_rows);
      return x + row * D;
    };
    float t_sum = 0.f;  // sum_k a_k * da_k, identical on all lanes of the group
    auto pass1 = [&](int64_t k, float a, const T* xk, const P(&x0)[CH]) {
      const float da = args.reduce_scale * row_dot<T, VEC, G, CH>(g0, x0, g, xk, nv, lane_g);
      t_sum = fmaf(a, da, t_sum);
      if (lead) grad_dot_n[k] = da;  // parked until t is known
      if (dense && active)
        store_scaled_row<T, VEC, G, CH>(grad_x_dense + (n * K + k) * D, g0, g, args.reduce_scale * a, nv,
                                        lane_g);
    };

    for (int64_t k0 = 0; k0 < K; k0 += kStep) {
      const int steps = K - k0 < kStep ? 1 : kStep;  // the last step may hold one neighbour only
      P xs[kStep][CH];
      float a[kStep];
      const T* x_rows[kStep];
#pragma unroll
      for (int s = 0; s < kStep; ++s) {
        if (s < steps) {
          a[s] = __ldg(attn_n + k0 + s);
          x_rows[s] = neighbour(k0 + s);
          load_tile<T, VEC, G, CH>(x_rows[s], 0, nv, lane_g, xs[s]);
        }
      }
#pragma unroll
      for (int s = 0; s < kStep; ++s) {
        if (s < steps) pass1(k0 + s, a[s], x_rows[s], xs[s]);
      }
    }

    // Pass 2 by the lane that parked da: no barrier needed.
    if (lead) {
      const int64_t b = n / args.rows_per_user;
      for (int64_t j = 0; j < K; ++j) {
        const float gd = args.score_scale * __ldg(attn_n + j) * (grad_dot_n[j] - t_sum);
        grad_dot_n[j] = gd;
        if (grad_user_rel) {
          const int64_t rel = rel_idx[n * K + j];
          EMOREC_KERNEL_ASSERT(rel >= 0 && rel < args.n_rel);
          atomicAdd(grad_user_rel + b * args.n_rel + rel, gd);
        }
      }
    }
  }
}

bool valid_shape(const NeighborAggregateArgs& a) {
  return a.rows >= 0 && a.k >= 1 && a.dim >= 1 && a.rows_per_user >= 1 && a.rows % a.rows_per_user == 0 &&
         a.n_rel >= 0;
}

// Blocks for N rows at G lanes per row.
template <int G>
unsigned row_blocks(int64_t rows) {
  return grid_blocks(rows, int64_t{kWarpsPerBlock} * (kWarpSize / G));
}

}  // namespace

template <typename T>
cudaError_t neighbor_aggregate_forward(const NeighborAggregateArgs& args, const T* user, const T* rel_table,
                                       const float* user_rel, const int64_t* rel_idx, const T* x,
                                       const int64_t* x_idx, T* out, float* attn, cudaStream_t stream) {
  if (!valid_shape(args)) return cudaErrorInvalidValue;
  if (args.rows == 0) return cudaSuccess;
  if (!rel_idx || !x || !out || !attn) return cudaErrorInvalidValue;
  if (user_rel ? args.n_rel < 1 : (!user || !rel_table)) return cudaErrorInvalidValue;
  // user and rel_table are read in packs only on the dot-product path.
  const T* packed_user = user_rel ? nullptr : user;
  const T* packed_rel = user_rel ? nullptr : rel_table;
  const bool vector_ok = args.dim % kVec16<T> == 0 && all_aligned16(packed_user, packed_rel, x, out);
  return dispatch_vec<T>(vector_ok, [&](auto vec) {
    constexpr int VEC = decltype(vec)::value;
    return dispatch_row_layout<VEC>(args.dim / VEC, [&](auto g, auto ch) {
      constexpr int G = decltype(g)::value;
      constexpr int CH = decltype(ch)::value;
      forward_kernel<T, VEC, G, CH><<<row_blocks<G>(args.rows), kBlockThreads, 0, stream>>>(
          args, user, rel_table, user_rel, rel_idx, x, x_idx, out, attn);
      return cudaGetLastError();
    });
  });
}

template <typename T>
cudaError_t neighbor_aggregate_backward_rows(const NeighborAggregateArgs& args, const T* grad_out, const T* x,
                                             const int64_t* x_idx, const float* attn, const int64_t* rel_idx,
                                             float* grad_dot, T* grad_x_dense, float* grad_user_rel,
                                             cudaStream_t stream) {
  if (!valid_shape(args)) return cudaErrorInvalidValue;
  if (args.rows == 0) return cudaSuccess;
  if (!grad_out || !x || !attn || !grad_dot) return cudaErrorInvalidValue;
  if (grad_user_rel && (!rel_idx || args.n_rel < 1)) return cudaErrorInvalidValue;
  const T* packed_dense = x_idx ? nullptr : grad_x_dense;  // written only in the dense form
  const bool vector_ok = args.dim % kVec16<T> == 0 && all_aligned16(grad_out, x, packed_dense);
  return dispatch_vec<T>(vector_ok, [&](auto vec) {
    constexpr int VEC = decltype(vec)::value;
    return dispatch_row_layout<VEC>(args.dim / VEC, [&](auto g, auto ch) {
      constexpr int G = decltype(g)::value;
      constexpr int CH = decltype(ch)::value;
      backward_rows_kernel<T, VEC, G, CH><<<row_blocks<G>(args.rows), kBlockThreads, 0, stream>>>(
          args, grad_out, x, x_idx, attn, rel_idx, grad_dot, grad_x_dense, grad_user_rel);
      return cudaGetLastError();
    });
  });
}

#define EMOREC_INSTANTIATE_NEIGHBOR_AGGREGATE(T)                                                             \
  template cudaError_t neighbor_aggregate_forward<T>(const NeighborAggregateArgs&, const T*, const T*,       \
                                                     const float*, const int64_t*, const T*, const int64_t*, \
                                                     T*, float*, cudaStream_t);                              \
  template cudaError_t neighbor_aggregate_backward_rows<T>(const NeighborAggregateArgs&, const T*, const T*, \
                                                           const int64_t*, const float*, const int64_t*,     \
                                                           float*, T*, float*, cudaStream_t);

EMOREC_INSTANTIATE_NEIGHBOR_AGGREGATE(float)
EMOREC_INSTANTIATE_NEIGHBOR_AGGREGATE(__half)
EMOREC_INSTANTIATE_NEIGHBOR_AGGREGATE(__nv_bfloat16)

#undef EMOREC_INSTANTIATE_NEIGHBOR_AGGREGATE

}  // namespace emorec::kernels::cuda
