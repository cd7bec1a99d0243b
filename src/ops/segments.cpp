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
                           const torch::Tensor& values, int64_t rows, int64_t src_per) {
  auto out = torch::zeros({rows, values.size(-1)}, values.options());
  if (keys.numel() == 0) return out;
  if (!values.is_cuda()) {
    cpu::scatter_weighted_rows(keys.contiguous(), src.defined() ? src.contiguous() : src, src_per,
                               weight.defined() ? weight.contiguous() : weight, values.contiguous(), out);
    return out;
  }
  const auto from = src.defined() ? src : torch::arange(keys.numel(), keys.options()).div(src_per, "floor");
  const auto groups = group_by(keys);
  const auto sorted_src = from.index_select(0, groups.order).contiguous();
  const auto sorted_weight = weight.defined() ? weight.index_select(0, groups.order).contiguous() : torch::Tensor();
  EMOREC_OPS_BACKEND_CALL(values, segment_weighted_rows, groups.offsets, groups.target, sorted_src, sorted_weight,
                          values, out);
  return out;
}

torch::Tensor sum_runs(const torch::Tensor& src, const torch::Tensor& weight, const torch::Tensor& values,
                       int64_t runs) {
  auto out = torch::zeros({runs, values.size(-1)}, values.options());
  if (runs == 0 || src.numel() == 0) return out;
  const int64_t run = src.numel() / runs;
  const auto offsets = torch::arange(0, src.numel() + 1, run, src.options());
  const auto target = torch::arange(runs, src.options());
  EMOREC_OPS_BACKEND_CALL(values, segment_weighted_rows, offsets, target, src.contiguous(),
                          weight.defined() ? weight.contiguous() : weight, values, out);
  return out;
}

}  // namespace emorec::ops
