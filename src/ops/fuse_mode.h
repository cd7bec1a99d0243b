// The fusion modes of MKGCN's multimodal aggregator, shared by the operator, its backends and the models.
#pragma once
#include <string>

namespace emorec::ops {

// Values match kernels::cuda::FuseMode.
enum class FuseMode : int { kSum = 0, kMean = 1, kMax = 2, kConcat = 3, kResidual = 4 };

// "sum", "mean", "max", "concat", "residual"; throws c10::Error listing the known names otherwise.
FuseMode parse_fuse_mode(const std::string& name);
// Inline, so that the configs that name the modes need no LibTorch.
inline const char* fuse_mode_name(FuseMode mode) {
  switch (mode) {
    case FuseMode::kSum:
      return "sum";
    case FuseMode::kMean:
      return "mean";
    case FuseMode::kMax:
      return "max";
    case FuseMode::kConcat:
      return "concat";
    case FuseMode::kResidual:
      return "residual";
  }
  return "?";
}

}  // namespace emorec::ops
