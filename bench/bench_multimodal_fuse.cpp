// Multimodal fusion, forward and forward+backward, every mode, dense modalities and modality tables read
// through an item index (a third of the rows without modalities): the fused operator against the LibTorch
// composite, on the CPU and (where a GPU is present) on CUDA with event timing and bandwidth counters.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include "bench/timing.h"
#include "ops/multimodal_fuse.h"
#include "ops/composite/composite.h"

namespace {

using namespace emorec;

struct Problem {
  torch::Tensor entity, modal, index, weight, bias;
};

Problem make(torch::Device device, int64_t n, int64_t m, int64_t d, bool indexed) {
  torch::manual_seed(0);
  Problem p;
  p.entity = torch::randn({n, d}).to(device);
  p.weight = (torch::randn({d, d}) / std::sqrt(static_cast<double>(d))).to(device);
  p.bias = torch::randn({d}).to(device);
  if (indexed) {
    const int64_t items = std::max<int64_t>(1, n / 4);
    p.modal = torch::randn({items, m, d}).to(device);
    auto index = torch::randint(0, items, {n}, torch::kLong);
    index.masked_fill_(torch::arange(n) % 3 == 0, -1);
    p.index = index.to(device);
  } else {
    p.modal = torch::randn({n, m, d}).to(device);
  }
  return p;
}

void run(benchmark::State& state, torch::Device device, bool fused, bool backward) {
  const int64_t n = state.range(0), m = state.range(1), d = state.range(2);
  const auto mode = static_cast<ops::FuseMode>(state.range(3));
  auto p = make(device, n, m, d, state.range(4) != 0);
  const auto index = p.index.defined() ? std::optional<torch::Tensor>(p.index) : std::nullopt;
  const bool residual = mode == ops::FuseMode::kResidual;
  std::vector<torch::Tensor*> leaves = {&p.entity, &p.modal};
  if (residual) leaves.insert(leaves.end(), {&p.weight, &p.bias});
  if (backward) {
    for (auto* t : leaves) t->set_requires_grad(true);
  }
  auto call = [&] {
    const auto w = residual ? std::optional<torch::Tensor>(p.weight) : std::nullopt;
    const auto b = residual ? std::optional<torch::Tensor>(p.bias) : std::nullopt;
    return fused ? ops::multimodal_fuse(p.entity, p.modal, index, mode, w, b)
                 : ops::multimodal_fuse_composite(p.entity, p.modal, index, mode, w, b);
  };
  auto step = [&] {
    if (!backward) {
      torch::NoGradGuard guard;
      return call();
    }
    auto out = call();
    out.sum().backward();
    for (auto* t : leaves) t->mutable_grad().reset();
    return out;
  };
  // Forward: read the entity row and M modality rows, write the output row (M+1 rows for concat).
  const double rows = static_cast<double>(n), width = static_cast<double>(d) * 4;
  const double out_rows = mode == ops::FuseMode::kConcat ? static_cast<double>(m + 1) : 1.0;
  const double fwd = rows * width * (1 + static_cast<double>(m) + out_rows);
  const double bytes = backward ? 2 * fwd : fwd;  // the backward reads grad_out (and inputs) and writes both grads
  bench::time_step(state, device, step, bytes);
}

// rows, modalities, D, mode (0 sum .. 4 residual), indexed
const std::vector<std::vector<int64_t>> kShapes = {{65536}, {7}, {16, 64}, {0, 1, 2, 3, 4}, {0, 1}};

const bool kRegistered = [] {
  for (bool fused : {true, false}) {
    for (bool backward : {false, true}) {
      const std::string suffix = std::string(fused ? "Fused" : "Composite") + (backward ? "FwdBwd" : "Fwd");
      benchmark::RegisterBenchmark(("BM_MultimodalFuseCpu" + suffix).c_str(),
                                   [=](benchmark::State& s) { run(s, torch::kCPU, fused, backward); })
          ->ArgsProduct(kShapes)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
      if (!bench::gpu_cases()) continue;
      benchmark::RegisterBenchmark(("BM_MultimodalFuseCuda" + suffix).c_str(),
                                   [=](benchmark::State& s) { run(s, torch::kCUDA, fused, backward); })
          ->ArgsProduct({{65536, 1 << 20}, {7}, {16, 64, 128}, {0, 1, 2, 3, 4}, {0, 1}})
          ->Unit(benchmark::kMicrosecond)
          ->UseManualTime();
    }
  }
  return true;
}();

}  // namespace
