// Timing for emorec-bench: on a GPU each iteration timed with CUDA events after warm-up, the median reported,
// and bandwidth put beside the device-to-device copy bandwidth measured once in the same process; on the CPU
// Google Benchmark's own timing.
#pragma once
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include <functional>

namespace emorec::bench {

// True when this binary has the CUDA kernels and a GPU is present: GPU cases register only then.
bool gpu_cases();

// Median GB/s (bytes read plus bytes written) of a 1 GiB device-to-device copy on the current GPU, measured on
// first use (warm-up, then 20 timed copies).
double copy_bandwidth_gbs();

// Runs `step` as the timed body on the current GPU: 3 warm-up calls, then one event-timed call per iteration
// (manual time). Sets counters median_us, bytes, GB/s (bytes over the median) and copy_frac (GB/s over
// copy_bandwidth_gbs()).
void time_on_gpu(benchmark::State& state, const std::function<torch::Tensor()>& step, double bytes);

// Times `step` on `device`: time_on_gpu on CUDA; on the CPU Google Benchmark's own timing (real time) with
// counters bytes and GB/s.
void time_step(benchmark::State& state, torch::Device device, const std::function<torch::Tensor()>& step,
               double bytes);

}  // namespace emorec::bench
