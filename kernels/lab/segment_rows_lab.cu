// Kernel lab: segmented weighted row sums (kernels/cuda/segment_rows.cuh), the atomic-free scatter-add behind
// the fused operators' table gradients, against a plain C++ reference (double sums over the values the
// storage holds).
//
//   lab_segment_rows [--quick] [--json FILE]
//
// Always: the reference's self-test (a case worked by hand). With a CUDA device: the sweep (fp32, fp16, bf16;
// D from 1 to 256, which selects the kernel's row layouts, and data off 16-byte alignment, which selects its
// scalar path; weights given or all ones; segment lengths uniform in 0..8, skewed (a few segments longer
// than the kernel's 64-entry threshold, summed by a whole block), all entries reading one row, and every
// segment empty), checking the targeted rows and that no other row of `out` was touched; then the timing of
// a KGCN table gradient (524,288 entries into a 1M-row table) in GB/s and as a fraction of the copy
// bandwidth measured here. --quick stops after the self-test. Exit 1 when any check fails.
//
// The kernel takes no row count for `src` or `target`, so it cannot check their range: the operators check
// them on the host before the call (src/ops/check.h); the lab has no out-of-range case for it.
#include <cstdio>
#include <string>
#include <vector>

#include "cuda/segment_rows.cuh"
#include "lab.h"

namespace emorec::lab {
namespace {

// Segment lengths: uniform in 0..8 (some empty), skewed (most short, one in 16 between 65 and 700: the
// block path), one source row for every entry, or every segment empty.
enum class Lengths { kUniform, kSkewed, kOneSource, kAllEmpty };
const char* lengths_name(Lengths l) {
  switch (l) {
    case Lengths::kUniform: return "lengths 0-8";
    case Lengths::kSkewed: return "skewed lengths (some > 64)";
    case Lengths::kOneSource: return "one source row";
    default: return "all segments empty";
  }
}

struct Inputs {
  int64_t segments = 0, dim = 0, value_rows = 0, out_rows = 0;
  std::vector<int64_t> offsets, target, src;
  std::vector<float> weight;  // empty: all ones
  std::vector<float> values;  // [value_rows, dim], as the storage holds them
  std::vector<float> out0;    // out before the call [out_rows, dim]
  int64_t longest() const {
    int64_t m = 0;
    for (int64_t s = 0; s < segments; ++s) m = std::max(m, offsets[s + 1] - offsets[s]);
    return m;
  }
};

// out after the call: targeted rows are the weighted sums (0 for an empty segment), the others as before.
std::vector<double> reference(const Inputs& in) {
  std::vector<double> out(in.out0.begin(), in.out0.end());
  for (int64_t s = 0; s < in.segments; ++s) {
    double* row = out.data() + in.target[s] * in.dim;
    for (int64_t d = 0; d < in.dim; ++d) row[d] = 0;
    for (int64_t e = in.offsets[s]; e < in.offsets[s + 1]; ++e) {
      const double w = in.weight.empty() ? 1.0 : in.weight[e];
      const float* v = in.values.data() + in.src[e] * in.dim;
      for (int64_t d = 0; d < in.dim; ++d) row[d] += w * v[d];
    }
  }
  return out;
}

bool self_test(Report& report) {
  // Two segments into rows 2 and 0 of a 3-row out: row 2 = 0.5 * [1, 2] + 2 * [3, 4] = [6.5, 9]; row 0 is an
  // empty segment (zeros); row 1 is not targeted and keeps [7, 7].
  Inputs in;
  in.segments = 2, in.dim = 2, in.value_rows = 2, in.out_rows = 3;
  in.offsets = {0, 2, 2};
  in.target = {2, 0};
  in.src = {0, 1};
  in.weight = {0.5f, 2.f};
  in.values = {1, 2, 3, 4};
  in.out0 = {9, 9, 7, 7, 9, 9};
  const auto got = reference(in);
  std::vector<float> g(got.begin(), got.end());
  report.check("self-test: hand-worked segments (one weighted, one empty, one row untouched)",
               compare(g, {0, 0, 7, 7, 6.5, 9}, {1e-9, 0}));
  return report.failed() == 0;
}

template <typename T>
Inputs make_case(Rng& rng, int64_t segments, int64_t dim, Lengths lengths, bool weighted, std::vector<T>& values_t,
                 std::vector<T>& out_t) {
  Inputs in;
  in.segments = segments, in.dim = dim;
  in.offsets.assign(1, 0);
  for (int64_t s = 0; s < segments; ++s) {
    int64_t len = 0;
    if (lengths == Lengths::kUniform || lengths == Lengths::kOneSource) len = rng.below(9);
    if (lengths == Lengths::kSkewed) len = rng.below(16) == 0 ? 65 + rng.below(636) : rng.below(5);
    in.offsets.push_back(in.offsets.back() + len);
  }
  const int64_t entries = in.offsets.back();
  in.value_rows = std::max<int64_t>(entries, 16);
  in.out_rows = 2 * segments + 5;  // targets are distinct rows; the others must stay as they were
  std::vector<int64_t> rows(in.out_rows);
  for (int64_t r = 0; r < in.out_rows; ++r) rows[r] = r;
  for (int64_t r = in.out_rows - 1; r > 0; --r) std::swap(rows[r], rows[rng.below(r + 1)]);
  in.target.assign(rows.begin(), rows.begin() + segments);
  in.src = lengths == Lengths::kOneSource ? std::vector<int64_t>(entries, in.value_rows / 2)
                                          : random_indices(rng, entries, in.value_rows, Pattern::kUniform);
  if (weighted) {
    in.weight.resize(entries);
    for (auto& w : in.weight) w = static_cast<float>(rng.uniform() * 2 - 1);
  }
  values_t = random_values<T>(rng, in.value_rows * dim, in.values);
  out_t = random_values<T>(rng, in.out_rows * dim, in.out0);
  return in;
}

template <typename T>
void check_case(Report& report, Rng& rng, int64_t dim, Lengths lengths, bool weighted, size_t offset) {
  std::vector<T> values_t, out_t;
  const Inputs in = make_case<T>(rng, 97, dim, lengths, weighted, values_t, out_t);
  DeviceBuffer<int64_t> offsets(in.offsets), target(in.target), src(in.src);
  DeviceBuffer<float> weight(in.weight);
  DeviceBuffer<T> values(values_t, offset), out(out_t, offset);
  LAB_CUDA(kernels::cuda::segment_weighted_rows<T>(in.segments, offsets.p, target.p, src.p,
                                                   weighted ? weight.p : nullptr, values.p, dim, out.p,
                                                   nullptr));
  LAB_CUDA(cudaDeviceSynchronize());
  // The kernel sums in float in a fixed order; over a segment of L entries that is up to L roundings of a
  // running sum (relative 2^-24 each), so the fp32 absolute tolerance grows with the square root of the
  // longest segment (about the typical growth of L random roundings). fp16 and bf16 are dominated by the one
  // rounding of the output.
  Tolerance tol = tolerance_for<T>();
  tol.atol *= std::max(1.0, std::sqrt(static_cast<double>(in.longest())));
  const std::string name = std::string(type_name<T>()) + " D=" + std::to_string(dim) + " " +
                           lengths_name(lengths) + (weighted ? " weighted" : " unweighted") +
                           (offset ? " unaligned" : "");
  report.check(name + ": out (targeted rows and untouched rows)", compare(out.host(), reference(in), tol));
}

template <typename T>
void sweep(Report& report) {
  Rng rng(11);
  for (int64_t dim : {1, 3, 8, 64, 100, 256}) {
    for (Lengths l : {Lengths::kUniform, Lengths::kSkewed, Lengths::kOneSource, Lengths::kAllEmpty}) {
      for (bool weighted : {true, false}) check_case<T>(report, rng, dim, l, weighted, 0);
    }
    check_case<T>(report, rng, dim, Lengths::kUniform, true, 1);
    check_case<T>(report, rng, dim, Lengths::kSkewed, true, 1);
  }
}

// A table gradient of KGCN's aggregation at the goal shape: 65,536 rows x K = 8 slots, each slot's gradient
// row (values, [entries, dim]) weighted and summed into the table row it read; uniform reads of a 1M-row
// table give about 412,000 distinct rows (1M x (1 - e^-0.5)), skewed reads fewer and longer segments.
template <typename T>
void time_case(Report& report, Timer& timer, double copy_gbs, int64_t dim, Pattern pattern) {
  Rng rng(5);
  const int64_t entries = 65536 * 8, table = 1 << 20;
  auto rows = random_indices(rng, entries, table, pattern);
  std::vector<int64_t> order(entries);
  for (int64_t e = 0; e < entries; ++e) order[e] = e;
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return rows[a] < rows[b]; });
  std::vector<int64_t> offsets{0}, target, src(order);
  for (int64_t i = 0; i < entries; ++i) {
    if (i > 0 && rows[order[i]] != rows[order[i - 1]]) offsets.push_back(i);
    if (i == 0 || rows[order[i]] != rows[order[i - 1]]) target.push_back(rows[order[i]]);
  }
  offsets.push_back(entries);
  const auto segments = static_cast<int64_t>(target.size());
  std::vector<float> f, weight_h(entries);
  for (auto& w : weight_h) w = static_cast<float>(rng.uniform());
  DeviceBuffer<int64_t> offsets_d(offsets), target_d(target), src_d(src);
  DeviceBuffer<float> weight(weight_h);
  DeviceBuffer<T> values(random_values<T>(rng, entries * dim, f)), out(static_cast<size_t>(table * dim));
  const double t = sizeof(T);
  // At least: every entry's value row, source index and weight; every segment's offsets, target and row.
  const double bytes = entries * (dim * t + 8.0 + 4.0) + segments * (dim * t + 16.0);
  const double ms = timer.median_ms([&] {
    LAB_CUDA(kernels::cuda::segment_weighted_rows<T>(segments, offsets_d.p, target_d.p, src_d.p, weight.p,
                                                     values.p, dim, out.p, nullptr));
  });
  report.time(std::string(type_name<T>()) + " entries=" + std::to_string(entries) +
                  " segments=" + std::to_string(segments) + " D=" + std::to_string(dim) + " " +
                  pattern_name(pattern),
              ms, bytes, copy_gbs);
}

}  // namespace
}  // namespace emorec::lab

int main(int argc, char** argv) {
  using namespace emorec::lab;
  LabProgram program;
  program.self_test = self_test;
  program.sweep = [](Report& report) {
    for_each_storage_type([&](auto t) { sweep<decltype(t)>(report); });
  };
  program.time = [](Report& report, Timer& timer, double copy) {
    time_case<float>(report, timer, copy, 64, Pattern::kUniform);
    time_case<float>(report, timer, copy, 64, Pattern::kSkewed);
    time_case<__half>(report, timer, copy, 64, Pattern::kUniform);
    time_case<__nv_bfloat16>(report, timer, copy, 64, Pattern::kUniform);
    time_case<float>(report, timer, copy, 16, Pattern::kUniform);
  };
  return run_lab(argc, argv, program);
}
