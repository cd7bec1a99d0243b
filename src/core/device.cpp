// Device resolution and LibTorch seeding.
#include "core/device.h"

#include "core/error.h"

namespace emorec {

torch::Device resolve_device(const std::string& name) {
  const bool gpu = torch::cuda::is_available();
  if (name == "cpu") return torch::kCPU;
  if (name == "cuda") {
    if (!gpu) throw ConfigError("device: cuda was asked for, but LibTorch sees no usable GPU (use cpu or auto)");
    return torch::kCUDA;
  }
  if (name == "auto") return gpu ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  throw ConfigError("device: unknown device \"" + name + "\" (known: auto, cpu, cuda)");
}

void configure_torch(int64_t threads, uint64_t seed) {
  if (threads > 0) torch::set_num_threads(static_cast<int>(threads));
  torch::manual_seed(seed);
}

}  // namespace emorec
