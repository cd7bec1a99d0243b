// Multimodal fusion as a LibTorch composite: gather the modality rows, stack them under the entity, reduce.
#include "ops/composite/composite.h"

#include <limits>

namespace emorec::ops {

torch::Tensor multimodal_fuse_composite(const torch::Tensor& entity, const torch::Tensor& modal,
                                        const std::optional<torch::Tensor>& modal_index, FuseMode mode,
                                        const std::optional<torch::Tensor>& weight,
                                        const std::optional<torch::Tensor>& bias) {
  const int64_t N = entity.size(0), M = modal.size(1), D = entity.size(1);
  torch::Tensor rows = modal, present = torch::ones({N, 1, 1}, entity.options());
  if (modal_index) {
    const auto has = (*modal_index >= 0);
    rows = modal.size(0) == 0 ? torch::zeros({N, M, D}, entity.options())
                              : modal.index_select(0, modal_index->clamp_min(0)) *
                                    has.view({N, 1, 1}).to(entity.scalar_type());
    present = has.view({N, 1, 1}).to(entity.scalar_type());
  }
  const auto stacked = torch::cat({entity.view({N, 1, D}), rows}, 1);  // [N, M+1, D]
  const auto count = 1 + present.view({N, 1}) * static_cast<double>(M);
  switch (mode) {
    case FuseMode::kSum: return stacked.sum(1);
    case FuseMode::kMean: return stacked.sum(1) / count;
    case FuseMode::kMax: {
      // Rows without modalities take the entity alone: their zero-filled modality rows must not win.
      const auto is_entity = torch::arange(M + 1, entity.options().dtype(torch::kLong)).view({1, M + 1, 1}) == 0;
      const auto keep = is_entity.logical_or(present.to(torch::kBool));
      const auto lowest = torch::full({}, -std::numeric_limits<double>::infinity(), entity.options());
      return std::get<0>(torch::where(keep, stacked, lowest).max(1));
    }
    case FuseMode::kConcat: return stacked.reshape({N, (M + 1) * D});
    case FuseMode::kResidual:
      return torch::tanh(torch::nn::functional::linear(entity + stacked.sum(1) / count, *weight,
                                                       bias.value_or(torch::Tensor())));
  }
  return {};
}

}  // namespace emorec::ops
