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

}  // namespace emorec::ops
