// Sort-based grouping and the scattered row sums built on it.
#include "ops/segments.h"

#include "ops/backend.h"

namespace emorec::ops {

Segments group_by(const torch::Tensor& keys) {
  const auto [sorted, order] = torch::sort(keys, /*stable=*/true, /*dim=*/0, /*descending=*/false);
  const auto [unique, inverse, counts] = torch::unique_consecutive(sorted, /*return_inverse=*/false,
                                                                   /*return_counts=*/true);
  auto offsets = torch::cat({torch::zeros({1}, counts.options()), counts.cumsum(0)});
  return {offsets, unique, order};
}

torch::Tensor scatter_rows(const torch::Tensor& keys, const torch::Tensor& src, const torch::Tensor& weight,
                           const torch::Tensor& values, int64_t rows) {
  auto out = torch::zeros({rows, values.size(-1)}, values.options());
  if (keys.numel() == 0) return out;
  const auto groups = group_by(keys);
  const auto sorted_src = src.index_select(0, groups.order).contiguous();
  const auto sorted_weight = weight.defined() ? weight.index_select(0, groups.order).contiguous() : torch::Tensor();
  EMOREC_OPS_BACKEND_CALL(values, segment_weighted_rows, groups.offsets, groups.target, sorted_src, sorted_weight,
                          values, out);
  return out;
}

}  // namespace emorec::ops
