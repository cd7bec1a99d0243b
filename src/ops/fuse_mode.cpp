// Names of the fusion modes.
#include "ops/fuse_mode.h"

#include <c10/util/Exception.h>

namespace emorec::ops {

FuseMode parse_fuse_mode(const std::string& name) {
  for (auto mode : {FuseMode::kSum, FuseMode::kMean, FuseMode::kMax, FuseMode::kConcat, FuseMode::kResidual}) {
    if (name == fuse_mode_name(mode)) return mode;
  }
  TORCH_CHECK(false, "unknown multimodal fusion mode \"", name, "\" (known: sum, mean, max, concat, residual)");
}

const char* fuse_mode_name(FuseMode mode) {
  switch (mode) {
    case FuseMode::kSum: return "sum";
    case FuseMode::kMean: return "mean";
    case FuseMode::kMax: return "max";
    case FuseMode::kConcat: return "concat";
    case FuseMode::kResidual: return "residual";
  }
  return "?";
}

}  // namespace emorec::ops
