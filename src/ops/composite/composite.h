// The fused operators written in plain LibTorch ops (autograd gives their backward): a second implementation
// that a model can choose (KGCN's and MKGCN's `model.neighbor_op: composite`, e.g. to compare runs), and,
// being the plainest form, the oracle of the operator tests and baseline (a) of the benchmarks. Same formulas
// and arguments as ops/neighbor_aggregate.h and ops/multimodal_fuse.h; they materialise every intermediate
// ([N,K,D] gathers, [N,M+1,D] stacks), which is exactly what the fused operators avoid.
#pragma once
#include <torch/torch.h>

#include <optional>

#include "ops/fuse_mode.h"
#include "ops/neighbor_aggregate.h"

namespace emorec::ops {

torch::Tensor neighbor_aggregate_composite(const torch::Tensor& user, const torch::Tensor& rel_table,
                                           const torch::Tensor& rel_idx, const torch::Tensor& x,
                                           const std::optional<torch::Tensor>& x_idx,
                                           const NeighborAggregateOptions& options = {});

torch::Tensor multimodal_fuse_composite(const torch::Tensor& entity, const torch::Tensor& modal,
                                        const std::optional<torch::Tensor>& modal_index, FuseMode mode,
                                        const std::optional<torch::Tensor>& weight = std::nullopt,
                                        const std::optional<torch::Tensor>& bias = std::nullopt);

}  // namespace emorec::ops
