// Throughput (images/s) of the FER data path: a training batch's augmentation (the VGG recipe: resized crop,
// shift, rotation, flip, ten 40x40 crops, erasing; and the seed recipe: scaling only) and the evaluation
// ten-crop view, on the CPU (LibTorch's parallel kernels) and, when a GPU is present, on CUDA with the
// uint8 images already on the device, as training keeps them.
#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include "config/experiment.h"
#include "data/fer/augment.h"

namespace {

using namespace emorec;

config::AugmentConfig vgg_recipe() {
  config::AugmentConfig a;
  a.crop = "ten";
  a.resized_crop = 1.0, a.resized_crop_scale = {0.8, 1.2};
  a.translate = 0.2, a.translate_prob = 0.5, a.hflip = 0.5, a.rotation = 10, a.rotation_prob = 0.5, a.erasing = 0.5;
  return a;
}

void run(benchmark::State& state, torch::Device device, bool heavy, bool eval) {
  const int64_t batch = state.range(0);
  data::ImageDataConfig d;
  d.input_size = heavy ? 40 : 48;
  const auto a = heavy ? vgg_recipe() : config::AugmentConfig{};
  torch::manual_seed(0);
  const auto images = torch::randint(0, 256, {batch, 48, 48}, torch::kUInt8).to(device);
  Rng rng(1);
  for (auto _ : state) {
    auto out = eval ? data::eval_batch(images, d, heavy) : data::augment_batch(images, a, d, rng);
    if (device.is_cuda()) torch::cuda::synchronize();
    benchmark::DoNotOptimize(out.data_ptr());
  }
  state.counters["images/s"] = benchmark::Counter(static_cast<double>(batch), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_AugmentVggCpu(benchmark::State& s) { run(s, torch::kCPU, true, false); }
void BM_AugmentSeedCpu(benchmark::State& s) { run(s, torch::kCPU, false, false); }
void BM_EvalTenCropCpu(benchmark::State& s) { run(s, torch::kCPU, true, true); }
BENCHMARK(BM_AugmentVggCpu)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_AugmentSeedCpu)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EvalTenCropCpu)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();

// CUDA cases exist only where a GPU does.
const bool kCudaRegistered = [] {
  if (!torch::cuda::is_available()) return false;
  benchmark::RegisterBenchmark("BM_AugmentVggCuda", [](benchmark::State& s) { run(s, torch::kCUDA, true, false); })
      ->Arg(64)->Arg(256)->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime();
  benchmark::RegisterBenchmark("BM_AugmentSeedCuda", [](benchmark::State& s) { run(s, torch::kCUDA, false, false); })
      ->Arg(64)->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime();
  benchmark::RegisterBenchmark("BM_EvalTenCropCuda", [](benchmark::State& s) { run(s, torch::kCUDA, true, true); })
      ->Arg(256)->Arg(1024)->Unit(benchmark::kMillisecond)->UseRealTime();
  return true;
}();

}  // namespace
