// Projection of a modality's item features to the embedding size by PCA, as MKGCN does, but fitted on the
// training items only and applied to every item row by row (the authors' code gave every item the first
// item's reduced features; ../shared/data/mkgcn-music-d/SOURCE.md).
#pragma once
#include <torch/torch.h>

namespace emorec::data {

// features [n_item, width] (float); fit_rows: int64 indices of the rows to fit on (the training items that have
// the modality). Returns [n_item, dim] float: (features - mean_fit) @ V[:, :dim], V the principal axes of the
// fitted rows, each axis's sign fixed so that its largest-magnitude loading is positive (deterministic). Only
// axes of non-zero variance count (at most min(width, fit rows - 1)); when fewer than `dim` exist, the
// remaining columns are zeros. Throws
// c10::Error for an empty fit set or dim < 1.
torch::Tensor pca_project(const torch::Tensor& features, const torch::Tensor& fit_rows, int64_t dim);

}  // namespace emorec::data
