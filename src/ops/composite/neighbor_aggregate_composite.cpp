// Neighbour aggregation as a LibTorch composite (index_select, softmax, weighted reduction).
#include "ops/composite/composite.h"

namespace emorec::ops {

torch::Tensor neighbor_aggregate_composite(const torch::Tensor& user, const torch::Tensor& rel_table,
                                 const torch::Tensor& rel_idx, const torch::Tensor& x,
                                 const std::optional<torch::Tensor>& x_idx,
                                 const NeighborAggregateOptions& options) {
  TORCH_CHECK(user.dim() == 2, "neighbor_aggregate_composite: user must be [B,D], got ", user.sizes());
  TORCH_CHECK(rel_table.dim() == 2 && rel_table.size(1) == user.size(1),
              "neighbor_aggregate_composite: rel_table must be [R,D] with D=", user.size(1), ", got ", rel_table.sizes());
  TORCH_CHECK(rel_idx.dim() == 2 && rel_idx.scalar_type() == torch::kLong,
              "neighbor_aggregate_composite: rel_idx must be an int64 [N,K] tensor, got ", rel_idx.scalar_type(), " ",
              rel_idx.sizes());
  const int64_t B = user.size(0), D = user.size(1), N = rel_idx.size(0), K = rel_idx.size(1);
  TORCH_CHECK(B > 0 ? N % B == 0 : N == 0, "neighbor_aggregate_composite: N=", N, " rows is not a multiple of B=", B,
              " users");
  torch::Tensor neighbors;
  if (x_idx) {
    TORCH_CHECK(x.dim() == 2 && x.size(1) == D, "neighbor_aggregate_composite: x must be a [M,D] table with D=", D,
                " when x_idx is given, got ", x.sizes());
    TORCH_CHECK(x_idx->scalar_type() == torch::kLong && x_idx->sizes() == rel_idx.sizes(),
                "neighbor_aggregate_composite: x_idx must be int64 with the shape of rel_idx ", rel_idx.sizes(), ", got ",
                x_idx->scalar_type(), " ", x_idx->sizes());
    neighbors = x.index_select(0, x_idx->reshape({-1})).view({N, K, D});
  } else {
    TORCH_CHECK(x.dim() == 3 && x.size(0) == N && x.size(1) == K && x.size(2) == D,
                "neighbor_aggregate_composite: x must be [N,K,D]=[", N, ",", K, ",", D, "] without x_idx, got ", x.sizes());
    neighbors = x;
  }
  if (N == 0) return torch::zeros({0, D}, x.options());
  const int64_t rows_per_user = N / B;
  // [B, rows_per_user, K, D]: broadcasting the user over its rows avoids materialising [N,D] copies.
  const auto relations = rel_table.index_select(0, rel_idx.reshape({-1})).view({B, rows_per_user, K, D});
  auto scores = (user.view({B, 1, 1, D}) * relations);
  scores = options.score == NeighborScore::kMeanDot ? scores.mean(-1) : scores.sum(-1);
  const auto weights = torch::softmax(scores, -1).view({N, K, 1});
  const auto weighted = weights * neighbors;
  return options.reduce == NeighborReduce::kMean ? weighted.mean(1) : weighted.sum(1);
}

}  // namespace emorec::ops
