// Neighbour aggregation, indexed (first-hop) form, forward and forward+backward, over N, K, D, table size and
// uniform or skewed (P(row i) ~ 1/(i+1)) indices, for four implementations:
//   Fused      emorec::neighbor_aggregate (the CPU backend or the CUDA kernels)
//   Composite  the same formula in LibTorch ops (index_select, softmax, weighted mean)
//   EmbBag     scores and softmax in LibTorch ops, the weighted sum by torch::embedding_bag with per-sample
//              weights (the library's own fused gather-reduce, where it applies)
//   Csr        emorec::neighbor_aggregate_csr: softmax weights as CSR values, cusparseSpMM on CUDA
// GPU cases (registered only where a GPU is present) time each iteration with CUDA events after warm-up and
// report the median, the bytes the forward must move at least (see bytes_forward), GB/s and the fraction of the
// device-to-device copy bandwidth measured in the same process. KGCN's score (mean over D) and reduce (mean
// over K), B = N users with one row each, 60 relations.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include "bench/timing.h"
#include "ops/csr_aggregate.h"
#include "ops/neighbor_aggregate.h"
#include "ops/composite/composite.h"

namespace {

using namespace emorec;
constexpr int64_t kRelations = 60;

struct Problem {
  torch::Tensor user, rel_table, rel_idx, table, idx, rowptr;
};

Problem make(torch::Device device, int64_t n, int64_t k, int64_t d, int64_t m, bool skewed) {
  torch::manual_seed(0);
  Problem p;
  p.user = torch::randn({n, d}).to(device);
  p.rel_table = torch::randn({kRelations, d}).to(device);
  p.rel_idx = torch::randint(0, kRelations, {n, k}, torch::kLong).to(device);
  p.table = torch::randn({m, d}).to(device);
  if (skewed) {
    const auto weights = 1.0 / torch::arange(1, m + 1, torch::kDouble);
    p.idx = torch::multinomial(weights, n * k, /*replacement=*/true).view({n, k}).to(device);
  } else {
    p.idx = torch::randint(0, m, {n, k}, torch::kLong).to(device);
  }
  p.rowptr = torch::arange(0, n * k + 1, k, torch::kLong).to(device);
  return p;
}

enum class Impl { kFused, kComposite, kEmbBag, kCsr };

torch::Tensor forward(Impl impl, const Problem& p) {
  switch (impl) {
    case Impl::kFused: return ops::neighbor_aggregate(p.user, p.rel_table, p.rel_idx, p.table, p.idx);
    case Impl::kComposite: return ops::neighbor_aggregate_composite(p.user, p.rel_table, p.rel_idx, p.table, p.idx);
    case Impl::kEmbBag: {
      const int64_t n = p.rel_idx.size(0), k = p.rel_idx.size(1), d = p.user.size(1);
      const auto rel = p.rel_table.index_select(0, p.rel_idx.view({-1})).view({n, k, d});
      const auto weights = torch::softmax((p.user.view({n, 1, d}) * rel).mean(-1), -1) / static_cast<double>(k);
      const auto offsets = torch::arange(0, n * k, k, p.idx.options());
      return std::get<0>(torch::embedding_bag(p.table, p.idx.view({-1}), offsets, false, /*mode=sum*/ 0, false,
                                              weights.view({-1})));
    }
    case Impl::kCsr:
      return ops::neighbor_aggregate_csr(p.user, p.rel_table, p.rowptr, p.rel_idx.view({-1}), p.table, p.idx.view({-1}));
  }
  return {};
}

// Fewest bytes a forward moves: K neighbour rows, the user row and the output row per output row, the two
// index tensors, the relation table, and the [N,K] float32 softmax weights the fused forward keeps for the
// backward.
double bytes_forward(int64_t n, int64_t k, int64_t d, int64_t elem) {
  const double rows = static_cast<double>(n), kk = static_cast<double>(k), dd = static_cast<double>(d);
  return rows * kk * dd * elem + 2 * rows * dd * elem + rows * kk * (8 + 8 + 4) + kRelations * dd * elem;
}

// The backward's fewest bytes on top: grad_out, the K neighbour rows again, the weights and indices, and the
// table gradient (one write per table row touched; counted as the whole table).
double bytes_backward(int64_t n, int64_t k, int64_t d, int64_t m, int64_t elem) {
  const double rows = static_cast<double>(n), kk = static_cast<double>(k), dd = static_cast<double>(d);
  return rows * dd * elem + rows * kk * dd * elem + rows * kk * (8 + 8 + 4) + static_cast<double>(m) * dd * elem;
}

void run(benchmark::State& state, torch::Device device, Impl impl, bool backward) {
  const int64_t n = state.range(0), k = state.range(1), d = state.range(2), m = state.range(3);
  auto p = make(device, n, k, d, m, state.range(4) != 0);
  if (backward) {
    for (auto* t : {&p.user, &p.rel_table, &p.table}) t->set_requires_grad(true);
  }
  auto step = [&] {
    if (!backward) {
      torch::NoGradGuard guard;
      return forward(impl, p);
    }
    auto out = forward(impl, p);
    out.sum().backward();
    for (auto* t : {&p.user, &p.rel_table, &p.table}) t->mutable_grad().reset();
    return out;
  };
  const double bytes = bytes_forward(n, k, d, 4) + (backward ? bytes_backward(n, k, d, m, 4) : 0.0);
  bench::time_step(state, device, step, bytes);
}

const char* name_of(Impl impl) {
  switch (impl) {
    case Impl::kFused: return "Fused";
    case Impl::kComposite: return "Composite";
    case Impl::kEmbBag: return "EmbBag";
    case Impl::kCsr: return "Csr";
  }
  return "?";
}

// CPU: the five shapes of bench/RESULTS.md (N, K, D, table rows, skewed); GPU: the full sweep.
const std::vector<std::vector<int64_t>> kCpuShapes = {{4096, 8, 16, 9366, 0},
                                                      {65536, 8, 16, 9366, 0},
                                                      {65536, 8, 64, 9366, 0},
                                                      {65536, 8, 64, 1 << 20, 0},
                                                      {65536, 8, 64, 1 << 20, 1}};
const std::vector<std::vector<int64_t>> kGpuSweep = {{4096, 65536, 262144}, {8, 32}, {16, 64, 128},
                                                     {9366, 1 << 20}, {0, 1}};

const bool kRegistered = [] {
  const bool gpu = bench::gpu_cases();
  for (auto impl : {Impl::kFused, Impl::kComposite, Impl::kEmbBag, Impl::kCsr}) {
    for (bool backward : {false, true}) {
      const std::string suffix = std::string(name_of(impl)) + (backward ? "FwdBwd" : "Fwd");
      auto* cpu = benchmark::RegisterBenchmark(("BM_NeighborAggregateCpu" + suffix).c_str(),
                                               [=](benchmark::State& s) { run(s, torch::kCPU, impl, backward); });
      for (const auto& shape : kCpuShapes) cpu->Args(shape);
      cpu->Unit(benchmark::kMillisecond)->UseRealTime();
      if (!gpu) continue;
      benchmark::RegisterBenchmark(("BM_NeighborAggregateCuda" + suffix).c_str(),
                                   [=](benchmark::State& s) { run(s, torch::kCUDA, impl, backward); })
          ->ArgsProduct(kGpuSweep)
          ->Unit(benchmark::kMicrosecond)
          ->UseManualTime();
    }
  }
  return true;
}();

}  // namespace
