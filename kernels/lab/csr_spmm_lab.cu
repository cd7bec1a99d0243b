// Kernel lab: the CSR x dense product through cuSPARSE (kernels/cuda/csr_spmm.h, the calls EmoRec's csr_spmm
// operator makes), A x and A^T x, against a plain C++ reference (double sums over the values the storage
// holds).
//
//   lab_csr_spmm [--quick] [--json FILE]
//
// Always: the reference's self-test (a product worked by hand, and A^T x against the transpose built
// explicitly). With a CUDA device: the sweep (fp32, fp16, bf16; A x and A^T x; D = 1, 8, 64, 100; rows of
// 0 to 16 entries (some empty), skewed degrees (a few rows of hundreds of entries), every entry in one column,
// and a matrix with no entries), then the timing of KGCN's aggregation as a product (65,536 rows of 8 entries
// over a 1M-row table, D = 64) and of its transpose (the backward's scatter), in GB/s and as a fraction of the
// copy bandwidth measured here. A status other than success from cuSPARSE (an unsupported type and operation,
// say) is a failed check naming the call. --quick stops after the self-test. Exit 1 when any check fails.
//
// cuSPARSE does not check column indices on the device; the operator checks them on the host before the call
// (src/ops/csr_aggregate.cpp), so there is no out-of-range case here.
#include <cstdio>
#include <string>
#include <vector>

#include "cuda/csr_spmm.h"
#include "lab.h"

namespace emorec::lab {
namespace {

using kernels::cuda::CsrSpmm;
using kernels::cuda::CsrSpmmProblem;
using kernels::cuda::CsrSpmmStatus;

enum class Degrees { kUniform, kSkewed, kOneColumn, kNoEntries };
const char* degrees_name(Degrees d) {
  switch (d) {
    case Degrees::kUniform: return "degrees 0-16";
    case Degrees::kSkewed: return "skewed degrees";
    case Degrees::kOneColumn: return "one column";
    default: return "no entries";
  }
}

struct Csr {
  int64_t rows = 0, cols = 0;
  std::vector<int64_t> rowptr, col;
  std::vector<float> values;  // as the storage holds them
};

// out = A x ([rows, dim], x [cols, dim]) or A^T x ([cols, dim], x [rows, dim]).
std::vector<double> reference(const Csr& a, const std::vector<float>& x, int64_t dim, bool transpose) {
  std::vector<double> out((transpose ? a.cols : a.rows) * dim, 0.0);
  for (int64_t r = 0; r < a.rows; ++r) {
    for (int64_t e = a.rowptr[r]; e < a.rowptr[r + 1]; ++e) {
      const int64_t from = transpose ? r : a.col[e], to = transpose ? a.col[e] : r;
      for (int64_t d = 0; d < dim; ++d) out[to * dim + d] += double{a.values[e]} * x[from * dim + d];
    }
  }
  return out;
}

// The most products summed into one output element: the longest row of A, or for A^T x the fullest column.
int64_t longest_sum(const Csr& a, bool transpose) {
  std::vector<int64_t> count(transpose ? a.cols : a.rows, 0);
  for (int64_t r = 0; r < a.rows; ++r) {
    for (int64_t e = a.rowptr[r]; e < a.rowptr[r + 1]; ++e) ++count[transpose ? a.col[e] : r];
  }
  return count.empty() ? 0 : *std::max_element(count.begin(), count.end());
}

bool self_test(Report& report) {
  // A = [[2, 0, 1], [0, 0, 0]], x = [[1], [5], [3]]: A x = [5, 0]; A^T [[1], [4]] = [2, 0, 1].
  Csr a;
  a.rows = 2, a.cols = 3;
  a.rowptr = {0, 2, 2};
  a.col = {0, 2};
  a.values = {2, 1};
  const auto ax = reference(a, {1, 5, 3}, 1, false);
  report.check("self-test: hand-worked A x (one empty row)",
               compare(std::vector<float>(ax.begin(), ax.end()), {5, 0}, {1e-9, 0}));
  const auto atx = reference(a, {1, 4}, 1, true);
  report.check("self-test: hand-worked A^T x", compare(std::vector<float>(atx.begin(), atx.end()), {2, 0, 1}, {1e-9, 0}));
  // A^T x against the product with the transpose built as a matrix of its own, on random entries.
  Rng rng(17);
  Csr b;
  b.rows = 7, b.cols = 5;
  b.rowptr = {0};
  for (int64_t r = 0; r < b.rows; ++r) {
    const int64_t len = rng.below(4);
    for (int64_t i = 0; i < len; ++i) {
      b.col.push_back(rng.below(b.cols));
      b.values.push_back(static_cast<float>(rng.uniform() * 2 - 1));
    }
    b.rowptr.push_back(static_cast<int64_t>(b.col.size()));
  }
  Csr t;
  t.rows = b.cols, t.cols = b.rows;
  t.rowptr = {0};
  for (int64_t c = 0; c < b.cols; ++c) {
    for (int64_t r = 0; r < b.rows; ++r) {
      for (int64_t e = b.rowptr[r]; e < b.rowptr[r + 1]; ++e) {
        if (b.col[e] == c) t.col.push_back(r), t.values.push_back(b.values[e]);
      }
    }
    t.rowptr.push_back(static_cast<int64_t>(t.col.size()));
  }
  std::vector<float> x(b.rows * 3);
  for (auto& v : x) v = static_cast<float>(rng.uniform() * 2 - 1);
  const auto via_transpose = reference(b, x, 3, true);
  const auto explicit_t = reference(t, x, 3, false);
  report.check("self-test: A^T x equals the product with the explicit transpose",
               compare(std::vector<float>(via_transpose.begin(), via_transpose.end()), explicit_t, {1e-6, 1e-6}));
  return report.failed() == 0;
}

template <typename T>
cudaDataType cuda_type() {
  if constexpr (std::is_same_v<T, float>) return CUDA_R_32F;
  if constexpr (std::is_same_v<T, __half>) return CUDA_R_16F;
  return CUDA_R_16BF;
}

Csr make_matrix(Rng& rng, int64_t rows, int64_t cols, Degrees degrees) {
  Csr a;
  a.rows = rows, a.cols = cols;
  a.rowptr = {0};
  for (int64_t r = 0; r < rows; ++r) {
    int64_t len = 0;
    if (degrees == Degrees::kUniform || degrees == Degrees::kOneColumn) len = rng.below(17);
    if (degrees == Degrees::kSkewed) len = rng.below(32) == 0 ? 100 + rng.below(400) : rng.below(4);
    for (int64_t i = 0; i < len; ++i) a.col.push_back(degrees == Degrees::kOneColumn ? cols / 2 : rng.below(cols));
    a.rowptr.push_back(static_cast<int64_t>(a.col.size()));
  }
  return a;
}

// Runs the product through kernels/cuda/csr_spmm.h; a cuSPARSE failure comes back as the status.
CsrSpmmStatus run_spmm(cusparseHandle_t handle, const CsrSpmmProblem& p) {
  const CsrSpmm spmm(handle, p);
  size_t bytes = 0;
  CsrSpmmStatus s = spmm.workspace_bytes(&bytes);
  if (!s.ok()) return s;
  DeviceBuffer<char> workspace(bytes);
  s = spmm.run(workspace.p);
  LAB_CUDA(cudaDeviceSynchronize());
  return s;
}

template <typename T>
void check_case(Report& report, Rng& rng, cusparseHandle_t handle, int64_t dim, Degrees degrees, bool transpose) {
  Csr a = make_matrix(rng, 120, 90, degrees);
  const auto values_t = random_values<T>(rng, a.col.size(), a.values);
  std::vector<float> x_f;
  const auto x_t = random_values<T>(rng, (transpose ? a.rows : a.cols) * dim, x_f);
  DeviceBuffer<int64_t> rowptr(a.rowptr), col(a.col);
  DeviceBuffer<T> values(values_t), x(x_t), out(static_cast<size_t>((transpose ? a.cols : a.rows) * dim));
  CsrSpmmProblem p;
  p.rows = a.rows, p.cols = a.cols, p.nnz = static_cast<int64_t>(a.col.size()), p.dim = dim;
  p.transpose = transpose, p.type = cuda_type<T>();
  p.rowptr = rowptr.p, p.col = col.p, p.values = values.p, p.x = x.p, p.out = out.p;
  const std::string name = std::string(type_name<T>()) + (transpose ? " A^T x " : " A x ") +
                           degrees_name(degrees) + " D=" + std::to_string(dim);
  const CsrSpmmStatus s = run_spmm(handle, p);
  if (!s.ok()) {
    report.note(name + ": " + s.call + " returned " + cusparseGetErrorString(s.status));
    Comparison failed;
    failed.ok = false;
    report.check(name + ": cuSPARSE status", failed);
    return;
  }
  // cuSPARSE computes in float (CUDA_R_32F) and rounds the output to T once. The absolute tolerance grows
  // with the square root of the longest sum, as in segment_rows_lab.cu.
  Tolerance tol = tolerance_for<T>();
  tol.atol *= std::max(1.0, std::sqrt(static_cast<double>(longest_sum(a, transpose))));
  report.check(name + ": out", compare(out.host(), reference(a, x_f, dim, transpose), tol));
}

template <typename T>
void sweep(Report& report, cusparseHandle_t handle) {
  Rng rng(19);
  for (int64_t dim : {1, 8, 64, 100}) {
    for (Degrees d : {Degrees::kUniform, Degrees::kSkewed, Degrees::kOneColumn, Degrees::kNoEntries}) {
      for (bool transpose : {false, true}) check_case<T>(report, rng, handle, dim, d, transpose);
    }
  }
}

// KGCN's aggregation as a product: 65,536 rows, each averaging K = 8 rows of a 1M-row table (values 1/8),
// and its transpose (the table's gradient).
template <typename T>
void time_case(Report& report, Timer& timer, cusparseHandle_t handle, double copy_gbs, bool transpose) {
  Rng rng(5);
  const int64_t rows = 65536, k = 8, table = 1 << 20, dim = 64, nnz = rows * k;
  std::vector<int64_t> rowptr_h(rows + 1);
  for (int64_t r = 0; r <= rows; ++r) rowptr_h[r] = r * k;
  std::vector<float> f;
  DeviceBuffer<int64_t> rowptr(rowptr_h), col(random_indices(rng, nnz, table, Pattern::kUniform));
  DeviceBuffer<T> values(std::vector<T>(nnz, to_storage<T>(1.f / k)));
  DeviceBuffer<T> x(random_values<T>(rng, (transpose ? rows : table) * dim, f));
  DeviceBuffer<T> out(static_cast<size_t>((transpose ? table : rows) * dim));
  CsrSpmmProblem p;
  p.rows = rows, p.cols = table, p.nnz = nnz, p.dim = dim, p.transpose = transpose, p.type = cuda_type<T>();
  p.rowptr = rowptr.p, p.col = col.p, p.values = values.p, p.x = x.p, p.out = out.p;
  const CsrSpmm spmm(handle, p);
  size_t bytes = 0;
  if (!spmm.workspace_bytes(&bytes).ok()) return;  // the sweep has reported it
  DeviceBuffer<char> workspace(bytes);
  const double t = sizeof(T);
  // At least: the gathered (or scattered) rows, the indices and values, and the output (A^T x writes the
  // whole table: cuSPARSE scales every row of out by beta).
  const double moved = nnz * (dim * t + 8.0 + t) + rows * 8.0 + (transpose ? table : rows) * dim * t;
  const double ms = timer.median_ms([&] {
    const CsrSpmmStatus s = spmm.run(workspace.p);
    if (!s.ok()) std::fprintf(stderr, "%s: %s\n", s.call, cusparseGetErrorString(s.status));
  });
  report.time(std::string(type_name<T>()) + (transpose ? " A^T x" : " A x") + " rows=65536 K=8 table=1048576 D=64",
              ms, moved, copy_gbs);
}

}  // namespace
}  // namespace emorec::lab

int main(int argc, char** argv) {
  using namespace emorec::lab;
  cusparseHandle_t handle = nullptr;  // made with the sweep, which runs first on a device
  LabProgram program;
  program.self_test = self_test;
  program.sweep = [&](Report& report) {
    if (cusparseCreate(&handle) != CUSPARSE_STATUS_SUCCESS) {
      Comparison failed;
      failed.ok = false;
      report.check("cusparseCreate", failed);
      return;
    }
    for_each_storage_type([&](auto t) { sweep<decltype(t)>(report, handle); });
  };
  program.time = [&](Report& report, Timer& timer, double copy) {
    for (bool transpose : {false, true}) {
      for_each_storage_type([&](auto t) { time_case<decltype(t)>(report, timer, handle, copy, transpose); });
    }
  };
  const int status = run_lab(argc, argv, program);
  if (handle) cusparseDestroy(handle);
  return status;
}
