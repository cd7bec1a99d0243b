// MKGCN's multimodal aggregator as the registered operator emorec::multimodal_fuse (schema in library.cpp).
// Row n fuses the entity vector e = entity[n] with M modality vectors m_1..m_M, given either densely (modal
// [N,M,D]) or as modality tables modal [I,M,D] read through modal_index [N] (-1: an entity without modalities,
// such as a non-item entity, fuses e alone). Modes:
//   sum       e + sum_j m_j                     mean      (e + sum_j m_j) / (M + 1)
//   max       elementwise max of e, m_1..m_M    concat    [e, m_1, ..., m_M] as [N,(M+1)*D]
//   residual  tanh(W (e + mean(e, m_1..m_M)) + b)   with weight W [D,D] and bias b [D]
// The elementwise part runs in one fused kernel per device (emorec::multimodal_fuse_elementwise, its own
// backward); the residual mode's linear layer and tanh are LibTorch ops. Gradients reach every input that
// requires one, modality tables included (segmented sums over the rows sharing a table row).
#pragma once
#include <torch/torch.h>

#include <optional>

#include "ops/fuse_mode.h"

namespace emorec::ops {

torch::Tensor multimodal_fuse(const torch::Tensor& entity, const torch::Tensor& modal,
                              const std::optional<torch::Tensor>& modal_index, FuseMode mode,
                              const std::optional<torch::Tensor>& weight = std::nullopt,
                              const std::optional<torch::Tensor>& bias = std::nullopt);

}  // namespace emorec::ops
