// Kernel lab: MKGCN's multimodal fusion (kernels/cuda/multimodal_fuse.cuh), forward and backward, in its five
// modes, against a plain C++ reference of the same formulas (double sums over the values the storage holds).
//
//   lab_multimodal_fuse [--quick] [--json FILE]
//
// Always: the reference's self-test (a row worked by hand in every mode, and the backward against central
// differences of the forward). With a CUDA device: the sweep (fp32, fp16, bf16; sum, mean, max, concat,
// residual; the dense form [N, M, D] and the indexed form (a modality table read through modal_index, with
// rows of index -1 that fuse the entity alone, and table rows shared by several entities); M = 1 and 3;
// D from 1 to 256 and data off 16-byte alignment (the kernels' scalar path)), then a modal_index past the
// table in a child process (expecting the kernel's device assert), then the timing at N = 65,536, M = 3,
// D = 64 in GB/s and as a fraction of the copy bandwidth measured here. --quick stops after the self-test.
// Exit 1 when any check fails.
#include <cstdio>
#include <string>
#include <vector>

#include "cuda/multimodal_fuse.cuh"
#include "lab.h"

namespace emorec::lab {
namespace {

using kernels::cuda::FuseArgs;
using kernels::cuda::FuseMode;

const char* mode_name(FuseMode m) {
  switch (m) {
    case FuseMode::kSum: return "sum";
    case FuseMode::kMean: return "mean";
    case FuseMode::kMax: return "max";
    case FuseMode::kConcat: return "concat";
    default: return "residual";
  }
}
constexpr FuseMode kModes[] = {FuseMode::kSum, FuseMode::kMean, FuseMode::kMax, FuseMode::kConcat,
                               FuseMode::kResidual};

struct Inputs {
  FuseArgs args;
  std::vector<float> entity, modal;  // [N, D]; [N, M, D] dense or [modal_rows, M, D] indexed
  std::vector<int64_t> modal_index;  // empty: dense
  int64_t out_dim() const { return args.mode == FuseMode::kConcat ? (args.n_modal + 1) * args.dim : args.dim; }
  // Modality row j of row n (nullptr when the row has none).
  const float* m(int64_t n, int64_t j) const {
    const int64_t r = modal_index.empty() ? n : modal_index[n];
    return r < 0 ? nullptr : modal.data() + (r * args.n_modal + j) * args.dim;
  }
  int64_t count(int64_t n) const { return modal_index.empty() || modal_index[n] >= 0 ? args.n_modal : 0; }
};

struct Result {
  std::vector<double> out, grad_entity, grad_modal_rows;  // [N, out_dim], [N, D], [N, M, D]
};

// The forward, and the backward for grad_out.
Result reference(const Inputs& in, const std::vector<float>& grad_out) {
  const auto& a = in.args;
  const int64_t N = a.rows, M = a.n_modal, D = a.dim, od = in.out_dim();
  Result r;
  r.out.assign(N * od, 0.0);
  r.grad_entity.assign(N * D, 0.0);
  r.grad_modal_rows.assign(N * M * D, 0.0);
  for (int64_t n = 0; n < N; ++n) {
    const int64_t c = in.count(n);
    for (int64_t d = 0; d < D; ++d) {
      const double e = in.entity[n * D + d];
      double* gm = r.grad_modal_rows.data() + n * M * D + d;  // row j at gm[j * D]
      if (a.mode == FuseMode::kConcat) {
        r.out[n * od + d] = e;
        r.grad_entity[n * D + d] = grad_out[n * od + d];
        for (int64_t j = 0; j < c; ++j) {
          r.out[n * od + (j + 1) * D + d] = in.m(n, j)[d];
          gm[j * D] = grad_out[n * od + (j + 1) * D + d];
        }
        continue;
      }
      const double g = grad_out[n * D + d];
      if (a.mode == FuseMode::kMax) {  // the first maximum (strictly greater replaces) takes the gradient
        double best = e;
        int64_t arg = -1;
        for (int64_t j = 0; j < c; ++j) {
          if (in.m(n, j)[d] > best) best = in.m(n, j)[d], arg = j;
        }
        r.out[n * D + d] = best;
        (arg < 0 ? r.grad_entity[n * D + d] : gm[arg * D]) = g;
        continue;
      }
      double s = e;
      for (int64_t j = 0; j < c; ++j) s += in.m(n, j)[d];
      const double denom = static_cast<double>(c + 1);
      const double gs = a.mode == FuseMode::kSum ? g : g / denom;
      r.out[n * D + d] = a.mode == FuseMode::kSum ? s : a.mode == FuseMode::kMean ? s / denom : e + s / denom;
      r.grad_entity[n * D + d] = a.mode == FuseMode::kResidual ? g + gs : gs;
      for (int64_t j = 0; j < c; ++j) gm[j * D] = gs;
    }
  }
  return r;
}

bool self_test(Report& report) {
  // One row, D = 1, e = 1, m = (3, -2): sum 2, mean 2/3, max 3, concat [1, 3, -2], residual 1 + 2/3.
  Inputs in;
  in.args = {1, 2, 1, 0, FuseMode::kSum};
  in.entity = {1};
  in.modal = {3, -2};
  const std::vector<std::vector<double>> want = {{2}, {2.0 / 3}, {3}, {1, 3, -2}, {1 + 2.0 / 3}};
  for (int i = 0; i < 5; ++i) {
    in.args.mode = kModes[i];
    const auto r = reference(in, std::vector<float>(in.out_dim(), 1.f));
    report.check(std::string("self-test: hand-worked forward, ") + mode_name(kModes[i]),
                 compare(std::vector<float>(r.out.begin(), r.out.end()), want[i], {1e-7, 1e-7}));  // float
  }
  // The backward of every mode against central differences of <grad_out, out>, on random rows (the indexed
  // form with a row of index -1; values spread so that max has no near-ties).
  Rng rng(9);
  for (FuseMode mode : kModes) {
    Inputs p;
    p.args = {5, 3, 4, 2, mode};
    p.modal_index = {1, -1, 0, 1, 0};
    for (int i = 0; i < 5 * 4; ++i) p.entity.push_back(static_cast<float>(rng.below(1000)) / 100.f);
    for (int i = 0; i < 2 * 3 * 4; ++i) p.modal.push_back(static_cast<float>(rng.below(1000)) / 100.f + 0.005f);
    std::vector<float> grad_out(5 * p.out_dim());
    for (auto& v : grad_out) v = static_cast<float>(rng.uniform() * 2 - 1);
    const auto r = reference(p, grad_out);
    const auto loss = [&](const Inputs& q) {
      const auto o = reference(q, grad_out).out;
      double s = 0;
      for (size_t i = 0; i < o.size(); ++i) s += o[i] * grad_out[i];
      return s;
    };
    std::vector<double> numeric;
    std::vector<float> analytic;
    // Central differences of every value of one input against its analytic gradient.
    const auto differences = [&](std::vector<float> Inputs::*input, const std::vector<double>& gradient) {
      const float h = 1e-3f;
      for (size_t i = 0; i < (p.*input).size(); ++i) {
        Inputs q = p;
        (q.*input)[i] += h;
        const double up = loss(q);
        (q.*input)[i] = (p.*input)[i] - h;
        numeric.push_back((up - loss(q)) / (2.0 * h));
        analytic.push_back(static_cast<float>(gradient[i]));
      }
    };
    differences(&Inputs::entity, r.grad_entity);
    // The table's gradient is the sum of grad_modal_rows over the rows that read each table row.
    std::vector<double> table_grad(p.modal.size(), 0.0);
    for (int64_t n = 0; n < 5; ++n) {
      if (p.modal_index[n] < 0) continue;
      for (int64_t k = 0; k < 3 * 4; ++k) table_grad[p.modal_index[n] * 12 + k] += r.grad_modal_rows[n * 12 + k];
    }
    differences(&Inputs::modal, table_grad);
    report.check(std::string("self-test: backward against central differences, ") + mode_name(mode),
                 compare(analytic, numeric, {1e-4, 1e-3}));
  }
  return report.failed() == 0;
}

template <typename T>
Inputs make_case(Rng& rng, FuseMode mode, bool indexed, int64_t n_modal, int64_t dim, std::vector<T>& entity_t,
                 std::vector<T>& modal_t) {
  Inputs in;
  const int64_t rows = 96, table = 40;  // fewer table rows than entities: rows share them
  in.args = {rows, n_modal, dim, indexed ? table : 0, mode};
  entity_t = random_values<T>(rng, rows * dim, in.entity);
  modal_t = random_values<T>(rng, (indexed ? table : rows) * n_modal * dim, in.modal);
  if (indexed) {
    in.modal_index = random_indices(rng, rows, table, Pattern::kUniform);
    for (auto& v : in.modal_index) {
      if (rng.below(4) == 0) v = -1;  // a quarter of the entities have no modalities
    }
  }
  return in;
}

template <typename T>
void check_case(Report& report, Rng& rng, FuseMode mode, bool indexed, int64_t n_modal, int64_t dim,
                size_t offset) {
  std::vector<T> entity_t, modal_t;
  const Inputs in = make_case<T>(rng, mode, indexed, n_modal, dim, entity_t, modal_t);
  const int64_t N = in.args.rows;
  std::vector<float> grad_out_f;
  const auto grad_out_t = random_values<T>(rng, N * in.out_dim(), grad_out_f);
  const auto want = reference(in, grad_out_f);

  DeviceBuffer<T> entity(entity_t, offset), modal(modal_t, offset), grad_out(grad_out_t, offset);
  DeviceBuffer<int64_t> modal_index(in.modal_index);
  DeviceBuffer<T> out(std::vector<T>(N * in.out_dim()), offset), grad_entity(std::vector<T>(N * dim), offset),
      grad_modal(std::vector<T>(N * n_modal * dim), offset);
  const int64_t* idx = indexed ? modal_index.p : nullptr;
  LAB_CUDA(kernels::cuda::multimodal_fuse_forward<T>(in.args, entity.p, modal.p, idx, out.p, nullptr));
  LAB_CUDA(kernels::cuda::multimodal_fuse_backward<T>(in.args, grad_out.p, entity.p, modal.p, idx, grad_entity.p,
                                                      grad_modal.p, nullptr));
  LAB_CUDA(cudaDeviceSynchronize());
  const std::string name = std::string(type_name<T>()) + " " + mode_name(mode) + (indexed ? " indexed" : " dense") +
                           " M=" + std::to_string(n_modal) + " D=" + std::to_string(dim) +
                           (offset ? " unaligned" : "");
  const auto tol = tolerance_for<T>();
  report.check(name + ": out", compare(out.host(), want.out, tol));
  report.check(name + ": grad_entity", compare(grad_entity.host(), want.grad_entity, tol));
  report.check(name + ": grad_modal_rows", compare(grad_modal.host(), want.grad_modal_rows, tol));
}

template <typename T>
void sweep(Report& report) {
  Rng rng(13);
  for (FuseMode mode : kModes) {
    for (bool indexed : {false, true}) {
      for (int64_t m : {1, 3}) {
        for (int64_t dim : {1, 3, 8, 64, 100, 256}) check_case<T>(report, rng, mode, indexed, m, dim, 0);
        check_case<T>(report, rng, mode, indexed, m, 64, 1);
      }
    }
  }
}

// Child process: a modal_index past the table must stop the kernel (EMOREC_KERNEL_ASSERT) and surface as
// cudaErrorAssert. Exit 0 when it does.
int out_of_range_child() {
  Rng rng(3);
  std::vector<float> entity_t, modal_t;
  Inputs in = make_case<float>(rng, FuseMode::kSum, true, 3, 16, entity_t, modal_t);
  in.modal_index[17] = in.args.modal_rows;  // one past the end
  DeviceBuffer<float> entity(entity_t), modal(modal_t), out(in.args.rows * 16);
  DeviceBuffer<int64_t> modal_index(in.modal_index);
  cudaError_t e = kernels::cuda::multimodal_fuse_forward<float>(in.args, entity.p, modal.p, modal_index.p, out.p,
                                                                nullptr);
  if (e == cudaSuccess) e = cudaDeviceSynchronize();
  std::printf("out-of-range modal_index: %s\n", cudaGetErrorString(e));
  return e == cudaErrorAssert ? 0 : 1;
}

template <typename T>
void time_case(Report& report, Timer& timer, double copy_gbs, FuseMode mode, bool indexed) {
  Rng rng(5);
  const int64_t N = 65536, M = 3, D = 64, table = 16384;
  std::vector<float> f;
  const int64_t od = mode == FuseMode::kConcat ? (M + 1) * D : D;
  DeviceBuffer<T> entity(random_values<T>(rng, N * D, f)),
      modal(random_values<T>(rng, (indexed ? table : N) * M * D, f)), out(static_cast<size_t>(N * od)),
      grad_out(random_values<T>(rng, N * od, f)), grad_entity(static_cast<size_t>(N * D)),
      grad_modal(static_cast<size_t>(N * M * D));
  DeviceBuffer<int64_t> modal_index(indexed ? random_indices(rng, N, table, Pattern::kUniform)
                                            : std::vector<int64_t>{});
  const FuseArgs args{N, M, D, indexed ? table : 0, mode};
  const int64_t* idx = indexed ? modal_index.p : nullptr;
  const double t = sizeof(T), index_bytes = indexed ? N * 8.0 : 0.0;
  // At least: the entity row, the M modality rows each row reads (indexed: whichever table rows are read,
  // counted per entity, as the kernel reads them) and the output; the backward reads grad_out (and, for max,
  // the inputs) and writes both gradients.
  const double fwd_bytes = N * D * t * (1 + M) + N * od * t + index_bytes;
  const double bwd_bytes =
      N * od * t + N * D * t * (1 + M) + index_bytes + (mode == FuseMode::kMax ? N * D * t * (1 + M) : 0.0);
  const std::string name = std::string(type_name<T>()) + " " + mode_name(mode) + (indexed ? " indexed" : " dense") +
                           " N=" + std::to_string(N) + " M=" + std::to_string(M) + " D=" + std::to_string(D);
  report.time(name + " forward",
              timer.median_ms([&] {
                LAB_CUDA(kernels::cuda::multimodal_fuse_forward<T>(args, entity.p, modal.p, idx, out.p, nullptr));
              }),
              fwd_bytes, copy_gbs);
  report.time(name + " backward",
              timer.median_ms([&] {
                LAB_CUDA(kernels::cuda::multimodal_fuse_backward<T>(args, grad_out.p, entity.p, modal.p, idx,
                                                                    grad_entity.p, grad_modal.p, nullptr));
              }),
              bwd_bytes, copy_gbs);
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
  program.out_of_range_case = "out-of-range modal_index stops the kernel with a device assert (child process)";
  program.time = [](Report& report, Timer& timer, double copy) {
    for (FuseMode mode : kModes) time_case<float>(report, timer, copy, mode, false);
    time_case<float>(report, timer, copy, FuseMode::kSum, true);
    time_case<__half>(report, timer, copy, FuseMode::kSum, false);
    time_case<__nv_bfloat16>(report, timer, copy, FuseMode::kSum, false);
  };
  return run_lab(argc, argv, program);
}
