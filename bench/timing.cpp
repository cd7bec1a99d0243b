// Timing of the benchmark cases (see timing.h).
#include "bench/timing.h"

#include <algorithm>
#include <vector>

#ifdef EMOREC_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#include <ATen/cuda/CUDAEvent.h>
#endif

namespace emorec::bench {
namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t mid = v.size() / 2;
  return v.size() % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

#ifdef EMOREC_WITH_CUDA
// Seconds taken on the current stream by f(), measured with a pair of timing events.
template <typename F>
double event_seconds(F&& f) {
  at::cuda::CUDAEvent start(cudaEventDefault), stop(cudaEventDefault);
  start.record();
  f();
  stop.record();
  stop.synchronize();
  return static_cast<double>(start.elapsed_time(stop)) / 1e3;
}
#endif

}  // namespace

bool gpu_cases() {
#ifdef EMOREC_WITH_CUDA
  return torch::cuda::is_available();
#else
  return false;
#endif
}

double copy_bandwidth_gbs() {
#ifdef EMOREC_WITH_CUDA
  static const double gbs = [] {
    const int64_t bytes = int64_t{1} << 30;
    auto src = torch::randint(0, 255, {bytes}, torch::TensorOptions().dtype(torch::kUInt8).device(torch::kCUDA));
    auto dst = torch::empty_like(src);
    for (int i = 0; i < 3; ++i) dst.copy_(src);
    std::vector<double> seconds;
    for (int i = 0; i < 20; ++i) seconds.push_back(event_seconds([&] { dst.copy_(src); }));
    return 2.0 * static_cast<double>(bytes) / median(seconds) / 1e9;
  }();
  return gbs;
#else
  TORCH_CHECK(false, "copy_bandwidth_gbs: built without CUDA");
#endif
}

void time_on_gpu(benchmark::State& state, const std::function<torch::Tensor()>& step, double bytes) {
#ifdef EMOREC_WITH_CUDA
  const double copy = copy_bandwidth_gbs();
  for (int i = 0; i < 3; ++i) step();
  torch::cuda::synchronize();
  std::vector<double> seconds;
  for (auto _ : state) {
    const double s = event_seconds([&] { benchmark::DoNotOptimize(step().data_ptr()); });
    state.SetIterationTime(s);
    seconds.push_back(s);
  }
  const double med = median(seconds);
  state.counters["median_us"] = med * 1e6;
  state.counters["bytes"] = bytes;
  state.counters["GB/s"] = bytes / med / 1e9;
  state.counters["copy_frac"] = bytes / med / 1e9 / copy;
#else
  (void)state, (void)step, (void)bytes;
  TORCH_CHECK(false, "time_on_gpu: built without CUDA");
#endif
}

void time_step(benchmark::State& state, torch::Device device, const std::function<torch::Tensor()>& step,
               double bytes) {
  if (device.is_cuda()) {
    time_on_gpu(state, step, bytes);
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(step().data_ptr());
  state.counters["bytes"] = bytes;
  state.counters["GB/s"] = benchmark::Counter(bytes / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace emorec::bench
