// Device and thread choices of an experiment.
#pragma once
#include <torch/torch.h>

#include <string>

namespace emorec {

// "cpu", "cuda" or "auto" (cuda when LibTorch sees a usable GPU). Throws ConfigError for cuda without a GPU.
torch::Device resolve_device(const std::string& name);

// Sets LibTorch's intra-op threads when `threads` > 0, and seeds LibTorch's generators.
void configure_torch(int64_t threads, uint64_t seed);

}  // namespace emorec
