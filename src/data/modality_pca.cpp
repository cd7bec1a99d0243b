// PCA through the SVD of the centred fit rows, in float64.
#include "data/modality_pca.h"

namespace emorec::data {

torch::Tensor pca_project(const torch::Tensor& features, const torch::Tensor& fit_rows, int64_t dim) {
  TORCH_CHECK(features.dim() == 2, "pca_project: features must be [n_item, width], got ", features.sizes());
  TORCH_CHECK(dim >= 1, "pca_project: dim must be >= 1, got ", dim);
  TORCH_CHECK(fit_rows.dim() == 1 && fit_rows.numel() > 0 && fit_rows.scalar_type() == torch::kLong,
              "pca_project: fit_rows must be a non-empty int64 [rows] tensor, got ", fit_rows.sizes());
  const auto x = features.to(torch::kDouble);
  const auto fit = x.index_select(0, fit_rows);
  const auto mean = fit.mean(0, /*keepdim=*/true);
  // fit - mean = U S V^T: the rows of V^T are the principal axes, by decreasing variance.
  const auto [u, s, vt] = torch::linalg_svd(fit - mean, /*full_matrices=*/false);
  // Axes with (numerically) zero variance have an arbitrary direction: keep only the real ones.
  const double tol = s.max().item<double>() * 1e-12 * static_cast<double>(std::max(fit.size(0), fit.size(1)));
  const int64_t rank = (s > tol).sum().item<int64_t>();
  const int64_t components = std::min<int64_t>(dim, rank);
  auto projected = torch::zeros({x.size(0), dim}, x.options());
  if (components == 0) return projected.to(torch::kFloat);
  auto axes = vt.narrow(0, 0, components);  // [components, width]
  const auto largest = axes.abs().argmax(1, /*keepdim=*/true);
  axes = axes * axes.gather(1, largest).sign().clamp_min(0).mul(2).sub(1);  // +1 or -1 per axis
  projected.narrow(1, 0, components).copy_((x - mean).mm(axes.t()));
  return projected.to(torch::kFloat);
}

}  // namespace emorec::data
