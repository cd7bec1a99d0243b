// The scoring and reduction modes of emorec::neighbor_aggregate (ops/neighbor_aggregate.h), without LibTorch:
// the model configs that choose them are read by the formats library.
#pragma once

namespace emorec::ops {

enum class NeighborScore { kDot, kMeanDot };
enum class NeighborReduce { kSum, kMean };

}  // namespace emorec::ops
