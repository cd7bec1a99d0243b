// Device helpers shared by the CUDA kernels: T <-> float for the storage types (float, __half,
// __nv_bfloat16), 16-byte packed loads and stores, shuffle reductions over groups of G lanes, and the
// launch-side helpers (alignment test, capped grid size, row-layout dispatch, error propagation).
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cassert>
#include <cstdint>
#include <cstring>
#include <type_traits>

// Returns the cudaError_t of `expr` from the enclosing function when it is not cudaSuccess.
#define EMOREC_CUDA_RETURN_IF_ERROR(expr)               \
  do {                                                  \
    const cudaError_t emorec_err_ = (expr);             \
    if (emorec_err_ != cudaSuccess) return emorec_err_; \
  } while (0)

// A device-side assertion that stays on in release builds (as ATen's CUDA_KERNEL_ASSERT): a bad index
// stops the kernel with "Assertion ... failed" and the next CUDA call reports cudaErrorAssert, instead of
// reading or writing outside a table. One compare per index read; the host checks nothing for it.
#define EMOREC_KERNEL_ASSERT(cond)                                                     \
  do {                                                                                 \
    if (!(cond)) __assert_fail(#cond, __FILE__, static_cast<unsigned>(__LINE__), __func__); \
  } while (0)

namespace emorec::kernels::cuda {

constexpr int kWarpSize = 32;
constexpr unsigned kFullMask = 0xffffffffu;
constexpr int kBlockThreads = 256;
// Kernels loop grid-stride over their work, so the grid can be capped well below gridDim.x's limit.
constexpr int64_t kMaxBlocks = int64_t{1} << 20;

template <int N>
using IntC = std::integral_constant<int, N>;

// Elements of T in one 16-byte access: 4 floats, 8 halves or bfloat16s.
template <typename T>
constexpr int kVec16 = static_cast<int>(16 / sizeof(T));

// Conversions.

__device__ __forceinline__ float to_float(float v) {
  return v;
}
__device__ __forceinline__ float to_float(__half v) {
  return __half2float(v);
}
__device__ __forceinline__ float to_float(__nv_bfloat16 v) {
  return __bfloat162float(v);
}

template <typename T>
__device__ __forceinline__ T from_float(float v) {
  if constexpr (std::is_same_v<T, float>) {
    return v;
  } else if constexpr (std::is_same_v<T, __half>) {
    return __float2half_rn(v);
  } else {
    static_assert(std::is_same_v<T, __nv_bfloat16>, "T must be float, __half or __nv_bfloat16");
    return __float2bfloat16_rn(v);
  }
}

// Packed access.

// VEC consecutive elements of T in their storage form: one 16-byte register quad when VEC = kVec16<T>, a
// single element when VEC = 1. Kept packed until use so that 2-byte types take half the registers.
template <typename T, int VEC>
struct alignas(sizeof(T) * VEC) Pack {
  static_assert(VEC == 1 || sizeof(T) * VEC == 16, "a pack is one element or 16 bytes");
  T e[VEC];
};

template <typename T, int VEC>
__device__ __forceinline__ Pack<T, VEC> zero_pack() {
  Pack<T, VEC> p;
#pragma unroll
  for (int i = 0; i < VEC; ++i) p.e[i] = from_float<T>(0.f);
  return p;
}

// Read-only load (ld.global.nc): only for data that no thread of the running kernel writes. A 16-byte pack
// needs p 16-byte aligned.
template <typename T, int VEC>
__device__ __forceinline__ Pack<T, VEC> load_pack(const T* p) {
  Pack<T, VEC> r;
  if constexpr (VEC == 1) {
    r.e[0] = __ldg(p);
  } else {
    const uint4 raw = __ldg(reinterpret_cast<const uint4*>(p));
    memcpy(&r, &raw, sizeof(raw));
  }
  return r;
}

template <typename T, int VEC>
__device__ __forceinline__ void store_pack(T* p, const Pack<T, VEC>& v) {
  if constexpr (VEC == 1) {
    p[0] = v.e[0];
  } else {
    uint4 raw;
    memcpy(&raw, &v, sizeof(raw));
    *reinterpret_cast<uint4*>(p) = raw;
  }
}

// Float views of the above.
template <typename T, int VEC>
__device__ __forceinline__ void load_vec(const T* p, float (&v)[VEC]) {
  const Pack<T, VEC> pk = load_pack<T, VEC>(p);
#pragma unroll
  for (int i = 0; i < VEC; ++i) v[i] = to_float(pk.e[i]);
}

template <typename T, int VEC>
__device__ __forceinline__ void store_vec(T* p, const float (&v)[VEC]) {
  Pack<T, VEC> pk;
#pragma unroll
  for (int i = 0; i < VEC; ++i) pk.e[i] = from_float<T>(v[i]);
  store_pack<T, VEC>(p, pk);
}

// Group reductions.
// A warp is split into 32/G groups of G consecutive lanes (G a power of two <= 32). Every lane of the warp
// must call these together (the mask is the full warp); each lane gets the bitwise identical result, since
// the butterfly adds the same two operands on both partner lanes.

template <int G>
__device__ __forceinline__ float group_sum(float v) {
  static_assert(G >= 1 && G <= kWarpSize && (G & (G - 1)) == 0, "G must be a power of two <= 32");
#pragma unroll
  for (int offset = G / 2; offset > 0; offset /= 2) v += __shfl_xor_sync(kFullMask, v, offset, G);
  return v;
}

// Sum over the 32/G groups of a warp of the lanes at the same position in their group.
template <int G>
__device__ __forceinline__ float cross_group_sum(float v) {
  static_assert(G >= 1 && G <= kWarpSize && (G & (G - 1)) == 0, "G must be a power of two <= 32");
#pragma unroll
  for (int offset = kWarpSize / 2; offset >= G; offset /= 2) v += __shfl_xor_sync(kFullMask, v, offset);
  return v;
}

// Tiles of a row.
// A row of nv packs is read in tiles of G*CH packs; lane l of a group holds packs tile_base + j*G + l,
// j = 0..CH-1, so that a group's G lanes read G consecutive packs per step (coalesced).

template <typename T, int VEC, int G, int CH>
__device__ __forceinline__ void load_tile(const T* row, int64_t tile_base, int64_t nv, int lane_g,
                                          Pack<T, VEC> (&p)[CH]) {
#pragma unroll
  for (int j = 0; j < CH; ++j) {
    const int64_t c = tile_base + j * G + lane_g;
    p[j] = c < nv ? load_pack<T, VEC>(row + c * VEC) : zero_pack<T, VEC>();
  }
}

template <typename T, int VEC, int G, int CH>
__device__ __forceinline__ void store_tile(T* row, int64_t tile_base, int64_t nv, int lane_g,
                                           const float (&v)[CH][VEC], float scale) {
#pragma unroll
  for (int j = 0; j < CH; ++j) {
    const int64_t c = tile_base + j * G + lane_g;
    if (c < nv) {
      Pack<T, VEC> pk;
#pragma unroll
      for (int i = 0; i < VEC; ++i) pk.e[i] = from_float<T>(v[j][i] * scale);
      store_pack<T, VEC>(row + c * VEC, pk);
    }
  }
}

// Launch helpers (host).

inline bool aligned16(const void* p) {
  return reinterpret_cast<uintptr_t>(p) % 16 == 0;
}

// True when every pointer is 16-byte aligned; null pointers (unused operands) count as aligned.
template <typename... P>
bool all_aligned16(const P*... p) {
  return (aligned16(p) && ...);
}

// Blocks for `units` work units at `units_per_block` each, at least 1, capped (the kernels loop grid-stride).
inline unsigned grid_blocks(int64_t units, int64_t units_per_block) {
  int64_t blocks = (units + units_per_block - 1) / units_per_block;
  if (blocks < 1) blocks = 1;
  if (blocks > kMaxBlocks) blocks = kMaxBlocks;
  return static_cast<unsigned>(blocks);
}

// Calls f(IntC<VEC>) with the 16-byte width when `vector_ok`, else with 1.
template <typename T, typename F>
cudaError_t dispatch_vec(bool vector_ok, F&& f) {
  if (vector_ok) return f(IntC<kVec16<T>>{});
  return f(IntC<1>{});
}

// Most packs per lane in one tile: 4, but no more than 16 floats of accumulator per lane (2 packs of 8).
template <int VEC>
constexpr int kMaxChunks = VEC * 4 > 16 ? 16 / VEC : 4;

// Calls f(IntC<G>, IntC<CH>) for a row of nv packs of VEC elements: G lanes per row, the next power of two
// >= nv up to a full warp, then CH = 2 or kMaxChunks packs per lane; rows wider than 32 * kMaxChunks packs
// are processed in several tiles.
template <int VEC, typename F>
cudaError_t dispatch_row_layout(int64_t nv, F&& f) {
  if (nv <= 1) return f(IntC<1>{}, IntC<1>{});
  if (nv <= 2) return f(IntC<2>{}, IntC<1>{});
  if (nv <= 4) return f(IntC<4>{}, IntC<1>{});
  if (nv <= 8) return f(IntC<8>{}, IntC<1>{});
  if (nv <= 16) return f(IntC<16>{}, IntC<1>{});
  if (nv <= 32) return f(IntC<32>{}, IntC<1>{});
  if ((kMaxChunks<VEC>) > 2 && nv <= 64) return f(IntC<32>{}, IntC<2>{});
  return f(IntC<32>{}, IntC<kMaxChunks<VEC>>{});
}

// Whether a row laid out by dispatch_row_layout can span more than one tile: only in the widest layout, so
// the others compile without the multi-tile loops.
template <int VEC, int G, int CH>
constexpr bool kMultiTile = (G == kWarpSize) && (CH == kMaxChunks<VEC>);

}  // namespace emorec::kernels::cuda
