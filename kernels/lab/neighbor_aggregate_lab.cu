// Kernel lab: neighbour aggregation (kernels/cuda/neighbor_aggregate.cuh), forward and backward over rows,
// against a plain C++ reference of the same formulas (double sums over the values the storage holds).
//
//   lab_neighbor_aggregate [--quick] [--json FILE]
//
// Always: the reference's self-test (a case worked by hand, and its backward against finite differences of
// its forward). With a CUDA device: the sweep (fp32, fp16, bf16; the indexed and dense forms; scores from
// user and relation vectors or from their product; D from 1 to 256, which selects the kernels' row layouts,
// and data off 16-byte alignment, which selects their scalar path; K = 1 and 8; uniform, skewed and repeated
// indices), then an out-of-range index in a child process (expecting the kernel's device assert), then the
// timing of the issue's goal shape (N = 65,536, K = 8, D = 64, a 1M-row table) and a few others, in GB/s and
// as a fraction of the copy bandwidth measured here. --quick stops after the self-test. Exit 1 when any check
// fails.
#include <cstdio>
#include <string>
#include <vector>

#include "cuda/neighbor_aggregate.cuh"
#include "lab.h"

namespace emorec::lab {
namespace {

using kernels::cuda::NeighborAggregateArgs;

// One case's inputs as float (the values the storage holds).
struct Inputs {
  NeighborAggregateArgs args;
  bool indexed = true;   // x is a table [x_rows, D] read through x_idx; else dense [N, K, D]
  bool product = false;  // scores from user_rel [B, n_rel] instead of user [B, D] and rel [n_rel, D]
  std::vector<float> user, rel, user_rel, x;
  std::vector<int64_t> rel_idx, x_idx;
  int64_t batch() const { return args.rows / args.rows_per_user; }
};

struct Forward {
  std::vector<double> out, attn;  // [N, D], [N, K]
};
struct Backward {
  std::vector<double> grad_dot, grad_x_dense,
      grad_user_rel;  // [N, K], [N, K, D] (dense), [B, n_rel] (product)
};

const float* neighbour(const Inputs& in, int64_t n, int64_t k) {
  const auto& a = in.args;
  return in.indexed ? in.x.data() + in.x_idx[n * a.k + k] * a.dim : in.x.data() + (n * a.k + k) * a.dim;
}

double dot_of(const Inputs& in, int64_t n, int64_t k) {
  const auto& a = in.args;
  const int64_t b = n / a.rows_per_user, r = in.rel_idx[n * a.k + k];
  if (in.product) return in.user_rel[b * a.n_rel + r];
  double s = 0;
  for (int64_t d = 0; d < a.dim; ++d) s += double{in.user[b * a.dim + d]} * in.rel[r * a.dim + d];
  return s;
}

Forward reference_forward(const Inputs& in) {
  const auto& a = in.args;
  Forward f;
  f.out.assign(a.rows * a.dim, 0.0);
  f.attn.assign(a.rows * a.k, 0.0);
  for (int64_t n = 0; n < a.rows; ++n) {
    std::vector<double> s(a.k);
    double m = -1e300;
    for (int64_t k = 0; k < a.k; ++k) s[k] = a.score_scale * dot_of(in, n, k), m = std::max(m, s[k]);
    double total = 0;
    for (auto& v : s) total += (v = std::exp(v - m));
    for (int64_t k = 0; k < a.k; ++k) {
      const double w = s[k] / total;
      f.attn[n * a.k + k] = w;
      const float* xk = neighbour(in, n, k);
      for (int64_t d = 0; d < a.dim; ++d) f.out[n * a.dim + d] += a.reduce_scale * w * xk[d];
    }
  }
  return f;
}

Backward reference_backward(const Inputs& in, const Forward& f, const std::vector<float>& grad_out) {
  const auto& a = in.args;
  Backward g;
  g.grad_dot.assign(a.rows * a.k, 0.0);
  if (!in.indexed) g.grad_x_dense.assign(a.rows * a.k * a.dim, 0.0);
  if (in.product) g.grad_user_rel.assign(in.batch() * a.n_rel, 0.0);
  for (int64_t n = 0; n < a.rows; ++n) {
    std::vector<double> da(a.k);
    double mean = 0;
    for (int64_t k = 0; k < a.k; ++k) {
      const float* xk = neighbour(in, n, k);
      double s = 0;
      for (int64_t d = 0; d < a.dim; ++d) s += double{grad_out[n * a.dim + d]} * xk[d];
      da[k] = a.reduce_scale * s;
      mean += f.attn[n * a.k + k] * da[k];
    }
    for (int64_t k = 0; k < a.k; ++k) {
      const double w = f.attn[n * a.k + k];
      const double gd = a.score_scale * w * (da[k] - mean);
      g.grad_dot[n * a.k + k] = gd;
      if (in.product) g.grad_user_rel[(n / a.rows_per_user) * a.n_rel + in.rel_idx[n * a.k + k]] += gd;
      if (!in.indexed) {
        for (int64_t d = 0; d < a.dim; ++d) {
          g.grad_x_dense[(n * a.k + k) * a.dim + d] = a.reduce_scale * w * grad_out[n * a.dim + d];
        }
      }
    }
  }
  return g;
}

// The reference checked without a GPU: a case worked by hand, and the backward against central differences
// of the forward (d<grad_out, out> / d user_rel, which is the sum of grad_dot over the slots reading it).
bool self_test(Report& report) {
  Inputs in;
  in.args = {1, 2, 2, 1, 2, 0, 1.f, 1.f};
  in.indexed = false;
  in.user = {1, 0};
  in.rel = {1, 0, 0, 0};
  in.rel_idx = {0, 1};
  in.x = {2, 0, 0, 4};
  const auto f = reference_forward(in);
  const double e = std::exp(1.0), a0 = e / (e + 1), a1 = 1 / (e + 1);
  report.check("self-test: hand-worked forward (softmax of scores 1 and 0)",
               compare(std::vector<float>{static_cast<float>(f.out[0]), static_cast<float>(f.out[1]),
                                          static_cast<float>(f.attn[0]), static_cast<float>(f.attn[1])},
                       {2 * a0, 4 * a1, a0, a1}, {1e-6, 1e-6}));
  const auto g = reference_backward(in, f, {1, 1});
  const double m = a0 * 2 + a1 * 4;  // da = <grad_out, x_k> = 2 and 4
  report.check(
      "self-test: hand-worked backward (grad_dot)",
      compare(std::vector<float>{static_cast<float>(g.grad_dot[0]), static_cast<float>(g.grad_dot[1])},
              {a0 * (2 - m), a1 * (4 - m)}, {1e-6, 1e-6}));

  Rng rng(7);
  Inputs p;
  p.args = {12, 3, 5, 4, 6, 9, 0.2f, 1.f / 3};
  p.product = true;
  p.user_rel.resize(3 * 6);
  for (auto& v : p.user_rel) v = static_cast<float>(rng.uniform() * 4 - 2);
  p.x.resize(9 * 5);
  for (auto& v : p.x) v = static_cast<float>(rng.uniform() * 2 - 1);
  p.rel_idx = random_indices(rng, 12 * 3, 6, Pattern::kUniform);
  p.x_idx = random_indices(rng, 12 * 3, 9, Pattern::kUniform);
  std::vector<float> grad_out(12 * 5);
  for (auto& v : grad_out) v = static_cast<float>(rng.uniform() * 2 - 1);
  const auto pf = reference_forward(p);
  const auto pg = reference_backward(p, pf, grad_out);
  std::vector<double> numeric(p.user_rel.size());
  const auto loss = [&](const Inputs& q) {
    const auto o = reference_forward(q).out;
    double s = 0;
    for (size_t i = 0; i < o.size(); ++i) s += o[i] * grad_out[i];
    return s;
  };
  for (size_t i = 0; i < p.user_rel.size(); ++i) {
    Inputs q = p;
    const float h = 1e-3f;
    q.user_rel[i] = p.user_rel[i] + h;
    const double up = loss(q);
    q.user_rel[i] = p.user_rel[i] - h;
    numeric[i] = (up - loss(q)) / (2.0 * h);
  }
  std::vector<float> analytic(pg.grad_user_rel.begin(), pg.grad_user_rel.end());
  report.check("self-test: backward against central differences of the forward",
               compare(analytic, numeric, {1e-4, 1e-3}));
  return report.failed() == 0;
}

template <typename T>
Inputs make_case(Rng& rng, int64_t rows, int64_t k, int64_t dim, int64_t rows_per_user, bool indexed,
                 bool product, Pattern pattern, std::vector<T>& user_t, std::vector<T>& rel_t,
                 std::vector<T>& x_t) {
  Inputs in;
  const int64_t n_rel = 11, x_rows = std::max<int64_t>(rows, 64);
  in.args = {rows,   k, dim, rows_per_user, n_rel, indexed ? x_rows : 0, 1.f / static_cast<float>(dim),
             1.f / k};
  in.indexed = indexed, in.product = product;
  const int64_t b = rows / rows_per_user;
  user_t = random_values<T>(rng, b * dim, in.user);
  rel_t = random_values<T>(rng, n_rel * dim, in.rel);
  if (product) {
    in.user_rel.resize(b * n_rel);
    for (auto& v : in.user_rel) v = static_cast<float>(rng.uniform() * 4 - 2);
  }
  in.rel_idx = random_indices(rng, rows * k, n_rel, pattern);
  x_t = random_values<T>(rng, (indexed ? x_rows : rows * k) * dim, in.x);
  if (indexed) in.x_idx = random_indices(rng, rows * k, x_rows, pattern);
  return in;
}

template <typename T>
void check_case(Report& report, Rng& rng, int64_t dim, int64_t k, bool indexed, bool product, Pattern pattern,
                size_t offset) {
  std::vector<T> user_t, rel_t, x_t;
  const int64_t rows = 96, rows_per_user = 4;
  const Inputs in =
      make_case<T>(rng, rows, k, dim, rows_per_user, indexed, product, pattern, user_t, rel_t, x_t);
  std::vector<float> grad_out_f;
  const auto grad_out_t = random_values<T>(rng, rows * dim, grad_out_f);
  const auto f = reference_forward(in);
  const auto g = reference_backward(in, f, grad_out_f);

  DeviceBuffer<T> user(user_t, offset), rel(rel_t, offset), x(x_t, offset), grad_out(grad_out_t, offset);
  DeviceBuffer<float> user_rel(in.user_rel);
  DeviceBuffer<int64_t> rel_idx(in.rel_idx), x_idx(in.x_idx);
  DeviceBuffer<T> out(rows * dim);
  DeviceBuffer<float> attn(rows * k), grad_dot(rows * k),
      grad_user_rel(product ? in.batch() * in.args.n_rel : 0);
  DeviceBuffer<T> grad_x(indexed ? 0 : rows * k * dim);
  LAB_CUDA(kernels::cuda::neighbor_aggregate_forward<T>(in.args, user.p, rel.p,
                                                        product ? user_rel.p : nullptr, rel_idx.p, x.p,
                                                        indexed ? x_idx.p : nullptr, out.p, attn.p, nullptr));
  if (product) grad_user_rel.zero();
  LAB_CUDA(kernels::cuda::neighbor_aggregate_backward_rows<T>(
      in.args, grad_out.p, x.p, indexed ? x_idx.p : nullptr, attn.p, rel_idx.p, grad_dot.p,
      indexed ? nullptr : grad_x.p, product ? grad_user_rel.p : nullptr, nullptr));
  LAB_CUDA(cudaDeviceSynchronize());

  const std::string name = std::string(type_name<T>()) + " D=" + std::to_string(dim) +
                           " K=" + std::to_string(k) + (indexed ? " indexed " : " dense ") +
                           (product ? "user_rel " : "user,rel ") + pattern_name(pattern) +
                           (offset ? " unaligned" : "");
  const auto tol = tolerance_for<T>();
  report.check(name + ": out", compare(out.host(), f.out, tol));
  report.check(name + ": attn", compare(attn.host(), f.attn, tolerance_for<float>()));
  // grad_dot and grad_user_rel are float, computed from T inputs: the float tolerance scaled by the
  // storage's.
  report.check(name + ": grad_dot", compare(grad_dot.host(), g.grad_dot, tol));
  if (!indexed) report.check(name + ": grad_x_dense", compare(grad_x.host(), g.grad_x_dense, tol));
  if (product) report.check(name + ": grad_user_rel", compare(grad_user_rel.host(), g.grad_user_rel, tol));
}

template <typename T>
void sweep(Report& report) {
  Rng rng(1);
  for (int64_t dim : {1, 3, 8, 64, 100, 256}) {
    for (int64_t k : {1, 8}) {
      for (bool indexed : {true, false}) {
        for (bool product : {false, true}) {
          for (Pattern p : {Pattern::kUniform, Pattern::kSkewed, Pattern::kRepeated}) {
            if (!indexed && p != Pattern::kUniform && !product)
              continue;  // patterns matter for the table reads
            check_case<T>(report, rng, dim, k, indexed, product, p, 0);
          }
          check_case<T>(report, rng, dim, k, indexed, product, Pattern::kUniform, 1);
        }
      }
    }
  }
}

// Child process: an x index past the table must stop the kernel (EMOREC_KERNEL_ASSERT) and surface as
// cudaErrorAssert. Exit 0 when it does.
int out_of_range_child() {
  Rng rng(3);
  std::vector<float> user_t, rel_t, x_t;
  Inputs in = make_case<float>(rng, 32, 4, 16, 4, true, false, Pattern::kUniform, user_t, rel_t, x_t);
  in.x_idx[17] = in.args.x_rows;  // one past the end
  DeviceBuffer<float> user(user_t), rel(rel_t), x(x_t), out(32 * 16), attn(32 * 4);
  DeviceBuffer<int64_t> rel_idx(in.rel_idx), x_idx(in.x_idx);
  cudaError_t e = kernels::cuda::neighbor_aggregate_forward<float>(in.args, user.p, rel.p, nullptr, rel_idx.p,
                                                                   x.p, x_idx.p, out.p, attn.p, nullptr);
  if (e == cudaSuccess) e = cudaDeviceSynchronize();
  std::printf("out-of-range x_idx: %s\n", cudaGetErrorString(e));
  return e == cudaErrorAssert ? 0 : 1;
}

template <typename T>
void time_case(Report& report, Timer& timer, double copy_gbs, int64_t rows, int64_t k, int64_t dim,
               int64_t table) {
  Rng rng(5);
  const int64_t rows_per_user = 8, b = rows / rows_per_user, n_rel = 64;
  std::vector<float> f;
  const auto user_t = random_values<T>(rng, b * dim, f);
  const auto rel_t = random_values<T>(rng, n_rel * dim, f);
  const auto x_t = random_values<T>(rng, table * dim, f);
  const auto rel_idx_h = random_indices(rng, rows * k, n_rel, Pattern::kUniform);
  const auto x_idx_h = random_indices(rng, rows * k, table, Pattern::kUniform);
  const auto grad_out_t = random_values<T>(rng, rows * dim, f);
  DeviceBuffer<T> user(user_t), rel(rel_t), x(x_t), out(rows * dim), grad_out(grad_out_t);
  DeviceBuffer<int64_t> rel_idx(rel_idx_h), x_idx(x_idx_h);
  DeviceBuffer<float> attn(rows * k), grad_dot(rows * k);
  const NeighborAggregateArgs args{rows,   k, dim, rows_per_user, n_rel, table, 1.f / static_cast<float>(dim),
                                   1.f / k};
  const double t = sizeof(T);
  // Bytes a kernel must move at least: the K gathered rows, the indices, the user and relation rows each row
  // reads, the output and the softmax weights.
  const double fwd_bytes =
      rows * k * (dim * t + 2 * 8.0) + b * dim * t + n_rel * dim * t + rows * dim * t + rows * k * 4.0;
  const double bwd_bytes = rows * dim * t + rows * k * (dim * t + 8.0 + 4.0 + 4.0);
  const std::string name = std::string(type_name<T>()) + " N=" + std::to_string(rows) +
                           " K=" + std::to_string(k) + " D=" + std::to_string(dim) +
                           " table=" + std::to_string(table);
  const double fwd = timer.median_ms([&] {
    LAB_CUDA(kernels::cuda::neighbor_aggregate_forward<T>(args, user.p, rel.p, nullptr, rel_idx.p, x.p,
                                                          x_idx.p, out.p, attn.p, nullptr));
  });
  report.time(name + " forward", fwd, fwd_bytes, copy_gbs);
  const double bwd = timer.median_ms([&] {
    LAB_CUDA(kernels::cuda::neighbor_aggregate_backward_rows<T>(
        args, grad_out.p, x.p, x_idx.p, attn.p, rel_idx.p, grad_dot.p, nullptr, nullptr, nullptr));
  });
  report.time(name + " backward rows", bwd, bwd_bytes, copy_gbs);
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
  program.out_of_range_child = out_of_range_child;
  program.out_of_range_case = "out-of-range x_idx stops the kernel with a device assert (child process)";
  program.time = [](Report& report, Timer& timer, double copy) {
    time_case<float>(report, timer, copy, 65536, 8, 64, 1 << 20);  // the issue's goal shape
    time_case<__half>(report, timer, copy, 65536, 8, 64, 1 << 20);
    time_case<__nv_bfloat16>(report, timer, copy, 65536, 8, 64, 1 << 20);
    time_case<float>(report, timer, copy, 65536, 8, 128, 1 << 20);
    time_case<float>(report, timer, copy, 65536, 16, 16, 1 << 20);
  };
  return run_lab(argc, argv, program);
}
