// CPU timings of neighbour aggregation: the LibTorch composite (what KGCN trains with today), forward and
// forward+backward, against the plain-loop reference, over N, K, D and the table size, with uniform and
// skewed (Zipf-like) neighbour indices. Reports rows/s and the bytes the forward must read.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include "ops/neighbor_aggregate.h"
#include "reference/neighbor_aggregate_ref.h"

namespace {

struct Problem {
  torch::Tensor user, rel_table, rel_idx, table, idx;
};

// B users with one row each (KGCN's first hop); `skewed` draws indices ~ 1/(rank) (popular entities).
Problem make(int64_t n, int64_t k, int64_t d, int64_t m, bool skewed) {
  torch::manual_seed(0);
  Problem p;
  p.user = torch::randn({n, d});
  p.rel_table = torch::randn({60, d});
  p.rel_idx = torch::randint(0, 60, {n, k}, torch::kLong);
  p.table = torch::randn({m, d});
  if (skewed) {
    const auto weights = 1.0 / torch::arange(1, m + 1, torch::kDouble);
    p.idx = torch::multinomial(weights, n * k, /*replacement=*/true).view({n, k});
  } else {
    p.idx = torch::randint(0, m, {n, k}, torch::kLong);
  }
  return p;
}

void set_counters(benchmark::State& state, int64_t n, int64_t k, int64_t d) {
  // Forward reads the K neighbour rows and K relation rows per output row, writes one row.
  const double bytes = static_cast<double>(n) * (2.0 * static_cast<double>(k) * static_cast<double>(d) * 4 +
                                                 static_cast<double>(d) * 4 + 16.0 * static_cast<double>(k));
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["bytes"] = bytes;
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
}

void BM_Composite(benchmark::State& state) {
  const int64_t n = state.range(0), k = state.range(1), d = state.range(2), m = state.range(3);
  auto p = make(n, k, d, m, state.range(4) != 0);
  torch::NoGradGuard guard;
  for (auto _ : state) {
    benchmark::DoNotOptimize(emorec::ops::neighbor_aggregate(p.user, p.rel_table, p.rel_idx, p.table, p.idx));
  }
  set_counters(state, n, k, d);
}

void BM_CompositeForwardBackward(benchmark::State& state) {
  const int64_t n = state.range(0), k = state.range(1), d = state.range(2), m = state.range(3);
  auto p = make(n, k, d, m, state.range(4) != 0);
  for (auto* t : {&p.user, &p.rel_table, &p.table}) t->set_requires_grad(true);
  for (auto _ : state) {
    emorec::ops::neighbor_aggregate(p.user, p.rel_table, p.rel_idx, p.table, p.idx).sum().backward();
    for (auto* t : {&p.user, &p.rel_table, &p.table}) t->mutable_grad().reset();
  }
  set_counters(state, n, k, d);
}

void BM_LoopReference(benchmark::State& state) {
  const int64_t n = state.range(0), k = state.range(1), d = state.range(2), m = state.range(3);
  auto p = make(n, k, d, m, state.range(4) != 0);
  auto out = torch::empty({n, d});
  const emorec::kernels::NeighborAggregateShape s{n, n, k, d, true, true};
  for (auto _ : state) {
    emorec::kernels::neighbor_aggregate_ref(s, p.user.data_ptr<float>(), p.rel_table.data_ptr<float>(),
                                            p.rel_idx.data_ptr<int64_t>(), p.table.data_ptr<float>(),
                                            p.idx.data_ptr<int64_t>(), out.data_ptr<float>());
    benchmark::DoNotOptimize(out.data_ptr<float>());
  }
  set_counters(state, n, k, d);
}

// N rows, K, D, table rows, skewed?
const std::vector<std::vector<int64_t>> kSweep = {{128, 4096, 65536}, {8, 32}, {16, 64}, {9366, 1 << 20}, {0, 1}};

}  // namespace

BENCHMARK(BM_Composite)->ArgsProduct(kSweep)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CompositeForwardBackward)->ArgsProduct(kSweep)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LoopReference)->ArgsProduct(kSweep)->Unit(benchmark::kMicrosecond);
